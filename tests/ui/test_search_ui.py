"""The search page in a real browser: query, facet clicks (htmx), highlights, export, history, no-JS,
and the overturn rate beside each facet value."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from ingest.models import Treatment
from search.forms import validate
from search.outcomes import run_outcomes

pytestmark = [pytest.mark.browser, pytest.mark.integration]


def common_word() -> str:
    """A word that appears in many rationales (so the search has several letters and both decisions)."""
    counts: dict[str, int] = {}
    for rationale in Treatment.objects.values_list("rationale", flat=True):
        for word in set(re.findall(r"\b[a-z]{7,}\b", rationale.lower())):
            counts[word] = counts.get(word, 0) + 1
    total = Treatment.objects.count()
    candidates = [w for w, c in counts.items() if 0.25 * total <= c <= 0.8 * total]
    return sorted(candidates)[0]


def heading_count(page: Page) -> int:
    text = page.locator("#results-heading").inner_text()
    match = re.match(r"([\d,]+) letter", text)
    return int(match.group(1).replace(",", "")) if match else 0


def test_search_facet_click_updates_results_without_reload(page: Page, site: str, shot):
    word = common_word()
    page.goto(f"{site}/?q={word}")
    expect(page.locator(".hit").first).to_be_visible()
    expect(page.locator(".passage mark").first).to_be_visible()
    before = heading_count(page)
    assert before > 0
    shot(page, "search-results")

    page.evaluate("window.__noReload = true")
    overturned = page.locator('.facet[data-facet="decision"] input[value="overturned"]')
    count_label = page.locator(
        '.facet[data-facet="decision"] li', has=page.locator('input[value="overturned"]')
    )
    count_label = count_label.locator(".facet__count")
    facet_count = int(count_label.inner_text().replace(",", ""))
    overturned.check()
    expect(page).to_have_url(re.compile(r"decision=overturned"))
    expect(page.locator(".chip", has_text="Overturned")).to_be_visible()
    assert page.evaluate("window.__noReload") is True, "the facet click swapped results in place"

    badges = page.locator(".hit .badge").all_inner_texts()
    assert badges
    assert {b.strip().lower() for b in badges} == {"overturned"}
    summary = page.locator(".outcome__text").inner_text()
    assert f"Of {facet_count:,} decision" in summary
    assert "0 upheld" in summary
    assert heading_count(page) <= before
    expect(page.locator('.facet[data-facet="decision"] input[value="overturned"]')).to_be_checked()
    expect(page.locator('.facet[data-facet="decision"] input[value="overturned"]')).to_be_focused()
    expect(page.locator("#search-status")).to_contain_text("letter")
    shot(page, "search-facet-overturned")

    page.go_back()
    expect(page).not_to_have_url(re.compile(r"decision="))
    expect(page.locator('.facet[data-facet="decision"] input[value="overturned"]')).not_to_be_checked()
    assert heading_count(page) == before


def test_csv_export_download(page: Page, site: str):
    page.goto(f"{site}/?decision=upheld")
    expect(page.locator(".hit").first).to_be_visible()
    with page.expect_download() as info:
        page.get_by_role("link", name="Export CSV").click()
    download = info.value
    assert download.suggested_filename.endswith(".csv")
    text = Path(download.path()).read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert rows
    matching = [r for r in rows if r["Matches search"] == "yes"]
    assert {r["Decision"] for r in matching} == {"upheld"}
    expected = page.locator(".outcome__text").inner_text()
    assert f"Of {len(matching):,} matching decision" in expected


def test_scope_control_and_letters_that_only_mention_the_words(page: Page, site: str, shot):
    """Decision scope: letters whose summary alone names the word come last, marked, uncounted;
    the scope select reloads the results in the request scope and says so."""
    page.goto(f"{site}/?q=acupuncture")
    expect(page.locator(".hit").first).to_be_visible()
    heading = page.locator("#results-heading").inner_text()
    assert "decisions about “acupuncture”" in heading or "decision about “acupuncture”" in heading
    kinds = page.locator(".hits > li").evaluate_all(
        "items => items.map(i => i.classList.contains('hit--mention'))"
    )
    assert True in kinds, "the corpus has letters that mention acupuncture only in the summary"
    assert kinds == sorted(kinds), "letters that only mention the word come after the others"
    mention = page.locator(".hit--mention").first
    expect(mention).to_contain_text("Mentioned in the case summary")
    expect(mention.locator(".treatment")).to_have_count(0)
    expect(page.locator(".results__mentions")).to_contain_text("mention")
    shot(page, "search-decision-scope-mentions")

    page.get_by_label("Words match").select_option("request")
    expect(page).to_have_url(re.compile(r"scope=request"))
    expect(page.locator("#results-heading")).to_contain_text("requesting “acupuncture”")
    expect(page.locator(".outcome__text")).to_contain_text("requesting “acupuncture”")
    expect(page.locator("#scope-help")).to_contain_text("its request names the words")
    shot(page, "search-request-scope")


def test_works_without_javascript(browser, site: str, shot):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1360, "height": 900})
    page = context.new_page()
    page.goto(f"{site}/")
    page.locator('.facet[data-facet="decision"] input[value="upheld"]').check()
    page.get_by_role("button", name="Apply filters").click()
    expect(page).to_have_url(re.compile(r"decision=upheld"))
    assert {b.strip().lower() for b in page.locator(".hit .badge").all_inner_texts()} == {"upheld"}
    shot(page, "search-no-javascript")
    context.close()


def test_keyboard_skip_link_and_focus(page: Page, site: str):
    page.goto(f"{site}/")
    page.keyboard.press("Tab")
    expect(page.locator(".skip-link")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"#main$"))
    page.locator("#q").focus()
    page.keyboard.type("request")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"q=request"))


def test_phone_layout_and_print(browser, site: str, shot):
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True
    )
    page = context.new_page()
    page.goto(f"{site}/?q=request")
    expect(page.locator(".hit").first).to_be_visible()
    refine = page.locator("#refine")
    assert refine.evaluate("el => el.open") is False, "facets start collapsed on a phone"
    box = refine.bounding_box()
    assert box is not None
    assert box["y"] < page.locator(".results").bounding_box()["y"], "facets sit above the results"
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, "no horizontal scrolling"
    shot(page, "search-phone", full_page=False)
    page.locator(".refine__summary").click()
    expect(page.locator('.facet[data-facet="decision"]')).to_be_visible()
    shot(page, "search-phone-refine-open", full_page=False)
    context.close()

    printing = browser.new_page(viewport={"width": 900, "height": 1200})
    printing.goto(f"{site}/?q=request")
    printing.emulate_media(media="print")
    expect(printing.locator(".refine")).to_be_hidden()
    expect(printing.locator(".site-header")).to_be_hidden()
    shot(printing, "search-print")
    printing.close()


def test_year_histogram_and_facet_filter_box(page: Page, site: str, shot):
    page.goto(f"{site}/")
    long_facet = page.locator(".facet:has(.js-facet-filter)").first
    expect(long_facet).to_be_attached()  # some facet has more than 8 values in the corpus
    if not long_facet.evaluate("el => el.open"):
        long_facet.locator("summary").click()
    first_label = long_facet.locator(".facet__value").first.inner_text()
    long_facet.locator(".js-facet-filter").fill(first_label[:4].lower())
    visible = long_facet.locator(".facet__item:visible .facet__value").all_inner_texts()
    assert visible
    assert all(first_label[:4].lower() in v.lower() for v in visible)
    shot(page, "search-facet-filter", full_page=False)

    bar = page.locator(".histogram__link").first
    year = bar.get_attribute("title").split(":")[0]
    bar.click()
    expect(page).to_have_url(re.compile(rf"date_from={year}-01-01&date_to={year}-12-31"))
    expect(page.locator(".chip", has_text=f"{year}-01-01")).to_be_visible()
    for date in page.locator(".hit time").all():
        assert date.get_attribute("datetime").startswith(year)


def test_the_treatment_facets_of_issue_14_in_the_sidebar(page: Page, site: str, shot):
    """Body region, the IMR reviewer's guideline sources and sections, and the claims administrator's
    sources (folded until used): each lists values with counts, and a click filters."""
    page.goto(site + "/")
    expect(page.locator(".hit").first).to_be_visible()
    for facet, title in (
        ("region", "Body region"),
        ("guideline", "Guideline source (IMR reviewer)"),
        ("admin_guideline", "Guideline source (claims administrator)"),
    ):
        expect(page.locator(f'.facet[data-facet="{facet}"] .facet__title')).to_have_text(title)
    admin = page.locator('.facet[data-facet="admin_guideline"]')
    assert admin.get_attribute("open") is None, "the administrator's sources start folded"
    shot(page, "search-facets-issue-14", full_page=False)

    region = page.locator('.facet[data-facet="region"] li').first
    value = region.locator("input").get_attribute("value")
    count = int(region.locator(".facet__count").inner_text().replace(",", ""))
    region.locator("input").check()
    expect(page).to_have_url(re.compile(r"region="))
    expect(page.locator(".chip", has_text=f"Body region: {value}")).to_be_visible()
    expect(page.locator("#results-heading")).to_contain_text(f"{count:,} matching decision")
    expect(page.locator(".treatment__regions").first).to_contain_text(str(value))

    admin.locator("summary").click()
    source = admin.locator("li").first
    source.locator("input").check()
    expect(page).to_have_url(re.compile(r"admin_guideline="))
    expect(page.locator('.facet[data-facet="admin_guideline"]')).to_have_attribute("open", "")
    expect(page.locator(".treatment__guides--admin").first).to_contain_text("Claims administrator:")
    shot(page, "search-facets-issue-14-selected")


def test_each_facet_value_shows_its_overturn_rate(page: Page, site: str, shot):
    """Beside each category and specialty: its decided decisions' overturn rate, the counts in its
    title, as the Outcomes breakdown of the same search counts them (issue #15 item 3)."""
    page.goto(site + "/")
    expect(page.locator(".hit").first).to_be_visible()
    for facet in ("category", "specialty"):
        groups = run_outcomes(validate({}).params, facet).groups
        counts = "{0.overturned:,} of {0.decisions:,} decided decisions overturned, {0.upheld:,} upheld"
        expected = {str(g.value): counts.format(g) for g in groups}
        items = page.locator(f'.facet[data-facet="{facet}"] li', has=page.locator(".facet__rate"))
        assert items.count() == len(expected) > 1
        shown = {
            item.locator("input").get_attribute("value"): item.locator(".facet__rate").get_attribute("title")
            for item in items.all()
        }
        assert shown == expected
        expect(items.first.locator(".facet__rate")).to_contain_text(re.compile(r"\d+% overturned"))
    page.locator('.facet[data-facet="category"]').scroll_into_view_if_needed()
    shot(page, "search-facet-rates", full_page=False)

"""The Outcomes page in a real browser: the charts draw one mark per table row (a point per period,
a bar and a whisker per group, small groups lighter), the selects redraw them, the results page
links here with its search, and "What the rationales say" fills in after the page is shown (its own
page without JavaScript)."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Page, Route, expect

from tests.conftest import SCREENSHOTS

pytestmark = [pytest.mark.browser, pytest.mark.integration]


def drawn(page: Page, key: str) -> int:
    """The marks chart ``key`` says it drew, once it has drawn."""
    chart = page.locator(f"#chart-{key}[data-marks]")
    expect(chart).to_have_count(1)
    return int(chart.get_attribute("data-marks") or "-1")


def rows(page: Page, key: str) -> int:
    return page.locator(f"#table-{key} tbody tr").count()


PHRASES = "**/outcomes/phrases?*"
PHRASE_LINK = 'class="phrases__phrase" href='


def test_charts_draw_a_mark_per_row(page: Page, site: str, shot):
    page.goto(f"{site}/outcomes?by=category&by2=specialty")
    expect(page.locator(".outcomes__headline")).to_contain_text("overturned (95% CI ")

    periods = rows(page, "line")
    assert periods > 1
    assert drawn(page, "line") == periods
    assert page.locator("#chart-line circle.chart__point").count() == periods
    assert page.locator("#chart-line path.chart__band").count() == 1
    assert page.locator("#chart-line path.chart__line").count() == 1

    for key in ("by", "by2"):
        groups = rows(page, key)
        assert groups > 1
        assert drawn(page, key) == groups
        assert page.locator(f"#chart-{key} rect.chart__bar").count() == groups
        assert page.locator(f"#chart-{key} .chart__whisker").count() == 3 * groups  # a line and two caps
        small = page.locator(f"#table-{key} tbody tr.is-small").count()
        assert page.locator(f"#chart-{key} .chart__group.is-small").count() == small
    assert page.locator("#table-by tbody tr.is-small, #table-by2 tbody tr.is-small").count() > 0, (
        "the corpus has groups too small to say, drawn lighter"
    )
    expect(page.locator("figure.chart").first).to_have_attribute("aria-hidden", "true")
    shot(page, "outcomes")


def test_choosing_a_breakdown_redraws(page: Page, site: str, shot):
    page.goto(f"{site}/outcomes?decision=upheld&decision=overturned")
    drawn(page, "by")
    page.locator('select[name="by"]').select_option("guideline")
    expect(page).to_have_url(re.compile(r"by=guideline"))
    expect(page).to_have_url(re.compile(r"decision=upheld"))
    expect(page.locator("#heading-by")).to_contain_text("guideline")
    assert drawn(page, "by") == rows(page, "by") > 0

    page.locator('select[name="by2"]').select_option("")
    # the select submits the form (a new page): wait for that page and its script, whose change
    # listener the next select needs; a select changed before it runs submits nothing
    expect(page).to_have_url(re.compile(r"[?&]by2=(&|$)"))
    expect(page.locator("#chart-by[data-marks]")).to_have_count(1)
    expect(page.locator("#chart-by2")).to_have_count(0)
    page.locator('select[name="order"]').select_option("rate")
    expect(page).to_have_url(re.compile(r"order=rate"))
    expect(page.locator("#chart-by[data-marks]")).to_have_count(1)  # the new page read to its end
    rates = page.locator("#table-by tbody tr td:nth-child(5)").all_inner_texts()
    values = [float(r.rstrip("%")) for r in rates]
    assert values == sorted(values, reverse=True)
    shot(page, "outcomes-by-guideline-by-rate")


def test_results_page_links_here_with_its_search(page: Page, site: str, shot):
    page.goto(f"{site}/?decision=overturned&decision=upheld&scope=request")
    page.get_by_role("link", name="Outcomes in detail").click()
    expect(page).to_have_url(re.compile(r"/outcomes\?decision=overturned&decision=upheld&scope=request$"))
    assert drawn(page, "by") == rows(page, "by")
    page.get_by_role("link", name="Back to the search results").click()
    expect(page).to_have_url(re.compile(r"/\?decision=overturned&decision=upheld&scope=request$"))


def test_phone_width_stacks_chart_and_table(page: Page, site: str, shot):
    page.set_viewport_size({"width": 420, "height": 860})
    page.goto(f"{site}/outcomes")
    assert drawn(page, "line") == rows(page, "line")
    # "What the rationales say" fills in after the page is shown: measure the page it makes
    section = page.locator("#outcomes-phrases")
    expect(section).to_have_attribute("data-phrases-state", re.compile(r"^(done|failed)$"), timeout=30_000)
    chart = page.locator("#chart-by").bounding_box()
    table = page.locator("#table-by").bounding_box()
    assert chart is not None
    assert table is not None
    assert table["y"] >= chart["y"] + chart["height"]
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 420, "nothing overflows the phone's width"
    shot(page, "outcomes-phone")


def test_a_table_downloads_as_csv(page: Page, site: str):
    page.goto(f"{site}/outcomes?decision=overturned&decision=upheld&by=category&by2=")
    section = page.locator("section", has=page.locator("#table-by"))
    with page.expect_download() as info:
        section.get_by_role("link", name="CSV").click()
    download = info.value
    assert download.suggested_filename.endswith("_by-category.csv")
    lines = Path(download.path()).read_text(encoding="utf-8-sig").strip().splitlines()
    assert len(lines) == 2 + rows(page, "by"), "a header, the total, then a line per group"


def decisions_column(page: Page, key: str) -> list[int]:
    """The Decisions column of table ``key`` on the page, top to bottom."""
    cells = page.locator(f"#table-{key} tbody td:nth-child(2)").all()
    return [int(c.inner_text().replace(",", "")) for c in cells]


def test_a_table_downloads_as_xlsx_with_the_same_rows(page: Page, site: str):
    page.goto(f"{site}/outcomes?by=specialty&by2=")
    section = page.locator("section", has=page.locator("#table-by"))
    with page.expect_download() as info:
        section.get_by_role("link", name="Excel (.xlsx)").click()
    download = info.value
    assert download.suggested_filename.endswith("_by-specialty.xlsx")
    sheet = load_workbook(io.BytesIO(Path(download.path()).read_bytes()), read_only=True)["Outcomes"]
    header, total, *groups = sheet.iter_rows(values_only=True)
    column = header.index("Decisions")
    assert [row[column] for row in groups] == decisions_column(page, "by")
    headline = page.locator(".outcomes__headline").inner_text()  # "...%), 1,204 decisions"
    assert f"{total[column]:,} decisions" in headline


def test_the_api_answers_in_the_browser_as_the_page_counts(page: Page, site: str, shot):
    page.goto(f"{site}/outcomes?by=category&by2=")
    on_page = decisions_column(page, "by")
    page.goto(f"{site}/api/outcomes?by=category")
    body = json.loads(page.locator("body").inner_text())
    assert body["by"] == "category"
    assert [g["decisions"] for g in body["groups"]] == on_page
    assert sum(on_page) >= body["total"]["decisions"] > 0
    shot(page, "api-outcomes-by-category", full_page=False)


def test_works_without_javascript(browser, site: str, shot):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1360, "height": 900})
    page = context.new_page()
    page.goto(f"{site}/outcomes?decision=upheld&decision=overturned")
    expect(page.locator("#chart-by")).not_to_have_attribute("data-marks", re.compile(".*"))
    assert rows(page, "by") > 0, "the tables carry the numbers"
    page.locator('select[name="by"]').select_option("priority")
    page.get_by_role("button", name="Show").click()
    expect(page).to_have_url(re.compile(r"by=priority"))
    expect(page).to_have_url(re.compile(r"decision=overturned"))
    expect(page.locator("#heading-by")).to_contain_text("priority")
    shot(page, "outcomes-no-javascript")
    context.close()


def test_what_the_rationales_say_fills_in(page: Page, site: str, shot):
    page.goto(f"{site}/outcomes?decision=upheld&decision=overturned&by2=")
    section = page.locator("#outcomes-phrases")
    expect(section).to_have_attribute("data-phrases-state", "done", timeout=30_000)
    expect(section.locator(".phrases__side h3")).to_have_text(
        ["More often in overturned rationales", "More often in upheld rationales"]
    )
    fragment = page.request.get(site + (section.get_attribute("data-phrases-url") or ""))
    assert fragment.ok
    links = section.locator("a.phrases__phrase")
    assert links.count() == fragment.text().count(PHRASE_LINK) > 0, "the generated corpus has phrases"
    expect(section.locator(".phrases__counts").first).to_contain_text(
        re.compile(r"in \d+ of \d+ decisions \(\d+%\)")
    )
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    section.screenshot(path=str(SCREENSHOTS / "outcomes-phrases.png"))
    shot(page, "outcomes-with-phrases")

    words = links.first.inner_text().split()
    links.first.click()
    expect(page).to_have_url(re.compile(r"/\?q=rationale%3A%22.*&decision=(overturned|upheld)"))
    marks = page.locator("#search-body mark")
    expect(marks.first).to_be_visible()
    marked = " ".join(marks.all_inner_texts()).lower()
    assert all(word in marked for word in words), (words, marked[:300])


def test_reading_the_rationales_then_a_plain_message_on_failure(page: Page, site: str):
    held: list[Route] = []
    page.route(PHRASES, lambda route: held.append(route))
    page.goto(f"{site}/outcomes")
    section = page.locator("#outcomes-phrases")
    expect(section).to_have_attribute("data-phrases-state", "loading")
    expect(section).to_contain_text("Reading the rationales")
    assert held, "the fragment was asked for"
    held[0].fulfill(status=500, body="no")
    expect(section).to_have_attribute("data-phrases-state", "failed")
    expect(section).to_contain_text("The rationales could not be read just now.")
    expect(
        section.get_by_role("link", name="See the words and phrases that go with each outcome")
    ).to_have_count(1)
    assert drawn(page, "by") == rows(page, "by"), "the charts do not wait for the phrases"


def test_without_javascript_the_section_links_its_own_page(browser, site: str, shot):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1360, "height": 900})
    page = context.new_page()
    page.goto(f"{site}/outcomes?decision=upheld&decision=overturned")
    section = page.locator("#outcomes-phrases")
    expect(section.locator(".phrases")).to_have_count(0)
    section.get_by_role("link", name="See the words and phrases that go with each outcome").click()
    expect(page).to_have_url(re.compile(r"/outcomes/phrases\?decision=upheld&decision=overturned$"))
    expect(page.locator("h1")).to_have_text("What the rationales say")
    assert page.locator("a.phrases__phrase").count() > 0
    shot(page, "outcomes-phrases-no-javascript")
    page.get_by_role("link", name="Back to the outcomes").click()
    expect(page).to_have_url(re.compile(r"/outcomes\?decision=upheld&decision=overturned$"))
    context.close()

"""The Outcomes page in a real browser: the charts draw one mark per table row (a point per period,
a bar and a whisker per group, small groups lighter), the selects redraw them, and the results page
links here with its search."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

pytestmark = [pytest.mark.browser, pytest.mark.integration]


def drawn(page: Page, key: str) -> int:
    """The marks chart ``key`` says it drew, once it has drawn."""
    chart = page.locator(f"#chart-{key}[data-marks]")
    expect(chart).to_have_count(1)
    return int(chart.get_attribute("data-marks") or "-1")


def rows(page: Page, key: str) -> int:
    return page.locator(f"#table-{key} tbody tr").count()


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
    expect(page.locator("#chart-by2")).to_have_count(0)
    page.locator('select[name="order"]').select_option("rate")
    expect(page).to_have_url(re.compile(r"order=rate"))
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

"""The Compare page in a real browser: reached from the Outcomes page with its search first, a search
added by its words or a search page's address, a bar with its whisker per search, a search removed."""

from __future__ import annotations

import re
from urllib.parse import urlencode

import pytest
from playwright.sync_api import Page, expect

from search.forms import validate
from search.outcomes import run_outcomes

pytestmark = [pytest.mark.browser, pytest.mark.integration]


def categories(count: int) -> list[str]:
    groups = run_outcomes(validate({}).params, "category").groups
    assert len(groups) >= count, "the corpus has enough categories"
    return [str(g.value) for g in groups[:count]]


def drawn(page: Page) -> int:
    chart = page.locator("#chart-compare[data-marks]")
    expect(chart).to_have_count(1)
    return int(chart.get_attribute("data-marks") or "-1")


def test_compare_from_the_outcomes_page(page: Page, site: str, shot):
    first, second, third = categories(3)
    page.goto(f"{site}/outcomes?" + urlencode({"category": first}))
    page.get_by_role("link", name="Compare with another search").click()
    expect(page.locator("#compare-messages")).to_contain_text("add a search to compare with")
    expect(page.locator("#table-compare")).to_have_count(0)

    page.get_by_label("Add a search").fill(f"{site}/?" + urlencode({"category": second}))
    page.get_by_role("button", name="Compare").click()
    expect(page).to_have_url(re.compile(r"/outcomes/compare\?s=.+&s=.+"))
    expect(page.locator("#table-compare tbody tr")).to_have_count(2)
    assert drawn(page) == 2
    assert page.locator("#chart-compare rect.chart__bar").count() == 2
    assert page.locator("#chart-compare .chart__whisker").count() == 6  # a line and two caps each
    rows = page.locator("#table-compare tbody tr")
    expect(rows.nth(0)).to_contain_text(first)
    expect(rows.nth(1)).to_contain_text(second)
    expect(rows.nth(1).locator("td").nth(5)).to_have_text(re.compile(r"^([+\u2212]\d+\.\d|0\.0)$"))
    expect(rows.nth(1).locator("td").nth(6)).to_contain_text(" to ")

    page.get_by_label("Add a search").fill(f"{site}/?" + urlencode({"category": third}))
    page.get_by_label("Add a search").press("Enter")  # compares: it does not press the first Remove
    expect(page.locator("#table-compare tbody tr")).to_have_count(3)
    assert drawn(page) == 3
    shot(page, "compare")

    page.locator("#search-1").get_by_role("button", name="Remove").click()
    expect(page.locator("#table-compare tbody tr")).to_have_count(2)
    expect(page.locator("#table-compare tbody tr").nth(1)).to_contain_text(third)


def test_editing_the_words_keeps_the_filters(page: Page, site: str, shot):
    first, second = categories(2)
    qs = [urlencode({"category": first}), urlencode({"category": second})]
    page.goto(f"{site}/outcomes/compare?" + urlencode([("s", s) for s in qs]))
    assert drawn(page) == 2
    page.get_by_label("Words of search 2").fill("therapy")
    page.get_by_role("button", name="Compare").click()
    expect(page.locator("#table-compare tbody tr").nth(1)).to_contain_text("\u201ctherapy\u201d")
    expect(page.locator("#table-compare tbody tr").nth(1)).to_contain_text(second)
    expect(page.get_by_label("Words of search 2")).to_have_value("therapy")
    shot(page, "compare-edited")


def test_each_search_by_decision_year(page: Page, site: str, shot):
    first, second = categories(2)
    qs = [urlencode({"category": first}), urlencode({"category": second})]
    page.goto(f"{site}/outcomes/compare?" + urlencode([("s", s) for s in qs]))
    expect(page.locator("#table-compare-by")).to_have_count(0)
    page.get_by_label("Also break each search down by").select_option("decision_year")
    page.get_by_role("button", name="Compare").click()
    expect(page).to_have_url(re.compile(r"by=decision_year"))
    expect(page.locator("#heading-compare-by")).to_have_text("Each search by decision year")
    years = page.locator("#table-compare-by tbody th").all_inner_texts()
    assert len(years) > 0
    assert years == sorted(years)
    assert page.locator("#table-compare-by thead tr").first.locator("th").count() == 2  # a column group each
    assert drawn(page) == 2
    for i in range(2):
        chart = page.locator(f"#chart-by{i}[data-marks]")
        expect(chart).to_have_count(1)
        points = page.locator(f"#chart-by{i} circle.chart__point").count()
        assert int(chart.get_attribute("data-marks") or "-1") == points > 0
    shot(page, "compare-by-year")

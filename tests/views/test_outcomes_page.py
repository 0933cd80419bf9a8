"""The Outcomes page through Django's test client, against the real engine and a generated corpus:
its numbers are run_outcomes' numbers, and bad input or a refused search is a notice, never a 500."""

from __future__ import annotations

import html
import json
import re

import pytest
from django.urls import reverse
from opensearchpy.exceptions import ConnectionError as EngineConnectionError

import search.outcomes.service as outcomes_service
import search.views.outcomes_context as outcomes_context
from search.engine import QueryRejected
from search.forms import validate
from search.outcomes import Outcome, run_outcomes
from search.views.outcomes_context import headline, interval, percent, value_label

pytestmark = [pytest.mark.integration, pytest.mark.usefixtures("open_search")]

URL = reverse("search:outcomes")


def table_rows(page: str, key: str) -> list[list[str]]:
    """The cells (header cell first) of each body row of table ``table-<key>``, as text."""
    body = re.search(rf'<table class="outcomes__table" id="table-{key}">.*?<tbody>(.*?)</tbody>', page, re.S)
    assert body, f"table {key} is on the page"
    rows = []
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body.group(1), re.S):
        cells = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
        rows.append([html.unescape(re.sub(r"<[^>]+>", "", c)).strip() for c in cells])
    return rows


def expected_cells(param: str, row: Outcome) -> list[str]:
    label = value_label(param, row.value)
    return [
        label + (" † too few to say" if row.too_small else ""),
        f"{row.decisions:,}",
        f"{row.upheld:,}",
        f"{row.overturned:,}",
        percent(row.overturn_rate),
        interval(row),
    ]


def charts(page: str) -> dict:
    data = re.search(r'<script id="outcomes-data" type="application/json">(.*?)</script>', page, re.S)
    assert data, "the charts' data is embedded"
    return json.loads(data.group(1))


def test_the_page_shows_run_outcomes_numbers(client, corpus):
    params = {"decision": ["upheld", "overturned"], "by": "category", "by2": "priority"}
    response = client.get(URL, params)
    assert response.status_code == 200
    page = response.content.decode()
    search = validate({"decision": ["upheld", "overturned"]}).params
    by_category = run_outcomes(search, "category")
    by_priority = run_outcomes(search, "priority")
    assert by_category.total.decisions > 0
    assert html.escape(headline(by_category.total)) in page
    assert f"{by_category.total.upheld:,} upheld, {by_category.total.overturned:,} overturned." in page
    assert table_rows(page, "by") == [expected_cells("category", g) for g in by_category.groups]
    assert table_rows(page, "by2") == [expected_cells("priority", g) for g in by_priority.groups]
    data = charts(page)
    assert [g["decisions"] for g in data["by"]["groups"]] == [g.decisions for g in by_category.groups]
    assert [g["rate"] for g in data["by2"]["groups"]] == [g.overturn_rate for g in by_priority.groups]


def test_the_timeline_is_chronological_and_counts_every_dated_decision(client, corpus):
    page = client.get(URL).content.decode()
    search = validate({}).params
    years = run_outcomes(search, "decision_year")
    span = [int(g.value) for g in years.groups if g.value is not None]
    by = (
        "decision_quarter"
        if max(span) - min(span) < outcomes_context.QUARTERS_UP_TO_YEARS
        else "decision_year"
    )
    periods = sorted(
        (g for g in run_outcomes(search, by).groups if g.value is not None), key=lambda g: str(g.value)
    )
    assert table_rows(page, "line") == [expected_cells(by, g) for g in periods]
    assert [g["label"] for g in charts(page)["line"]["groups"]] == [str(g.value) for g in periods]


def test_order_by_rate(client, corpus):
    page = client.get(URL, {"by": "specialty", "by2": "", "order": "rate"}).content.decode()
    rows = run_outcomes(validate({}).params, "specialty", sort="rate").groups
    assert table_rows(page, "by") == [expected_cells("specialty", g) for g in rows]
    assert 'id="table-by2"' not in page, "an empty second breakdown shows none"
    assert '<option value="rate" selected>' in page


def test_group_links_narrow_the_search(client, corpus):
    page = client.get(URL, {"q": "", "by": "category", "by2": ""}).content.decode()
    first = run_outcomes(validate({}).params, "category").groups[0]
    assert f'href="/?category={first.value}'.replace(" ", "+") in html.unescape(page)


def test_the_search_carries_its_parameters(client, corpus):
    response = client.get(URL, {"decision": "overturned", "scope": "request", "sort": "oldest"})
    page = html.unescape(response.content.decode())
    assert response.status_code == 200
    query = validate({"decision": "overturned", "scope": "request", "sort": "oldest"})
    assert f'href="/?{query.querystring}"' in page, "the link back keeps the search and its order"
    assert '<input type="hidden" name="decision" value="overturned">' in page
    assert '<input type="hidden" name="sort" value="oldest">' in page, "the search's own order is kept"


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"by": "colour"}, "Unknown breakdown “colour”; showing treatment category."),
        ({"by2": "<b>x</b>"}, "Unknown breakdown “<b>x</b>”; showing reviewer specialty."),
        ({"date_from": "yesterday"}, 'The "from" date "yesterday" is not a date'),
        ({"page": "x", "sort": "upside-down"}, "Unknown sort order"),
        ({"order": "alphabet"}, "Unknown order “alphabet”; most decisions first."),
    ],
)
def test_bad_input_is_a_notice(client, corpus, params, message):
    response = client.get(URL, params)
    assert response.status_code == 200
    page = response.content.decode()
    assert html.escape(message, quote=False) in page.replace("&quot;", '"')
    assert "<b>x</b>" not in page
    assert 'id="table-by"' in page


def test_the_page_asks_the_engine_once(client, corpus, monkeypatch):
    """The total, the timeline (by year and by quarter) and both breakdowns come from one request."""
    sent: list[dict] = []
    send = outcomes_service.send_search

    def counted(body, **options):
        sent.append(body)
        return send(body, **options)

    monkeypatch.setattr(outcomes_service, "send_search", counted)
    response = client.get(URL, {"q": "pain", "by": "drug_class", "by2": "state"})
    assert response.status_code == 200
    assert len(sent) == 1
    grouped = set(sent[0]["aggs"]["n"]["aggs"]["t"]["aggs"])
    assert grouped == {"overturned", "decision_year", "decision_quarter", "drug_class", "state"}


def test_a_refused_search_is_a_notice(client, corpus, monkeypatch):
    def refuse(*args, **kwargs):
        raise QueryRejected("This search expands to too many words.")

    monkeypatch.setattr(outcomes_context, "run_breakdowns", refuse)
    response = client.get(URL, {"q": "a*"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "This search expands to too many words." in page
    assert "This search could not be counted." in page
    assert 'id="outcomes-data"' not in page


@pytest.mark.django_db
def test_engine_down_is_a_friendly_503(client, monkeypatch):
    def down(*args, **kwargs):
        raise EngineConnectionError("N/A", "connection refused", None)

    monkeypatch.setattr(outcomes_context, "run_breakdowns", down)
    response = client.get(URL, {"q": "mri"})
    assert response.status_code == 503
    assert "temporarily unavailable" in response.content.decode()


def test_the_results_page_links_here_with_its_query(client, corpus):
    page = html.unescape(client.get(reverse("search:search"), {"decision": "upheld"}).content.decode())
    assert f'href="{URL}?decision=upheld"' in page


@pytest.mark.parametrize(
    ("value", "days"),
    [
        (2017, ("2017-01-01", "2017-12-31")),
        ("2016-Q1", ("2016-01-01", "2016-03-31")),
        ("2016-Q4", ("2016-10-01", "2016-12-31")),
        ("2019-Q2", ("2019-04-01", "2019-06-30")),
        ("Q2", None),
    ],
)
def test_period_days(value, days):
    found = outcomes_context.period(value)
    assert (found and (found[0].isoformat(), found[1].isoformat())) == days


def test_a_period_links_the_search_within_its_dates(client, corpus):
    page = html.unescape(client.get(URL, {"date_to": "2014-06-30"}).content.decode())
    assert "Decided on or before: 2014-06-30" in page, "the page says the search's filters"
    line = re.search(r'id="table-line">(.*?)</table>', page, re.S)
    assert line
    links = re.findall(r'href="/\?date_from=(\d{4}-\d\d-\d\d)&date_to=(\d{4}-\d\d-\d\d)"', line.group(1))
    assert len(links) == len(table_rows(page, "line")) > 0
    assert all(start <= end <= "2014-06-30" for start, end in links)
    assert links[-1][1] == "2014-06-30", "the last period ends where the search does"


def test_each_table_links_its_downloads(client, corpus):
    page = html.unescape(
        client.get(URL, {"decision": "upheld", "by": "priority", "order": "rate"}).content.decode()
    )
    csv_url = f"{reverse('search:outcomes-csv')}?decision=upheld&by=priority&order=rate"
    assert f'href="{csv_url}"' in page
    assert f'href="{reverse("search:outcomes-xlsx")}?decision=upheld&by=priority&order=rate"' in page
    body = client.get(csv_url).content.decode()
    rows = run_outcomes(validate({"decision": "upheld"}).params, "priority", sort="rate").groups
    lines = body.strip().splitlines()
    assert len(lines) == 2 + len(rows), "a header, the total, then the table's rows"


def test_small_groups_are_marked_not_hidden(client, corpus):
    page = client.get(URL, {"by": "specialty", "by2": ""}).content.decode()
    groups = run_outcomes(validate({}).params, "specialty").groups
    small = [g for g in groups if g.too_small]
    assert small, "the small corpus has groups too small to say"
    assert len(table_rows(page, "by")) == len(groups)
    body = re.search(r'id="table-by">.*?</table>', page, re.S)
    assert body
    assert body.group(0).count('<tr class="is-small">') == len(small)
    assert [g["small"] for g in charts(page)["by"]["groups"]] == [g.too_small for g in groups]


def test_a_search_without_decisions_says_so(client, corpus):
    response = client.get(URL, {"q": "zzzqqqxxyy"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "No matching decision was upheld or overturned" in page
    assert "Nothing to count." in page
    assert 'id="outcomes-data"' not in page


def test_headline_in_words():
    total = Outcome(None, 1204, 1091, 113, 113 / 1204, 0.0789, 0.1112, False)
    assert headline(total) == "9.4% overturned (95% CI 7.9%\u201311.1%), 1,204 decisions"
    one = Outcome(None, 1, 0, 1, 1.0, 0.2065, 1.0, True)
    assert headline(one) == "100.0% overturned (95% CI 20.6%\u2013100.0%), 1 decision"

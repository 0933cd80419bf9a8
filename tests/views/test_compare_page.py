"""The Compare page and GET /api/outcomes/compare through Django's test client, against the real
engine and a generated corpus: each search's numbers are run_outcomes' numbers, each difference is
rate_difference's; bad input or a refused search is that search's notice, never a 500; the form
answers with the canonical address of the searches it says."""

from __future__ import annotations

import html
import json
import re
from urllib.parse import parse_qs, urlencode, urlsplit

import jsonschema
import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from opensearchpy.exceptions import ConnectionError as EngineConnectionError

import search.outcomes.compare as compare_module
from search.engine import QueryRejected
from search.forms import validate
from search.outcomes import MAX_SEARCHES, rate_difference, run_outcomes
from search.outcomes.compare import TOO_FEW, TOO_MANY
from search.views.compare import points
from search.views.outcomes_context import interval, percent, value_label

pytestmark = [pytest.mark.integration, pytest.mark.usefixtures("open_search")]

URL = reverse("search:compare")
API = reverse("search:api-compare")


def compare(client, *querystrings: str):
    return client.get(URL + "?" + urlencode([("s", qs) for qs in querystrings]))


def table_rows(page: str, key: str = "compare") -> list[list[str]]:
    """The cells (header cell first) of each body row of table ``table-<key>``, as text."""
    body = re.search(rf'<table class="outcomes__table" id="table-{key}">.*?<tbody>(.*?)</tbody>', page, re.S)
    assert body, f"table {key} is on the page"
    rows = []
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body.group(1), re.S):
        cells = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
        rows.append([html.unescape(re.sub(r"<[^>]+>", "", c)).strip() for c in cells])
    return rows


def top_categories(count: int) -> list[str]:
    groups = run_outcomes(validate({}).params, "category").groups
    assert len(groups) >= count, "the corpus has enough categories"
    return [str(g.value) for g in groups[:count]]


def test_the_page_shows_each_search_and_its_difference_from_the_first(client, corpus):
    categories = top_categories(3)
    querystrings = [urlencode({"category": c}) for c in categories]
    response = compare(client, *querystrings)
    assert response.status_code == 200
    page = response.content.decode()
    totals = [run_outcomes(validate({"category": [c]}).params).total for c in categories]
    rows = table_rows(page)
    assert len(rows) == 3
    for i, (row, total) in enumerate(zip(rows, totals, strict=True)):
        assert row[0] == f"{i + 1}. Treatment category: {categories[i]}" + (
            " † too few to say" if total.too_small else ""
        )
        assert row[1:6] == [
            f"{total.decisions:,}",
            f"{total.upheld:,}",
            f"{total.overturned:,}",
            percent(total.overturn_rate),
            interval(total),
        ]
        if i == 0:
            assert row[6:] == ["\u2013", "\u2013", "(the first)"]
            continue
        diff = rate_difference(total, totals[0])
        assert diff is not None
        assert row[6:8] == [points(diff[0]), f"{points(diff[1])} to {points(diff[2])}"]
        expected = "Higher" if diff[1] > 0 else "Lower" if diff[2] < 0 else "No clear difference"
        assert row[8] == expected
    data = json.loads(re.search(r'id="outcomes-data" type="application/json">(.*?)</script>', page, re.S)[1])
    assert [g["decisions"] for g in data["compare"]["groups"]] == [t.decisions for t in totals]
    assert [g["label"] for g in data["compare"]["groups"]] == [
        f"{i}. {c}" for i, c in enumerate(categories, 1)
    ]
    assert data["compare"]["kind"] == "bars"


def test_words_filters_and_scope_are_each_searchs_own(client, corpus):
    response = compare(client, "q=therapy&scope=request&decision=overturned", "q=therapy")
    page = html.unescape(response.content.decode())
    first = run_outcomes(validate({"q": "therapy", "scope": "request", "decision": "overturned"}).params)
    second = run_outcomes(validate({"q": "therapy"}).params)
    rows = table_rows(response.content.decode())
    assert [r[1] for r in rows] == [f"{first.total.decisions:,}", f"{second.total.decisions:,}"]
    assert "Words in the request only" in page
    assert '<input type="hidden" name="f0" value="decision=overturned&scope=request">' in page


@pytest.mark.parametrize("count", [0, 1])
def test_too_few_searches_is_a_friendly_message(client, corpus, count):
    response = compare(client, *["q=therapy"] * count)
    page = html.unescape(response.content.decode())
    assert response.status_code == 200
    assert TOO_FEW in page
    assert 'id="table-compare"' not in page
    assert 'name="q_new"' in page, "a search can be added"


def test_too_many_searches_compares_the_first_four(client, corpus):
    response = compare(client, *[f"q=word{i}" for i in range(MAX_SEARCHES + 2)])
    page = html.unescape(response.content.decode())
    assert response.status_code == 200
    assert TOO_MANY in page
    assert len(table_rows(response.content.decode())) == MAX_SEARCHES
    assert 'name="q_new"' not in page, "no more searches can be added"


def test_bad_input_in_one_search_is_its_notice(client, corpus):
    response = compare(client, "q=therapy&date_from=yesterday", "q=therapy&scope=everywhere")
    page = html.unescape(response.content.decode())
    assert response.status_code == 200
    notes = re.findall(r'<li class="compare__search" id="search-(\d)">(.*?)</li>\s*(?=<li|</ol>)', page, re.S)
    assert 'The "from" date "yesterday" is not a date' in notes[0][1]
    assert "Unknown scope" not in notes[0][1]
    assert "Unknown scope" in notes[1][1]


def test_a_refused_search_is_its_notice(client, corpus, monkeypatch):
    real = compare_module.run_outcomes

    def refuse_stars(params, *args, **kwargs):
        if "*" in params.q:
            raise QueryRejected("This search expands to too many words.")
        return real(params, *args, **kwargs)

    monkeypatch.setattr(compare_module, "run_outcomes", refuse_stars)
    response = compare(client, "q=therapy", "q=a*")
    assert response.status_code == 200
    rows = table_rows(response.content.decode())
    assert rows[0][1] == f"{run_outcomes(validate({'q': 'therapy'}).params).total.decisions:,}"
    assert rows[1][-1] == "Not counted: This search expands to too many words."


@pytest.mark.django_db
def test_engine_down_is_a_friendly_503(client, monkeypatch):
    def down(*args, **kwargs):
        raise EngineConnectionError("N/A", "refused", None)

    monkeypatch.setattr(compare_module, "run_outcomes", down)
    assert compare(client, "q=a", "q=b").status_code == 503
    assert client.get(API, {"s": ["q=a", "q=b"]}).status_code == 503


# -- the form -------------------------------------------------------------------------------------


def searches_of(response) -> list[str]:
    assert response.status_code == 302
    location = urlsplit(response["Location"])
    assert location.path == URL
    return parse_qs(location.query, keep_blank_values=True)["s"]


@pytest.mark.django_db
def test_the_form_edits_words_and_keeps_filters(client):
    form = {"edit": "1", "q0": "acupuncture", "f0": "category=Acupuncture&q=old", "q1": "", "f1": ""}
    form["q_new"] = "chiropractic"
    assert searches_of(client.get(URL, form)) == ["q=acupuncture&category=Acupuncture", "", "q=chiropractic"]


@pytest.mark.django_db
def test_the_form_removes_a_search(client):
    form = {"edit": "1", "q0": "a", "f0": "", "q1": "b", "f1": "", "q2": "c", "f2": "", "remove": "1"}
    assert searches_of(client.get(URL, form)) == ["q=a", "q=c"]


@pytest.mark.django_db
def test_the_form_adds_a_pasted_search_address(client):
    form = {"edit": "1", "q0": "a", "f0": "", "q_new": "http://testserver/?q=knee&drug_class=Opioids&page=3"}
    assert searches_of(client.get(URL, form)) == ["q=a", "q=knee&drug_class=Opioids"]


def test_the_page_round_trips_through_its_form(client, corpus):
    page = html.unescape(compare(client, "q=therapy&scope=request", "q=surgery").content.decode())
    fields = dict(re.findall(r'name="([qf]\d)" value="([^"]*)"', page))
    assert searches_of(client.get(URL, {"edit": "1", **fields})) == ["q=therapy&scope=request", "q=surgery"]


# -- the API ---------------------------------------------------------------------------------------


def validator(client, name: str) -> jsonschema.Draft202012Validator:
    spec = client.get(reverse("search:api-openapi")).json()
    return jsonschema.Draft202012Validator({"$ref": f"#/components/schemas/{name}", **spec})


def test_the_api_gives_the_totals_and_differences(client, corpus):
    categories = top_categories(2)
    querystrings = [urlencode({"category": c}) for c in categories] + ["q=therapy&date_from=soon"]
    response = client.get(API, {"s": querystrings})
    assert response.status_code == 200
    body = response.json()
    validator(client, "CompareResponse").validate(body)
    totals = [run_outcomes(validate({"category": [c]}).params).total for c in categories]
    therapy = run_outcomes(validate({"q": "therapy"}).params).total
    assert [s["total"]["decisions"] for s in body["searches"]] == [t.decisions for t in [*totals, therapy]]
    assert body["searches"][0]["difference"] is None
    diff = rate_difference(totals[1], totals[0])
    assert diff is not None
    assert body["searches"][1]["difference"] == dict(zip(("value", "ci_low", "ci_high"), diff, strict=True))
    assert body["searches"][2]["messages"], "the bad date is explained"
    assert body["searches"][2]["s"] == "q=therapy"


@pytest.mark.django_db
@pytest.mark.parametrize("count", [0, 1, MAX_SEARCHES + 1])
def test_the_api_wants_two_to_four_searches(client, count):
    response = client.get(API, {"s": ["q=a"] * count})
    assert response.status_code == 400
    assert "2 to 4" in response.json()["error"]


@pytest.mark.django_db
def test_the_openapi_document_describes_compare(client):
    spec = client.get(reverse("search:api-openapi")).json()
    get = spec["paths"]["/api/outcomes/compare"]["get"]
    assert [p["name"] for p in get["parameters"]] == ["s", "by"]
    for name in ("CompareResponse", "ComparedSearch"):
        jsonschema.Draft202012Validator.check_schema(spec["components"]["schemas"][name])


def test_the_outcomes_page_links_here_with_its_search_first(client, corpus):
    query = validate({"q": "therapy", "scope": "request", "decision": "overturned"})
    page = html.unescape(
        client.get(
            reverse("search:outcomes"), {"q": "therapy", "scope": "request", "decision": "overturned"}
        ).content.decode()
    )
    link = re.search(r'href="([^"]*)">Compare with another search</a>', page)
    assert link, "the Outcomes page links to Compare"
    url = urlsplit(link[1])
    assert url.path == URL
    assert parse_qs(url.query)["s"] == [query.querystring]
    response = client.get(link[1])
    assert TOO_FEW in html.unescape(response.content.decode())


# -- the breakdown ---------------------------------------------------------------------------------


@pytest.mark.parametrize("by", ["decision_year", "priority"])
def test_each_search_is_broken_down_side_by_side(client, corpus, by):
    categories = top_categories(2)
    response = client.get(URL, {"s": [urlencode({"category": c}) for c in categories], "by": by})
    page = response.content.decode()
    groups = [
        {g.value: g for g in run_outcomes(validate({"category": [c]}).params, by).groups} for c in categories
    ]
    values = set(groups[0]) | set(groups[1])
    rows = table_rows(page, "compare-by")
    assert len(rows) == len(values) > 0
    if by == "decision_year":
        assert [r[0] for r in rows] == [str(v) for v in sorted(values, key=str)]
    for row in rows:
        value = next(v for v in values if value_label(by, v) == row[0])
        for i, search_groups in enumerate(groups):
            group = search_groups.get(value)
            cells = row[1 + 3 * i : 4 + 3 * i]
            if group is None:
                assert cells == ["0", "\u2013", "\u2013"]
            else:
                small = " † too few to say" if group.too_small else ""
                assert cells == [
                    f"{group.decisions:,}",
                    percent(group.overturn_rate) + small,
                    interval(group),
                ]
    assert f'<option value="{by}" selected>' in page
    data = json.loads(re.search(r'id="outcomes-data" type="application/json">(.*?)</script>', page, re.S)[1])
    for i, search_groups in enumerate(groups):
        chart = data[f"by{i}"]
        assert chart["kind"] == ("line" if by == "decision_year" else "bars")
        expected = list(search_groups.values())  # as run_outcomes orders them: most decisions first
        if by == "decision_year":
            expected = sorted((g for g in expected if g.value not in (None, "")), key=lambda g: str(g.value))
        assert [(g["label"], g["decisions"]) for g in chart["groups"]] == [
            (value_label(by, g.value), g.decisions) for g in expected
        ]


def test_an_unknown_breakdown_is_a_notice(client, corpus):
    response = client.get(URL, {"s": ["q=therapy", "q=surgery"], "by": "colour"})
    page = html.unescape(response.content.decode())
    assert response.status_code == 200
    assert "Unknown breakdown “colour”" in page
    assert 'id="table-compare-by"' not in page
    assert 'id="table-compare"' in page


@pytest.mark.django_db
def test_the_form_keeps_the_breakdown(client):
    response = client.get(URL, {"edit": "1", "q0": "a", "f0": "", "q1": "b", "f1": "", "by": "priority"})
    assert searches_of(response) == ["q=a", "q=b"]
    assert parse_qs(urlsplit(response["Location"]).query)["by"] == ["priority"]


def test_the_api_breaks_each_search_down(client, corpus):
    categories = top_categories(2)
    response = client.get(API, {"s": [urlencode({"category": c}) for c in categories], "by": "priority"})
    assert response.status_code == 200
    body = response.json()
    validator(client, "CompareResponse").validate(body)
    assert body["by"] == "priority"
    for search, category in zip(body["searches"], categories, strict=True):
        groups = run_outcomes(validate({"category": [category]}).params, "priority").groups
        assert [(g["value"], g["decisions"], g["overturned"]) for g in search["groups"]] == [
            (g.value, g.decisions, g.overturned) for g in groups
        ]
    unknown = client.get(API, {"s": ["q=a", "q=b"], "by": "colour"})
    assert unknown.status_code == 400
    assert "Unknown breakdown" in unknown.json()["error"]


# -- never a 500 -----------------------------------------------------------------------------------

PIECES = st.sampled_from(
    ['"', "(", ")", "OR", "NOT", "-", "*", "w/5", "/s", "treatment:", "case:", "rationale:", "massage",
     "\u0000", "🦴", " ", ":", "~", "^2", "&", "=", "%", "?", "scope=", "date_from=", "category="]
)  # fmt: skip
QUERYSTRINGS = st.one_of(
    st.text(max_size=120),
    st.lists(PIECES, max_size=12).map("".join),
    st.lists(PIECES, max_size=12).map(lambda pieces: urlencode({"q": " ".join(pieces)})),
)
FUZZ = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@FUZZ
@given(querystrings=st.lists(QUERYSTRINGS, max_size=6), by=st.sampled_from(["", "priority", "x"]))
def test_no_search_gives_a_500(client, corpus, querystrings, by):
    page = client.get(URL, {"s": querystrings, "by": by})
    assert page.status_code == 200, (querystrings, page.status_code)
    api = client.get(API, {"s": querystrings, "by": by})
    assert api.status_code in (200, 400), (querystrings, api.status_code)

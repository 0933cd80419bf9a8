"""The overturn rate beside every facet value in the sidebar and the API (issue #15), on the generated
corpus: each value's rate is the group rate ``search.outcomes.run_outcomes`` gives by that facet."""

from __future__ import annotations

import html as html_lib
import re
from typing import Any

import pytest
from django.urls import reverse

from search.facets import FACETS, YEAR
from search.forms import SearchForm
from search.outcomes import Outcome, run_outcomes
from search.results import FacetCount
from search.views.sidebar import percent, rate_html

pytestmark = [pytest.mark.integration, pytest.mark.usefixtures("open_search")]

SEARCH = reverse("search:search")
API = reverse("search:api-search")
BY_FACET = ("category", "subcategory", "drug_class", "specialty", "state", "guideline", "priority")
SEARCHES: list[dict[str, Any]] = [{}, {"q": "therapy"}, {"priority": "expedited"}]
SEP = '<span class="visually-hidden">· </span>'
RATE = re.compile(rf'<span class="facet__rate" title="([^"]*)">{SEP}([^<]*) overturned</span>')


def _groups(data: dict[str, Any], facet: str) -> dict[str, Outcome]:
    """run_outcomes' groups by ``facet`` for the search without that facet's own selection."""
    params = SearchForm({k: v for k, v in data.items() if k != facet}).params()
    return {str(g.value): g for g in run_outcomes(params, facet).groups}


def _shown(item_html: str) -> tuple[str, str] | None:
    """(title, percent) of a sidebar value's rate, or None when it shows none."""
    found = RATE.search(item_html)
    return (html_lib.unescape(found[1]), found[2]) if found else None


@pytest.mark.parametrize("data", SEARCHES)
def test_the_sidebar_rate_of_each_value_is_its_outcome_group_rate(client, corpus, data):
    groups = {g.param: g for g in client.get(SEARCH, data).context["facet_groups"]}
    shown = 0
    for facet in BY_FACET:
        want = _groups(data, facet)
        for item in groups[facet].values if facet in groups else ():
            group = want.get(item.value)
            if group is None:  # no decided matching decision: no rate
                assert _shown(item.html) is None, (facet, item.value)
                continue
            title = f"{group.overturned:,} of {group.decisions:,} decided decisions overturned"
            title += f", {group.upheld:,} upheld"
            assert _shown(item.html) == (title, percent(group.overturned, group.decisions)), (
                facet,
                item.value,
            )
            shown += 1
    assert shown > 10
    assert all(_shown(item.html) is None for item in groups["decision"].values)


@pytest.mark.parametrize("data", SEARCHES[:2])
def test_the_api_gives_each_values_outcome(client, corpus, data):
    response = client.get(API, data)
    assert response.status_code == 200
    facets = response.json()["facets"]
    for facet in BY_FACET:
        want = _groups(data, facet)
        for value in facets[facet]:
            group = want.get(value["value"])
            decided = (value["upheld"] or 0) + (value["overturned"] or 0)
            if group is None:
                assert (decided, value["overturn_rate"]) == (0, None), (facet, value)
            else:
                got = (value["upheld"], value["overturned"], value["overturn_rate"])
                assert got == (group.upheld, group.overturned, group.overturn_rate), (facet, value)
    years = {str(g.value): g for g in run_outcomes(SearchForm(data).params(), "decision_year").groups}
    assert {v["value"]: v["overturned"] for v in facets[YEAR] if v["overturn_rate"] is not None} == {
        y: g.overturned for y, g in years.items()
    }
    assert all(v["upheld"] is None and v["overturn_rate"] is None for v in facets["decision"])
    assert set(facets) == {*(f.param for f in FACETS), YEAR}


def test_the_year_bars_name_their_rate(client, corpus):
    bars = client.get(SEARCH).context["year_bars"]
    years = {str(g.value): g for g in run_outcomes(SearchForm({}).params(), "decision_year").groups}
    assert bars
    for bar in bars:
        group = years.get(bar.year)
        want = f"{percent(group.overturned, group.decisions)} overturned" if group else ""
        assert bar.rate.split(" (")[0] == want


def test_the_openapi_document_describes_the_rate(client, corpus):
    schema = client.get(reverse("search:api-openapi")).json()["components"]["schemas"]["FacetValue"]
    assert set(schema["required"]) == {"value", "count", "upheld", "overturned", "overturn_rate"}


@pytest.mark.parametrize(
    ("overturned", "decided", "shown"),
    [(9, 100, "9%"), (1, 1000, "<1%"), (0, 5, "0%"), (999, 1000, ">99%"), (5, 5, "100%"), (1, 3, "33%")],
)
def test_the_rate_is_whole_percent_never_rounded_to_none_or_all(overturned, decided, shown):
    assert percent(overturned, decided) == shown


def test_no_rate_without_decided_decisions():
    assert rate_html(FacetCount("x", 3, False, 0, 0)) == ""
    assert rate_html(FacetCount("upheld", 3, False)) == ""
    assert "· </span>25% overturned" in rate_html(FacetCount("x", 3, False, 4, 1))

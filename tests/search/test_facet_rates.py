"""The overturn rate beside every facet value (issue #15), counted in the facets request itself.

Unit tests of the request (every value of every facet but ``decision`` counts its decided decisions
and the overturned; a letter-level value those of its letters about the search) and of reading it;
then, against the real engine, each value's rate equals what ``search.outcomes.run_outcomes``
counts for the same search: by that facet, and with that value selected.
"""

from __future__ import annotations

from typing import Any

import pytest

from search import dsl
from search.engine import run_search
from search.facets import FACETS, LETTER_FACETS, YEAR
from search.forms import SearchForm, SearchParams
from search.outcomes import Outcome, run_outcomes
from search.results import FacetCount, facet_counts
from tests.search.outcome_corpus import WORD, module_corpus

DIMENSIONS = ("category", "subcategory", "drug_class", "specialty", "state", "guideline", "priority")


def _aggs(data: dict[str, Any]) -> dict[str, Any]:
    params = SearchForm(data).params()
    return dsl.aggregations(dsl.conditions(params, dsl.compiled_query(params)))


def _rated_terms(node: Any) -> list[tuple[str, bool]]:
    """(field, has a rate) of every terms aggregation and date histogram in ``node``."""
    found: list[tuple[str, bool]] = []
    if isinstance(node, dict):
        for kind in ("terms", "date_histogram"):
            if kind in node and isinstance(node[kind], dict) and "field" in node[kind]:
                found.append((node[kind]["field"], "aggs" in node))
        for value in node.values():
            found += _rated_terms(value)
    return found


@pytest.mark.parametrize(
    "data", [{}, {"q": "acupuncture"}, {"category": ["Injections"], "specialty": ["Pain Medicine"]}]
)
def test_every_facet_value_but_the_decisions_own_counts_its_decided_decisions(data):
    found = dict(_rated_terms(_aggs(data)))
    assert found.pop(dsl.DECISION_FIELD) is False  # the decision facet's values are the outcome
    assert found == {
        **{f.decision_field: True for f in FACETS if f.field != dsl.DECISION_FIELD},
        **{f.field: False for f in LETTER_FACETS},  # the letters, counted; rated on their decisions' copy
        "decision_date": False,
        "treatments.decision_date": True,
    }


def _letter_rates(node: dict[str, Any], cond: dsl.Conditions) -> dict[str, Any]:
    """The decided matching decisions of the letters about the search, under ``node``'s aggs."""
    assert node[dsl.ABOUT]["filter"] == cond.about
    t = node[dsl.ABOUT]["aggs"]["n"]["aggs"]["t"]
    assert t["filter"] == cond.treatment_condition()
    decided = t["aggs"][dsl.RATE]
    assert decided["filter"] == {"terms": {"treatments.decision": ["upheld", "overturned"]}}
    return dict(decided["aggs"])


def test_a_letter_value_counts_the_matching_decisions_of_its_letters_about_the_search():
    params = SearchForm({"q": WORD, "scope": "decision"}).params()
    cond = dsl.conditions(params, dsl.compiled_query(params))
    assert cond.about is not None  # the search lists letters only mentioning the word
    shared = dsl.aggregations(cond)["all"]["aggs"]
    assert "aggs" not in shared["facet_specialty"]  # it counts letters
    specialty = _letter_rates(shared, cond)["facet_specialty"]
    assert specialty["terms"]["field"] == "treatments.reviewer_specialties"
    assert specialty["aggs"][dsl.OVERTURNED] == {"filter": {"term": {"treatments.decision": "overturned"}}}
    params = SearchForm({"q": WORD, "scope": "decision", "specialty": ["Pain Medicine"]}).params()
    cond = dsl.conditions(params, dsl.compiled_query(params))
    own = dsl.aggregations(cond)["facet_specialty"]["aggs"]  # its selection left out
    assert own["values"]["terms"]["field"] == "reviewer_specialties"
    assert set(_letter_rates(own, cond)) == {"facet_specialty"}


def test_the_facets_request_stays_cacheable():
    body = dsl.facets_request(
        SearchParams(q="acupuncture"), dsl.compiled_query(SearchParams(q="acupuncture"))
    )
    assert body["size"] == 0
    assert "post_filter" not in body


def _bucket(key: str, count: int, decided: int, overturned: int) -> dict[str, Any]:
    return {
        "key": key,
        "doc_count": count,
        dsl.RATE: {"doc_count": decided, "overturned": {"doc_count": overturned}},
    }


def test_reading_the_rates():
    specialty = {"key": "Pain Medicine", "doc_count": 5, "overturned": {"doc_count": 2}}
    aggs = {
        "all": {
            "doc_count": 4,
            "n": {
                "facet_decision": {"buckets": [{"key": "upheld", "doc_count": 5}]},
                "facet_category": {"buckets": [_bucket("Injections", 6, 5, 1)]},
                dsl.RATE: {"facet_specialty": {"buckets": [specialty]}, f"facet_{YEAR}": {"buckets": []}},
            },
            "facet_specialty": {"buckets": [{"key": "Pain Medicine", "doc_count": 3}]},
            f"facet_{YEAR}": {"buckets": [{"key": 0, "key_as_string": "2016", "doc_count": 2}]},
        }
    }
    facets = facet_counts(aggs, SearchParams(category=("Pharmaceuticals",), decision=("overturned",)))
    assert facets["decision"] == [FacetCount("upheld", 5, False), FacetCount("overturned", 0, True)]
    assert facets["category"] == [
        FacetCount("Injections", 6, False, 5, 1),
        FacetCount("Pharmaceuticals", 0, True, 0, 0),
    ]
    assert facets["specialty"] == [FacetCount("Pain Medicine", 3, False, 5, 2)]
    assert facets[YEAR] == [FacetCount("2016", 2, False, 0, 0)]
    injections = facets["category"][0]
    assert (injections.upheld, injections.overturn_rate) == (4, 0.2)
    assert facets[YEAR][0].overturn_rate is None
    assert facets["decision"][0].upheld is None


# --- against the engine ------------------------------------------------------------------------


corpus = module_corpus(150, seed=15, unclassified=True, traps=True)

SEARCHES: list[dict[str, Any]] = [
    {},
    {"category": ["Physical Medicine"]},
    {"category": ["Unclassified", "Pharmaceuticals"], "specialty": ["Pain Medicine"]},
    {"q": WORD},
    {"q": WORD, "specialty": ["Pain Medicine"]},
    # Every factory summary mentions "medications": the letters without "ladder" in their summary nor
    # "medications" in a decision only mention the search, and their decisions are not counted.
    {"q": "medications OR summary:ladder"},
    {"date_from": "2014-01-01", "date_to": "2015-06-30", "priority": ["expedited"]},
    {"guideline": ["ODG"], "state": ["CA", "TX"]},
    {"decision": ["overturned"], "subcategory": ["Acupuncture"]},
]


def _without(data: dict[str, Any], facet: str) -> dict[str, Any]:
    """The search without the selection of ``facet`` (whose counts ignore it): what its values count."""
    names = ("date_from", "date_to") if facet == YEAR else (facet,)
    return {k: v for k, v in data.items() if k not in names}


def rates(values: list[FacetCount]) -> dict[str, tuple[int, int]]:
    """{value: (decided, overturned)} of the values with decided decisions."""
    return {v.value: (v.decided, v.overturned) for v in values if v.decided}


def outcome_rates(groups: list[Outcome]) -> dict[str, tuple[int, int]]:
    return {str(g.value): (g.decisions, g.overturned) for g in groups}


@pytest.mark.integration
@pytest.mark.django_db
@pytest.mark.parametrize("data", SEARCHES)
def test_each_rate_is_the_outcome_of_its_value_by_that_facet(corpus, data):
    facets = run_search(SearchForm(data).params(), per_page=1, highlight=False).facets
    assert rates(facets[YEAR]) == outcome_rates(
        run_outcomes(SearchForm(_without(data, YEAR)).params(), "decision_year").groups
    )
    for facet in DIMENSIONS:
        outcomes = run_outcomes(SearchForm(_without(data, facet)).params(), facet)
        assert rates(facets[facet]) == outcome_rates(outcomes.groups), facet
    assert all(v.decided is None for v in facets["decision"])


@pytest.mark.integration
@pytest.mark.django_db
@pytest.mark.parametrize("data", [SEARCHES[0], SEARCHES[2], SEARCHES[4]])
def test_each_rate_is_the_outcome_of_the_search_with_its_value_selected(corpus, data):
    """Every facet, those without a breakdown of their own (region, section, admin_guideline) too."""
    facets = run_search(SearchForm(data).params(), per_page=1, highlight=False).facets
    checked = 0
    for facet in [f for f in FACETS if f.field != dsl.DECISION_FIELD]:
        values = sorted(facets[facet.param], key=lambda v: -v.count)[:4]
        checked += len(values)
        for value in values:
            total = run_outcomes(SearchForm({**data, facet.param: [value.value]}).params()).total
            assert (value.decided, value.overturned) == (total.decisions, total.overturned), (facet, value)
            assert value.overturn_rate == total.overturn_rate
    assert checked > 20


@pytest.mark.integration
@pytest.mark.django_db
def test_a_mention_and_an_undecided_decision_are_not_counted(corpus):
    """The searches above test something: a letter only mentioning the word is in a letter bucket
    (its overturned decision left out), and a matching decision was neither upheld nor overturned."""
    search = run_search(SearchParams(q=WORD, specialty=("Pain Medicine",)), per_page=1, highlight=False)
    assert search.letters_mentioning >= 1
    facets = run_search(SearchParams(q=WORD), per_page=1, highlight=False).facets
    acupuncture = next(v for v in facets["subcategory"] if v.value == "Acupuncture")
    assert acupuncture.decided is not None
    assert acupuncture.decided < acupuncture.count

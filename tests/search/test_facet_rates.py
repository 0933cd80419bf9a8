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
from search.facets import FACETS, YEAR, Level
from search.forms import SearchForm, SearchParams
from search.outcomes import Outcome, run_outcomes
from search.results import FacetCount, facet_counts
from tests.search.outcome_corpus import WORD, module_corpus

DIMENSIONS = ("category", "subcategory", "drug_class", "specialty", "state", "guideline", "priority")


def _aggs(data: dict[str, Any]) -> dict[str, Any]:
    params = SearchForm(data).params()
    return dsl.aggregations(dsl.conditions(params, dsl.compiled_query(params)))


RATE_NODES = (dsl.UNDECIDED, dsl.OVERTURNED, dsl.DECISIONS)


def _grouped(node: Any, under: tuple[str, ...] = ()) -> set[tuple[str, str]]:
    """(the filter aggregation above, field) of every terms aggregation and date histogram under an
    ``UNDECIDED``, ``OVERTURNED`` or ``DECISIONS`` filter in ``node``; none has sub-aggregations."""
    found: set[tuple[str, str]] = set()
    if isinstance(node, dict):
        for name, value in node.items():
            if not isinstance(value, dict):
                continue
            group = value.get("terms") or value.get("date_histogram")
            if len(under) > 1 and under[-2] in RATE_NODES and under[-1] == "aggs" and isinstance(group, dict):
                assert "aggs" not in value
                found.add((under[-2], group["field"]))
            found |= _grouped(value, (*under, name))
    return found


@pytest.mark.parametrize(
    "data", [{}, {"q": "acupuncture"}, {"category": ["Injections"], "specialty": ["Pain Medicine"]}]
)
def test_every_facet_value_but_the_decisions_own_counts_its_decided_and_overturned_decisions(data):
    """Each value's undecided and overturned decisions are grouped, and a letter-level value's (or a
    year's) decisions, whose bucket counts letters; a treatment-level value's count is its decisions."""
    letter = {f.decision_field for f in FACETS if f.level is Level.LETTER} | {"treatments.decision_date"}
    fields = letter | {f.decision_field for f in FACETS if f.field != dsl.DECISION_FIELD}
    assert _grouped(_aggs(data)) == {
        *((node, f) for node in (dsl.UNDECIDED, dsl.OVERTURNED) for f in fields),
        *((dsl.DECISIONS, f) for f in letter),
    }


def _rates(node: dict[str, Any], cond: dsl.Conditions) -> dict[str, Any]:
    """The groups of the matching decisions (of the letters about the search, under ``node``'s
    aggs) that a letter-level value's rate reads: all, the undecided, the overturned."""
    assert node[dsl.ABOUT]["filter"] == cond.about
    t = node[dsl.ABOUT]["aggs"]["n"]["aggs"]["t"]
    assert t["filter"] == cond.treatment_condition()
    decided = {"terms": {"treatments.decision": ["upheld", "overturned"]}}
    assert t["aggs"][dsl.UNDECIDED]["filter"] == {"bool": {"must_not": [decided]}}
    assert t["aggs"][dsl.OVERTURNED]["filter"] == {"term": {"treatments.decision": "overturned"}}
    assert t["aggs"][dsl.UNDECIDED]["aggs"] == t["aggs"][dsl.OVERTURNED]["aggs"]
    letter = dict(t["aggs"][dsl.DECISIONS]["aggs"])
    assert letter.items() <= t["aggs"][dsl.UNDECIDED]["aggs"].items()
    return letter


def test_a_letter_value_counts_the_matching_decisions_of_its_letters_about_the_search():
    params = SearchForm({"q": WORD, "scope": "decision"}).params()
    cond = dsl.conditions(params, dsl.compiled_query(params))
    assert cond.about is not None  # the search lists letters only mentioning the word
    shared = dsl.aggregations(cond)["all"]["aggs"]
    assert "aggs" not in shared["facet_specialty"]  # it counts letters
    assert _rates(shared, cond)["facet_specialty"]["terms"]["field"] == "treatments.reviewer_specialties"
    params = SearchForm({"q": WORD, "scope": "decision", "specialty": ["Pain Medicine"]}).params()
    cond = dsl.conditions(params, dsl.compiled_query(params))
    own = dsl.aggregations(cond)["facet_specialty"]["aggs"]  # its selection left out
    assert own["values"]["terms"]["field"] == "reviewer_specialties"
    assert set(_rates(own, cond)) == {"facet_specialty"}


def test_the_facets_request_stays_cacheable():
    body = dsl.facets_request(
        SearchParams(q="acupuncture"), dsl.compiled_query(SearchParams(q="acupuncture"))
    )
    assert body["size"] == 0
    assert "post_filter" not in body


def _groups(**counts: int) -> dict[str, Any]:
    return {"buckets": [{"key": key, "doc_count": n} for key, n in counts.items()]}


def test_reading_the_rates():
    aggs = {
        "all": {
            "doc_count": 4,
            "n": {
                "facet_decision": _groups(upheld=5),
                "facet_category": _groups(Injections=6),
                dsl.UNDECIDED: {
                    "facet_category": _groups(Injections=1),
                    "facet_specialty": _groups(**{"Pain Medicine": 2}),
                },
                dsl.DECISIONS: {"facet_specialty": _groups(**{"Pain Medicine": 7})},
                dsl.OVERTURNED: {
                    "facet_category": _groups(Injections=1),
                    "facet_specialty": _groups(**{"Pain Medicine": 2}),
                },
            },
            "facet_specialty": _groups(**{"Pain Medicine": 3}),
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

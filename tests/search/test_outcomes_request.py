"""The outcomes request and the reading of its answer, without a cluster."""

from __future__ import annotations

import pytest

from search import dsl
from search.facets import Level
from search.forms import SearchParams
from search.outcomes import CITATIONS, DIMENSIONS, UnknownDimension, dimension, sort_of
from search.outcomes.request import group_aggregation, group_value, groups, ordered, outcomes_request, total
from search.outcomes.stats import outcome

DECIDED = {"terms": {"treatments.decision": ["upheld", "overturned"]}}


def request(params: SearchParams, *bys: str) -> dict:
    groupings = {by: group_aggregation(dimension(by)) for by in bys}
    return outcomes_request(params, dsl.compiled_query(params), groupings)


def test_every_dimension_of_the_brief_in_order():
    assert [d.param for d in DIMENSIONS] == [
        "category", "subcategory", "drug_class", "specialty", "state", "guideline", "citation",
        "priority", "decision_year", "decision_quarter",
    ]  # fmt: skip
    assert dimension("guideline").field == "treatments.guideline_sources"
    assert dimension("citation").field == "treatments.guideline_sections"
    assert dimension("citation").limit == CITATIONS
    assert dimension("specialty").level is Level.LETTER
    with pytest.raises(UnknownDimension):
        dimension("colour")
    assert sort_of("rate") == "rate"
    with pytest.raises(ValueError, match="count"):
        sort_of("best")


def test_no_search_counts_every_decided_decision_once():
    body = request(SearchParams())
    assert body["size"] == 0
    assert body["aggs"]["n"]["aggs"]["t"]["filter"] == DECIDED
    assert set(body["aggs"]["n"]["aggs"]["t"]["aggs"]) == {"overturned"}


def test_every_dimension_groups_the_decisions_a_letter_one_by_the_letters_value_they_carry():
    inner = request(SearchParams(category=("Injections",)), "subcategory")["aggs"]
    t = inner["n"]["aggs"]["t"]
    assert t["filter"]["bool"]["filter"][1] == DECIDED
    assert t["aggs"]["subcategory"]["terms"]["field"] == "treatments.subcategory"
    assert set(inner) == {"n"}
    quarter = request(SearchParams(category=("Injections",)), "decision_quarter")["aggs"]["n"]["aggs"]["t"]
    assert quarter["filter"] == t["filter"]
    histogram = quarter["aggs"]["decision_quarter"]
    assert histogram["date_histogram"]["calendar_interval"] == "quarter"
    assert histogram["date_histogram"]["field"] == "treatments.decision_date"
    assert histogram["aggs"] == {"overturned": t["aggs"]["overturned"]}
    specialty = request(SearchParams(), "specialty")["aggs"]["n"]["aggs"]["t"]["aggs"]["specialty"]
    assert specialty["terms"]["field"] == "treatments.reviewer_specialties"


def test_several_breakdowns_are_one_request_over_the_same_decisions():
    params = SearchParams(q="acupuncture", category=("Injections",))
    both = request(params, "category", "specialty", "decision_year")
    t = both["aggs"]["n"]["aggs"]["t"]
    assert set(t["aggs"]) == {"overturned", "category", "specialty", "decision_year"}
    for by in ("category", "specialty", "decision_year"):
        alone = request(params, by)
        assert alone["query"] == both["query"]
        assert alone["aggs"]["n"]["aggs"]["t"]["filter"] == t["filter"]
        assert alone["aggs"]["n"]["aggs"]["t"]["aggs"][by] == t["aggs"][by]


def test_letters_that_only_mention_the_words_are_left_out():
    params = SearchParams(q="acupuncture")
    cond = dsl.conditions(params, dsl.compiled_query(params))
    assert cond.about is not None
    assert cond.about in request(params)["query"]["bool"]["filter"]
    params = SearchParams(q="acupuncture", category=("Injections",))  # no mentions listed
    assert dsl.conditions(params, dsl.compiled_query(params)).about is None


def bucket(key, decisions: int, overturned: int, **extra) -> dict:
    return {"key": key, "doc_count": decisions, "overturned": {"doc_count": overturned}, **extra}


def test_reading_the_answer():
    quarter = dimension("decision_quarter")
    assert group_value(quarter, {"key": 0, "key_as_string": "2017-04"}) == "2017-Q2"
    assert group_value(dimension("decision_year"), {"key": 0, "key_as_string": "2015"}) == 2015
    aggs = {
        "n": {
            "t": {
                "doc_count": 5,
                "overturned": {"doc_count": 2},
                "decision_quarter": {"buckets": [bucket(0, 5, 2, key_as_string="2017-10")]},
            }
        }
    }
    assert total(aggs) == outcome(None, 5, 2)
    assert groups(quarter, aggs) == [outcome("2017-Q4", 5, 2)]
    buckets = [bucket("MRI", 4, 1), bucket("CT", 1, 1)]
    nested = {"n": {"t": {"doc_count": 5, "subcategory": {"buckets": buckets}}}}
    assert groups(dimension("subcategory"), nested) == [outcome("MRI", 4, 1), outcome("CT", 1, 1)]


def test_the_orders_and_the_citation_limit():
    rows = [outcome("a", 10, 1), outcome("b", 10, 5), outcome("c", 20, 10), outcome("d", 2, 2)]
    assert [r.value for r in ordered(rows, "count")] == ["c", "a", "b", "d"]
    assert [r.value for r in ordered(rows, "rate")] == ["d", "c", "b", "a"]  # 0.5 tie: more decisions first
    assert [r.value for r in ordered(rows, "rate", limit=3)] == ["c", "b", "a"]  # the 3 largest, by rate

"""The letters a search finds: about it, or mentioning it in their story; evaluated once when the
mention holds every letter about it (search.dsl.Conditions.found). Pure, no cluster; the ground
truth tests (test_decision_truth.py) check the letters found against the generator's."""

from __future__ import annotations

import pytest

from search import dsl
from search.forms import SearchParams
from search.query.ast import excludes
from search.query.parser import parse


def conditions(q: str, scope: str = "decision") -> dsl.Conditions:
    params = SearchParams(q=q, scope=scope)
    return dsl.conditions(params, dsl.compiled_query(params))


@pytest.mark.parametrize(
    "q",
    ["massage", "massage w/5 spasm", "con* /s rec*", '"home exercise" OR acupuncture', "(a OR b) pre/3 c"],
)
def test_without_a_negation_the_letters_mentioning_the_search_are_the_letters_found(q: str) -> None:
    cond = conditions(q)
    assert cond.mention is not None
    assert cond.about is not None
    assert cond.found() == cond.mention
    compiled = dsl.compiled_query(SearchParams(q=q))
    assert dsl.build_query(compiled, cond)["bool"]["filter"][0] == cond.mention


@pytest.mark.parametrize(
    ("q", "scope"),
    [("massage -spasm", "decision"), ("massage", "request"), ("back w/5 summary:fall", "decision")],
)
def test_otherwise_a_letter_is_found_by_either(q: str, scope: str) -> None:
    # "massage -spasm" in a letter's story too may exclude a letter whose decisions alone it finds;
    # the request scope's sentences are not a part of the letter scope's; "back w/5 summary:fall"
    # runs on the summary in the decision scope, on the decisions and their story in the letter's.
    cond = conditions(q, scope)
    assert cond.mention is not None
    assert cond.about is not None
    assert cond.found() == {"bool": {"should": [cond.about, cond.mention], "minimum_should_match": 1}}


def test_no_mentions_no_found_clause() -> None:
    assert conditions("massage", "letter").found() is None  # the letter scope finds mentions itself
    assert conditions("-massage").found() is None  # an exclusion alone mentions nothing


@pytest.mark.parametrize(
    ("q", "negated"),
    [("a b", False), ("a -b", True), ("a w/5 (b OR -c)", True), ("(a OR b) /s c", False), ("NOT a", True)],
)
def test_excludes(q: str, negated: bool) -> None:
    node, _ = parse(q)
    assert node is not None
    assert excludes(node) is negated

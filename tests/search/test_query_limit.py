"""Queries with more terms than the limit keep their meaning for the terms kept."""

from __future__ import annotations

from search.query import MAX_LEAVES, _limit
from search.query.ast import And, Not, Or, Term, positive_leaves


def words(n: int, start: int = 0) -> tuple[Term, ...]:
    return tuple(Term(f"w{i}") for i in range(start, start + n))


def test_a_long_or_stays_an_or() -> None:
    messages: list[str] = []
    limited = _limit(Or(words(45)), messages)
    assert isinstance(limited, Or)
    assert len(limited.children) == MAX_LEAVES
    assert messages


def test_exclusions_are_never_lifted_out_of_their_not() -> None:
    node = Or((*words(44), Not(Term("secret"))))
    limited = _limit(node, [])
    assert Term("secret") not in positive_leaves(limited)


def test_nothing_but_an_exclusion_left_falls_back_to_positive_terms() -> None:
    node = And((Not(Term("secret")), Or(words(45))))
    limited = _limit(node, [])
    assert positive_leaves(limited)
    assert Term("secret") not in positive_leaves(limited)


def test_short_queries_are_untouched() -> None:
    node = And(words(3))
    assert _limit(node, []) is node

"""Proximity searches (``w/N``, ``pre/N``, ``/s``, ``/p``) as OpenSearch interval rules. Pure, no I/O.

A rule is built for one field at a time (``interval_rule(node, field)``): the intervals query runs
on that field.

- Words and phrases mean what they mean on their own: a word matches the field (stemmed, with the
  synonyms), a phrase, a prefix or a wildcard its unstemmed ``.exact`` sub-field (``use_field``;
  a field without one, such as ``treatments.drug_name``, is not stemmed and is used itself). The
  sub-field has the field's positions and position gap, so the intervals of both combine.
- ``/s`` and ``/p`` never cross a boundary: values of a sentence array are ``SENTENCE_GAP``
  positions apart and passages of a passage array (``treatments.context``) ``PASSAGE_GAP``, and a
  unit allows half of its gap. Everything inside a unit keeps to it: in ``(a AND b) /s c``, ``a``
  and ``b`` are in the sentence too.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from search.indexes import PASSAGE_GAP, SENTENCE_GAP, LetterDocument
from search.query.ast import And, Near, Node, Or, Phrase, Prefix, Term, Unit
from search.query.clause import Clause

UNBOUNDED = -1  # max_gaps: any distance
SENTENCE_GAPS = SENTENCE_GAP // 2  # the most gaps within a sentence
PASSAGE_GAPS = PASSAGE_GAP // 2  # the most gaps within a passage (a paragraph)
EXACT = "exact"  # the unstemmed sub-field


def units(node: Node) -> set[str]:
    """The proximity units (words, sentence, paragraph) used anywhere in ``node``."""
    if isinstance(node, Near):
        return {node.unit} | units(node.left) | units(node.right)
    if isinstance(node, And | Or):
        return set().union(*(units(c) for c in node.children))
    return set()


def interval_rule(node: Node, field: str) -> Clause | None:
    """The interval rule of ``node`` on ``field``; None where the node cannot take part (a negation)."""
    return _rule(node, field, UNBOUNDED)


def exact_field(field: str) -> str:
    """The field a phrase, prefix or wildcard of a proximity search on ``field`` matches: its
    ``.exact`` sub-field, or ``field`` itself when the mapping gives it none."""
    return f"{field}.{EXACT}" if EXACT in _subfields(field) else field


def _rule(node: Node, field: str, within: int) -> Clause | None:
    """The rule of ``node``; ``within``: the most gaps the enclosing units allow (UNBOUNDED: any)."""
    if isinstance(node, Term):
        return {"match": {"query": node.text, "max_gaps": 0, "mode": "ordered"}}
    if isinstance(node, Phrase):
        return {"match": {"query": node.text, "max_gaps": 0, "mode": "ordered", **_unstemmed(field)}}
    if isinstance(node, Prefix):
        pattern = node.text.lower()
        stem = pattern.rstrip("*")
        if "*" not in stem and "?" not in stem:
            return {"prefix": {"prefix": stem, **_unstemmed(field)}}
        return {"wildcard": {"pattern": pattern, **_unstemmed(field)}}
    if isinstance(node, Or | And):
        parts = [p for p in (_rule(c, field, within) for c in node.children) if p is not None]
        if not parts:
            return None
        if len(parts) == 1:
            return parts[0]
        if isinstance(node, Or):
            return {"any_of": {"intervals": parts}}
        return {"all_of": {"intervals": parts, "mode": "unordered", "max_gaps": within}}
    if isinstance(node, Near):
        inner = _tightest(within, _unit_gaps(node.unit))
        left, right = _rule(node.left, field, inner), _rule(node.right, field, inner)
        if left is None or right is None:
            return left or right
        gaps = inner if node.unit in ("sentence", "paragraph") else _tightest(inner, node.distance)
        mode = "ordered" if node.ordered else "unordered"
        return {"all_of": {"intervals": [left, right], "mode": mode, "max_gaps": gaps}}
    return None  # Not: exclusions cannot take part in proximity


def _unit_gaps(unit: Unit) -> int:
    """The most gaps a sentence or paragraph allows (UNBOUNDED for words: their distance is theirs)."""
    return {"sentence": SENTENCE_GAPS, "paragraph": PASSAGE_GAPS}.get(unit, UNBOUNDED)


def _tightest(a: int, b: int) -> int:
    """The smaller of two max_gaps, UNBOUNDED being the largest."""
    if a == UNBOUNDED:
        return b
    if b == UNBOUNDED:
        return a
    return min(a, b)


def _unstemmed(field: str) -> dict[str, str]:
    """``use_field`` for the unstemmed sub-field of ``field``, or nothing when it has none."""
    exact = exact_field(field)
    return {"use_field": exact} if exact != field else {}


@cache
def _subfields(field: str) -> frozenset[str]:
    """The names of ``field``'s sub-fields in the letter mapping (none for an unknown field)."""
    mapping: dict[str, Any] = LetterDocument.mapping_dict()
    for name in field.split("."):
        mapping = mapping.get("properties", {}).get(name, {})
    return frozenset(mapping.get("fields", {}))

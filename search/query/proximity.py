"""Proximity searches (``w/N``, ``pre/N``, ``/s``, ``/p``) as OpenSearch interval rules. Pure, no I/O.

A rule is built for one field at a time (``interval_rule(node, field)``): the intervals query runs
on that field, and the sentence unit relies on the position gap between its values
(``search.indexes.SENTENCE_GAP``).
"""

from __future__ import annotations

from search.indexes import SENTENCE_GAP
from search.query.ast import And, Near, Node, Or, Phrase, Prefix, Term
from search.query.clause import Clause


def units(node: Node) -> set[str]:
    """The proximity units (words, sentence, paragraph) used anywhere in ``node``."""
    if isinstance(node, Near):
        return {node.unit} | units(node.left) | units(node.right)
    if isinstance(node, And | Or):
        return set().union(*(units(c) for c in node.children))
    return set()


def interval_rule(node: Node, field: str) -> Clause | None:
    """The interval rule of ``node`` on ``field``; None where the node cannot take part (a negation)."""
    if isinstance(node, Term):
        return {"match": {"query": node.text, "max_gaps": 0, "mode": "ordered"}}
    if isinstance(node, Phrase):
        return {"match": {"query": node.text, "max_gaps": 0, "mode": "ordered"}}
    if isinstance(node, Prefix):
        pattern = node.text.lower()
        stem = pattern.rstrip("*")
        if "*" not in stem and "?" not in stem:
            return {"prefix": {"prefix": stem}}
        return {"wildcard": {"pattern": pattern}}
    if isinstance(node, Or | And):
        parts = [p for p in (interval_rule(c, field) for c in node.children) if p is not None]
        if not parts:
            return None
        if len(parts) == 1:
            return parts[0]
        if isinstance(node, Or):
            return {"any_of": {"intervals": parts}}
        return {"all_of": {"intervals": parts, "mode": "unordered", "max_gaps": -1}}
    if isinstance(node, Near):
        left, right = interval_rule(node.left, field), interval_rule(node.right, field)
        if left is None or right is None:
            return left or right
        if node.unit == "sentence":
            gaps = SENTENCE_GAP // 2
        elif node.unit == "paragraph":
            gaps = -1
        else:
            gaps = node.distance
        mode = "ordered" if node.ordered else "unordered"
        return {"all_of": {"intervals": [left, right], "mode": mode, "max_gaps": gaps}}
    return None  # Not: exclusions cannot take part in proximity

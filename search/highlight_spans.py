"""A proximity search (``w/N``, ``pre/N``, ``/s``, ``/p``) as a span query, for highlighting only.

The search matches proximity with interval rules (``search.query.proximity``), but OpenSearch's
unified highlighter does not read an intervals query by position: it marks every occurrence of
its words (measured on OpenSearch 3.8; it has no Weight#matches mode). Span queries it does read
by position (its phrase helper): only the terms of a span that satisfies the query are marked. So
the highlighter is given the same tree as span queries, rule for rule:

- a word or phrase: its index terms (``search.query.analysis``), in order and adjacent; a
  synonym's forms as alternatives (``span_or``) in its stretch of the word;
- a prefix or wildcard: ``span_multi`` on the same field;
- OR: ``span_or``; AND: ``span_near`` in any order, as far apart as the enclosing unit allows;
- ``a w/N b``: ``span_near`` with slop N in any order, ``pre/N`` in order; ``/s`` and ``/p``: as
  far apart as the unit allows (half its position gap), like the interval rules; a unit also
  bounds what is inside it.

A span's terms must be those of the field it marks: the words are analyzed for the stemmed field
(a phrase too, where the search matches it unstemmed on ``.exact``: a phrase differing only in
word endings next to the other words would be marked as well).
"""

from __future__ import annotations

from search.indexes import PASSAGE_GAP, SENTENCE_GAP
from search.query.analysis import Analysis, Path
from search.query.ast import And, Near, Node, Or, Phrase, Prefix, Term
from search.query.clause import Clause

ANY_DISTANCE = 1_000_000_000  # slop with no bound (the interval rules' max_gaps -1)
UNIT_GAPS = {"sentence": SENTENCE_GAP // 2, "paragraph": PASSAGE_GAP // 2}


def span_query(node: Node, field: str, analysis: Analysis) -> Clause | None:
    """The span query of ``node`` on ``field``; None where nothing in it can be marked."""
    return _span(node, field, analysis, ANY_DISTANCE)


def _span(node: Node, field: str, analysis: Analysis, within: int) -> Clause | None:
    """``within``: the most positions between terms that the enclosing units allow."""
    if isinstance(node, Term | Phrase):
        stretches = [_any_of([_sequence(path, field) for path in s]) for s in analysis.graph(node)]
        return _near([s for s in stretches if s], 0, ordered=True)
    if isinstance(node, Prefix):
        return _prefix(node, field)
    if isinstance(node, Or):
        return _any_of([p for p in (_span(c, field, analysis, within) for c in node.children) if p])
    if isinstance(node, And):
        parts = [p for p in (_span(c, field, analysis, within) for c in node.children) if p]
        return _near(parts, within, ordered=False)
    if isinstance(node, Near):
        inner = min(within, UNIT_GAPS.get(node.unit, ANY_DISTANCE))
        left, right = _span(node.left, field, analysis, inner), _span(node.right, field, analysis, inner)
        if left is None or right is None:
            return left or right
        slop = inner if node.unit in UNIT_GAPS else min(inner, node.distance)
        return _near([left, right], slop, ordered=node.ordered)
    return None  # a negation: never marked


def _sequence(path: Path, field: str) -> Clause:
    terms: list[Clause] = [{"span_term": {field: term}} for term in path]
    if len(terms) == 1:
        return terms[0]
    return {"span_near": {"clauses": terms, "slop": 0, "in_order": True}}


def _near(parts: list[Clause], slop: int, *, ordered: bool) -> Clause | None:
    if len(parts) <= 1:
        return parts[0] if parts else None
    return {"span_near": {"clauses": parts, "slop": slop, "in_order": ordered}}


def _any_of(parts: list[Clause]) -> Clause | None:
    if len(parts) <= 1:
        return parts[0] if parts else None
    return {"span_or": {"clauses": parts}}


def _prefix(node: Prefix, field: str) -> Clause:
    pattern = node.text.lower()
    stem = pattern.rstrip("*")
    if "*" not in stem and "?" not in stem:
        return {"span_multi": {"match": {"prefix": {field: {"value": stem}}}}}
    return {"span_multi": {"match": {"wildcard": {field: {"value": pattern}}}}}

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

Words are read from the engine's analysis (``search.query.analysis``) when the search has it,
stretch by stretch, so that a rule grows with the sum of the words' forms, not their product.
The engine pulls every alternative (``any_of``) up through the gap-sensitive rules (``max_gaps``),
expanding a rule into the combinations of its alternatives (Lucene does so to find a form that
holds another, "hydrocodone bitartrate" and "hydrocodone", at either length); ``size`` counts
them as it does. Alternatives none of which holds another are found exactly without that, and
are sent whole (``_whole``: the engine keeps a filtered ``any_of`` as it is). So a word is read:

- exactly, while its rule holds at most ``EXACT_TERMS`` terms: each stretch one whole alternative
  of its forms a length (two, most often), every form found as the engine finds it;
- else by its shortest forms, a stretch one whole alternative ("hydrocodone bitartrate" found as
  "hydrocodone", a distance counted from it), and the search's ORs whole too;
- and beyond ``MAX_TERMS`` terms, not at all: the search expands to too many forms
  (``TooManyForms``).

Without the analysis (``NOT_ANALYZED``) the engine analyzes each word itself (``match``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache
from typing import Any

from search.indexes import PASSAGE_GAP, SENTENCE_GAP, LetterDocument
from search.query.analysis import MAX_PATHS, Analysis, Path, Stretch
from search.query.ast import And, Near, Node, Or, Phrase, Prefix, Term, Unit
from search.query.clause import Clause

UNBOUNDED = -1  # max_gaps: any distance
SENTENCE_GAPS = SENTENCE_GAP // 2  # the most gaps within a sentence
PASSAGE_GAPS = PASSAGE_GAP // 2  # the most gaps within a passage (a paragraph)
EXACT = "exact"  # the unstemmed sub-field
# The most index terms one proximity rule may hold as the engine expands it. A page's request holds
# the rule up to seven times (fields, the scored and matching forms, the letters mentioning it)
# and the engine refuses a query of more than 1,024 terms in all: ``norco-lortab-vicodin-zohydro``
# (four stretches of some fifteen shortest forms) fits, with room for a few other words. Words keep
# every form as the engine finds it (``exact``) while the rule holds at most ``EXACT_TERMS``.
MAX_TERMS = 120
EXACT_TERMS = 60
NOT_ANALYZED = Analysis()


class TooManyForms(ValueError):
    """A proximity search whose words expand to more forms than one rule may hold (``MAX_TERMS``)."""


@dataclass(frozen=True)
class _Reading:
    """How words are read: ``exact``, every form as the engine finds it; else the shortest, whole."""

    analysis: Analysis
    exact: bool


@dataclass(frozen=True)
class Size:
    """A rule as the engine expands it (its alternatives pulled up through the gap-sensitive rules)."""

    readings: int  # the alternatives it expands into
    terms: int  # the index terms of all of them: what the engine's clause limit counts


def units(node: Node) -> set[str]:
    """The proximity units (words, sentence, paragraph) used anywhere in ``node``."""
    if isinstance(node, Near):
        return {node.unit} | units(node.left) | units(node.right)
    if isinstance(node, And | Or):
        return set().union(*(units(c) for c in node.children))
    return set()


def interval_rule(node: Node, field: str, analysis: Analysis = NOT_ANALYZED) -> Clause | None:
    """The interval rule of ``node`` on ``field``; None where the node cannot take part (a negation).

    Its words as the engine reads them while that fits ``EXACT_TERMS``, else by their shortest
    forms; ``TooManyForms`` when even those do not fit ``MAX_TERMS``.
    """
    rule = _rule(node, field, UNBOUNDED, _Reading(analysis, exact=True))
    if rule is None or size(rule).terms <= EXACT_TERMS:
        return rule
    rule = _rule(node, field, UNBOUNDED, _Reading(analysis, exact=False))
    if rule is not None and size(rule).terms > MAX_TERMS:
        raise TooManyForms(size(rule).terms)
    return rule


def size(rule: Clause) -> Size:
    """``rule`` as the engine expands it: an ``all_of`` into the combinations of its parts'
    alternatives, an ``any_of`` into its parts', a whole one (filtered) not."""
    ((kind, body),) = rule.items()
    if kind == "match":
        return Size(1, max(1, len(str(body["query"]).split())))
    if kind not in ("all_of", "any_of"):  # a prefix or a wildcard
        return Size(1, 1)
    parts = [size(part) for part in body["intervals"]]
    terms = sum(p.terms for p in parts)
    if kind == "any_of":
        return Size(1, terms + 1) if "filter" in body else Size(sum(p.readings for p in parts), terms)
    readings = math.prod(p.readings for p in parts)
    return Size(readings, sum(p.terms * (readings // p.readings) for p in parts))


def exact_field(field: str) -> str:
    """The field a phrase, prefix or wildcard of a proximity search on ``field`` matches: its
    ``.exact`` sub-field, or ``field`` itself when the mapping gives it none."""
    return f"{field}.{EXACT}" if EXACT in _subfields(field) else field


def _rule(node: Node, field: str, within: int, reading: _Reading) -> Clause | None:
    """The rule of ``node``; ``within``: the most gaps the enclosing units allow (UNBOUNDED: any)."""
    if isinstance(node, Term):
        return _word(node, reading)
    if isinstance(node, Phrase):
        return {"match": {"query": node.text, "max_gaps": 0, "mode": "ordered", **_unstemmed(field)}}
    if isinstance(node, Prefix):
        pattern = node.text.lower()
        stem = pattern.rstrip("*")
        if "*" not in stem and "?" not in stem:
            return {"prefix": {"prefix": stem, **_unstemmed(field)}}
        return {"wildcard": {"pattern": pattern, **_unstemmed(field)}}
    if isinstance(node, Or | And):
        parts = [p for p in (_rule(c, field, within, reading) for c in node.children) if p is not None]
        if not parts:
            return None
        if len(parts) == 1:
            return parts[0]
        if isinstance(node, Or):
            return _any_of(parts) if reading.exact else _whole(parts)
        return {"all_of": {"intervals": parts, "mode": "unordered", "max_gaps": within}}
    if isinstance(node, Near):
        inner = _tightest(within, _unit_gaps(node.unit))
        left, right = _rule(node.left, field, inner, reading), _rule(node.right, field, inner, reading)
        if left is None or right is None:
            return left or right
        gaps = inner if node.unit in ("sentence", "paragraph") else _tightest(inner, node.distance)
        mode = "ordered" if node.ordered else "unordered"
        return {"all_of": {"intervals": [left, right], "mode": mode, "max_gaps": gaps}}
    return None  # Not: exclusions cannot take part in proximity


def _word(node: Term, reading: _Reading) -> Clause:
    """A word: its stretches in order, each its forms (``exact``: by length; else its shortest)."""
    graph = reading.analysis.known(node)
    if not graph:  # not analyzed: the engine analyzes it
        return {"match": {"query": node.text, "max_gaps": 0, "mode": "ordered"}}
    return _in_order([_stretch(stretch, exact=reading.exact) for stretch in graph])


def _stretch(stretch: Stretch, *, exact: bool) -> Clause:
    if len(stretch) >= MAX_PATHS:  # forms may have been left out
        raise TooManyForms(len(stretch))
    if not exact:
        shortest = [path for path in stretch if not any(_holds(path, other) for other in stretch)]
        return _whole([_terms(path) for path in shortest])
    lengths = sorted({len(path) for path in stretch})
    return _any_of([_whole([_terms(path) for path in stretch if len(path) == n]) for n in lengths])


def _whole(parts: list[Clause]) -> Clause:
    """Alternatives the engine does not expand: filtered by ``not_overlapping`` a term no analyzer
    writes (it holds a space), which keeps them whole. Found exactly where none holds another."""
    rule = _any_of(parts)
    if "any_of" in rule:
        nothing = {"match": {"query": "no term", "analyzer": "keyword"}}
        rule["any_of"]["filter"] = {"not_overlapping": nothing}
    return rule


def _terms(path: Path) -> Clause:
    """Index terms at consecutive positions, as they are (the whitespace analyzer keeps them)."""
    return {"match": {"query": " ".join(path), "analyzer": "whitespace", "max_gaps": 0, "mode": "ordered"}}


def _holds(path: Path, other: Path) -> bool:
    """Whether ``other`` is a shorter run of ``path``'s terms ("hydrocodone" of "hydrocodone bitartrate")."""
    n = len(other)
    return n < len(path) and any(path[i : i + n] == other for i in range(len(path) - n + 1))


def _in_order(parts: list[Clause]) -> Clause:
    return parts[0] if len(parts) == 1 else {"all_of": {"intervals": parts, "mode": "ordered", "max_gaps": 0}}


def _any_of(parts: list[Clause]) -> Clause:
    return parts[0] if len(parts) == 1 else {"any_of": {"intervals": parts}}


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

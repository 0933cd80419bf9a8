"""Highlighting: what to ask OpenSearch to mark, and its marked fields read back as safe HTML.

What is marked is what satisfies the query (``search.highlight_clauses``): a word alone wherever
it is searched, a phrase as a phrase, a proximity search only where its words are near each other
as it asks, nothing negated. A result card gets the best rationale passages and the request
(``treatment_highlight``); the letter page gets whole fields (``whole_letter_highlight``).

A proximity search is marked with span queries, which name index terms: ``analyze(compiled,
send)`` asks the engine for the terms of its words (one ``_analyze`` call each, none for a
search without proximity), and both builders take that ``Analysis``. Without it, a word stands
for itself (``search.query.analysis``).

Fragments come back HTML-encoded (``encoder: html``) with ``<mark>`` tags; ``safe_fragment`` and
``merge`` write them again as escaped text where only ``<mark>`` survives.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from search.highlight_clauses import ARRAYS, RATIONALE, REQUEST, SHOWN, SUMMARY, marks
from search.highlight_marks import POST, PRE, Marked
from search.query import CompiledQuery
from search.query import analysis as query_analysis
from search.query.analysis import Analysis
from search.query.clause import Clause

FRAGMENT_SIZE = 200
FRAGMENTS = 3
# A whole field, marked or not (``no_match_size``), and the most of a field analyzed to mark it
# (the sentence arrays have no offsets in the index: the highlighter analyzes their text again).
WHOLE = 1_000_000
# The arrays (sentences, paragraphs) whose values are pieces of each shown field.
PIECES = {
    shown: tuple(dict.fromkeys(a for a, split in ARRAYS.values() if shown in split))
    for shown in dict.fromkeys(SHOWN.values())
}
# A piece found in none of a field's passages is a passage of its own for the rationale (a
# card's passages), unless it is the request's.
_OWN_PASSAGE_UNLESS_IN = {RATIONALE: (REQUEST,)}

__all__ = [
    "FRAGMENTS",
    "FRAGMENT_SIZE",
    "POST",
    "PRE",
    "Analysis",
    "analyze",
    "merge",
    "safe_fragment",
    "summary_highlight",
    "treatment_highlight",
    "whole_letter_highlight",
]


def safe_fragment(fragment: str) -> str:
    """An engine fragment as safe HTML: escaped text, ``<mark>`` only, adjacent marks as one."""
    return Marked.read(fragment).html()


def analyze(compiled: CompiledQuery, send: Callable[[str, str], Mapping[str, Any]]) -> Analysis:
    """The index terms of the query's proximity words; ``send(analyzer, text)`` is one ``_analyze``."""
    return query_analysis.analyze(compiled.tree, send)


def treatment_highlight(compiled: CompiledQuery, analysis: Analysis | None = None) -> dict[str, Any] | None:
    """A result card's marks: the best rationale passages, bounded in size, and the whole request.

    The request is always returned (marked or not): a piece of an array (a sentence, a paragraph)
    is a rationale passage only when it is not the request's (``merge``).
    """
    found = marks(compiled.tree, analysis or Analysis())
    passages = [f for f in (RATIONALE, _exact(RATIONALE), *PIECES[RATIONALE]) if found.get(f)]
    if not passages and not found.get(REQUEST) and not found.get(_exact(REQUEST)):
        return None
    bounded = {"fragment_size": FRAGMENT_SIZE, "number_of_fragments": FRAGMENTS}
    fields: dict[str, Any] = {REQUEST: _whole(found.get(REQUEST))}
    if found.get(_exact(REQUEST)):
        fields[_exact(REQUEST)] = _marked(found[_exact(REQUEST)], number_of_fragments=0)
    for field in passages:
        fields[field] = _marked(found[field], **bounded)
    return _options(fields)


def summary_highlight(compiled: CompiledQuery, analysis: Analysis | None = None) -> dict[str, Any] | None:
    """The best summary passage where the search's words are, for the card of a letter found only
    because its story mentions them (the query in the letter scope, ``CompiledQuery.anywhere``)."""
    found = marks(compiled.anywhere, analysis or Analysis()).get(SUMMARY)
    if not found:
        return None
    return _options({SUMMARY: _marked(found, fragment_size=FRAGMENT_SIZE, number_of_fragments=1)})


def whole_letter_highlight(
    compiled: CompiledQuery, fields: tuple[str, ...], analysis: Analysis | None = None
) -> dict[str, Any] | None:
    """Whole fields (``number_of_fragments`` 0) for the letter page, each returned marked or not.

    ``fields`` names the shown fields (``treatments.request``, ``treatments.rationale``,
    ``summary``; a ``.exact`` sub-field stands for its field). Their ``.exact`` sub-fields and
    the arrays holding their sentences or paragraphs are added where a proximity search marks
    them. None when the query marks nothing anywhere.
    """
    found = marks(compiled.tree, analysis or Analysis())
    if not any(found.values()):
        return None
    shown = [f for f in dict.fromkeys(name.removesuffix(".exact") for name in fields) if f in PIECES]
    spec: dict[str, Any] = {f: _whole(found.get(f)) for f in shown}
    for field in dict.fromkeys(x for f in shown for x in (_exact(f), *PIECES[f])):
        if found.get(field):
            spec[field] = _marked(found[field], number_of_fragments=0)
    return _options(spec) if spec else None


def merge(highlight: Mapping[str, list[str]], field: str) -> list[str]:
    """The marked fragments of ``field`` as safe HTML, best first, at most ``FRAGMENTS``.

    The marks of the arrays holding the field's sentences and paragraphs are placed where their
    piece stands in the field's fragments; a piece standing in none is a passage of its own for
    the rationale (unless it is the request's). For a whole field the first fragment is the whole
    field.
    """
    fragments: list[Marked] = []
    for name in (field, f"{field}.exact"):
        for marked in map(Marked.read, highlight.get(name, [])):
            same = next((i for i, f in enumerate(fragments) if f.text == marked.text), None)
            if same is None:
                fragments.append(marked)
            else:
                fragments[same] = fragments[same].union(marked)
    elsewhere = [
        Marked.read(f).text
        for other in _OWN_PASSAGE_UNLESS_IN.get(field, ())
        for f in highlight.get(other, [])
    ]
    pieces = [Marked.read(f) for array in PIECES.get(field, ()) for f in highlight.get(array, [])]
    for piece in pieces:
        placed = False
        for i, fragment in enumerate(fragments):
            with_piece = fragment.with_marks_of(piece)
            if with_piece is not None:
                fragments[i], placed = with_piece, True
        if not placed and field in _OWN_PASSAGE_UNLESS_IN and not any(piece.text in t for t in elsewhere):
            fragments.append(piece)
    return list(dict.fromkeys(f.html() for f in fragments if f.text))[:FRAGMENTS]


def _whole(clauses: list[Clause] | None) -> dict[str, Any]:
    """A whole field, marked where ``clauses`` match, returned even when nothing is marked."""
    return {"highlight_query": _any(clauses or []), "number_of_fragments": 0, "no_match_size": WHOLE}


def _marked(clauses: list[Clause], **size: int) -> dict[str, Any]:
    """A field returned only where ``clauses`` mark it."""
    return {"highlight_query": _any(clauses), **size, "max_analyzer_offset": WHOLE}


def _exact(field: str) -> str:
    return f"{field}.exact"


def _any(clauses: list[Clause]) -> Clause:
    if not clauses:
        return {"match_none": {}}
    if len(clauses) == 1:
        return clauses[0]
    return {"bool": {"should": clauses, "minimum_should_match": 1}}


def _options(fields: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "unified",
        "encoder": "html",
        "pre_tags": [PRE],
        "post_tags": [POST],
        "require_field_match": True,
        "fields": fields,
    }

"""Which clause marks which field of a letter: the search's tree, part by part, where it matches.

What is marked is what satisfies the query, never every occurrence of its words:

- a word alone: everywhere in the fields its scope and field prefix search (``decision``: the
  request and rationale; ``request``: the request; ``letter``: the summary too; ``rationale:``
  the rationale only, ``summary:`` the summary only; ``guideline:`` and ``case:`` nothing shown);
- words side by side (a run, as the search reads them: ``search.query.builder``): each word, and
  the words together, so the multi-word synonyms they form are marked (``urine drug screen``
  marks "UDS"); a synonym of several words is marked as a phrase (the ``match`` query's synonym
  phrases), never its words alone;
- a phrase: the phrase, not its words;
- a proximity search: the terms of each span that satisfies it (``search.highlight_spans``), in the
  fields it runs on; where it runs on an array of sentences or paragraphs (values kept apart), on
  that array when the mapping stores it, its marks carried back to the text (``highlight.merge``);
- nothing under a negation.

The tree is the search's own, limited and with its scope applied (``CompiledQuery.tree``).
"""

from __future__ import annotations

from functools import cache
from typing import Any

from search.highlight_spans import span_query
from search.indexes import ENGLISH, LetterDocument
from search.query.analysis import Analysis
from search.query.ast import And, Near, Node, Not, Or, Phrase, Prefix, Term, leaves
from search.query.builder import terms_run
from search.query.cases import CASE_NUMBER
from search.query.clause import Clause
from search.query.fields import bare, target
from search.query.proximity import EXACT, units

REQUEST = "treatments.request"
RATIONALE = "treatments.rationale"
SUMMARY = "summary"
SENTENCES = "treatments.sentences"  # the request's and the rationale's sentences
PARAGRAPHS = "treatments.paragraphs"  # the request's and the rationale's paragraphs
SUMMARY_SENTENCES = "summary_sentences"
# The field of the letter page that shows what a search field holds. The letter's story
# (``treatments.context``: the summary's paragraphs, the mechanism, each diagnosis) is marked in
# the summary as a whole.
SHOWN = {REQUEST: REQUEST, RATIONALE: RATIONALE, "treatments.context": SUMMARY, SUMMARY: SUMMARY}
# The arrays a proximity search runs on whose values (sentences, paragraphs) are pieces of shown
# fields: the array to highlight, and the fields its values come from.
ARRAYS: dict[str, tuple[str, tuple[str, ...]]] = {
    SENTENCES: (SENTENCES, (REQUEST, RATIONALE)),
    PARAGRAPHS: (PARAGRAPHS, (REQUEST, RATIONALE)),
    SUMMARY_SENTENCES: (SUMMARY_SENTENCES, (SUMMARY,)),
    "treatments.context_sentences": (SUMMARY_SENTENCES, (SUMMARY,)),  # the same sentences
}
Marks = dict[str, list[Clause]]  # highlighted field -> clauses (any of them marks)


def marks(node: Node | None, analysis: Analysis) -> Marks:
    """The clauses marking each field: what satisfies ``node`` there."""
    found: Marks = {}
    if node is not None:
        _walk(node, analysis, found)
    return found


def _walk(node: Node, analysis: Analysis, found: Marks) -> None:
    if isinstance(node, Not):
        return
    if isinstance(node, And | Or):
        for child in node.children:
            _walk(child, analysis, found)
        if isinstance(node, And):
            for run in terms_run(list(node.children)):
                if isinstance(run, tuple):
                    _together(run, found)
        return
    if isinstance(node, Near):
        _proximity(node, analysis, found)
        return
    if isinstance(node, Term) and CASE_NUMBER.match(node.text):
        return  # a case number finds its letter, it is not a word of the text
    for shown in _shown(tuple(bare(f) for f in target(node.field).text)):
        _add(found, shown, _leaf(node, shown))


def _together(run: tuple[Term, ...], found: Marks) -> None:
    """The words of a run together, as the search also matches them (``builder._run_clause``)."""
    words = " ".join(word.text for word in run)
    for shown in _shown(tuple(bare(f) for f in target(run[0].field).text)):
        _add(found, shown, {"match": {shown: {"query": words, "operator": "and"}}})


def _leaf(node: Term | Phrase | Prefix, field: str) -> Clause:
    if isinstance(node, Term):  # analyzed as the search does: stemmed, with the synonyms
        return {"match": {field: {"query": node.text}}}
    if isinstance(node, Phrase):  # the phrase only, stemmed like the field it marks
        return {"match_phrase": {field: {"query": node.text, "analyzer": ENGLISH}}}
    pattern = node.text.lower()
    stem = pattern.rstrip("*")
    if "*" not in stem and "?" not in stem:
        return {"prefix": {field: {"value": stem}}}
    return {"wildcard": {field: {"value": pattern}}}


def _proximity(node: Near, analysis: Analysis, found: Marks) -> None:
    """Spans of ``node`` in each field it runs on (``search.query.builder.near_clause``).

    An array whose values are sentences or paragraphs is highlighted itself when the mapping
    stores it (``highlight.merge`` carries its marks back to the text); otherwise the fields its
    values come from are, and a unit is then as wide as the whole field. Without the engine's
    analysis of the words, the spans go on the shown fields' unstemmed ``.exact`` sub-fields, where
    a phrase is found as typed (never on an array's: the highlighter cannot load the sub-field of a
    stored field, it fails the request).
    """
    tgt = target(next((leaf.field for leaf in leaves(node) if leaf.field), None))
    for name in tgt.sentences if "sentence" in units(node) else tgt.proximity:
        array, split = ARRAYS.get(name, (name, ()))
        if split and analysis.analyzed and stored(array):
            _add(found, array, span_query(node, array, analysis))
            continue
        for shown in split or _shown((name,)):
            field = shown if analysis.analyzed else f"{shown}.{EXACT}"
            _add(found, field, span_query(node, field, analysis))


def _shown(fields: tuple[str, ...]) -> list[str]:
    return list(dict.fromkeys(SHOWN[f] for f in fields if f in SHOWN))


def _add(found: Marks, field: str, clause: Clause | None) -> None:
    if clause is not None and clause not in found.setdefault(field, []):
        found[field].append(clause)


@cache
def stored(field: str) -> bool:
    """Whether the mapping stores ``field``'s values (a sentence array is not in ``_source``)."""
    mapping: dict[str, Any] = LetterDocument.mapping_dict()
    for name in field.split("."):
        mapping = mapping.get("properties", {}).get(name, {})
    return bool(mapping.get("store"))

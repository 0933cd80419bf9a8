"""Where the words of a query match, and where they are scored.

A plain word of the search box matches a decision when it is in the decision's own text: its
request, rationale, drug name or guideline citations. All four are copied into one field,
``treatments.text`` (and ``treatments.text.exact`` for phrases and prefixes), so whether a
treatment matches is read from one posting list a word instead of four. ``match_form`` rewrites
the builder's clauses on the default fields (``fields.DEFAULT``) to that field: filters, facet
counts, totals, exports and alerts use it. In the letter scope (``fields.ANYWHERE``) a word also
matches in the letter's story, ``treatments.context``: the rewrite is "in the combined field or
in the story".

Scores (the hits request, ``CompiledQuery.treatment_scored``) come from the treatment's own text
only (request, rationale, drug name: ``fields.DEFAULT.text``), evaluated just for the treatments
the matching form found: a word found only in a guideline title matches but adds nothing to the
score.

The combined field is analyzed like the fields it copies, and copied values stay apart by the
position gap (a phrase cannot run from one into the next), so a word matches there exactly when
it matches in one of them, except that the parts of one hyphenated word may now be found in two
(one half in the request, one in the rationale): still "within one treatment".
"""

from __future__ import annotations

import re
from typing import Any

from ingest.taxonomy.vocabulary import vocabulary
from search.query.clause import Clause
from search.query.fields import ANYWHERE, DEFAULT, TARGETS, bare

TEXT = "treatments.text"
TEXT_EXACT = "treatments.text.exact"
CONTEXT = "treatments.context"
CONTEXT_EXACT = "treatments.context.exact"
_TEXT_FIELDS = sorted(DEFAULT.text)
_EXACT_FIELDS = sorted(bare(f) for f in DEFAULT.exact)
_ANYWHERE_TEXT_FIELDS = sorted(TARGETS[ANYWHERE].text)
_ANYWHERE_EXACT_FIELDS = sorted(bare(f) for f in TARGETS[ANYWHERE].exact)
_WORD = re.compile(r"\w+")
# Every multi-word form a synonym rule matches in a query (search.indexes.SYNONYMS), as its words.
_MULTI_WORD_SYNONYMS = sorted(vocabulary().multi_word_forms())
_ALIKE = 4  # letters two words share at their start to be taken for forms of one word


def match_form(clause: Clause | None) -> Clause | None:
    """``clause`` with its default-field words, phrases and prefixes matched on the combined field."""
    if clause is None:
        return None
    return _rewrite(clause)


def _rewrite(node: Any) -> Any:
    if isinstance(node, list):
        return [_rewrite(item) for item in node]
    if not isinstance(node, dict):
        return node
    leaf = _leaf(node)
    if leaf is not None:
        return leaf
    return _run({key: _rewrite(value) for key, value in node.items()})


def _run(node: Clause) -> Clause:
    """A run of words, "each word" OR "the words together" (builder._run_clause), on one field.

    On one field "together" matches what "each word" does, unless the words hold a multi-word
    synonym ("home exercise program" also finds "HEP"): then it is kept, else dropped.
    """
    should = node.get("bool", {}).get("should") if list(node) == ["bool"] else None
    if not should or len(should) != 2 or set(node["bool"]) != {"should", "minimum_should_match"}:
        return node
    each, together = should
    words = _text_query(together)
    parts = each.get("bool", {}).get("must") if list(each) == ["bool"] else None
    if words is None or not parts or any(_text_query(p) is None for p in parts):
        return node
    if " ".join(str(_text_query(p)) for p in parts) != words or _holds_multi_word_synonym(words):
        return node
    return each


def _text_query(clause: Clause) -> str | None:
    spec = clause.get("match", {}).get(TEXT) if list(clause) == ["match"] else None
    if not isinstance(spec, dict) or spec.get("operator") != "and" or set(spec) != {"query", "operator"}:
        return None
    return str(spec["query"])


def _holds_multi_word_synonym(text: str) -> bool:
    """Whether the words may hold a multi-word form of the synonyms. The rules are stemmed
    ("home exercise programs" holds "home exercise program"): a word is taken for any word it
    shares its first letters with; keeping the "together" clause where it adds nothing costs a
    clause, never a match."""
    words = _WORD.findall(text.lower())
    return any(all(any(_alike(w, f) for w in words) for f in form) for form in _MULTI_WORD_SYNONYMS)


def _alike(a: str, b: str) -> bool:
    n = min(len(a), len(b), _ALIKE)
    return a[:n] == b[:n]


def _leaf(node: Clause) -> Clause | None:
    if list(node) == ["multi_match"]:
        return _multi_match(node["multi_match"])
    if list(node) == ["bool"]:
        return _any_prefix(node["bool"])
    return None


def _multi_match(mm: dict[str, Any]) -> Clause | None:
    kind = mm.get("type", "best_fields")
    fields = sorted(mm.get("fields", []))
    if kind == "best_fields" and mm.get("operator") == "and":
        words = {"match": {TEXT: {"query": mm["query"], "operator": "and"}}}
        if fields == _TEXT_FIELDS:
            return words
        if fields == _ANYWHERE_TEXT_FIELDS:
            return _either(words, {"match": {CONTEXT: {"query": mm["query"], "operator": "and"}}})
    if kind == "phrase":
        phrase = {"match_phrase": {TEXT_EXACT: {"query": mm["query"]}}}
        if fields == _EXACT_FIELDS:
            return phrase
        if fields == _ANYWHERE_EXACT_FIELDS:
            return _either(phrase, {"match_phrase": {CONTEXT_EXACT: {"query": mm["query"]}}})
    return None


def _either(own: Clause, story: Clause) -> Clause:
    """In the decision's own text, or in its letter's story."""
    return {"bool": {"should": [own, story], "minimum_should_match": 1}}


def _any_prefix(body: dict[str, Any]) -> Clause | None:
    """``prefix*`` / ``wild?card`` over the default exact fields: one clause on the combined one."""
    should = body.get("should")
    if set(body) != {"should", "minimum_should_match"} or not should:
        return None
    kinds = {next(iter(c)) for c in should if isinstance(c, dict) and len(c) == 1}
    if len(kinds) != 1 or kinds.pop() not in ("prefix", "wildcard"):
        return None
    kind = next(iter(should[0]))
    fields = sorted(next(iter(c[kind])) for c in should)
    specs = [next(iter(c[kind].values())) for c in should]
    if any(spec != specs[0] for spec in specs):
        return None
    if fields == _EXACT_FIELDS:
        return {kind: {TEXT_EXACT: dict(specs[0])}}
    if fields == _ANYWHERE_EXACT_FIELDS:
        return _either({kind: {TEXT_EXACT: dict(specs[0])}}, {kind: {CONTEXT_EXACT: dict(specs[0])}})
    return None


def scored_form(scoring: Clause | None, matching: Clause | None) -> Clause | None:
    """What ``matching`` matches, scored by the per-field ``scoring`` clause, each part evaluated once.

    The two trees have the same shape (``match_form`` rewrites leaves, and drops a run's
    "together" alternative where it adds no match). Leaf by leaf: a word matches on the combined
    field and is scored by its per-field clause, evaluated only where it matched; a phrase or
    prefix is matched and scored on the combined field alone; a run's "together" clause becomes
    an optional bonus on "each word" (it matches nothing more; the sum of scores is the same).
    """
    if scoring is None or matching is None:
        return scoring
    return _zip(scoring, matching)


def _zip(scoring: Any, matching: Any) -> Any:
    if scoring == matching:
        return scoring
    if isinstance(scoring, list) and isinstance(matching, list) and len(scoring) == len(matching):
        return [_zip(s, m) for s, m in zip(scoring, matching, strict=True)]
    if not isinstance(scoring, dict) or not isinstance(matching, dict):
        return _filtered(scoring, matching)
    if _text_query(matching) is not None and list(scoring) == ["multi_match"]:
        return _filtered(scoring, matching)
    if list(matching) in (["match_phrase"], ["prefix"], ["wildcard"]) and _on_exact(matching):
        return matching
    together = _dropped_together(scoring, matching)
    if together is not None:
        each = _zip(scoring["bool"]["should"][0], matching)
        return {"bool": {"must": [each], "should": [together]}}
    if list(scoring) == ["bool"] == list(matching) and not _same_shape(scoring["bool"], matching["bool"]):
        # e.g. a prefix over three per-field clauses, matched as "combined field or story": two
        return _filtered(scoring, matching)
    if set(scoring) == set(matching):
        # an exclusion needs no score: it is matched only
        return {
            key: matching[key] if key == "must_not" else _zip(scoring[key], matching[key]) for key in scoring
        }
    return _filtered(scoring, matching)


def _same_shape(scoring: dict[str, Any], matching: dict[str, Any]) -> bool:
    """Two bool bodies with the same keys and lists of the same lengths (zipped part by part)."""
    if set(scoring) != set(matching):
        return False
    return all(
        len(value) == len(matching[key])
        for key, value in scoring.items()
        if isinstance(value, list) and isinstance(matching[key], list)
    )


def _filtered(scoring: Any, matching: Any) -> Clause:
    return {"bool": {"filter": [matching], "should": [scoring]}}


def _on_exact(clause: Clause) -> bool:
    return list(next(iter(clause.values()))) == [TEXT_EXACT]


def _dropped_together(scoring: Clause, matching: Clause) -> Clause | None:
    """The run's "together" clause when ``match_form`` dropped it from ``matching``."""
    body = scoring.get("bool") if list(scoring) == ["bool"] else None
    if not body or set(body) != {"should", "minimum_should_match"} or len(body["should"]) != 2:
        return None
    each = _rewrite(body["should"][0])
    rewritten = {"bool": {"should": [each, _rewrite(body["should"][1])], "minimum_should_match": 1}}
    if matching != each or _run(rewritten) != each:
        return None
    return body["should"][1]

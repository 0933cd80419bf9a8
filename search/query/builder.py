"""Query tree to OpenSearch DSL. Pure functions: no I/O.

Clauses are split by level. Treatment-level clauses go into one ``nested``
query on ``treatments`` (so that they, and the facet filters, hold for one
disputed treatment); letter-level clauses (``summary:``, ``case:``) stay at the
letter level. A subtree mixing levels is evaluated at the letter level with its
treatment parts wrapped in their own nested query.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, TypeGuard

from ingest.taxonomy.vocabulary import region_names
from search.query.analysis import Analysis
from search.query.ast import And, Near, Node, Not, Or, Phrase, Prefix, Term, leaves
from search.query.cases import CASE_NUMBER
from search.query.clause import Clause
from search.query.fields import Level, Target, bare, target
from search.query.proximity import NOT_ANALYZED, interval_rule, units

BODY_REGIONS = "treatments.body_regions"
DRUG_NAME_EXACT = "treatments.drug_name.exact"


@dataclass(frozen=True)
class Built:
    level: Level
    clause: Clause


def nested(query: Clause, **extra: Any) -> Clause:
    """``query`` on each treatment (nested ``treatments`` documents); ``extra``: score_mode, inner_hits."""
    return {"nested": {"path": "treatments", "query": query, **extra}}


def _bool(
    must: Sequence[Clause] = (), must_not: Sequence[Clause] = (), should: Sequence[Clause] = ()
) -> Clause:
    body: dict[str, Any] = {}
    if must:
        body["must"] = list(must)
    if must_not:
        body["must_not"] = list(must_not)
    if should:
        body["should"] = list(should)
        body["minimum_should_match"] = 1
    if list(body) == ["must"] and len(body["must"]) == 1:
        return body["must"][0]
    return {"bool": body}


def _any(clauses: list[Clause]) -> Clause:
    return clauses[0] if len(clauses) == 1 else {"bool": {"should": clauses, "minimum_should_match": 1}}


def _field_of(node: Node) -> str | None:
    return next((leaf.field for leaf in leaves(node) if leaf.field), None)


def _case_leaf(node: Term | Phrase | Prefix) -> Clause:
    value = node.text.strip().lower()
    if isinstance(node, Prefix):
        return {"prefix": {"case_number": value.replace("?", "*").split("*", 1)[0]}}
    return {"term": {"case_number": value}}


def leaf_clause(node: Term | Phrase | Prefix) -> Built:
    field = node.field
    if field is None and isinstance(node, Term) and CASE_NUMBER.match(node.text):
        field = "case"
    tgt = target(field)
    if field == "case":
        return Built("letter", _case_leaf(node))
    if isinstance(node, Phrase):
        phrase = Built(
            tgt.level, {"multi_match": {"query": node.text, "type": "phrase", "fields": list(tgt.exact)}}
        )
        return _with_regions(phrase, node.text) if field == "region" else phrase
    if isinstance(node, Prefix):
        pattern = node.text.lower()
        stem = pattern.rstrip("*")
        if "*" not in stem and "?" not in stem:
            return Built(tgt.level, _any([{"prefix": {bare(f): {"value": stem}}} for f in tgt.exact]))
        return Built(
            tgt.level,
            _any([{"wildcard": {bare(f): {"value": pattern, "case_insensitive": True}}} for f in tgt.exact]),
        )
    if field == "drug":
        return Built(tgt.level, _any([_words(node.text, tgt), _misspelled_drug(node.text)]))
    built = Built(tgt.level, _words(node.text, tgt))
    return _with_regions(built, node.text) if field == "region" else built


def _words(text: str, tgt: Target) -> Clause:
    """Words on the target's analyzed fields (stemmed, with the synonyms), all in one field."""
    return {
        "multi_match": {"query": text, "fields": list(tgt.text), "type": "best_fields", "operator": "and"}
    }


def _misspelled_drug(text: str) -> Clause:
    """A drug name as written, spelling-tolerant ("oxycodon"): the unstemmed name, no synonyms."""
    return {
        "match": {
            DRUG_NAME_EXACT: {"query": text, "fuzziness": "AUTO", "prefix_length": 1, "operator": "and"}
        }
    }


def _with_regions(built: Built, text: str) -> Built:
    """``region:``: the treatments whose body regions are those ``text`` names (its canonical
    regions, ``region_names``), or whose request has the words (the same vocabulary's synonyms)."""
    regions = region_names(text)
    if not regions:
        return built
    return Built(built.level, _any([{"terms": {BODY_REGIONS: list(regions)}}, built.clause]))


def near_clause(node: Near, analysis: Analysis = NOT_ANALYZED) -> Built:
    """A proximity search on each field it runs on; ``analysis``: its words as the index holds them
    (``search.query.proximity``: without it the engine analyzes them)."""
    field = _field_of(node)
    tgt = target(field)
    fields = list(tgt.sentences) if "sentence" in units(node) else [bare(f) for f in tgt.proximity]
    rules = [(f, interval_rule(node, f, analysis)) for f in fields]
    if field == "case" or not rules or any(rule is None for _, rule in rules):
        return build(And(tuple(leaves(node))))
    return Built(tgt.level, _any([{"intervals": {f: rule}} for f, rule in rules]))


# ---- boolean structure ------------------------------------------------------------------------


def terms_run(children: list[Node]) -> list[Node | tuple[Term, ...]]:
    """Group consecutive plain words with the same field, so multi-word synonyms still apply."""
    out: list[Node | tuple[Term, ...]] = []
    run: list[Term] = []

    def flush() -> None:
        if len(run) > 1:
            out.append(tuple(run))
        else:
            out.extend(run)
        run.clear()

    for child in children:
        if _runs(child) and (not run or run[0].field == child.field):
            run.append(child)
            continue
        flush()
        if _runs(child):
            run.append(child)
        else:
            out.append(child)
    flush()
    return out


def _runs(node: Node) -> TypeGuard[Term]:
    """Whether ``node`` is a word that may run with its neighbours (not a case number)."""
    return isinstance(node, Term) and node.field != "case" and not CASE_NUMBER.match(node.text)


def _run_clause(run: tuple[Term, ...]) -> Built:
    """Each word, or the words together: a multi-word synonym ("low back", "MS Contin") is read
    only from the words together."""
    field = run[0].field
    tgt = target(field)
    each = [leaf_clause(t).clause for t in run]
    joined = " ".join(t.text for t in run)
    together = Built(
        tgt.level, {"multi_match": {"query": joined, "fields": list(tgt.text), "operator": "and"}}
    )
    if field == "region":
        together = _with_regions(together, joined)
    return Built(tgt.level, _any([_bool(must=each), together.clause]))


def _combine(parts: list[tuple[Built, bool]], *, disjunction: bool) -> Built:
    """AND (or OR) of built parts; ``bool`` in each pair says whether the part is negated."""
    levels = {b.level for b, _ in parts}
    if levels == {"treatment"} or levels == {"letter"}:
        level = levels.pop()
        pos = [b.clause for b, neg in parts if not neg]
        neg = [b.clause for b, neg in parts if neg]
        if disjunction:
            return Built(level, _any(pos + [_bool(must_not=[n]) for n in neg]))
        return Built(level, _bool(must=pos, must_not=neg))
    if disjunction:
        options = []
        for b, negated in parts:
            clause = nested(b.clause, score_mode="max") if b.level == "treatment" else b.clause
            options.append(_bool(must_not=[clause]) if negated else clause)
        return Built("letter", _any(options))
    treatment = [(b, n) for b, n in parts if b.level == "treatment"]
    letter = [(b, n) for b, n in parts if b.level == "letter"]
    inner = _combine(treatment, disjunction=False)
    pos = [nested(inner.clause, score_mode="max")] + [b.clause for b, n in letter if not n]
    return Built("letter", _bool(must=pos, must_not=[b.clause for b, n in letter if n]))


def build(node: Node, analysis: Analysis = NOT_ANALYZED) -> Built:
    if isinstance(node, Term | Phrase | Prefix):
        return leaf_clause(node)
    if isinstance(node, Near):
        return near_clause(node, analysis)
    if isinstance(node, Not):
        inner = build(node.child, analysis)
        return Built(inner.level, _bool(must_not=[inner.clause]))
    if isinstance(node, Or):
        return _combine([_part(c, analysis) for c in node.children], disjunction=True)
    parts: list[tuple[Built, bool]] = []
    for item in terms_run(list(node.children)):
        parts.append((_run_clause(item), False) if isinstance(item, tuple) else _part(item, analysis))
    return _combine(parts, disjunction=False)


def _part(node: Node, analysis: Analysis) -> tuple[Built, bool]:
    if isinstance(node, Not):
        return build(node.child, analysis), True
    return build(node, analysis), False


def split_top(node: Node, analysis: Analysis = NOT_ANALYZED) -> tuple[Clause | None, Clause | None]:
    """The treatment-level clause (to run inside the one nested query) and the letter-level clause."""
    if isinstance(node, And):
        parts = []
        for item in terms_run(list(node.children)):
            parts.append((_run_clause(item), False) if isinstance(item, tuple) else _part(item, analysis))
        treatment = [(b, n) for b, n in parts if b.level == "treatment"]
        letter = [(b, n) for b, n in parts if b.level == "letter"]
        t = _combine(treatment, disjunction=False).clause if treatment else None
        letter_clause = _combine(letter, disjunction=False).clause if letter else None
        return t, letter_clause
    built = build(node, analysis)
    return (built.clause, None) if built.level == "treatment" else (None, built.clause)

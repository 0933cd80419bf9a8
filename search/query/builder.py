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
from typing import Any

from search.query.ast import And, Near, Node, Not, Or, Phrase, Prefix, Term, leaves
from search.query.cases import CASE_NUMBER
from search.query.clause import Clause
from search.query.fields import Level, bare, target
from search.query.proximity import interval_rule, units


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
        return Built(
            tgt.level, {"multi_match": {"query": node.text, "type": "phrase", "fields": list(tgt.exact)}}
        )
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
        fuzzy = {
            "match": {"treatments.drug_name": {"query": node.text, "fuzziness": "AUTO", "prefix_length": 1}}
        }
        return Built(
            tgt.level,
            _any([fuzzy, {"match": {"treatments.request": {"query": node.text, "operator": "and"}}}]),
        )
    return Built(
        tgt.level,
        {
            "multi_match": {
                "query": node.text,
                "fields": list(tgt.text),
                "type": "best_fields",
                "operator": "and",
            }
        },
    )


def near_clause(node: Near) -> Built:
    field = _field_of(node)
    tgt = target(field)
    fields = list(tgt.sentences) if "sentence" in units(node) else [bare(f) for f in tgt.proximity]
    rules = [(f, interval_rule(node, f)) for f in fields]
    if field == "case" or not rules or any(rule is None for _, rule in rules):
        return build(And(tuple(leaves(node))))
    return Built(tgt.level, _any([{"intervals": {f: rule}} for f, rule in rules]))


# ---- boolean structure ------------------------------------------------------------------------


def _terms_run(children: list[Node]) -> list[Node | tuple[Term, ...]]:
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
        if (
            isinstance(child, Term)
            and child.field not in ("case", "drug")
            and not CASE_NUMBER.match(child.text)
            and (not run or run[0].field == child.field)
        ):
            run.append(child)
            continue
        flush()
        if (
            isinstance(child, Term)
            and child.field not in ("case", "drug")
            and not CASE_NUMBER.match(child.text)
        ):
            run.append(child)
        else:
            out.append(child)
    flush()
    return out


def _run_clause(run: tuple[Term, ...]) -> Built:
    tgt = target(run[0].field)
    each = [leaf_clause(t).clause for t in run]
    together = {
        "multi_match": {"query": " ".join(t.text for t in run), "fields": list(tgt.text), "operator": "and"}
    }
    return Built(tgt.level, _any([_bool(must=each), together]))


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


def build(node: Node) -> Built:
    if isinstance(node, Term | Phrase | Prefix):
        return leaf_clause(node)
    if isinstance(node, Near):
        return near_clause(node)
    if isinstance(node, Not):
        inner = build(node.child)
        return Built(inner.level, _bool(must_not=[inner.clause]))
    if isinstance(node, Or):
        return _combine([_part(c) for c in node.children], disjunction=True)
    parts: list[tuple[Built, bool]] = []
    for item in _terms_run(list(node.children)):
        parts.append((_run_clause(item), False) if isinstance(item, tuple) else _part(item))
    return _combine(parts, disjunction=False)


def _part(node: Node) -> tuple[Built, bool]:
    if isinstance(node, Not):
        return build(node.child), True
    return build(node), False


def split_top(node: Node) -> tuple[Clause | None, Clause | None]:
    """The treatment-level clause (to run inside the one nested query) and the letter-level clause."""
    if isinstance(node, And):
        parts = []
        for item in _terms_run(list(node.children)):
            parts.append((_run_clause(item), False) if isinstance(item, tuple) else _part(item))
        treatment = [(b, n) for b, n in parts if b.level == "treatment"]
        letter = [(b, n) for b, n in parts if b.level == "letter"]
        t = _combine(treatment, disjunction=False).clause if treatment else None
        letter_clause = _combine(letter, disjunction=False).clause if letter else None
        return t, letter_clause
    built = build(node)
    return (built.clause, None) if built.level == "treatment" else (None, built.clause)

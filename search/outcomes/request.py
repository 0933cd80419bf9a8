"""The outcomes request (``outcomes_request``, with the bucket aggregations of any number of
dimensions), and the outcome rows read from the engine's answer to it. Pure: no I/O."""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from typing import Any, Literal

from search.dsl import DECIDED, OVERTURNED, Conditions, build_query, conditions
from search.facets import TERMS_SIZE
from search.forms import SearchParams
from search.outcomes.dimensions import Dimension, Kind
from search.outcomes.stats import Outcome, outcome
from search.query import CompiledQuery
from search.query.builder import nested
from search.query.clause import Clause

log = logging.getLogger(__name__)

Sort = Literal["count", "rate"]
SORTS: tuple[Sort, ...] = ("count", "rate")
_INTERVALS = {Kind.YEAR: ("year", "yyyy"), Kind.QUARTER: ("quarter", "yyyy-MM")}


def sort_of(value: str) -> Sort:
    """``value`` as an order of the groups; ``ValueError`` saying which there are when it is none."""
    for sort in SORTS:
        if value == sort:
            return sort
    raise ValueError(f"Unknown order {value!r}: use one of {', '.join(SORTS)}.")


def decided_condition(cond: Conditions, outcomes: Sequence[str] = DECIDED) -> Clause:
    """A matching decision of the search (its treatment condition) decided as one of ``outcomes``."""
    condition = cond.treatment_condition()
    outcome = {"terms": {"treatments.decision": list(outcomes)}}
    return outcome if condition == {"match_all": {}} else {"bool": {"filter": [condition, outcome]}}


def outcomes_request(
    params: SearchParams, compiled: CompiledQuery, groupings: Mapping[str, dict[str, Any]] | None = None
) -> dict[str, Any]:
    """The search's decided matching decisions (upheld or overturned), counted with their overturned.

    The decisions counted are those of ``search.dsl.aggregations``' decision totals: the decisions
    satisfying the treatment text and every treatment-level selection, of the letters found with
    every selection, of the letters about the search only (``cond.about``) when others only mention
    it. In all: ``n`` (its ``t``: the decisions, its ``overturned``). By each of ``groupings`` (a
    name and a bucket aggregation, such as a dimension's ``group_aggregation``): the same decisions
    grouped (``n`` > ``t`` > the name), each bucket with its overturned; one request for them all,
    so that the query and the decisions are found once. Read by ``total`` and ``groups``.
    """
    cond = conditions(params, compiled)
    decided = decided_condition(cond)
    filters = [build_query(compiled, cond), *cond.selections(), nested(decided)]
    if cond.about is not None:  # the decisions of the letters about the search only, not of mentions
        filters.append(cond.about)
    counts: dict[str, Any] = {OVERTURNED: {"filter": {"term": {"treatments.decision": OVERTURNED}}}}
    inner = {**counts, **{name: {**agg, "aggs": counts} for name, agg in (groupings or {}).items()}}
    aggs = _decisions(decided, inner)
    return {"query": {"bool": {"filter": filters}}, "size": 0, "track_total_hits": False, "aggs": aggs}


def _decisions(decided: Clause, inner: dict[str, Any]) -> dict[str, Any]:
    """The decisions satisfying ``decided`` (``n`` > ``t``), with the aggregations ``inner``."""
    return {"n": {"nested": {"path": "treatments"}, "aggs": {"t": {"filter": decided, "aggs": inner}}}}


def group_aggregation(dim: Dimension) -> dict[str, Any]:
    """The bucket aggregation of ``dim``: every value, so that each count is exact.

    A terms aggregation counts exactly when every shard returns all of its values, so both its
    size and its shard size are ``TERMS_SIZE`` (``groups`` logs when a dimension has more values).
    """
    if dim.kind is Kind.TERMS:
        return {"terms": {"field": dim.decision_field, "size": TERMS_SIZE, "shard_size": TERMS_SIZE}}
    interval, fmt = _INTERVALS[dim.kind]
    return {
        "date_histogram": {
            "field": dim.decision_field,
            "calendar_interval": interval,
            "format": fmt,
            "min_doc_count": 1,
        }
    }


def _counts(node: dict[str, Any]) -> tuple[int, int]:
    """(decisions, overturned) of a node holding the decided decisions (``t``, or a group bucket)."""
    node = node.get("t", node)  # the total's node, else a group bucket
    return int(node.get("doc_count", 0)), int(node.get(OVERTURNED, {}).get("doc_count", 0))


def group_value(dim: Dimension, bucket: dict[str, Any]) -> str | int:
    """A bucket's value: the facet value, the year as a number, the quarter as ``2017-Q1``."""
    if dim.kind is Kind.TERMS:
        return str(bucket["key"])
    text = str(bucket["key_as_string"])
    if dim.kind is Kind.YEAR:
        return int(text)
    year, month = text.split("-")[:2]
    return f"{year}-Q{(int(month) - 1) // 3 + 1}"


def total(aggs: dict[str, Any]) -> Outcome:
    return outcome(None, *_counts(aggs["n"]))


def groups(dim: Dimension, aggs: dict[str, Any]) -> list[Outcome]:
    """The rows of ``dim``'s groups, in no particular order (``ordered`` sorts them)."""
    node = aggs["n"]["t"][dim.param]
    rows = [outcome(group_value(dim, b), *_counts(b)) for b in node["buckets"]]
    if int(node.get("sum_other_doc_count", 0)):
        log.warning("the %s breakdown has more than %d values: the rest are left out", dim.param, TERMS_SIZE)
    return [row for row in rows if row.decisions]


def _by_count(row: Outcome) -> tuple[int, str]:
    return -row.decisions, str(row.value)


def _by_rate(row: Outcome) -> tuple[float, int, str]:
    rate = row.overturn_rate if row.overturn_rate is not None else -1.0
    return -rate, -row.decisions, str(row.value)


def ordered(rows: list[Outcome], sort: Sort, limit: int | None = None) -> list[Outcome]:
    """``rows`` by decisions, most first, or by overturn rate, highest first (ties: more decisions
    first), then by value; ``limit``: only the ``limit`` rows with the most decisions."""
    by_count = sorted(rows, key=_by_count)
    kept = by_count[:limit] if limit is not None else by_count
    return kept if sort == "count" else sorted(kept, key=_by_rate)

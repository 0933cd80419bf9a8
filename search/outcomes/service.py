"""Running the outcomes of a search: one engine request for the total and any breakdowns, exact counts."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from search.engine import compile_search, send_search
from search.forms import SearchParams
from search.outcomes import request
from search.outcomes.dimensions import dimension
from search.outcomes.request import Sort
from search.outcomes.stats import Outcome


@dataclass(frozen=True, slots=True)
class Outcomes:
    total: Outcome
    by: str | None  # the dimension's param, None for the total only
    groups: list[Outcome]


def run_breakdowns(params: SearchParams, bys: Sequence[str], *, sort: Sort = "count") -> list[Outcomes]:
    """The outcome of the search's matching decisions broken down by each of ``bys`` (``DIMENSIONS``
    params), in their order, from one engine request; without ``bys``, the total alone (one item).

    ``UnknownDimension`` for an unknown ``by``, ``ValueError`` for an unknown sort; engine errors as
    ``search.engine`` raises them (``search.unavailable.engine_guard`` turns them into a 503 or a 400).
    """
    sort = request.sort_of(sort)
    dims = {by: dimension(by) for by in bys}  # each asked once, however often it is named
    compiled, _ = compile_search(params)
    groupings = {by: request.group_aggregation(dim) for by, dim in dims.items()}
    body = request.outcomes_request(params, compiled, groupings)
    aggs = send_search(body, request_cache=True)["aggregations"]
    total = request.total(aggs)
    if not bys:
        return [Outcomes(total=total, by=None, groups=[])]
    rows = {by: request.ordered(request.groups(dim, aggs), sort, dim.limit) for by, dim in dims.items()}
    return [Outcomes(total=total, by=by, groups=rows[by]) for by in bys]


def run_outcomes(params: SearchParams, by: str | None = None, *, sort: Sort = "count") -> Outcomes:
    """The outcome of the search's matching decisions, and by ``by`` (a ``DIMENSIONS`` param) per
    value; as ``run_breakdowns`` says."""
    return run_breakdowns(params, [by] if by is not None else [], sort=sort)[0]

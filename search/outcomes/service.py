"""Running the outcomes of a search: one engine request, exact counts."""

from __future__ import annotations

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


def run_outcomes(params: SearchParams, by: str | None = None, *, sort: Sort = "count") -> Outcomes:
    """The outcome of the search's matching decisions, and by ``by`` (a ``DIMENSIONS`` param) per value.

    ``UnknownDimension`` for an unknown ``by``, ``ValueError`` for an unknown sort; engine errors as
    ``search.engine`` raises them (``search.unavailable.engine_guard`` turns them into a 503 or a 400).
    """
    sort = request.sort_of(sort)
    dim = dimension(by) if by is not None else None
    compiled, _ = compile_search(params)
    group = request.group_aggregation(dim) if dim else None
    body = request.outcomes_request(params, compiled, group)
    aggs = send_search(body, request_cache=True)["aggregations"]
    rows = request.ordered(request.groups(dim, aggs), sort, dim.limit) if dim else []
    return Outcomes(total=request.total(aggs), by=dim.param if dim else None, groups=rows)

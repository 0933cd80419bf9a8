"""GET /api/outcomes/compare : two to four searches side by side (``search.outcomes.run_comparison``),
each given as a full query string in a repeated ``s``."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, JsonResponse
from ninja import Router

from accounts.access import search_access
from accounts.limits import rate_limited
from search.api import schemas
from search.api.parameters import CompareQuery, query_parameters
from search.api.serializers import outcome_json
from search.api.views import ENGINE
from search.outcomes import (
    MAX_SEARCHES,
    MIN_SEARCHES,
    Compared,
    Comparison,
    UnknownDimension,
    run_comparison,
)
from search.unavailable import engine_guard

COMPARE_DESCRIPTION = (
    f"{MIN_SEARCHES} to {MAX_SEARCHES} searches side by side, each a full query string of /api/outcomes "
    "(words, filters, scope; URL-encoded) in a repeated `s`: for each its total outcome, and for each "
    "after the first the difference of its overturn rate from the first's (this search's minus the "
    "first's), with the 95% interval of Newcombe's hybrid score method on the two Wilson intervals. "
    "Bad values in a search are dropped and explained in its `messages`; a search the engine refuses "
    "has no total and says why in `refused`."
)

router = Router(tags=["outcomes"])


def compared_json(c: Compared) -> dict[str, Any]:
    diff = c.difference
    return {
        "s": c.querystring,
        "q": c.search.params.q,
        "total": outcome_json(c.total) if c.total else None,
        "difference": {"value": diff.value, "ci_low": diff.low, "ci_high": diff.high} if diff else None,
        "refused": c.refused or None,
        "messages": c.search.messages,
        "groups": [{"value": g.value, **outcome_json(g)} for g in c.groups],
    }


def comparison_json(comparison: Comparison) -> dict[str, Any]:
    return {
        "by": comparison.by,
        "searches": [compared_json(c) for c in comparison.searches],
        "messages": comparison.messages,
    }


@router.get(
    "/outcomes/compare",
    operation_id="compareOutcomes",
    summary="Compare the outcomes of searches",
    description=COMPARE_DESCRIPTION,
    response={200: schemas.CompareResponse, 400: schemas.Error, **ENGINE},
    openapi_extra=query_parameters(CompareQuery),
    url_name="api-compare",
)
@search_access
@rate_limited("api")
@engine_guard
def api_compare(request: HttpRequest) -> JsonResponse:
    """The comparison of the searches ``s``; a 400 for fewer than two or more than four."""
    querystrings = request.GET.getlist("s")
    if not MIN_SEARCHES <= len(querystrings) <= MAX_SEARCHES:
        error = f"Give {MIN_SEARCHES} to {MAX_SEARCHES} searches as `s` (got {len(querystrings)})."
        return JsonResponse({"error": error}, status=400)
    try:
        comparison = run_comparison(querystrings, request.GET.get("by") or None)
    except UnknownDimension as exc:  # the message says which there are
        return JsonResponse({"error": str(exc)}, status=400)
    return JsonResponse(comparison_json(comparison))

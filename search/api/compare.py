"""GET /api/outcomes/compare : two to four searches side by side (``search.outcomes.run_comparison``),
each given as a full query string in a repeated ``s``; and its part of the OpenAPI document."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_GET

from accounts.access import search_access
from accounts.limits import rate_limited
from search.api.serializers import outcome_json
from search.outcomes import (
    DIMENSIONS,
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


@require_GET
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


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def compare_path(error: Callable[[str], dict[str, Any]]) -> dict[str, Any]:
    """The OpenAPI path item of /api/outcomes/compare; ``error``: the document's error response."""
    return {
        "get": {
            "operationId": "compareOutcomes",
            "summary": "Compare the outcomes of searches",
            "description": COMPARE_DESCRIPTION,
            "parameters": [
                {
                    "name": "s",
                    "in": "query",
                    "required": True,
                    "description": "A search as its query string, e.g. `q=acupuncture&scope=request` "
                    f"(URL-encoded), repeated {MIN_SEARCHES} to {MAX_SEARCHES} times; the first is the "
                    "one the others are compared with.",
                    "schema": {
                        "type": "array",
                        "items": {"type": "string"},
                        "minItems": MIN_SEARCHES,
                        "maxItems": MAX_SEARCHES,
                    },
                    "style": "form",
                    "explode": True,
                },
                {
                    "name": "by",
                    "in": "query",
                    "description": "Also break each search down by one dimension, as /api/outcomes does "
                    "(each search's `groups`). Absent: the totals only. An unknown value is a 400.",
                    "schema": {"type": "string", "enum": [d.param for d in DIMENSIONS]},
                },
            ],
            "responses": {
                "200": {
                    "description": "Each search's total outcome and its difference from the first.",
                    "content": {"application/json": {"schema": _ref("CompareResponse")}},
                },
                "400": error(
                    f"Fewer than {MIN_SEARCHES} or more than {MAX_SEARCHES} searches, or an unknown `by`."
                ),
                "401": error("Sign in required."),
                "503": error("The search engine is unavailable; retry later (see Retry-After)."),
            },
        }
    }


def compare_schemas() -> dict[str, Any]:
    """The OpenAPI schemas of /api/outcomes/compare's answer (``Outcome`` and ``Error`` are the API's)."""
    bound = {"type": "number", "minimum": -1, "maximum": 1}
    strings = {"type": "array", "items": {"type": "string"}}
    return {
        "ComparedSearch": {
            "type": "object",
            "required": ["s", "q", "total", "difference", "refused", "messages", "groups"],
            "properties": {
                "s": {"type": "string", "description": "The search's query string, validated."},
                "q": {"type": "string", "description": "Its words."},
                "total": {"oneOf": [_ref("Outcome"), {"type": "null"}], "description": "Null if refused."},
                "difference": {
                    "description": "This search's overturn rate minus the first's, with its 95% interval "
                    "(fractions); null for the first search, or when either has no decided decision.",
                    "oneOf": [
                        {
                            "type": "object",
                            "required": ["value", "ci_low", "ci_high"],
                            "properties": {"value": bound, "ci_low": bound, "ci_high": bound},
                        },
                        {"type": "null"},
                    ],
                },
                "refused": {"type": ["string", "null"], "description": "Why the engine refused it."},
                "messages": {**strings, "description": "Friendly notes about the search's parameters."},
                "groups": {
                    "type": "array",
                    "items": _ref("OutcomeGroup"),
                    "description": "With `by`: the search's groups, as /api/outcomes gives them; else empty.",
                },
            },
        },
        "CompareResponse": {
            "type": "object",
            "description": COMPARE_DESCRIPTION,
            "required": ["by", "searches", "messages"],
            "properties": {
                "by": {"type": ["string", "null"], "enum": [*(d.param for d in DIMENSIONS), None]},
                "searches": {
                    "type": "array",
                    "items": _ref("ComparedSearch"),
                    "minItems": MIN_SEARCHES,
                    "maxItems": MAX_SEARCHES,
                },
                "messages": strings,
            },
        },
    }

"""Thin JSON views: the same SearchForm and engine calls as the search page."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from accounts.access import search_access
from accounts.limits import rate_limited
from search.api.openapi import openapi_document
from search.api.serializers import letter_json, outcomes_json, search_json
from search.engine import run_search
from search.forms import validate
from search.lookup import get_letter
from search.outcomes import dimension, run_outcomes, sort_of
from search.unavailable import engine_guard


@require_GET
@search_access
@rate_limited("api")
@engine_guard
def api_search(request: HttpRequest) -> JsonResponse:
    query = validate(request.GET)
    results = run_search(query.params, page=query.page)
    return JsonResponse(search_json(query, results))


@require_GET
@search_access
@rate_limited("api")
@engine_guard
def api_outcomes(request: HttpRequest) -> JsonResponse:
    """The search's matching decisions: their outcome in all and, with ``by``, per value of a dimension."""
    query = validate(request.GET)
    by = request.GET.get("by") or None
    try:
        dim = dimension(by) if by else None
        order = sort_of(request.GET.get("order") or "count")
    except ValueError as exc:  # an unknown breakdown or order: the message says which there are
        return JsonResponse({"error": str(exc)}, status=400)
    outcomes = run_outcomes(query.params, dim.param if dim else None, sort=order)
    return JsonResponse(outcomes_json(query, outcomes))


@require_GET
@search_access
@rate_limited("api")
def api_letter(request: HttpRequest, case_number: str) -> JsonResponse:
    try:
        letter = get_letter(case_number)
    except Http404:
        return JsonResponse({"error": f"No letter with case number {case_number!r}."}, status=404)
    return JsonResponse(letter_json(letter))


@require_GET
def api_openapi(request: HttpRequest) -> JsonResponse:
    return JsonResponse(openapi_document(request.build_absolute_uri("/")))


@require_GET
def api_docs(request: HttpRequest) -> HttpResponse:
    spec = openapi_document(request.build_absolute_uri("/"))
    params = [
        {**p, "type": p["schema"].get("type"), "repeat": p["schema"].get("type") == "array"}
        for p in spec["paths"]["/api/search"]["get"]["parameters"]
    ]
    return render(request, "search/api_docs.html", {"spec": spec, "params": params})

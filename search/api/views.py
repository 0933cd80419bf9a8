"""Thin JSON views: the same SearchForm and engine calls as the search page."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from search.api.openapi import openapi_document
from search.api.serializers import letter_json, search_json
from search.views import engine
from search.views.access import search_access
from search.views.errors import engine_guard
from search.views.letter import get_letter
from search.views.results import letter_hits, pagination, summary


@require_GET
@search_access
@engine_guard
def api_search(request: HttpRequest) -> JsonResponse:
    query = engine.parse(request.GET)
    results = engine.search(query)
    totals = summary(results)
    hits = letter_hits(getattr(results, "results", []) or [], (query.page - 1) * 20 + 1)
    pages = pagination(
        query.query_dict(),
        query.page,
        totals.total_letters,
        len(hits),
        max_page=getattr(results, "max_page", None),
    )
    body = search_json(
        hits=hits,
        totals=totals,
        facets=getattr(results, "facets", {}),
        pages=pages,
        messages=[*query.messages, *(str(m) for m in getattr(results, "messages", []) or [])],
        sort=str(getattr(query.params, "sort", "") or "relevance"),
        took_ms=getattr(results, "took_ms", None),
    )
    return JsonResponse(body)


@require_GET
@search_access
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

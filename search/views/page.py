"""GET / : the search page; an htmx request gets only the results-and-facets partial."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_GET

from search.views import engine, ranks
from search.views.access import search_access
from search.views.context import search_context
from search.views.errors import engine_guard
from search.views.results import last_page

PARTIAL_TARGET = "search-body"


def wants_partial(request: HttpRequest) -> bool:
    htmx = getattr(request, "htmx", None)
    return bool(htmx) and not htmx.history_restore_request and htmx.target == PARTIAL_TARGET


@require_GET
@search_access
@engine_guard
def search_page(request: HttpRequest) -> HttpResponse:
    query = engine.parse(request.GET)
    requested = query.page
    results = engine.search(query)
    total = int(getattr(results, "total_letters", 0) or 0)
    if not getattr(results, "results", None) and query.page > 1 and total:
        last = last_page(total, max_page=getattr(results, "max_page", None))
        query.messages.append(f"There is no page {requested}: these are the last results (page {last}).")
        query.page = last
        results = engine.search(query, page=last)
    context = search_context(query, results)
    ranks.remember(query.querystring, query.page, [hit.case_number for hit in context["hits"]], total)
    template = "search/partials/body.html" if wants_partial(request) else "search/search.html"
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request", "HX-Target"])
    return response

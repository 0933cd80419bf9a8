"""GET / : the search page; an htmx request gets only the results-and-facets partial."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_GET

from accounts.access import search_access
from accounts.audit import record_search
from accounts.limits import rate_limited
from search.engine import QueryRejected, run_search
from search.forms import ValidSearch, validate
from search.results import SearchResults
from search.unavailable import engine_guard
from search.views import ranks
from search.views.context import search_context

PARTIAL_TARGET = "search-body"


def wants_partial(request: HttpRequest) -> bool:
    htmx = getattr(request, "htmx", None)  # django-htmx's middleware sets it
    return (
        htmx is not None and bool(htmx) and not htmx.history_restore_request and htmx.target == PARTIAL_TARGET
    )


def search(query: ValidSearch) -> SearchResults:
    """The page of ``query``; the engine may cap a deep page, and the query then says the page shown.
    A search that cannot be run finds nothing and says why."""
    try:
        results = run_search(query.params, page=query.page)
    except QueryRejected as exc:
        return SearchResults(messages=[str(exc)], page=query.page)
    query.page = results.page
    return results


@require_GET
@search_access
@rate_limited("search")
@engine_guard
def search_page(request: HttpRequest) -> HttpResponse:
    query = validate(request.GET)
    requested = query.page
    results = search(query)
    if not results.results and query.page > 1 and results.total_letters:
        last = results.max_page
        query.messages.append(f"There is no page {requested}: these are the last results (page {last}).")
        query.page = last
        results = search(query)
    record_search(request, query.querystring)
    context = search_context(query, results)
    ranks.remember(
        query.querystring, query.page, [hit.case_number for hit in results.results], results.total_letters
    )
    template = "search/partials/body.html" if wants_partial(request) else "search/search.html"
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request", "HX-Target"])
    return response

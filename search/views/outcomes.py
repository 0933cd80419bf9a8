"""GET /outcomes : how the search's matching decisions were decided, in total, over time and broken
down by one or two dimensions (``search.outcomes``), as tables with charts beside them."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from accounts.access import search_access
from search.engine import QueryRejected
from search.forms import validate
from search.unavailable import engine_guard
from search.views.outcomes_context import choose, outcomes_context, page_context, search_data


@require_GET
@search_access
@engine_guard
def outcomes_page(request: HttpRequest) -> HttpResponse:
    choices = choose(request.GET)
    query = validate(search_data(request.GET))
    try:
        context = outcomes_context(query, choices)
    except QueryRejected as exc:  # as the search page: the reason, in a notice
        context = page_context(query, choices, str(exc))
    return render(request, "search/outcomes.html", context)

"""The engine is down: a friendly 503 page (or JSON under /api/), never a traceback. A search that
cannot be run as asked (``search.engine.QueryRejected``): a 400 saying why (the search page shows
it as a notice itself, ``search.views.page``)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import wraps
from typing import Concatenate, ParamSpec, TypeVar

from django.http import HttpRequest, HttpResponse, HttpResponseBase, JsonResponse
from django.shortcuts import render
from opensearchpy.exceptions import ConnectionError as EngineConnectionError
from opensearchpy.exceptions import TransportError

from search.engine import QueryRejected

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 30
UNAVAILABLE_STATUS = {"N/A", 429, 502, 503, 504}
P = ParamSpec("P")
R = TypeVar("R", bound=HttpResponseBase)


def is_unavailable(exc: TransportError) -> bool:
    """Whether the engine cannot be reached or refuses service (as opposed to a bad request)."""
    return isinstance(exc, EngineConnectionError) or exc.status_code in UNAVAILABLE_STATUS


def unavailable_response(request: HttpRequest) -> HttpResponse:
    if request.path.startswith("/api/"):
        response: HttpResponse = JsonResponse(
            {"error": "The search engine is unavailable. Please try again in a moment."}, status=503
        )
    elif request.headers.get("HX-Request"):
        # The partial replaces #search-body; portal.js lets htmx swap this 503 in.
        response = render(request, "search/partials/unavailable.html", status=503)
    else:
        response = render(request, "search/unavailable.html", status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def rejected_response(request: HttpRequest, exc: QueryRejected) -> HttpResponse:
    if request.path.startswith("/api/"):
        return JsonResponse({"error": str(exc)}, status=400)
    return HttpResponse(str(exc), status=400, content_type="text/plain; charset=utf-8")


def engine_guard(
    view: Callable[Concatenate[HttpRequest, P], R],
) -> Callable[Concatenate[HttpRequest, P], R | HttpResponse]:
    """Turn an unreachable OpenSearch into a 503 (logged once, without the traceback noise), and a
    search that cannot be run into a 400."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: P.args, **kwargs: P.kwargs) -> R | HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except TransportError as exc:
            if isinstance(exc, QueryRejected):
                return rejected_response(request, exc)
            if not is_unavailable(exc):
                raise
            logger.warning("search engine unavailable: %s", exc)
            return unavailable_response(request)

    return wrapper

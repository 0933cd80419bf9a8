"""The JSON API as one django-ninja ``NinjaAPI``: its routers, the OpenAPI document generated from
their typed schemas (/api/openapi.json) and the portal's own docs page (/api/, no script)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import URLPattern, URLResolver
from django.views.decorators.http import require_GET
from ninja import NinjaAPI
from ninja.errors import ValidationError
from ninja.security import APIKeyCookie, HttpBearer

from search.api import compare, phrases, saved, views

VERSION = "2.0.0"
DESCRIPTION = (
    "Full-text and faceted search over California workers' compensation Independent Medical Review final "
    "determination letters, their outcomes, and your saved queries. Authentication: a personal API token "
    "(`Authorization: Bearer imr_…`; a read token may only GET) or the portal's session cookie (writes "
    "then need the CSRF token). Search needs an account when the portal says so; saved queries always do."
)


class BearerToken(HttpBearer):
    """Documents the personal API token. ``accounts.middleware.ApiTokenMiddleware`` checks it on every
    /api/ path before any route runs; who may call a route is the route's own access decorator."""

    def __call__(self, request: HttpRequest) -> Any:
        return True

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        return True


class SessionCookie(APIKeyCookie):
    """Documents the portal's session cookie (Django's authentication middleware reads it)."""

    param_name = settings.SESSION_COOKIE_NAME

    def __call__(self, request: HttpRequest) -> Any:
        return True

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        return True


api = NinjaAPI(
    title="IMR Decision Portal API",
    version=VERSION,
    description=DESCRIPTION,
    openapi_url=None,  # the portal serves the document and its docs page itself (below)
    docs_url=None,
    urls_namespace="search",
    auth=[BearerToken(), SessionCookie()],
)
for router in (views.router, phrases.router, compare.router, saved.router):
    api.add_router("", router)


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    """A saved query that is not yours does not exist for you."""
    return JsonResponse({"error": "Not found."}, status=404)


@api.exception_handler(ValidationError)
def bad_path(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    """Only the path's ids are parsed by ninja (each route validates its query itself): a bad id is
    no saved query of yours either."""
    return JsonResponse({"error": "Not found."}, status=404)


def api_not_found(request: HttpRequest, rest: str) -> JsonResponse:
    """Any other path under /api/ (``/api/saved/1.5``: no route's converter takes it) is a JSON 404
    like a missing saved query, not Django's HTML page: every /api/ answer is JSON."""
    return JsonResponse({"error": "Not found."}, status=404)


def operation_urls() -> list[URLPattern | URLResolver]:
    """The routes' URL patterns, to include under ``api/`` (named ``api-search`` and so on)."""
    patterns, _app_name, _namespace = api.urls
    return [p for p in patterns if getattr(p, "name", None) != "api-root"]


def openapi_document() -> dict[str, Any]:
    return dict(api.get_openapi_schema(path_prefix="api/"))


@require_GET
def api_openapi(request: HttpRequest) -> JsonResponse:
    return JsonResponse(openapi_document())


@require_GET
def api_docs(request: HttpRequest) -> HttpResponse:
    spec = openapi_document()
    params = [
        {**p, "type": p["schema"].get("type"), "repeat": p["schema"].get("type") == "array"}
        for p in spec["paths"]["/api/search"]["get"]["parameters"]
    ]
    return render(request, "search/api_docs.html", {"spec": spec, "params": params})

"""Access rules for the search pages and API: ``SEARCH_REQUIRES_LOGIN`` (default True)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, HttpResponseBase, JsonResponse
from django.shortcuts import resolve_url

from accounts.roles import DOWNLOAD_ORIGINAL

View = Callable[..., HttpResponseBase]  # a page, a JSON answer, a file or a streamed export


def search_requires_login() -> bool:
    return bool(getattr(settings, "SEARCH_REQUIRES_LOGIN", True))


def wants_json(request: HttpRequest) -> bool:
    return request.path.startswith("/api/") or "application/json" in request.headers.get("Accept", "")


def login_required_response(request: HttpRequest) -> HttpResponse:
    """401 JSON for the API (a Bearer challenge under /api/), an htmx redirect for htmx requests,
    a redirect to sign in otherwise."""
    login_url = resolve_url(settings.LOGIN_URL)
    if wants_json(request):
        denied = JsonResponse({"error": "authentication required", "login_url": login_url}, status=401)
        if request.path.startswith("/api/"):  # scripts sign in with a personal API token
            denied["WWW-Authenticate"] = 'Bearer realm="api"'
        return denied
    if request.headers.get("HX-Request"):
        response = HttpResponse(status=204)
        response["HX-Redirect"] = f"{login_url}?{urlencode({'next': request.get_full_path()})}"
        return response
    return redirect_to_login(request.get_full_path(), login_url)


def search_access(view: View) -> View:
    """Anonymous users are sent to sign in when the setting says search needs an account."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if search_requires_login() and not request.user.is_authenticated:
            return login_required_response(request)
        return view(request, *args, **kwargs)

    return wrapped


def member_required(permission: str | None = None) -> Callable[[View], View]:
    """Signed-in users only (always, whatever the setting), with an optional permission."""

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if not request.user.is_authenticated:
                return login_required_response(request)
            if permission and not request.user.has_perm(permission):
                if wants_json(request):
                    return JsonResponse({"error": "permission denied"}, status=403)
                return HttpResponse("You do not have permission to do this.", status=403)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def may_download_original(user: Any) -> bool:
    """Whether the user may download original files: the permission ORIGINAL_FILES_FOR gives the roles."""
    return bool(user.is_authenticated and user.is_active and user.has_perm(DOWNLOAD_ORIGINAL))


original_file_access = member_required(DOWNLOAD_ORIGINAL)  # the file download itself


def export_access(view: View) -> View:
    """CSV export: like search, plus the export permission whenever login is required."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not search_requires_login() and not request.user.is_authenticated:
            return view(request, *args, **kwargs)
        return member_required("search.export_letters")(view)(request, *args, **kwargs)

    return wrapped

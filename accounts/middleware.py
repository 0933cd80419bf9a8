"""Bearer-token authentication for every /api/ route, in one place.

A middleware rather than the access decorators: it covers every route under /api/ whatever view
serves it (today's function views, the undecorated docs and schema, tomorrow's django-ninja
routers), and it runs before ``CsrfViewMiddleware.process_view``, the only point where a token
request can be spared the CSRF check without exempting the views themselves (a cookie request to
the same view still needs its CSRF token). Listed after ``AuthenticationMiddleware``, whose
session user it replaces for the one request.

- No ``Authorization: Bearer`` header, or a path outside /api/: nothing changes (session or
  anonymous). Tokens never open pages, files or exports; a token in the query string or a cookie
  is not a token.
- A bad token (malformed, unknown, expired, revoked, its user inactive): 401 ``invalid_token``,
  never anonymous access.
- A read token on any method but GET/HEAD/OPTIONS: 403 ``insufficient_scope``.
- A good one: ``request.user`` is its user and ``request.api_token`` the token (the audit hook,
  read through ``accounts.tokens.token_of``); no session is made and the CSRF check is skipped,
  since no cookie authenticates the request.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponseBase, JsonResponse

from accounts.tokens import check_token

API_PREFIX = "/api/"


def bearer_token(request: HttpRequest) -> str | None:
    """The credentials of an ``Authorization: Bearer`` header ("" when empty), None without one."""
    scheme, _, credentials = request.headers.get("Authorization", "").strip().partition(" ")
    if scheme.lower() != "bearer":
        return None
    return credentials.strip()


def _challenge(status: int, error: str, description: str, **params: str) -> JsonResponse:
    response = JsonResponse({"error": error, "error_description": description}, status=status)
    extra = "".join(f', {name}="{value}"' for name, value in params.items())
    response["WWW-Authenticate"] = f'Bearer error="{error}"{extra}'
    return response


class ApiTokenMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        request.api_token = None  # type: ignore[attr-defined]
        if not request.path.startswith(API_PREFIX):
            return self.get_response(request)
        plaintext = bearer_token(request)
        if plaintext is None:
            return self.get_response(request)
        token = check_token(plaintext)
        if token is None:
            return _challenge(401, "invalid_token", "The token is malformed, unknown, expired or revoked.")
        if not token.allows(request.method):
            return _challenge(
                403, "insufficient_scope", "This token may only read: make a write token.", scope="write"
            )
        user = token.user

        async def auser() -> Any:
            return user

        request.user = user
        request.auser = auser
        request.api_token = token  # type: ignore[attr-defined]
        request._dont_enforce_csrf_checks = True  # type: ignore[attr-defined]  # no cookie: no CSRF
        return self.get_response(request)

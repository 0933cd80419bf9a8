"""Every /api/ call in the audit trail, in one place, whatever view serves it.

Listed just before ``ApiTokenMiddleware`` so that it wraps it: it sees the response of every
/api/ request, the token middleware's own 401 and 403 answers to a bad token included, and reads
the user and the token (``accounts.tokens.token_of``) that the inner middleware set on the request.
It records the path and the cleaned query string (``accounts.audit.clean_query``), the status, the
user and the token's public prefix, and for /api/letters/<id> the letter. Nothing else under the
site (pages, static files, health checks) passes through it: those pages record their own events.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import unquote

from django.http import HttpRequest, HttpResponseBase

from accounts.audit import clean_query, record
from accounts.middleware import API_PREFIX
from accounts.models import AuditKind
from accounts.tokens import token_of

_LETTER = re.compile(r"^/api/letters/([^/]+)")


def record_api_call(request: HttpRequest, status: int) -> None:
    path = request.path
    query = clean_query(request.META.get("QUERY_STRING", ""))
    token = token_of(request)
    letter = _LETTER.match(path)
    record(
        request,
        AuditKind.API_CALL,
        query=f"{request.method} {path}" + (f"?{query}" if query else ""),
        status=status,
        token_prefix=token.prefix if token else "",
        letter=unquote(letter[1]) if letter else "",
    )


class AuditApiMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if request.path.startswith(API_PREFIX):
            record_api_call(request, response.status_code)
        return response

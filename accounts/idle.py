"""Sessions end after SESSION_IDLE_TIMEOUT seconds without a request, and SESSION_MAX_AGE after sign-in.

The session keeps when it began and when it was last seen. Writing "last seen" on every request would
write the session row on every request (what SESSION_SAVE_EVERY_REQUEST does); it is refreshed at most
once every SESSION_IDLE_RESOLUTION seconds instead, so a session may live that much past its idle limit.
Each write also moves the row's own expiry (SESSION_COOKIE_AGE, set to SESSION_MAX_AGE) forward.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

STARTED = "_session_started"
SEEN = "_session_seen"


def now() -> float:
    """The clock (tests move it)."""
    return time.time()


def expired(started: float, seen: float, at: float) -> bool:
    return at - seen > settings.SESSION_IDLE_TIMEOUT or at - started > settings.SESSION_MAX_AGE


class IdleTimeoutMiddleware:
    """After SessionMiddleware and before AuthenticationMiddleware: an expired session is flushed
    (signed out) before the request sees its user."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        session = request.session
        if not session.is_empty():
            at = now()
            started, seen = session.get(STARTED), session.get(SEEN)
            if started is None or seen is None:
                session[STARTED] = session[SEEN] = at
            elif expired(started, seen, at):
                session.flush()
            elif at - seen >= settings.SESSION_IDLE_RESOLUTION:
                session[SEEN] = at
        return self.get_response(request)

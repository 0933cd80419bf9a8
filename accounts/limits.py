"""Per-user rate limits: searches, API calls and exports per window, counted in the shared cache.

A limit is a setting such as ``"120/minute"`` (``n/second``, ``minute``, ``hour`` or ``day``) per kind
(SEARCH_RATE_LIMIT, API_RATE_LIMIT, EXPORT_RATE_LIMIT). Requests are counted in fixed windows keyed by
the signed-in user's id, or by the client's address for anonymous callers. Past the limit the view
answers 429 with ``Retry-After`` (seconds to the next window): JSON under /api/, a page otherwise.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Concatenate, Literal, ParamSpec, TypeVar

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from accounts.throttle import client_ip

Kind = Literal["search", "api", "export"]
SETTINGS: dict[Kind, str] = {
    "search": "SEARCH_RATE_LIMIT",
    "api": "API_RATE_LIMIT",
    "export": "EXPORT_RATE_LIMIT",
}
PERIODS = {"second": 1, "minute": 60, "hour": 3600, "day": 86400}

P = ParamSpec("P")
R = TypeVar("R")


@dataclass(frozen=True)
class Rate:
    count: int
    seconds: int

    @classmethod
    def parse(cls, text: str) -> Rate:
        """``"120/minute"`` -> Rate(120, 60)."""
        count, _, period = text.partition("/")
        if period not in PERIODS or not count.strip().isdigit():
            raise ValueError(f"a rate is n/second, n/minute, n/hour or n/day, not {text!r}")
        return cls(int(count), PERIODS[period])


def now() -> float:
    """The clock (tests move it)."""
    return time.time()


def caller(request: HttpRequest) -> str:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"user:{user.pk}"
    return f"ip:{client_ip(request)}"


def retry_after(kind: Kind, who: str) -> int | None:
    """Count one request of ``kind`` by ``who``: None when it is within the limit, else the seconds
    until the window ends."""
    rate = Rate.parse(getattr(settings, SETTINGS[kind]))
    at = now()
    window = int(at // rate.seconds)
    key = f"rate:{kind}:{who}:{window}"
    cache.add(key, 0, rate.seconds + 1)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, rate.seconds + 1)
        count = 1
    if count <= rate.count:
        return None
    return max(1, math.ceil((window + 1) * rate.seconds - at))


def too_many(request: HttpRequest, kind: Kind, seconds: int) -> HttpResponse:
    response: HttpResponse
    if request.path.startswith("/api/"):
        response = JsonResponse(
            {"error": "rate_limited", "detail": f"Too many requests; retry in {seconds} s."}, status=429
        )
    else:
        response = render(request, "too_many_requests.html", {"kind": kind, "seconds": seconds}, status=429)
    response["Retry-After"] = str(seconds)
    return response


def rate_limited(
    kind: Kind,
) -> Callable[
    [Callable[Concatenate[HttpRequest, P], R]], Callable[Concatenate[HttpRequest, P], R | HttpResponse]
]:
    """Decorate a view (below its access check): each request counts against the caller's ``kind`` limit."""

    def decorate(
        view: Callable[Concatenate[HttpRequest, P], R],
    ) -> Callable[Concatenate[HttpRequest, P], R | HttpResponse]:
        @wraps(view)
        def limited(request: HttpRequest, *args: P.args, **kwargs: P.kwargs) -> R | HttpResponse:
            seconds = retry_after(kind, caller(request))
            if seconds is not None:
                return too_many(request, kind, seconds)
            return view(request, *args, **kwargs)

        return limited

    return decorate

"""The audit trail's one way in: ``record(request, kind, **fields)`` writes an ``AuditEvent``.

Every hook goes through here: the auth signals (``accounts.receivers``), the search, letter, file
and export views (one line each), and ``accounts.audit_middleware`` for every /api/ call. The user,
the time and the client's address (``accounts.throttle.client_ip``, the one definition, which honours
LOGIN_THROTTLE_TRUST_FORWARDED_FOR) come from the request; the rest is what the hook passes.

Recording fails open: an INSERT that fails is logged at ERROR with the event's fields (the log is
then the trail) and the request goes on. Failing closed would refuse a letter because the audit
table could not be written, while the letter itself came from the same database: the one outage
that blocks the insert (the database) already fails the request, and the other causes (a bug, a
full disk for the table alone, a lock timeout) would turn a logging fault into an outage of the
portal. Operators alert on the ERROR line. The insert runs in its own savepoint, so a failure never
spoils a transaction the view has open.

Nothing secret is recorded: ``clean_query`` drops every parameter whose name speaks of a password,
token, secret, key, session, CSRF, signature or reset, and masks anything shaped like an API token
(``imr_<prefix>_<secret>``); sign-in failures keep the attempted user name only. Reset links are
never recorded (their pages are not hooked, and /accounts/ is outside /api/).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable, Iterator
from typing import Any, Generic, TypeVar
from urllib.parse import parse_qsl, urlencode

from django.core.cache import cache
from django.db import DatabaseError, transaction
from django.http import HttpRequest

from accounts.limits import caller
from accounts.models import AuditEvent, AuditKind
from accounts.throttle import client_ip

logger = logging.getLogger(__name__)
T = TypeVar("T")

QUERY_MAX = AuditEvent._meta.get_field("query").max_length or 1000
_SECRET_NAME = re.compile(r"pass|pwd|token|secret|key|auth|session|csrf|sig|reset|uidb", re.IGNORECASE)
_TOKEN_SHAPE = re.compile(r"imr_[0-9a-f]{8}_[A-Za-z0-9_-]+")
SEARCH_REPEAT_SECONDS = 30 * 60  # the same search again within this time is the same search


def _cap(text: str, length: int) -> str:
    return text if len(text) <= length else text[: length - 1] + "…"


def clean_query(raw: str) -> str:
    """A query string fit to keep: secret-named parameters dropped, token-shaped text masked, capped."""
    pairs = [
        (name, _TOKEN_SHAPE.sub("imr_[redacted]", value))
        for name, value in parse_qsl(raw or "", keep_blank_values=True)
        if not _SECRET_NAME.search(name)
    ]
    return _cap(urlencode(pairs), QUERY_MAX)


def _who(request: HttpRequest | None, user: Any) -> tuple[Any, str]:
    if user is None and request is not None:
        user = getattr(request, "user", None)
    if user is not None and getattr(user, "is_authenticated", False):
        return user, user.get_username()
    return None, ""


def record(
    request: HttpRequest | None,
    kind: AuditKind,
    *,
    user: Any = None,
    username: str = "",
    letter: str = "",
    query: str = "",
    rows: int | None = None,
    token_prefix: str = "",
    status: int | None = None,
) -> None:
    """One INSERT of what ``request``'s user did; never raises (see the module's docstring)."""
    who, name = _who(request, user)
    fields: dict[str, Any] = {
        "kind": kind,
        "user": who,
        "username": _cap(username or name, 150),
        "address": _cap(client_ip(request), 45),
        "letter": _cap(letter, 40),
        "query": _cap(query, QUERY_MAX),
        "rows": rows,
        "token_prefix": token_prefix[:16],
        "status": status,
    }
    try:
        with transaction.atomic():
            AuditEvent.objects.create(**fields)
    except DatabaseError:
        shown = {k: v for k, v in fields.items() if k != "user"}
        logger.exception("audit event not recorded: %s", shown)


def record_search(request: HttpRequest, querystring: str) -> None:
    """A search of the search page, once: a later request of the same search by the same caller
    within SEARCH_REPEAT_SECONDS (another page of results, a reload, the back button) is not
    recorded again; a facet click changes the search and is. ``querystring`` is the validated,
    canonical one (no page number), which holds search parameters only. The page without any
    search (the landing page, where sign-in leads) is not a search: it is not recorded."""
    if not querystring:
        return
    key = f"audit:last-search:{caller(request)}"
    if cache.get(key) == querystring:
        return
    cache.set(key, querystring, SEARCH_REPEAT_SECONDS)
    record(request, AuditKind.SEARCH, query=clean_query(querystring))


class Counted(Generic[T]):
    """``items`` passed through, counted as they go (an export's rows as they are written)."""

    def __init__(self, items: Iterable[T]) -> None:
        self._items = iter(items)
        self.count = 0

    def __iter__(self) -> Iterator[T]:
        return self

    def __next__(self) -> T:
        item = next(self._items)
        self.count += 1
        return item


class AfterStream(Generic[T]):
    """A streamed body that calls ``done()`` once when it ends: exhausted, or closed early because
    the client left (``StreamingHttpResponse`` closes what it streams). A streamed export is thus
    recorded with the rows it really sent."""

    def __init__(self, chunks: Iterable[T], done: Callable[[], None]) -> None:
        self._chunks = iter(chunks)
        self._done: Callable[[], None] | None = done

    def __iter__(self) -> Iterator[T]:
        return self

    def __next__(self) -> T:
        try:
            return next(self._chunks)
        except StopIteration:
            self.close()
            raise

    def close(self) -> None:
        done, self._done = self._done, None
        closer = getattr(self._chunks, "close", None)
        if closer is not None:
            closer()
        if done is not None:
            done()

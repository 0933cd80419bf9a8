"""Personal API tokens: issue, revoke, check. The one definition of the token format and its hash.

A token reads ``imr_<prefix>_<secret>``: ``prefix`` is 8 hex digits, public (lists and the audit
trail show it, and it finds the row); ``secret`` is ``secrets.token_urlsafe(32)`` (256 random bits),
shown once when the token is made and never stored.

The row keeps ``HMAC-SHA256(SECRET_KEY, prefix:secret)`` rather than a plain SHA-256. The secret's
256 bits already defeat guessing, so the key is defence in depth: a copy of the database alone (a
leaked backup) cannot confirm a token found elsewhere, nor be used to mint a matching row. The cost
is that tokens follow the key: they are checked against ``SECRET_KEY`` and ``SECRET_KEY_FALLBACKS``,
so a key rotated Django's way keeps them working, and a key replaced outright revokes them all.
Digests are compared with ``hmac.compare_digest`` (constant time).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone

from accounts.models import ApiToken, TokenScope

DEFAULT_DAYS = 90
LAST_USED_EVERY = dt.timedelta(minutes=1)  # last_used_at is written at most this often
_FORMAT = re.compile(r"imr_(?P<prefix>[0-9a-f]{8})_(?P<secret>[A-Za-z0-9_-]{43})")


def max_days() -> int:
    return max(1, int(getattr(settings, "API_TOKEN_MAX_DAYS", 365)))


def default_days() -> int:
    return min(DEFAULT_DAYS, max_days())


def digest(prefix: str, secret: str, key: str | bytes | None = None) -> str:
    key = settings.SECRET_KEY if key is None else key
    raw_key = key.encode() if isinstance(key, str) else key
    return hmac.new(raw_key, f"{prefix}:{secret}".encode(), hashlib.sha256).hexdigest()


def _keys() -> list[str | bytes]:
    return [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]


@dataclass(frozen=True)
class Issued:
    """A new token and its plaintext, which exists only here: show it once, keep it nowhere."""

    token: ApiToken
    plaintext: str


def issue_token(
    user: User | AnonymousUser, name: str, scope: str = TokenScope.READ, days: int | None = None
) -> Issued:
    if not isinstance(user, User) or not user.is_active:  # the account page lets signed-in users only
        raise PermissionDenied("only an active account has API tokens")
    days = default_days() if days is None else days
    if not 1 <= days <= max_days():
        raise ValueError(f"a token lasts 1 to {max_days()} days, not {days}")
    secret = secrets.token_urlsafe(32)
    expires_at = timezone.now() + dt.timedelta(days=days)
    for _ in range(5):  # 8 hex digits: a clash is rare, and the unique index catches it
        prefix = secrets.token_hex(4)
        try:
            with transaction.atomic():
                token = ApiToken.objects.create(
                    user=user,
                    name=name,
                    prefix=prefix,
                    digest=digest(prefix, secret),
                    scope=TokenScope(scope),
                    expires_at=expires_at,
                )
        except IntegrityError:
            continue
        return Issued(token, f"imr_{prefix}_{secret}")
    raise RuntimeError("could not find a free token prefix")


def revoke_token(user: User | AnonymousUser, pk: int) -> bool:
    """Revoke one of the user's own tokens; False when it is not theirs or already revoked."""
    if not isinstance(user, User):
        return False
    mine = ApiToken.objects.filter(pk=pk, user=user, revoked_at__isnull=True)
    return bool(mine.update(revoked_at=timezone.now()))


def tokens_of(user: User | AnonymousUser) -> list[ApiToken]:
    """The user's tokens, newest first, revoked and expired ones included."""
    return list(ApiToken.objects.filter(user=user)) if isinstance(user, User) else []


def check_token(plaintext: str) -> ApiToken | None:
    """The usable token (of an active user) that ``plaintext`` is, or None: malformed, unknown,
    wrong secret, expired, revoked, or its user deactivated."""
    match = _FORMAT.fullmatch(plaintext)
    if match is None:
        return None
    prefix, secret = match["prefix"], match["secret"]
    token = ApiToken.objects.select_related("user").filter(prefix=prefix).first()
    if token is None:
        return None
    if not any(hmac.compare_digest(token.digest, digest(prefix, secret, key)) for key in _keys()):
        return None
    now = timezone.now()
    if not token.is_usable(now) or not token.user.is_active:
        return None
    _touch(token, now)
    return token


def _touch(token: ApiToken, now: dt.datetime) -> None:
    """Record the use, at most once a minute (one conditional UPDATE, no write on most calls)."""
    if token.last_used_at is not None and now - token.last_used_at < LAST_USED_EVERY:
        return
    stale = Q(last_used_at__isnull=True) | Q(last_used_at__lt=now - LAST_USED_EVERY)
    ApiToken.objects.filter(stale, pk=token.pk).update(last_used_at=now)
    token.last_used_at = now


def token_of(request: HttpRequest) -> ApiToken | None:
    """The token that authenticated this request (None for a session or anonymous one): the hook
    for the audit trail, which records ``token.prefix``."""
    token = getattr(request, "api_token", None)
    return token if isinstance(token, ApiToken) else None

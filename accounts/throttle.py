"""Small cache-backed throttles: sign-in failures and password reset requests.

Sign-in failures are counted by username + client IP (and, looser, by IP alone); password reset
requests by e-mail address and by client IP. Counts live in the shared cache (Redis) for a fixed
window from the first one; a successful sign-in clears its username+IP counter.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest


def client_ip(request: HttpRequest | None) -> str:
    """REMOTE_ADDR, or behind our proxy (LOGIN_THROTTLE_TRUST_FORWARDED_FOR) the X-Forwarded-For
    entry the proxy appended: the right-most one. Entries to its left come from the client,
    which could name any address to dodge the throttle (or to throttle someone else).
    """
    if request is None:
        return "-"
    if getattr(settings, "LOGIN_THROTTLE_TRUST_FORWARDED_FOR", False):
        entries = [e.strip() for e in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        entries = [e for e in entries if e]
        if entries:
            return entries[-1]
    return request.META.get("REMOTE_ADDR") or "-"


def _key(namespace: str, *parts: str) -> str:
    digest = hashlib.sha256("|".join(parts).encode()).hexdigest()[:32]
    return f"{namespace}:{digest}"


def _count(key: str, window: int) -> None:
    """One more in ``key``'s window (which starts with its first count)."""
    cache.add(key, 0, window)
    try:
        cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, window)


@dataclass(frozen=True)
class LoginThrottle:
    limit: int
    ip_limit: int
    window: int  # seconds

    @classmethod
    def from_settings(cls) -> LoginThrottle:
        return cls(
            limit=getattr(settings, "LOGIN_THROTTLE_LIMIT", 5),
            ip_limit=getattr(settings, "LOGIN_THROTTLE_IP_LIMIT", 50),
            window=getattr(settings, "LOGIN_THROTTLE_WINDOW", 15 * 60),
        )

    @staticmethod
    def _key(*parts: str) -> str:
        return _key("login-throttle", *parts)

    def _keys(self, username: str, ip: str) -> tuple[str, str]:
        return self._key("user", (username or "").strip().lower(), ip), self._key("ip", ip)

    def is_blocked(self, username: str, ip: str) -> bool:
        user_key, ip_key = self._keys(username, ip)
        counts = cache.get_many([user_key, ip_key])
        return counts.get(user_key, 0) >= self.limit or counts.get(ip_key, 0) >= self.ip_limit

    def register_failure(self, username: str, ip: str) -> None:
        for key in self._keys(username, ip):
            _count(key, self.window)

    def reset(self, username: str, ip: str) -> None:
        cache.delete(self._keys(username, ip)[0])

    @property
    def minutes(self) -> int:
        return max(1, round(self.window / 60))


def login_throttle() -> LoginThrottle:
    return LoginThrottle.from_settings()


@dataclass(frozen=True)
class ResetThrottle:
    """Password reset requests: at most ``email_limit`` per address and ``ip_limit`` per client IP
    per window, whether or not the address belongs to an account."""

    email_limit: int
    ip_limit: int
    window: int  # seconds

    @classmethod
    def from_settings(cls) -> ResetThrottle:
        return cls(
            email_limit=settings.PASSWORD_RESET_EMAIL_LIMIT,
            ip_limit=settings.PASSWORD_RESET_IP_LIMIT,
            window=settings.PASSWORD_RESET_WINDOW,
        )

    def allow(self, email: str, ip: str) -> bool:
        """Count this request; False when the address or the IP is already at its limit."""
        email_key = _key("reset-throttle", "email", (email or "").strip().lower())
        ip_key = _key("reset-throttle", "ip", ip)
        counts = cache.get_many([email_key, ip_key])
        if counts.get(email_key, 0) >= self.email_limit or counts.get(ip_key, 0) >= self.ip_limit:
            return False
        _count(email_key, self.window)
        _count(ip_key, self.window)
        return True


def reset_throttle() -> ResetThrottle:
    return ResetThrottle.from_settings()

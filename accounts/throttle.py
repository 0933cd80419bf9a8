"""A small cache-backed login throttle keyed by username + client IP (and a looser one by IP alone).

Failures are counted in the shared cache (Redis) for a fixed window from the first
failure; a success clears the username+IP counter.
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
        digest = hashlib.sha256("|".join(parts).encode()).hexdigest()[:32]
        return f"login-throttle:{digest}"

    def _keys(self, username: str, ip: str) -> tuple[str, str]:
        return self._key("user", (username or "").strip().lower(), ip), self._key("ip", ip)

    def is_blocked(self, username: str, ip: str) -> bool:
        user_key, ip_key = self._keys(username, ip)
        counts = cache.get_many([user_key, ip_key])
        return counts.get(user_key, 0) >= self.limit or counts.get(ip_key, 0) >= self.ip_limit

    def register_failure(self, username: str, ip: str) -> None:
        for key in self._keys(username, ip):
            cache.add(key, 0, self.window)
            try:
                cache.incr(key)
            except ValueError:  # expired between add and incr
                cache.set(key, 1, self.window)

    def reset(self, username: str, ip: str) -> None:
        cache.delete(self._keys(username, ip)[0])

    @property
    def minutes(self) -> int:
        return max(1, round(self.window / 60))


def login_throttle() -> LoginThrottle:
    return LoginThrottle.from_settings()

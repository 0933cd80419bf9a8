"""Personal API tokens: a script reaches /api/ as its owner without the owner's password."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class TokenScope(models.TextChoices):
    READ = "read", "Read only"
    WRITE = "write", "Read and write (saved queries)"


class ApiToken(models.Model):
    """A token ``imr_<prefix>_<secret>``: the row keeps the public prefix and a keyed hash of the
    secret (``accounts.tokens.digest``), never the secret itself."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100)
    prefix = models.CharField(max_length=16, unique=True)  # public: lists and the audit trail show it
    digest = models.CharField(max_length=64)  # hex HMAC-SHA256 of the secret
    scope = models.CharField(max_length=8, choices=TokenScope.choices, default=TokenScope.READ)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)  # at most a minute stale

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.name} (imr_{self.prefix}_…)"

    def is_usable(self, now: dt.datetime | None = None) -> bool:
        """Neither revoked nor expired."""
        return self.revoked_at is None and self.expires_at > (now or timezone.now())

    def allows(self, method: str | None) -> bool:
        """Read tokens only read: any other method than GET/HEAD/OPTIONS needs the write scope."""
        return self.scope == TokenScope.WRITE or (method or "").upper() in SAFE_METHODS

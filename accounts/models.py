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


class AuditKind(models.TextChoices):
    SEARCH = "search", "Search"
    LETTER_VIEW = "letter_view", "Letter view"
    FILE_DOWNLOAD = "file_download", "File download"
    EXPORT = "export", "Export"
    API_CALL = "api_call", "API call"
    SIGN_IN = "sign_in", "Sign-in"
    SIGN_IN_FAILED = "sign_in_failed", "Failed sign-in"
    SIGN_OUT = "sign_out", "Sign-out"


class AuditEvent(models.Model):
    """Who saw what, when, from where: one row per search, letter view, file download, export, API
    call or sign-in (written by ``accounts.audit.record``, purged after AUDIT_RETENTION_DAYS).

    ``username`` is kept beside the key so that a deleted user's events stay readable. ``query`` is
    a search's cleaned parameters or an API call's path and query string with secrets removed;
    never a password, token, reset link or session id.
    """

    kind = models.CharField(max_length=20, choices=AuditKind.choices)
    at = models.DateTimeField(default=timezone.now, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    username = models.CharField(max_length=150, blank=True)  # as typed, for a failed sign-in
    address = models.CharField(max_length=45, blank=True)  # accounts.throttle.client_ip
    letter = models.CharField(max_length=40, blank=True)  # the letter's public id (case number or id-N)
    query = models.CharField(max_length=1000, blank=True)
    rows = models.PositiveIntegerField(null=True, blank=True)  # an export's rows
    token_prefix = models.CharField(max_length=16, blank=True)  # an API call's token (public part)
    status = models.PositiveSmallIntegerField(null=True, blank=True)  # an API call's HTTP status

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [
            models.Index(fields=["user", "-at"], name="audit_user_at"),
            models.Index(fields=["username", "-at"], name="audit_username_at"),
            models.Index(fields=["letter", "-at"], name="audit_letter_at"),
            models.Index(fields=["kind", "-at"], name="audit_kind_at"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.username or '-'} {self.kind}"

"""Parse EMAIL_URL into Django email settings.

Schemes: ``console://`` (default), ``locmem://``, ``file:///path``,
``smtp://user:pass@host:port`` and ``smtp+tls://...`` / ``smtp+ssl://...``.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

_BACKENDS = {
    "console": "django.core.mail.backends.console.EmailBackend",
    "locmem": "django.core.mail.backends.locmem.EmailBackend",
    "file": "django.core.mail.backends.filebased.EmailBackend",
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
    "smtp+tls": "django.core.mail.backends.smtp.EmailBackend",
    "smtp+ssl": "django.core.mail.backends.smtp.EmailBackend",
}


def email_settings(url: str) -> dict[str, Any]:
    parts = urlsplit(url)
    backend = _BACKENDS.get(parts.scheme)
    if backend is None:
        raise ImproperlyConfigured(f"EMAIL_URL scheme {parts.scheme!r} is not supported.")
    settings: dict[str, Any] = {"EMAIL_BACKEND": backend}
    if parts.scheme == "file":
        settings["EMAIL_FILE_PATH"] = parts.path
    if parts.scheme.startswith("smtp"):
        settings.update(
            EMAIL_HOST=parts.hostname or "localhost",
            EMAIL_PORT=parts.port or 25,
            EMAIL_HOST_USER=unquote(parts.username or ""),
            EMAIL_HOST_PASSWORD=unquote(parts.password or ""),
            EMAIL_USE_TLS=parts.scheme == "smtp+tls",
            EMAIL_USE_SSL=parts.scheme == "smtp+ssl",
        )
    return settings

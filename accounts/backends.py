"""Authentication backend that refuses while a username+IP is throttled (covers the admin login too)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from accounts.throttle import client_ip, login_throttle


class ThrottledModelBackend(ModelBackend):
    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> User | None:
        if username and login_throttle().is_blocked(username, client_ip(request)):
            raise PermissionDenied("too many failed sign-in attempts")  # stops the backend chain
        return super().authenticate(request, username=username, password=password, **kwargs)

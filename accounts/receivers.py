"""Signal receivers: count failed sign-ins, clear them on success, make new users Members; sign-ins,
failures and sign-outs in the audit trail (a failure keeps the attempted user name, never the password)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import post_save

from accounts.audit import record
from accounts.models import AuditKind
from accounts.roles import add_to_members
from accounts.throttle import client_ip, login_throttle


def on_login_failed(sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any) -> None:
    username = credentials.get("username") or ""
    if username:
        login_throttle().register_failure(username, client_ip(request))
    record(request, AuditKind.SIGN_IN_FAILED, username=str(username))


def on_logged_out(sender: Any, request: Any, user: Any = None, **kwargs: Any) -> None:
    record(request, AuditKind.SIGN_OUT, user=user)


def on_logged_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    login_throttle().reset(user.get_username(), client_ip(request))
    record(request, AuditKind.SIGN_IN, user=user)


def on_user_created(sender: Any, instance: Any, created: bool, raw: bool = False, **kwargs: Any) -> None:
    if created and not raw:
        add_to_members(instance)


def connect() -> None:
    user_login_failed.connect(on_login_failed, dispatch_uid="accounts.login_failed")
    user_logged_in.connect(on_logged_in, dispatch_uid="accounts.logged_in")
    user_logged_out.connect(on_logged_out, dispatch_uid="accounts.logged_out")
    post_save.connect(on_user_created, sender=get_user_model(), dispatch_uid="accounts.user_created")

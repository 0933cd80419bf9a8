"""Roles: every user is a Member (search, save queries, export); Staff also reach the admin and bulk upload.

Roles are Django groups whose permissions are (re)asserted after every ``migrate``,
so a fresh database and an upgraded one end up the same.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import Group, Permission, User
from django.db import transaction

MEMBERS = "Members"
STAFF = "Staff"

# (app_label, codename)
MEMBER_PERMISSIONS: tuple[tuple[str, str], ...] = (
    ("search", "view_savedquery"),
    ("search", "add_savedquery"),
    ("search", "change_savedquery"),
    ("search", "delete_savedquery"),
    ("search", "export_letters"),
)
STAFF_PERMISSIONS: tuple[tuple[str, str], ...] = (
    *MEMBER_PERMISSIONS,
    ("ingest", "view_letter"),
    ("ingest", "change_letter"),
    ("ingest", "view_treatment"),
    ("ingest", "change_treatment"),  # corrected inline on the letter's page, itself a recorded version
    ("ingest", "view_letterversion"),
    ("ingest", "view_ingestbatch"),
    ("ingest", "add_ingestbatch"),
    ("ingest", "change_ingestbatch"),
    ("ingest", "view_ingestrecord"),
    ("search", "view_alerthit"),
    ("search", "view_alertemail"),
    ("auth", "view_user"),
    ("accounts", "view_auditevent"),  # the audit trail (/accounts/audit/)
)


def _permissions(pairs: tuple[tuple[str, str], ...]) -> list[Permission]:
    found = Permission.objects.filter(
        content_type__app_label__in={app for app, _ in pairs}, codename__in={code for _, code in pairs}
    ).select_related("content_type")
    wanted = set(pairs)
    return [perm for perm in found if (perm.content_type.app_label, perm.codename) in wanted]


@transaction.atomic
def ensure_roles() -> dict[str, Group]:
    """Create the Members and Staff groups and give them their permissions (idempotent)."""
    groups: dict[str, Group] = {}
    for name, pairs in ((MEMBERS, MEMBER_PERMISSIONS), (STAFF, STAFF_PERMISSIONS)):
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*_permissions(pairs))
        groups[name] = group
    return groups


def ensure_roles_after_migrate(sender: Any, **kwargs: Any) -> None:
    # Permissions are created per app by post_migrate: re-assert after each app the roles draw on.
    if getattr(sender, "label", None) in {"accounts", "auth", "ingest", "search"}:
        ensure_roles()


def add_to_members(user: User) -> None:
    group, _ = Group.objects.get_or_create(name=MEMBERS)
    user.groups.add(group)


def role_of(user: Any) -> str:
    if user.is_superuser:
        return "Administrator"
    if user.is_staff:
        return "Staff"
    return "Member"

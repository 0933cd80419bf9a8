"""Roles: every user is a Member (search, save queries, export); Staff also reach the admin and bulk upload.

Least privilege: Staff manage ingest, users and the audit trail, but hold no permission on other
members' saved queries or alerts (the admin shows anyone but a superuser only their own rows).
Staff create members and edit or deactivate them, never privileges: an account holding more than
the Member role is a superuser's to change (``holds_more_than_member``, ``accounts.user_admin``).
Who may download original files is ``settings.ORIGINAL_FILES_FOR``: "members" (both roles),
"staff" or "none" (superusers and users given ``ingest.download_original`` one by one).

Roles are Django groups whose permissions are set to exactly these after every ``migrate``,
so a fresh database and an upgraded one end up the same (a permission dropped here is taken away).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
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
    ("auth", "view_user"),
    ("auth", "add_user"),  # new accounts are Members; accounts end by deactivation (no delete_user)
    ("auth", "change_user"),  # a member's name, e-mail, active flag and password (accounts.user_admin)
    ("accounts", "view_auditevent"),  # the audit trail (/accounts/audit/)
)
ORIGINAL_FILES = ("ingest", "download_original")
DOWNLOAD_ORIGINAL = ".".join(ORIGINAL_FILES)  # the permission letter_file checks
ORIGINAL_FILES_ROLES = {"members": {MEMBERS, STAFF}, "staff": {STAFF}, "none": set()}


def role_permissions(name: str) -> tuple[tuple[str, str], ...]:
    """The permissions of the Members or Staff group, the original files as the setting says."""
    pairs = MEMBER_PERMISSIONS if name == MEMBERS else STAFF_PERMISSIONS
    if name in ORIGINAL_FILES_ROLES[settings.ORIGINAL_FILES_FOR]:
        pairs = (*pairs, ORIGINAL_FILES)
    return pairs


def _permissions(pairs: tuple[tuple[str, str], ...]) -> list[Permission]:
    found = Permission.objects.filter(
        content_type__app_label__in={app for app, _ in pairs}, codename__in={code for _, code in pairs}
    ).select_related("content_type")
    wanted = set(pairs)
    return [perm for perm in found if (perm.content_type.app_label, perm.codename) in wanted]


@transaction.atomic
def ensure_roles() -> dict[str, Group]:
    """Create the Members and Staff groups and set their permissions to exactly their role's (idempotent)."""
    groups: dict[str, Group] = {}
    for name in (MEMBERS, STAFF):
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.set(_permissions(role_permissions(name)))
        groups[name] = group
    return groups


def ensure_roles_after_migrate(sender: Any, **kwargs: Any) -> None:
    # Permissions are created per app by post_migrate: re-assert after each app the roles draw on.
    if getattr(sender, "label", None) in {"accounts", "auth", "ingest", "search"}:
        ensure_roles()


def add_to_members(user: User) -> None:
    group, _ = Group.objects.get_or_create(name=MEMBERS)
    user.groups.add(group)


def holds_more_than_member(user: User) -> bool:
    """Staff, a superuser, or an account given a group or permission beyond the Members role."""
    return (
        user.is_staff
        or user.is_superuser
        or user.user_permissions.exists()
        or user.groups.exclude(name=MEMBERS).exists()
    )


def role_of(user: Any) -> str:
    if user.is_superuser:
        return "Administrator"
    if user.is_staff:
        return "Staff"
    return "Member"

"""Write paths for accounts: creating members and staff."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, User
from django.db import transaction

from accounts.roles import MEMBERS, STAFF, ensure_roles


@transaction.atomic
def create_account(username: str, email: str, password: str | None, *, staff: bool = False) -> User:
    """Create a user in the Members group (and the Staff group with admin access when ``staff``)."""
    ensure_roles()
    user = get_user_model().objects.create_user(username=username, email=email, password=password)
    user.groups.add(Group.objects.get(name=MEMBERS))
    if staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
        user.groups.add(Group.objects.get(name=STAFF))
    return user


@transaction.atomic
def set_staff(user: User, staff: bool) -> None:
    """Promote a member to staff (admin and bulk upload) or demote them back."""
    ensure_roles()
    user.is_staff = staff
    user.save(update_fields=["is_staff"])
    group = Group.objects.get(name=STAFF)
    if staff:
        user.groups.add(group)
    else:
        user.groups.remove(group)

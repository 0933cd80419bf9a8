"""The User admin for staff (accounts.user_admin): they create members and edit or deactivate them, but
change no privilege, no account holding more than the Member role, and delete nobody; a superuser
does all of it. Every write is posted as a superuser's form would post it, privilege fields included."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group, Permission, User
from django.test import Client
from django.urls import reverse

from accounts import user_admin
from accounts.roles import DOWNLOAD_ORIGINAL, MEMBERS, STAFF
from accounts.services import create_account
from search.admin import UserAdmin as SearchUserAdmin
from search.alerts.recipients import refusal

pytestmark = pytest.mark.django_db

PASSWORD = "a long passphrase 123"
NEW_PASSWORD = "another long passphrase 456"


@pytest.fixture
def superuser(db) -> User:
    return User.objects.create_superuser("sue", "sue@example.com", PASSWORD)


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _change_url(user: User) -> str:
    return reverse("admin:auth_user_change", args=[user.pk])


def _password_url(user: User) -> str:
    return reverse("admin:auth_user_password_change", args=[user.pk])


def _escalation() -> dict[str, object]:
    """What a staff member would post to make an account staff, superuser and all-powerful."""
    return {
        "is_staff": "on",
        "is_superuser": "on",
        "groups": [Group.objects.get(name=STAFF).pk],
        "user_permissions": [Permission.objects.get(codename="delete_user").pk],
    }


def _change_form(user: User, **changes: object) -> dict[str, object]:
    """The change form of ``user`` as posted (the superuser's form: every field, no saved queries)."""
    data: dict[str, object] = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "date_joined_0": user.date_joined.strftime("%Y-%m-%d"),
        "date_joined_1": user.date_joined.strftime("%H:%M:%S"),
        "groups": list(user.groups.values_list("pk", flat=True)),
        "saved_queries-TOTAL_FORMS": "0",
        "saved_queries-INITIAL_FORMS": "0",
    }
    flags = {name: "on" for name in ("is_active", "is_staff", "is_superuser") if getattr(user, name)}
    data.update(flags)
    data.update(changes)
    return {name: value for name, value in data.items() if value is not None}


def _state(user: User) -> tuple[object, ...]:
    user = User.objects.get(pk=user.pk)
    groups = sorted(user.groups.values_list("name", flat=True))
    perms = sorted(user.user_permissions.values_list("codename", flat=True))
    return (user.username, user.email, user.is_active, user.is_staff, user.is_superuser, groups, perms)


def test_the_sites_user_admin_has_the_rules_and_keeps_the_saved_queries() -> None:
    registered = admin.site.get_model_admin(User)
    assert isinstance(registered, user_admin.UserAdmin)
    assert isinstance(registered, SearchUserAdmin)


def test_staff_may_add_and_change_users_but_not_delete_them(staff) -> None:
    assert staff.has_perm("auth.add_user")
    assert staff.has_perm("auth.change_user")
    assert not staff.has_perm("auth.delete_user")


def test_staff_create_a_member_and_posted_privileges_are_ignored(staff) -> None:
    response = _client(staff).post(
        reverse("admin:auth_user_add"),
        {
            "username": "newbie",
            "email": "newbie@example.com",
            "usable_password": "true",
            "password1": PASSWORD,
            "password2": PASSWORD,
        }
        | _escalation(),
    )
    assert response.status_code == 302
    newbie = User.objects.get(username="newbie")
    assert _state(newbie) == ("newbie", "newbie@example.com", True, False, False, [MEMBERS], [])
    assert newbie.check_password(PASSWORD)


def test_staff_edit_and_deactivate_a_member(staff, member) -> None:
    client = _client(staff)
    page = client.get(_change_url(member))
    assert page.status_code == 200
    assert b'name="_save"' in page.content
    form = _change_form(member, email="alice@new.example.com", first_name="Alice", is_active=None)
    response = client.post(_change_url(member), form | _escalation() | {"username": "renamed"})
    assert response.status_code == 302
    # The e-mail stays: a new one (then a reset link) would let staff sign in as the member.
    assert _state(member) == ("alice", "alice@example.com", False, False, False, [MEMBERS], [])
    assert User.objects.get(pk=member.pk).first_name == "Alice"
    # Deactivated as the rest of the portal expects: no sign-in, no alerts.
    assert not Client().login(username="alice", password="correct horse battery")
    assert refusal(User.objects.get(pk=member.pk)) == "account inactive"


def test_staff_cannot_set_a_members_password(staff, member) -> None:
    """A password set by staff would let them sign in as the member: members reset their own."""
    client = _client(staff)
    assert client.get(_password_url(member)).status_code == 403
    password = {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    assert client.post(_password_url(member), password).status_code == 403
    assert not User.objects.get(pk=member.pk).check_password(NEW_PASSWORD)


def _member_with(permission: str) -> User:
    app_label, codename = permission.split(".")
    user = create_account("gina", "gina@example.com", PASSWORD)
    user.user_permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))
    return user


@pytest.mark.parametrize("target", ["other staff", "superuser", "themselves", "member with a permission"])
def test_staff_only_view_accounts_beyond_a_member(staff, superuser, target) -> None:
    account = {
        "other staff": lambda: create_account("stella", "stella@example.com", PASSWORD, staff=True),
        "superuser": lambda: superuser,
        "themselves": lambda: staff,
        "member with a permission": lambda: _member_with(DOWNLOAD_ORIGINAL),
    }[target]()
    before = _state(account)
    client = _client(staff)
    page = client.get(_change_url(account))
    assert page.status_code == 200  # read-only: the view permission
    assert b'name="_save"' not in page.content
    assert not page.context["has_change_permission"]
    form = _change_form(account, email="taken@example.com", is_active=None)
    assert client.post(_change_url(account), form | _escalation()).status_code == 403
    assert client.get(_password_url(account)).status_code == 403
    password = {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    assert client.post(_password_url(account), password).status_code == 403
    assert _state(account) == before
    assert not User.objects.get(pk=account.pk).check_password(NEW_PASSWORD)


def test_staff_delete_nobody(staff, member) -> None:
    client = _client(staff)
    delete_url = reverse("admin:auth_user_delete", args=[member.pk])
    assert client.get(delete_url).status_code == 403
    assert client.post(delete_url, {"post": "yes"}).status_code == 403
    changelist = client.get(reverse("admin:auth_user_changelist"))
    assert b"delete_selected" not in changelist.content  # no bulk delete offered
    bulk = {"action": "delete_selected", "_selected_action": [member.pk], "post": "yes"}
    client.post(reverse("admin:auth_user_changelist"), bulk)
    assert User.objects.filter(pk=member.pk).exists()


def test_staff_given_delete_user_still_delete_nobody(staff, member) -> None:
    staff.user_permissions.add(Permission.objects.get(codename="delete_user"))
    response = _client(User.objects.get(pk=staff.pk)).post(
        reverse("admin:auth_user_delete", args=[member.pk]), {"post": "yes"}
    )
    assert response.status_code == 403
    assert User.objects.filter(pk=member.pk).exists()


def test_a_superuser_does_all_of_it(superuser, staff, member) -> None:
    client = _client(superuser)
    other = User.objects.create_superuser("sol", "sol@example.com", PASSWORD)
    form = _change_form(member) | _escalation()
    assert client.post(_change_url(member), form).status_code == 302
    assert _state(member) == ("alice", "alice@example.com", True, True, True, [STAFF], ["delete_user"])
    assert client.post(_change_url(other), _change_form(other, is_active=None)).status_code == 302
    assert not User.objects.get(pk=other.pk).is_active
    password = {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    assert client.post(_password_url(staff), password).status_code == 302
    assert User.objects.get(pk=staff.pk).check_password(NEW_PASSWORD)
    assert client.post(reverse("admin:auth_user_delete", args=[other.pk]), {"post": "yes"}).status_code == 302
    assert not User.objects.filter(pk=other.pk).exists()


def test_a_superuser_ticking_staff_status_gives_the_staff_role_and_clearing_it_takes_it(
    superuser, member
) -> None:
    client = _client(superuser)
    assert client.post(_change_url(member), _change_form(member, is_staff="on")).status_code == 302
    promoted = User.objects.get(pk=member.pk)
    assert _state(promoted)[3:6] == (True, False, [MEMBERS, STAFF])
    assert promoted.has_perm("ingest.add_ingestbatch")
    assert client.post(_change_url(promoted), _change_form(promoted, is_staff=None)).status_code == 302
    demoted = User.objects.get(pk=member.pk)
    assert _state(demoted)[3:6] == (False, False, [MEMBERS])
    assert not demoted.has_perm("ingest.add_ingestbatch")

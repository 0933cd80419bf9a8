from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from accounts.roles import MEMBERS, STAFF, ensure_roles

pytestmark = pytest.mark.django_db


def test_members_can_save_and_export(member):
    assert member.groups.filter(name=MEMBERS).exists()
    assert member.has_perm("search.add_savedquery")
    assert member.has_perm("search.export_letters")
    assert not member.is_staff


def test_any_new_user_is_a_member(db):
    user = get_user_model().objects.create_user("bob", "bob@example.com", "pw")
    assert user.groups.filter(name=MEMBERS).exists()


def test_staff_reach_admin_and_bulk_upload(client, staff):
    assert staff.groups.filter(name=STAFF).exists()
    assert staff.has_perm("ingest.add_ingestbatch")
    client.force_login(staff)
    assert client.get(reverse("admin:index")).status_code == 200


def test_members_do_not_reach_admin(client, member):
    client.force_login(member)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


def test_set_staff_demotes(staff):
    from accounts.services import set_staff

    set_staff(staff, False)
    staff = get_user_model().objects.get(pk=staff.pk)
    assert not staff.is_staff
    assert not staff.has_perm("ingest.add_ingestbatch")


def test_account_page(client, member):
    client.force_login(member)
    response = client.get(reverse("account"))
    assert response.status_code == 200
    assert b"Member" in response.content


def test_roles_lose_what_the_code_no_longer_gives_them(staff):
    """An upgraded database: staff once had the alert admin; migrate (ensure_roles) takes it away."""
    Group.objects.get(name=STAFF).permissions.add(Permission.objects.get(codename="view_alerthit"))
    ensure_roles()
    staff = get_user_model().objects.get(pk=staff.pk)
    assert not staff.has_perm("search.view_alerthit")
    assert staff.has_perm("ingest.add_ingestbatch")

"""A member's saved queries and alert hits are hers: no other caller reads, changes, reassigns or
deletes them on any route (pages, /api/saved*, the admin), staff included; a superuser keeps the admin."""

from __future__ import annotations

import json

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from search.models import SavedQuery
from tests.accounts.callers import CALLERS, get

pytestmark = pytest.mark.integration

WRITES = [
    ("post", "/saved/<int:pk>/rename", {"name": "Mine now"}),
    ("post", "/saved/<int:pk>/edit", {"name": "Mine now", "params": "q=x"}),
    ("post", "/saved/<int:pk>/delete", {}),
    ("post", "/admin/search/savedquery/<int:pk>/change/", {"name": "Mine now", "owner": "1"}),
    ("post", "/admin/search/savedquery/<int:pk>/delete/", {"post": "yes"}),
]
# anonymous, member, staff, superuser, inactive, read token, write token
WRITE_STATUS = {
    "/saved/<int:pk>/rename": (302, 404, 404, 404, 302, 302, 302),
    "/saved/<int:pk>/edit": (302, 404, 404, 404, 302, 302, 302),
    "/saved/<int:pk>/delete": (302, 404, 404, 404, 302, 302, 302),
    "/admin/search/savedquery/<int:pk>/change/": (302, 302, 403, None, 302, 302, 302),
    "/admin/search/savedquery/<int:pk>/delete/": (302, 302, 403, None, 302, 302, 302),
}
API_WRITE_STATUS = (401, 404, 404, 404, 401, 403, 404)  # PATCH, PUT, DELETE /api/saved/<pk>


def _unchanged(world) -> None:
    saved = SavedQuery.objects.get(pk=world["other_pk"])
    assert (saved.name, saved.owner_id) == ("Olga's", world["other_user"])


def test_nobody_else_writes_her_saved_query(world) -> None:
    for method, path, data in WRITES:
        for caller, expected in zip(CALLERS, WRITE_STATUS[path], strict=True):
            if caller == "super":
                continue  # the superuser's admin may: tried last, below
            assert get(world, caller, path, method, **data).status_code == expected, (caller, path)
            _unchanged(world)
    body = json.dumps({"name": "Mine now"})
    for method in ("patch", "put", "delete"):
        for caller, expected in zip(CALLERS, API_WRITE_STATUS, strict=True):
            client, headers = world["clients"][caller]
            url = f"/api/saved/{world['other_pk']}"
            response = getattr(client, method)(url, data=body, content_type="application/json", **headers)
            assert response.status_code == expected, (caller, method)
            _unchanged(world)


def test_staff_see_no_saved_queries_in_the_user_admin(world) -> None:
    url = reverse("admin:auth_user_change", args=[world["other_user"]])
    staff_page = get(world, "staff", url).content.decode()
    assert "Olga&#x27;s" not in staff_page
    assert "Olga's" not in staff_page
    assert "Saved queries" not in get(world, "staff", reverse("admin:auth_user_changelist")).content.decode()
    super_page = get(world, "super", url).content.decode()
    assert "Olga&#x27;s" in super_page or "Olga's" in super_page
    assert "Saved queries" in get(world, "super", reverse("admin:auth_user_changelist")).content.decode()


def test_staff_have_no_alert_or_other_saved_query_permission(world) -> None:
    stan = User.objects.get(username="stan")
    assert not stan.has_perm("search.view_alerthit")
    assert not stan.has_perm("search.view_alertemail")
    assert stan.has_perm("ingest.add_ingestbatch")
    assert stan.has_perm("auth.view_user")


def test_the_superuser_keeps_the_admin(world) -> None:
    path = "/admin/search/savedquery/<int:pk>/delete/"
    assert get(world, "super", path, "post", post="yes").status_code == 302
    assert not SavedQuery.objects.filter(pk=world["other_pk"]).exists()

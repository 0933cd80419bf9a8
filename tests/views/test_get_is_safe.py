"""GET never changes state: every URL pattern, fetched with GET by a member and by staff, leaves every
table as it was (sessions aside: signing in and "last seen" are the session's own business; and the
audit trail, whose job is to record reads)."""

from __future__ import annotations

import re

import pytest
from django.apps import apps
from django.contrib.admindocs.views import extract_views_from_urlpatterns, simplify_regex
from django.contrib.auth.models import User
from django.urls import get_resolver

from ingest.models import Letter
from search.models import SavedQuery

pytestmark = pytest.mark.integration

UNTRACKED = {"sessions.session", "accounts.auditevent"}


def urls(case_number: str, saved_pk: int) -> list[str]:
    """Every route of the site with its parameters filled: real objects where the route names one."""
    filled = []
    for _view, regex, _namespace, _name in extract_views_from_urlpatterns(get_resolver().url_patterns):
        path = simplify_regex(regex)
        path = path.replace("<str:case_number>", case_number)
        path = path.replace("/saved/<int:pk>", f"/saved/{saved_pk}")
        path = path.replace("<app_label>", "search").replace("<uidb64>", "MQ").replace("<token>", "x-y")
        path = re.sub(r"<[^>]+>", "1", path)
        filled.append(path)
    return sorted(set(filled))


def state() -> dict[str, list[dict]]:
    """Every row of every table the portal's models own."""
    return {
        model._meta.label_lower: list(model._base_manager.order_by("pk").values())
        for model in apps.get_models()
        if model._meta.label_lower not in UNTRACKED and model._meta.managed
    }


def test_get_on_every_route_changes_nothing(client, corpus, settings):
    settings.SEARCH_REQUIRES_LOGIN = True
    member = User.objects.create_user("walker", password="a-long-password-123")  # joins Members
    staff = User.objects.create_superuser("walker-admin", "admin@example.com", "a-long-password-123")
    case_number = Letter.objects.get(pk=corpus.letter_ids[0]).case_number
    saved = SavedQuery.objects.create(owner=member, name="Back pain", params="q=back")
    routes = urls(case_number, saved.pk)
    assert len(routes) > 40
    for user in (member, staff):
        client.force_login(user)  # writes last_login: the walk starts after it
        before = state()
        for route in routes:
            response = client.get(route)
            assert response.status_code != 500, route  # 503: /healthz without a Celery worker
            assert state() == before, f"GET {route} as {user.username} changed the database"

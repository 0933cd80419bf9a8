"""Every saved-query URL and API route is owner-only: another member gets 404, anonymous users sign in."""

from __future__ import annotations

import json

import pytest
from django.urls import URLPattern, reverse

from search.api.site import operation_urls
from search.models import AlertFrequency, SavedQuery
from search.saved import urls as saved_urls

pytestmark = pytest.mark.django_db

# (method, url name) for every route that takes a saved query's id.
ID_ROUTES = [
    ("get", "saved:run"),
    ("post", "saved:rename"),
    ("get", "saved:edit"),
    ("post", "saved:edit"),
    ("get", "saved:delete"),
    ("post", "saved:delete"),
    ("get", "search:api-saved-detail"),
    ("patch", "search:api-saved-detail"),
    ("put", "search:api-saved-detail"),
    ("delete", "search:api-saved-detail"),
    ("get", "search:api-saved-results"),
    ("post", "search:api-saved-results"),
]
LIST_ROUTES = [
    ("get", "saved:list"),
    ("get", "saved:create"),
    ("post", "saved:create"),
    ("get", "search:api-saved-list"),
]


@pytest.fixture
def alices_query(alice):
    # Created directly: no engine needed to prove isolation.
    return SavedQuery.objects.create(
        owner=alice, name="Alice's acupuncture", params="q=acupuncture", alert_frequency=AlertFrequency.DAILY
    )


def _call(client, method: str, url: str):
    body = {"name": "stolen", "params": "q=x", "alert_frequency": "off"}
    if method in ("patch", "put"):
        return getattr(client, method)(url, json.dumps(body), content_type="application/json")
    if method == "post":
        return client.post(url, body)
    return getattr(client, method)(url)


def test_every_id_route_is_covered():
    """A new route with an id must be added to ID_ROUTES (and so be tested)."""
    pages = {
        f"saved:{p.name}"
        for p in saved_urls.urlpatterns
        if isinstance(p, URLPattern) and "<int:pk>" in str(p.pattern)
    }
    routes = [p for p in operation_urls() if isinstance(p, URLPattern) and "pk" in str(p.pattern)]
    api = {f"search:{p.name}" for p in routes if p.name and p.name.startswith("api-")}  # a path's name
    assert pages | api == {name for _, name in ID_ROUTES}


@pytest.mark.parametrize(("method", "name"), ID_ROUTES)
def test_other_member_gets_404(client, bob, alices_query, method, name):
    client.force_login(bob)
    response = _call(client, method, reverse(name, args=[alices_query.pk]))
    assert response.status_code == 404
    alices_query.refresh_from_db()
    assert alices_query.name == "Alice's acupuncture"
    assert alices_query.params == "q=acupuncture"
    assert alices_query.alert_frequency == AlertFrequency.DAILY


@pytest.mark.parametrize(("method", "name"), ID_ROUTES)
def test_anonymous_is_sent_to_sign_in(client, alices_query, method, name):
    response = _call(client, method, reverse(name, args=[alices_query.pk]))
    if name.startswith("search:api"):
        assert response.status_code == 401
    else:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    assert SavedQuery.objects.filter(pk=alices_query.pk, name="Alice's acupuncture").exists()


@pytest.mark.parametrize(("method", "name"), LIST_ROUTES)
def test_anonymous_lists_sign_in(client, method, name):
    response = _call(client, method, reverse(name))
    assert response.status_code == (401 if name.startswith("search:api") else 302)
    assert not SavedQuery.objects.exists()


def test_lists_show_only_own_queries(client, bob, alices_query, search_index):
    client.force_login(bob)
    page = client.get(reverse("saved:list"))
    assert page.status_code == 200
    assert b"Alice&#x27;s acupuncture" not in page.content
    api = client.get(reverse("search:api-saved-list")).json()
    assert api["results"] == []


def test_missing_id_is_404_too(client, alice):
    client.force_login(alice)
    assert client.get(reverse("saved:run", args=[999_999])).status_code == 404
    assert client.get(reverse("search:api-saved-detail", args=[999_999])).status_code == 404

"""SEARCH_REQUIRES_LOGIN, on the decorator and on the real search routes."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponse
from django.test import RequestFactory, override_settings
from django.urls import NoReverseMatch, reverse

from accounts.access import export_access, search_access

pytestmark = pytest.mark.django_db


@search_access
def _view(request):
    return HttpResponse("ok")


@export_access
def _export(request):
    return HttpResponse("csv")


def _request(path: str, user=None, **headers):
    request = RequestFactory().get(path, **headers)
    request.user = user or AnonymousUser()
    return request


@override_settings(SEARCH_REQUIRES_LOGIN=True)
def test_anonymous_page_redirects_to_sign_in():
    response = _view(_request("/?q=acupuncture"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login") + "?next=")
    assert "acupuncture" in response["Location"]


@override_settings(SEARCH_REQUIRES_LOGIN=True)
def test_anonymous_api_gets_401_json():
    response = _view(_request("/api/search?q=x"))
    assert response.status_code == 401
    assert response["Content-Type"].startswith("application/json")


@override_settings(SEARCH_REQUIRES_LOGIN=True)
def test_anonymous_htmx_gets_hx_redirect():
    response = _view(_request("/?q=x", HTTP_HX_REQUEST="true"))
    assert response["HX-Redirect"].startswith(reverse("login"))


@override_settings(SEARCH_REQUIRES_LOGIN=True)
def test_hx_redirect_keeps_the_whole_querystring_in_next():
    from urllib.parse import parse_qs, urlsplit

    path = "/?q=back+pain&decision=overturned&category=Pharmacy"
    response = _view(_request(path, HTTP_HX_REQUEST="true"))
    target = urlsplit(response["HX-Redirect"])
    assert target.path == reverse("login")
    assert parse_qs(target.query) == {"next": [path]}


@override_settings(SEARCH_REQUIRES_LOGIN=False)
def test_open_search_lets_anonymous_in():
    assert _view(_request("/")).status_code == 200
    assert _export(_request("/export")).status_code == 200


@override_settings(SEARCH_REQUIRES_LOGIN=True)
def test_member_gets_in_and_may_export(member):
    assert _view(_request("/", member)).status_code == 200
    assert _export(_request("/export", member)).status_code == 200


@override_settings(SEARCH_REQUIRES_LOGIN=True)
def test_export_needs_the_permission(member):
    from django.contrib.auth.models import Group

    for group in Group.objects.all():
        member.groups.remove(group)
    from django.contrib.auth import get_user_model

    member = get_user_model().objects.get(pk=member.pk)
    assert _export(_request("/export", member)).status_code == 403


def _route(name: str) -> str:
    try:
        return reverse(name)
    except NoReverseMatch:
        pytest.skip(f"{name} is not routed yet (search UI)")


@pytest.mark.parametrize("name", ["search:search", "search:api-search"])
@override_settings(SEARCH_REQUIRES_LOGIN=True)
def test_real_search_routes_need_sign_in(client, name):
    url = _route(name)
    response = client.get(url + "?q=acupuncture")
    if name.startswith("search:api"):
        assert response.status_code == 401
    else:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))

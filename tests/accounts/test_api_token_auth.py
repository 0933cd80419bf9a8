"""Bearer tokens on the real /api/ routes (real PostgreSQL, OpenSearch, Redis): a token is its user
there, and nowhere else; a bad one is a 401 challenge, a read one cannot write."""

from __future__ import annotations

import datetime as dt
import json
import logging

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.middleware import ApiTokenMiddleware
from accounts.models import ApiToken, TokenScope
from accounts.tokens import issue_token, revoke_token, token_of
from search.indexes import alias_name
from search.indexing import ensure_index
from search.models import SavedQuery
from tests.saved.factory import acupuncture, index

pytestmark = [pytest.mark.django_db, pytest.mark.integration]


@pytest.fixture
def letters(index_prefix, opensearch_client, settings):
    settings.SEARCH_REQUIRES_LOGIN = True
    ensure_index()
    opensearch_client.delete_by_query(
        index=alias_name(), body={"query": {"match_all": {}}}, refresh=True, conflicts="proceed"
    )
    letter = acupuncture()
    index([letter])
    return letter


@pytest.fixture
def client() -> Client:
    return Client(enforce_csrf_checks=True)  # the browser's rules, not the test client's leniency


def bearer(plaintext: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {plaintext}"}


def test_a_token_reads_the_api_as_its_user(client, member, letters):
    SavedQuery.objects.create(owner=member, name="Acupuncture", params="q=acupuncture")
    auth = bearer(issue_token(member, "sync").plaintext)
    search = client.get("/api/search?q=acupuncture", **auth)
    assert search.status_code == 200, search.content
    assert [hit["case_number"] for hit in search.json()["results"]] == [letters.case_number]
    assert client.get("/api/outcomes?q=acupuncture", **auth).status_code == 200
    letter = client.get(f"/api/letters/{letters.case_number}", **auth)
    assert letter.json()["case_number"] == letters.case_number
    saved = client.get("/api/saved?counts=0", **auth)
    assert [q["name"] for q in saved.json()["results"]] == ["Acupuncture"]
    assert "sessionid" not in client.cookies  # no session was made


def test_without_a_token_the_api_still_asks_to_sign_in(client, letters):
    response = client.get("/api/search?q=acupuncture")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'


def _bad_tokens(member) -> dict[str, str]:
    expired, revoked, inactive = (issue_token(member, n).plaintext for n in ("e", "r", "i"))
    ApiToken.objects.filter(name="e").update(expires_at=timezone.now() - dt.timedelta(minutes=1))
    revoke_token(member, ApiToken.objects.get(name="r").pk)
    return {
        "expired": expired,
        "revoked": revoked,
        "malformed": "not-a-token",
        "empty": "",
        "unknown": "imr_0123abcd_" + "x" * 43,
        "wrong secret": "_".join(inactive.split("_", 2)[:2]) + "_" + "y" * 43,
    }


def test_bad_tokens_get_a_401_challenge_never_anonymous_access(client, member, staff, letters, settings):
    settings.SEARCH_REQUIRES_LOGIN = False  # even where anonymous users may search
    for kind, plaintext in _bad_tokens(member).items():
        for path in ("/api/search?q=acupuncture", f"/api/letters/{letters.case_number}", "/api/saved"):
            response = client.get(path, **bearer(plaintext))
            assert response.status_code == 401, (kind, path)
            assert response["WWW-Authenticate"] == 'Bearer error="invalid_token"', kind
            assert response.json()["error"] == "invalid_token"


def test_an_inactive_users_token_gets_401(client, member, letters):
    auth = bearer(issue_token(member, "sync").plaintext)
    assert client.get("/api/search", **auth).status_code == 200
    member.is_active = False
    member.save()
    response = client.get("/api/search", **auth)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == 'Bearer error="invalid_token"'


def _new_query() -> dict[str, str]:
    return {"name": "Acupuncture", "params": "q=acupuncture", "alert_frequency": "off"}


def test_a_read_token_cannot_write(client, member, letters):
    auth = bearer(issue_token(member, "sync").plaintext)
    mine = SavedQuery.objects.create(owner=member, name="Mine", params="q=x")
    post = client.post("/api/saved", json.dumps(_new_query()), content_type="application/json", **auth)
    assert post.status_code == 403
    assert post.json()["error"] == "insufficient_scope"
    assert post["WWW-Authenticate"].startswith('Bearer error="insufficient_scope"')
    assert client.delete(f"/api/saved/{mine.pk}", **auth).status_code == 403
    assert list(SavedQuery.objects.values_list("name", flat=True)) == ["Mine"]


def test_a_write_token_writes_without_csrf_but_a_cookie_still_needs_it(client, member, letters):
    auth = bearer(issue_token(member, "sync", scope=TokenScope.WRITE).plaintext)
    post = client.post("/api/saved", json.dumps(_new_query()), content_type="application/json", **auth)
    assert post.status_code == 201, post.content
    created = SavedQuery.objects.get(owner=member)
    assert client.delete(f"/api/saved/{created.pk}", **auth).status_code == 204

    client.force_login(member)  # a session cookie, no CSRF token: refused as before
    cookie = client.post("/api/saved", json.dumps(_new_query()), content_type="application/json")
    assert cookie.status_code == 403
    assert not SavedQuery.objects.exists()


def test_a_token_in_the_query_string_or_a_cookie_is_not_a_token(client, member, letters):
    plaintext = issue_token(member, "sync").plaintext
    for name in ("access_token", "token", "api_token"):
        assert client.get(f"/api/search?{name}={plaintext}").status_code == 401
        client.cookies[name] = plaintext
        assert client.get("/api/search").status_code == 401
    assert client.get("/api/search", HTTP_AUTHORIZATION=f"Token {plaintext}").status_code == 401


def test_a_token_does_not_open_pages_files_or_exports(client, member, letters):
    auth = bearer(issue_token(member, "sync", scope=TokenScope.WRITE).plaintext)
    login = reverse("login")
    for path in (
        "/",
        f"/letters/{letters.case_number}/",
        f"/letters/{letters.case_number}/original",
        "/export.csv",
        "/saved/",
        reverse("account"),
    ):
        response = client.get(path, **auth)
        assert response.status_code == 302, path
        assert response["Location"].startswith(login), path


def test_the_token_is_the_requests_audit_hook(member, letters, rf):
    issued = issue_token(member, "sync")
    seen = {}

    def view(request):
        seen["token"], seen["user"] = token_of(request), request.user
        return None

    def request(**headers):
        request = rf.get("/api/search", **headers)
        request.user = AnonymousUser()  # as AuthenticationMiddleware leaves it
        return request

    ApiTokenMiddleware(view)(request(**bearer(issued.plaintext)))
    assert seen == {"token": issued.token, "user": member}
    ApiTokenMiddleware(view)(request())
    assert seen == {"token": None, "user": AnonymousUser()}


def test_the_secret_is_not_logged(client, member, letters, caplog):
    issued = issue_token(member, "sync")
    secret = issued.plaintext.split("_", 2)[2]  # the secret may hold "_" itself
    with caplog.at_level(logging.DEBUG):
        client.get("/api/search?q=acupuncture", **bearer(issued.plaintext))
        body = json.dumps(_new_query())
        client.post("/api/saved", body, content_type="application/json", **bearer(issued.plaintext))  # 403
        client.get("/api/search", **bearer(issued.plaintext[:-1] + "!"))  # 401, logged
    assert caplog.records  # something was logged, and none of it is the secret
    assert secret not in caplog.text

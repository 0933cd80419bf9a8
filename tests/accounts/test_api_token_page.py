"""The account page's API tokens: create (the secret shown once), list, revoke; own tokens only."""

from __future__ import annotations

import logging
import re

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import ApiToken, TokenScope
from accounts.tokens import check_token, issue_token

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r"imr_[0-9a-f]{8}_[A-Za-z0-9_-]{43}")


@pytest.fixture
def signed_in(member) -> Client:
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)
    client.get(reverse("account"))  # the CSRF cookie, as a browser gets it
    return client


def _post(client: Client, url: str, data: dict | None = None):
    return client.post(url, {**(data or {}), "csrfmiddlewaretoken": client.cookies["csrftoken"].value})


def test_create_shows_the_secret_once_and_keeps_only_its_hash(signed_in, member, caplog):
    with caplog.at_level(logging.DEBUG):
        response = _post(
            signed_in, reverse("api-token-create"), {"name": "Case system", "scope": "write", "days": "30"}
        )
    assert response.status_code == 200  # rendered, not redirected: the secret is in no URL
    assert "no-store" in response["Cache-Control"]
    (plaintext,) = set(TOKEN.findall(response.content.decode()))
    token = ApiToken.objects.get(user=member)
    assert (token.name, token.scope, check_token(plaintext)) == ("Case system", TokenScope.WRITE, token)
    assert plaintext.split("_", 2)[2] not in token.digest
    assert plaintext not in caplog.text
    assert "_messages" not in signed_in.cookies
    assert not signed_in.session.get("_messages")

    again = signed_in.get(reverse("account"))
    assert not TOKEN.search(again.content.decode())  # never shown again
    assert f"imr_{token.prefix}_" in again.content.decode()  # but listed by its prefix


def test_the_page_lists_the_users_tokens_only(signed_in, member, staff):
    issue_token(member, "mine")
    issue_token(staff, "someone else's")
    page = signed_in.get(reverse("account")).content.decode()
    assert "mine" in page
    assert "someone else" not in page
    assert "Read only" in page  # the scope
    assert "never" in page  # last used


def test_create_needs_csrf_a_name_and_a_life_within_the_maximum(signed_in, member, settings):
    no_csrf = signed_in.post(reverse("api-token-create"), {"name": "x", "scope": "read", "days": "5"})
    assert no_csrf.status_code == 403
    settings.API_TOKEN_MAX_DAYS = 60
    for data in ({"name": "", "scope": "read", "days": "5"}, {"name": "x", "scope": "read", "days": "61"}):
        response = _post(signed_in, reverse("api-token-create"), data)
        assert response.status_code == 400
        assert not TOKEN.search(response.content.decode())
    assert not ApiToken.objects.exists()


def test_revoke_own_token_only(signed_in, member, staff):
    mine, theirs = issue_token(member, "mine"), issue_token(staff, "theirs")
    assert signed_in.post(reverse("api-token-revoke", args=[mine.token.pk])).status_code == 403  # CSRF
    assert _post(signed_in, reverse("api-token-revoke", args=[theirs.token.pk])).status_code == 404
    assert signed_in.get(reverse("api-token-revoke", args=[mine.token.pk])).status_code == 405
    response = _post(signed_in, reverse("api-token-revoke", args=[mine.token.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("account")
    assert check_token(mine.plaintext) is None
    assert check_token(theirs.plaintext) is not None
    assert "revoked" in signed_in.get(reverse("account")).content.decode()


def test_anonymous_and_inactive_users_get_no_tokens(member):
    client = Client()
    response = client.post(reverse("api-token-create"), {"name": "x", "scope": "read", "days": "5"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    client.force_login(member)
    member.is_active = False
    member.save()
    response = client.post(reverse("api-token-create"), {"name": "x", "scope": "read", "days": "5"})
    assert response.status_code == 302  # a deactivated account's session no longer signs it in
    assert not ApiToken.objects.exists()

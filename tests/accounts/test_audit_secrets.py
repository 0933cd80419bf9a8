"""Nothing secret reaches the audit trail or the logs: a known password, a token's secret (in its
header, and pasted into a query string), a reset link and a session id, used through the real
routes, appear in no AuditEvent row and in no log record."""

from __future__ import annotations

import logging
import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from accounts.audit import clean_query
from accounts.models import AuditEvent, AuditKind

pytestmark = [pytest.mark.django_db, pytest.mark.integration]

PASSWORD = "correct horse battery"
NEW_PASSWORD = "reset long passphrase"


def everything_recorded() -> str:
    return "\n".join(str(row) for row in AuditEvent.objects.values_list())


def test_no_password_token_reset_link_or_session_in_the_trail_or_the_logs(member, settings, caplog):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    caplog.set_level(logging.DEBUG)
    client = Client(REMOTE_ADDR="198.51.100.4")
    client.post(reverse("login"), {"username": "alice", "password": "not " + PASSWORD})
    assert client.post(reverse("login"), {"username": "alice", "password": PASSWORD}).status_code == 302
    session_id = client.cookies["sessionid"].value
    page = client.post(reverse("api-token-create"), {"name": "sync", "scope": "read", "days": "30"})
    plaintext = re.search(r"imr_[0-9a-f]{8}_[A-Za-z0-9_-]{43}", page.content.decode())[0]
    secret = plaintext.split("_", 2)[2]
    bearer = {"HTTP_AUTHORIZATION": f"Bearer {plaintext}"}
    assert client.get("/api/saved", **bearer).status_code == 200
    pasted = f"/api/saved?token={plaintext}&access_token={plaintext}&password={PASSWORD}&note={plaintext}"
    client.get(pasted, HTTP_AUTHORIZATION=f"Bearer {plaintext[:-1]}x")  # a wrong secret: 401
    client.post(reverse("logout"))

    client.post(reverse("password_reset"), {"email": "alice@example.com"})
    link = next(line for line in mail.outbox[0].body.splitlines() if "/accounts/reset/" in line)
    reset_path = "/" + link.split("://", 1)[1].split("/", 1)[1]
    form = client.get(reset_path, follow=True).redirect_chain[-1][0]
    client.post(form, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    client.post(reverse("login"), {"username": "alice", "password": NEW_PASSWORD})

    kinds = set(AuditEvent.objects.values_list("kind", flat=True))
    assert {AuditKind.SIGN_IN, AuditKind.SIGN_IN_FAILED, AuditKind.SIGN_OUT, AuditKind.API_CALL} <= kinds
    reset_token = reset_path.rstrip("/").rsplit("/", 1)[-1]
    secrets = [PASSWORD, NEW_PASSWORD, plaintext, secret, reset_path, reset_token, session_id]
    recorded, logged = everything_recorded(), caplog.text
    for text in secrets:
        assert text not in recorded
        assert text not in logged
    prefix = plaintext.split("_")[1]
    assert AuditEvent.objects.filter(kind=AuditKind.API_CALL, token_prefix=prefix, status=200).count() == 1


def test_clean_query_drops_secret_names_and_masks_token_shapes():
    token = "imr_0123abcd_" + "A" * 43
    raw = f"q=knee&password=x&api_key=y&csrfmiddlewaretoken=z&sessionid=s&note={token}&uidb64=MQ"
    assert clean_query(raw) == "q=knee&note=imr_%5Bredacted%5D"
    assert len(clean_query("q=" + "a" * 5000)) == 1000

"""accounts.audit.record on its own: the address as the sign-in throttle sees it, and a failure to
record logged, never raised (nor spoiling the transaction the view has open)."""

from __future__ import annotations

import logging

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection, transaction
from django.test import RequestFactory

from accounts.audit import record
from accounts.models import AuditEvent, AuditKind

pytestmark = pytest.mark.django_db


def request(user=None, **meta):
    req = RequestFactory().get("/", **meta)
    req.user = user or AnonymousUser()
    return req


def test_the_address_honours_the_forwarded_for_setting(member, settings):
    forwarded = {"REMOTE_ADDR": "10.0.0.2", "HTTP_X_FORWARDED_FOR": "6.6.6.6, 198.51.100.9"}
    record(request(member, **forwarded), AuditKind.LETTER_VIEW, letter="CM15-0000001")
    settings.LOGIN_THROTTLE_TRUST_FORWARDED_FOR = True
    record(request(member, **forwarded), AuditKind.LETTER_VIEW, letter="CM15-0000001")
    events = AuditEvent.objects.order_by("pk")
    assert [e.address for e in events] == ["10.0.0.2", "198.51.100.9"]
    assert {(e.user_id, e.username) for e in events} == {(member.pk, "alice")}


def test_a_failure_to_record_is_logged_not_raised(member, monkeypatch, caplog):
    def broken(**fields):
        with connection.cursor() as cursor:  # a statement PostgreSQL refuses, aborting the transaction
            cursor.execute("SELECT 1 / 0")

    monkeypatch.setattr(AuditEvent.objects, "create", broken)
    with transaction.atomic():  # the view's own transaction goes on: record used a savepoint
        record(request(member), AuditKind.SEARCH, query="q=knee")
        assert not AuditEvent.objects.exists()
    failure = next(r for r in caplog.records if r.name == "accounts.audit")
    assert failure.levelno == logging.ERROR
    assert "q=knee" in failure.getMessage()
    assert "alice" in failure.getMessage()

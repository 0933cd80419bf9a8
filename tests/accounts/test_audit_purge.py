"""The retention purge, with fixed times: events older than AUDIT_RETENTION_DAYS go, in batches;
the periodic task and the management command do the same."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command

from accounts.models import AuditEvent, AuditKind
from accounts.retention import purge_audit
from accounts.tasks import purge_audit_task

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 6, 1, 12, 0, tzinfo=dt.UTC)


def make(days_ago: float) -> AuditEvent:
    return AuditEvent.objects.create(kind=AuditKind.SEARCH, at=NOW - dt.timedelta(days=days_ago), query="q=x")


def test_events_older_than_the_retention_go_in_batches(settings):
    settings.AUDIT_RETENTION_DAYS = 30
    old = [make(30.001), make(31), make(400), make(1000), make(45)]
    kept = [make(29.999), make(1), make(0)]
    assert purge_audit(now=NOW, batch=2) == len(old)
    assert set(AuditEvent.objects.values_list("pk", flat=True)) == {e.pk for e in kept}
    assert purge_audit(now=NOW) == 0


def test_the_task_and_the_command_purge_by_the_setting(settings):
    settings.AUDIT_RETENTION_DAYS = 400
    ancient = AuditEvent.objects.create(kind=AuditKind.SIGN_IN)
    AuditEvent.objects.filter(pk=ancient.pk).update(at=dt.datetime(2000, 1, 1, tzinfo=dt.UTC))
    recent = AuditEvent.objects.create(kind=AuditKind.SIGN_IN)
    assert purge_audit_task() == 1
    assert list(AuditEvent.objects.values_list("pk", flat=True)) == [recent.pk]
    AuditEvent.objects.filter(pk=recent.pk).update(at=dt.datetime(2001, 1, 1, tzinfo=dt.UTC))
    out = io.StringIO()
    call_command("purge_audit", "--days", "10", stdout=out)
    assert "Deleted 1 audit event(s) older than 10 days." in out.getvalue()
    assert not AuditEvent.objects.exists()


def test_the_purge_is_scheduled(settings):
    entry = next(e for e in settings.CELERY_BEAT_SCHEDULE.values() if e["task"] == "accounts.purge_audit")
    assert entry["schedule"] is not None

"""The audit trail's retention: events older than AUDIT_RETENTION_DAYS are deleted, in batches
(a short DELETE each, so the table is never locked for long), by the Celery beat task
``accounts.purge_audit`` and by ``manage.py purge_audit``."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import timezone

from accounts.models import AuditEvent

BATCH = 5000


def retention_days() -> int:
    return max(1, int(getattr(settings, "AUDIT_RETENTION_DAYS", 400)))


def purge_audit(now: dt.datetime | None = None, days: int | None = None, batch: int = BATCH) -> int:
    """Delete the events older than ``days`` (the setting by default) before ``now``; the count."""
    cutoff = (now or timezone.now()) - dt.timedelta(days=retention_days() if days is None else days)
    deleted = 0
    while True:
        pks = list(
            AuditEvent.objects.filter(at__lt=cutoff).order_by("at").values_list("pk", flat=True)[:batch]
        )
        if not pks:
            return deleted
        deleted += AuditEvent.objects.filter(pk__in=pks).delete()[0]

"""Periodic tasks of the accounts app: the audit trail's purge (CELERY_BEAT_SCHEDULE)."""

from __future__ import annotations

from celery import shared_task

from accounts.retention import purge_audit


@shared_task(name="accounts.purge_audit", acks_late=True)
def purge_audit_task() -> int:
    """Delete the audit events older than AUDIT_RETENTION_DAYS; the number deleted."""
    return purge_audit()

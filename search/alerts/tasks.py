"""Alert tasks: thin, plain arguments, late acknowledgement, declarative retries.

``percolate_letters`` is queued by search.tasks after each index write of new or changed letters.
``sweep_recent_letters`` (Celery beat, every few minutes) percolates recently indexed
letters again from a database cursor, so letters whose hook was lost still alert;
duplicates are impossible (unique AlertHit), so overlapping is safe.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.db import OperationalError, transaction
from django.db.models import Max
from django.utils import timezone
from opensearchpy.exceptions import ConnectionError as EngineConnectionError
from opensearchpy.exceptions import TransportError

from ingest.models import Letter
from ingest.retrying import RetryingTask
from search.alerts import delivery, hits, percolator
from search.models import AlertCursor, SavedQuery

log = logging.getLogger(__name__)

SWEEP_BATCH = 500


class AlertTask(RetryingTask):
    """Every alert task waits out an engine, database or mail outage, with a longer backoff."""

    autoretry_for = (EngineConnectionError, TransportError, OperationalError, OSError)
    retry_backoff = 5
    retry_backoff_max = 300
    max_retries = 20


@shared_task(name="search.alerts.tasks.percolate_letters", base=AlertTask, ignore_result=True)
def percolate_letters(letter_ids: list[int]) -> int:
    """Record alert hits for these (newly indexed) letters and queue their immediate alerts.

    Its result is not stored (nobody reads it); the AlertHit rows are the outcome."""
    immediate = hits.record_hits([int(i) for i in letter_ids])
    for saved_query_id in sorted(immediate):
        send_immediate_alert.delay(saved_query_id)
    return len(immediate)


@shared_task(name="search.alerts.tasks.send_immediate_alert", base=AlertTask, ignore_result=True)
def send_immediate_alert(saved_query_id: int) -> int:
    return delivery.deliver_immediate(int(saved_query_id))


@shared_task(name="search.alerts.tasks.send_digests", base=AlertTask)
def send_digests(frequency: str) -> int:
    return delivery.deliver_digests(frequency)


@shared_task(name="search.alerts.tasks.register_saved_query", base=AlertTask)
def register_saved_query(saved_query_id: int) -> bool:
    saved_query = SavedQuery.objects.filter(pk=saved_query_id).first()
    if saved_query is None:
        percolator.unregister(int(saved_query_id))
        return False
    return percolator.register(saved_query)


@shared_task(name="search.alerts.tasks.sweep_recent_letters", base=AlertTask)
def sweep_recent_letters() -> int:
    """Percolate letters indexed since the cursor (minus an overlap), then send stragglers."""
    overlap = timedelta(minutes=int(getattr(settings, "ALERT_SWEEP_OVERLAP_MINUTES", 30)))
    with transaction.atomic():
        cursor, _ = AlertCursor.objects.get_or_create(name="percolator")
    since = (cursor.position or timezone.now()) - overlap
    letters = Letter.objects.filter(indexed_at__gt=since)
    high = letters.aggregate(high=Max("indexed_at"))["high"]
    ids = list(letters.order_by("indexed_at").values_list("pk", flat=True))
    immediate: set[int] = set()
    for start in range(0, len(ids), SWEEP_BATCH):
        immediate |= hits.record_hits(ids[start : start + SWEEP_BATCH])
    if high and (cursor.position is None or high > cursor.position):
        AlertCursor.objects.filter(pk=cursor.pk).update(position=high)
    for saved_query_id in sorted(immediate):
        send_immediate_alert.delay(saved_query_id)
    delivery.deliver_stragglers()
    return len(ids)

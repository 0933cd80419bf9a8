"""Putting a batch's work on the Celery queue: first run, resume, retry failed, and stall recovery.

Every path re-queues only records that are still unfinished; the pipeline's
conditional updates make a record processed twice count once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from ingest import conf, services
from ingest.models import IngestBatch, IngestRecord

Outcome = IngestRecord.Outcome


def _chunks(batch_id: int, outcomes: tuple[str, ...]) -> Iterator[list[int]]:
    """Record ids in chunks, by keyset pagination: no cursor stays open while the caller writes
    (an open SQLite read cursor would keep a stale snapshot and make the next write fail)."""
    size = conf.get("INGEST_CHUNK_SIZE")
    records = IngestRecord.objects.filter(batch_id=batch_id, outcome__in=outcomes).order_by("pk")
    last = 0
    while True:
        chunk = list(records.filter(pk__gt=last).values_list("pk", flat=True)[:size])
        if not chunk:
            return
        yield chunk
        last = chunk[-1]


def queue_batch(batch_id: int, *, outcomes: tuple[str, ...] = (Outcome.PENDING,)) -> int:
    """Queue the batch's unfinished records in chunks (after commit). Returns how many records."""
    from ingest.tasks import process_chunk, schedule_index_pending

    services.open_batch_for_queueing(batch_id)
    queued = 0
    for chunk in _chunks(batch_id, outcomes):
        services.mark_queued(batch_id, chunk)
        transaction.on_commit(lambda ids=chunk: process_chunk.delay(ids))
        queued += len(chunk)
    if (
        Outcome.SAVED not in outcomes
        and IngestRecord.objects.filter(batch_id=batch_id, outcome=Outcome.SAVED).exists()
    ):
        transaction.on_commit(lambda: schedule_index_pending(countdown=0))
    return queued


def resume(batch_id: int) -> int:
    """Finish an interrupted batch: queue its pending and not-yet-indexed records again."""
    return queue_batch(batch_id, outcomes=(Outcome.PENDING, Outcome.SAVED))


def retry_failed(batch_id: int) -> int:
    """Failed records (with a stored file) go through the pipeline again."""
    if not services.reset_failed(batch_id):
        return 0
    return queue_batch(batch_id)


def requeue_if_stalled(batch_id: int, stall_seconds: float | None = None) -> int:
    """Re-queue the unfinished records of a batch in which nothing finished for `stall_seconds`.

    Covers tasks lost with a killed worker (acks_late keeps them in Redis only until
    the broker's visibility timeout) and a broker that lost its queue.
    """
    stall = dt.timedelta(
        seconds=stall_seconds if stall_seconds is not None else conf.get("INGEST_STALL_SECONDS")
    )
    batch = IngestBatch.objects.filter(pk=batch_id).first()
    if batch is None or batch.status in (IngestBatch.Status.RECEIVING, IngestBatch.Status.DONE):
        return 0
    unfinished = IngestRecord.objects.filter(batch_id=batch_id, outcome__in=services.UNFINISHED)
    if not unfinished.exists():
        services.refresh_batches([batch_id])
        return 0
    stamps = IngestRecord.objects.filter(batch_id=batch_id).aggregate(
        finished=Max("finished_at"), queued=Max("queued_at"), started=Max("started_at")
    )
    last = max((s for s in stamps.values() if s is not None), default=batch.created_at)
    if timezone.now() - last < stall:
        return 0
    return resume(batch_id)

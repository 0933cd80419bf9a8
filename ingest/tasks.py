"""Celery tasks of ingestion: thin, plain arguments (ids), rows re-read, retries declared here."""

from __future__ import annotations

import logging

from celery import shared_task
from django.core.cache import cache
from django.db import InterfaceError, OperationalError, reset_queries
from opensearchpy.exceptions import ConnectionError as EngineConnectionError
from opensearchpy.exceptions import TransportError
from redis.exceptions import ConnectionError as RedisConnectionError

from ingest import pipeline
from ingest.pipeline.index import index_pending as run_index_pending

logger = logging.getLogger(__name__)

ENGINE_DOWN = (EngineConnectionError, TransportError)
RETRY = {
    "autoretry_for": (OperationalError, InterfaceError, RedisConnectionError, *ENGINE_DOWN),
    "retry_backoff": 2,
    "retry_backoff_max": 60,
    "retry_jitter": True,
    "acks_late": True,
    "reject_on_worker_lost": True,
}
CATCH_UP_LOCK = "ingest:index-pending-scheduled"


@shared_task(name="ingest.process_chunk", max_retries=20, **RETRY)
def process_chunk(record_ids: list[int]) -> dict[str, int]:
    """Parse and save these records; index their letters in bulk (or leave that to the catch-up task)."""
    try:
        result = pipeline.run_chunk(record_ids)
    except ENGINE_DOWN as exc:
        logger.warning("search engine unavailable (%s): letters saved, indexing scheduled", exc)
        schedule_index_pending(countdown=5)
        return {"index_deferred": 1}
    finally:
        reset_queries()  # with DEBUG on, the query log would keep every letter's INSERT
    return {**result.outcomes, "indexed": result.indexed}


@shared_task(name="ingest.index_pending", max_retries=None, **RETRY)
def index_pending() -> dict[str, int]:
    """Bulk index every letter whose index copy is missing or stale (the catch-up after an outage)."""
    indexed, more = run_index_pending()
    try:
        cache.delete(CATCH_UP_LOCK)
    except Exception:  # noqa: BLE001
        logger.debug("cache unavailable for the index debounce")
    if more:
        schedule_index_pending(countdown=0)
    return {"indexed": indexed}


@shared_task(name="ingest.sweep", max_retries=3, **RETRY)
def sweep() -> dict[str, int]:
    """Periodic safety net (beat): re-queue stalled batches, then catch the index up."""
    from ingest import dispatch
    from ingest.models import IngestBatch

    requeued = 0
    open_states = (IngestBatch.Status.QUEUED, IngestBatch.Status.RUNNING)
    open_batches = IngestBatch.objects.filter(status__in=open_states)
    for batch_id in open_batches.values_list("pk", flat=True):
        requeued += dispatch.requeue_if_stalled(batch_id)
    indexed, more = run_index_pending()
    if more:
        schedule_index_pending(countdown=0)
    return {"requeued": requeued, "indexed": indexed}


@shared_task(name="ingest.expand_uploads", max_retries=5, **RETRY)
def expand_uploads(batch_id: int, stored_names: list[str]) -> int:
    """Unpack uploaded zips of an admin upload into records, then queue the batch."""
    from ingest import dispatch, entry

    count = entry.expand_stored_uploads(batch_id, stored_names)
    dispatch.queue_batch(batch_id)
    return count


def schedule_index_pending(countdown: float = 5) -> None:
    """Queue one catch-up task unless one is already scheduled (debounced through the cache)."""
    try:
        if not cache.add(CATCH_UP_LOCK, 1, timeout=120):
            return
    except Exception:  # noqa: BLE001 - the cache lives in Redis too; queue anyway
        logger.debug("cache unavailable for the index debounce")
    index_pending.apply_async(countdown=countdown)

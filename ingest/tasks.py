"""Celery tasks of ingestion and the functions that queue them: first run, resume, retry failed, stalls.

Tasks are thin, take ids, re-read the rows. Every queueing path queues only records that
are still unfinished; the records' conditional updates make a record processed twice count
once. Indexing is search's (search.tasks): ingest only tells it which letters were saved.
"""

from __future__ import annotations

import logging
from functools import partial

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.db import InterfaceError, OperationalError, reset_queries, transaction
from redis.exceptions import ConnectionError as RedisConnectionError

from ingest import conf, entry, pipeline, records
from ingest.models import IngestRecord
from ingest.pipeline.save import announce
from ingest.retrying import RetryingTask

logger = logging.getLogger(__name__)
Outcome = IngestRecord.Outcome


class IngestTask(RetryingTask):
    """Every ingest task waits out a database or broker outage."""

    autoretry_for = (OperationalError, InterfaceError, RedisConnectionError)


@shared_task(base=IngestTask, name="ingest.process_chunk", max_retries=20, ignore_result=True)
def process_chunk(record_ids: list[int]) -> dict[str, int]:
    """Parse and save these records (search is told which letters to index once they commit).

    A chunk with a record that an earlier run left unfinished (its worker died, its task was lost)
    is not run whole again: each of its unfinished records is queued alone, so attempts pile up on
    the file at fault only, and the others are read once more, in tasks of their own.

    When the task's soft time limit strikes, a chunk of several records is split the same way: the
    record being read then had only part of the task's time, so it is not failed for it. A record
    alone in its task had all that time to itself: it fails, with the reason.

    No result is stored: the records say how each file went (the backend's writes cost every task).
    """
    try:
        if len(record_ids) > 1 and records.interrupted(record_ids):
            return {"queued alone": queue_alone(record_ids)}
        return pipeline.run_chunk(record_ids).outcomes
    except SoftTimeLimitExceeded:
        if len(record_ids) > 1:
            return {"queued alone": queue_alone(record_ids)}
        failed = records.fail_record(record_ids[0], out_of_time_reason())
        records.refresh_batches(records.batches_of(record_ids))
        return {Outcome.FAILED: int(failed)}
    finally:
        reset_queries()  # with DEBUG on, the query log would keep every letter's INSERT


def out_of_time_reason() -> str:
    limit = process_chunk.soft_time_limit or process_chunk.app.conf.task_soft_time_limit
    return (
        f"reading this file took longer than the task's time limit ({limit} s, "
        "setting CELERY_TASK_SOFT_TIME_LIMIT)"
    )


def queue_alone(record_ids: list[int]) -> int:
    """Queue each unfinished record among these as a chunk of its own."""
    alone = records.unfinished_ids(record_ids)
    records.mark_queued(alone)
    for record_id in alone:
        process_chunk.delay([record_id])
    return len(alone)


@shared_task(base=IngestTask, name="ingest.sweep", max_retries=3)
def sweep() -> dict[str, int]:
    """Periodic safety net (beat): re-queue stalled batches; finish records whose letter is indexed."""
    requeued = sum(requeue_if_stalled(batch_id) for batch_id in records.open_batch_ids())
    return {"requeued": requeued, "finalized": records.finalize_already_indexed()}


@shared_task(
    base=IngestTask, name="ingest.expand_uploads", max_retries=5, soft_time_limit=3600, time_limit=3660
)
def expand_uploads(batch_id: int, stored_names: list[str]) -> int:
    """Unpack uploaded zips of an admin upload into records, then queue the batch.

    Its time limits are its own: unpacking a zip of INGEST_MAX_ZIP_BYTES (4 GB) takes longer than the
    few minutes a chunk of letters is given."""
    count = entry.expand_stored_uploads(batch_id, stored_names)
    queue_batch(batch_id)
    return count


def queue_batch(batch_id: int) -> int:
    """Queue the batch's pending records in chunks (after commit), and ask search again for the letters
    of its saved records. Returns how many records and letters were queued.

    The one way to queue a batch: its first run, a resume (`ingest --resume`, the admin), a retry
    of its failed records, a re-queue after a stall."""
    records.open_batch_for_queueing(batch_id)
    queued = 0
    for chunk in records.chunks(batch_id, (Outcome.PENDING,)):
        records.mark_queued(chunk)
        transaction.on_commit(partial(process_chunk.delay, chunk))
        queued += len(chunk)
    return queued + request_index(batch_id)


def request_index(batch_id: int) -> int:
    """Announce again the letters of the batch's saved records (their index write is missing), in
    messages of INGEST_INDEX_BATCH letters."""
    letter_ids = records.saved_letter_ids(batch_id)
    size = conf.get("INGEST_INDEX_BATCH")
    for start in range(0, len(letter_ids), size):
        transaction.on_commit(partial(announce, letter_ids[start : start + size]))
    return len(letter_ids)


def retry_failed(batch_id: int) -> int:
    """Failed records (with a stored file) go through the pipeline again."""
    if not records.reset_failed(batch_id):
        return 0
    return queue_batch(batch_id)


def requeue_if_stalled(batch_id: int, stall_seconds: float | None = None) -> int:
    """Re-queue the unfinished records of a batch in which nothing happened for `stall_seconds`.

    Covers tasks lost with a killed worker (acks_late keeps them in Redis only until
    the broker's visibility timeout), a broker that lost its queue, and index tasks that
    gave up while the engine was down.
    """
    if not records.is_stalled(batch_id, stall_seconds):
        return 0
    return queue_batch(batch_id)

"""State of ingest records and batches. Each function owns its (small) transaction.

Records move pending -> saved -> indexed/updated, or pending -> duplicate/failed.
Every transition is a conditional UPDATE on the current outcome, so a record
processed twice (a redelivered task, a resumed batch) is recorded once. A batch is
done once none of its records is unfinished. The move saved -> indexed/updated is
made here only, when search reports letters indexed (the `letters_indexed` signal).
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable, Iterator
from typing import Any

from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone

from ingest import conf
from ingest.models import IngestBatch, IngestRecord

Outcome = IngestRecord.Outcome
UNFINISHED = (Outcome.PENDING, Outcome.SAVED)


class Action(enum.StrEnum):
    """What saving did to a record's letter (IngestRecord.action): it says indexed or updated once indexed.

    OLDER marks a duplicate record that is an older version of a stored case, not the same text:
    both are counted as duplicates, and the admin tells them apart by this action.
    """

    CREATE = "created"
    UPDATE = "updated"
    OLDER = "older"


def claim_records(record_ids: list[int]) -> list[IngestRecord]:
    """The chunk's unfinished records, attempt counted, batch running: two UPDATEs and one SELECT.

    An attempt is counted before the record is read, so it counts even when the reading kills the
    worker before any `except` runs (the task is then redelivered). A pending record that has
    already had INGEST_MAX_ATTEMPTS attempts, none of which ended, is failed for good instead.
    """
    now = timezone.now()
    limit = conf.get("INGEST_MAX_ATTEMPTS")
    with transaction.atomic():
        pending = IngestRecord.objects.filter(pk__in=record_ids, outcome=Outcome.PENDING)
        exhausted = pending.filter(attempts__gte=limit)
        gave_up = exhausted.update(outcome=Outcome.FAILED, reason=gave_up_reason(limit), finished_at=now)
        unfinished = IngestRecord.objects.filter(pk__in=record_ids, outcome__in=UNFINISHED)
        records = []
        if unfinished.update(attempts=F("attempts") + 1, started_at=now):
            records = list(unfinished.order_by("pk"))
            batch_ids = {r.batch_id for r in records}
            IngestBatch.objects.filter(
                pk__in=batch_ids, status__in=(IngestBatch.Status.QUEUED, IngestBatch.Status.DONE)
            ).update(status=IngestBatch.Status.RUNNING, finished_at=None)
            IngestBatch.objects.filter(pk__in=batch_ids, started_at=None).update(started_at=now)
    if gave_up:  # its batch may have nothing else left
        refresh_batches(batches_of(record_ids))
    return records


def batches_of(record_ids: list[int]) -> set[int]:
    return set(IngestRecord.objects.filter(pk__in=record_ids).values_list("batch_id", flat=True))


def gave_up_reason(attempts: int) -> str:
    return (
        f"the worker died {attempts} times on this file: each attempt to read it ended without an "
        "outcome (setting INGEST_MAX_ATTEMPTS)"
    )


def interrupted(record_ids: list[int]) -> bool:
    """Whether a pending record among these was claimed before and never finished (its worker died,
    or its task was lost or ran out of time)."""
    return IngestRecord.objects.filter(pk__in=record_ids, outcome=Outcome.PENDING, attempts__gt=0).exists()


def unfinished_ids(record_ids: list[int]) -> list[int]:
    unfinished = IngestRecord.objects.filter(pk__in=record_ids, outcome__in=UNFINISHED)
    return list(unfinished.order_by("pk").values_list("pk", flat=True))


def fail_record(record_id: int, reason: str, *, kind: str = "") -> bool:
    now = timezone.now()
    with transaction.atomic():
        done = IngestRecord.objects.filter(pk=record_id, outcome=Outcome.PENDING).update(
            outcome=Outcome.FAILED, reason=reason[:2000], kind=kind, finished_at=now
        )
    return bool(done)


def finalize_indexed(letter_ids: Iterable[int]) -> int:
    """Records waiting for these (now indexed) letters become indexed/updated. Returns how many."""
    ids = list(letter_ids)
    if not ids:
        return 0
    with transaction.atomic():
        waiting = IngestRecord.objects.filter(outcome=Outcome.SAVED, letter_id__in=ids)
        batch_ids = set(waiting.values_list("batch_id", flat=True))
        count = waiting.filter(action=Action.UPDATE.value).update(outcome=Outcome.UPDATED)
        count += waiting.update(outcome=Outcome.INDEXED)
    refresh_batches(batch_ids)
    return count


def on_letters_indexed(sender: Any, letter_ids: list[int], **kwargs: Any) -> None:
    """Receiver of ingest.signals.letters_indexed (connected in ingest.apps)."""
    finalize_indexed(letter_ids)


def finalize_already_indexed() -> int:
    """Saved records whose letter is already indexed (a crash between the index write and this step)."""
    ids = IngestRecord.objects.filter(
        outcome=Outcome.SAVED,
        letter__indexed_at__isnull=False,
        letter__indexed_at__gte=F("letter__updated_at"),
    ).values_list("letter_id", flat=True)
    return finalize_indexed(set(ids))


def refresh_batches(batch_ids: Iterable[int]) -> None:
    """Mark batches done once none of their records is unfinished."""
    for batch_id in set(batch_ids):
        with transaction.atomic():
            unfinished = IngestRecord.objects.filter(batch_id=batch_id, outcome__in=UNFINISHED).exists()
            if not unfinished:
                IngestBatch.objects.filter(pk=batch_id).exclude(
                    status__in=(IngestBatch.Status.RECEIVING, IngestBatch.Status.DONE)
                ).update(status=IngestBatch.Status.DONE, finished_at=timezone.now())


def chunks(batch_id: int, outcomes: tuple[str, ...]) -> Iterator[list[int]]:
    """Record ids in chunks of INGEST_CHUNK_SIZE, by keyset pagination: no cursor stays open while the
    caller writes."""
    size = conf.get("INGEST_CHUNK_SIZE")
    records = IngestRecord.objects.filter(batch_id=batch_id, outcome__in=outcomes).order_by("pk")
    last = 0
    while True:
        chunk = list(records.filter(pk__gt=last).values_list("pk", flat=True)[:size])
        if not chunk:
            return
        yield chunk
        last = chunk[-1]


def saved_letter_ids(batch_id: int) -> list[int]:
    """Letters of the batch's records that are saved and wait for the index."""
    waiting = IngestRecord.objects.filter(batch_id=batch_id, outcome=Outcome.SAVED, letter__isnull=False)
    return sorted(set(waiting.values_list("letter_id", flat=True)))


def mark_queued(record_ids: list[int]) -> None:
    with transaction.atomic():
        IngestRecord.objects.filter(pk__in=record_ids).update(queued_at=timezone.now())


def open_batch_for_queueing(batch_id: int) -> None:
    """Receiving is over: count the files and move the batch to queued (done if nothing is left)."""
    with transaction.atomic():
        total = IngestRecord.objects.filter(batch_id=batch_id).count()
        IngestBatch.objects.filter(pk=batch_id).update(
            total_files=total, status=IngestBatch.Status.QUEUED, finished_at=None
        )
    refresh_batches([batch_id])


def reset_failed(batch_id: int) -> int:
    """Failed records with a stored file go back to pending with no attempt counted (for "retry failed").
    Returns how many."""
    with transaction.atomic():
        count = (
            IngestRecord.objects.filter(batch_id=batch_id, outcome=Outcome.FAILED)
            .exclude(stored_file="")
            .update(outcome=Outcome.PENDING, reason="", finished_at=None, queued_at=None, attempts=0)
        )
        if count:
            IngestBatch.objects.filter(pk=batch_id).update(status=IngestBatch.Status.QUEUED, finished_at=None)
    return count


def open_batch_ids() -> list[int]:
    open_states = (IngestBatch.Status.QUEUED, IngestBatch.Status.RUNNING)
    return list(IngestBatch.objects.filter(status__in=open_states).values_list("pk", flat=True))


def is_stalled(batch_id: int, stall_seconds: float | None = None) -> bool:
    """Whether the batch has unfinished records and none finished, started or was queued for `stall_seconds`.

    A batch found with nothing unfinished is marked done on the way.
    """
    stall = dt.timedelta(
        seconds=stall_seconds if stall_seconds is not None else conf.get("INGEST_STALL_SECONDS")
    )
    batch = IngestBatch.objects.filter(pk=batch_id).first()
    if batch is None or batch.status in (IngestBatch.Status.RECEIVING, IngestBatch.Status.DONE):
        return False
    if not IngestRecord.objects.filter(batch_id=batch_id, outcome__in=UNFINISHED).exists():
        refresh_batches([batch_id])
        return False
    stamps = IngestRecord.objects.filter(batch_id=batch_id).aggregate(
        finished=Max("finished_at"), queued=Max("queued_at"), started=Max("started_at")
    )
    last = max((s for s in stamps.values() if s is not None), default=batch.created_at)
    return timezone.now() - last >= stall

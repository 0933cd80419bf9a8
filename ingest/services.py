"""Write paths of ingestion. Each function owns its (small) transaction.

Records move pending -> saved -> indexed/updated, or pending -> duplicate/failed.
Every transition is a conditional UPDATE on the current outcome, so a record
processed twice (a redelivered task, a resumed batch) is recorded once.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

from ingest.models import IngestBatch, IngestRecord, Letter, SupersededVersion
from ingest.parsing.result import ParsedLetter
from ingest.pipeline.deduplicate import Action, find_match
from ingest.pipeline.save import build_treatments, fill_letter

Outcome = IngestRecord.Outcome
UNFINISHED = (Outcome.PENDING, Outcome.SAVED)


@dataclass(frozen=True, slots=True)
class Saved:
    outcome: str  # Outcome value
    letter_id: int | None
    needs_index: bool
    letter: Letter | None = None  # the object just saved, treatments attached: indexed from memory


def claim_records(record_ids: list[int]) -> list[IngestRecord]:
    """claim_record for a whole chunk: one UPDATE and one SELECT."""
    now = timezone.now()
    with transaction.atomic():
        unfinished = IngestRecord.objects.filter(pk__in=record_ids, outcome__in=UNFINISHED)
        if not unfinished.update(attempts=F("attempts") + 1, started_at=now):
            return []
        records = list(unfinished.order_by("pk"))
        batch_ids = {r.batch_id for r in records}
        IngestBatch.objects.filter(
            pk__in=batch_ids, status__in=(IngestBatch.Status.QUEUED, IngestBatch.Status.DONE)
        ).update(status=IngestBatch.Status.RUNNING, finished_at=None)
        IngestBatch.objects.filter(pk__in=batch_ids, started_at=None).update(started_at=now)
    return records


def fail_record(record_id: int, reason: str, *, kind: str = "") -> bool:
    now = timezone.now()
    with transaction.atomic():
        done = IngestRecord.objects.filter(pk=record_id, outcome=Outcome.PENDING).update(
            outcome=Outcome.FAILED, reason=reason[:2000], kind=kind, finished_at=now
        )
    return bool(done)


class _AlreadyFinished(Exception):
    pass


def save_parsed(
    record_id: int, parsed: ParsedLetter, *, kind: str, content_sha256: str, parse_ms: float
) -> Saved | None:
    """Save a parsed letter for a record: create, update (new version) or recognise a duplicate.

    Returns None when the record was already finished by someone else (nothing written).
    """
    for _attempt in range(3):
        try:
            with transaction.atomic():
                return _save_once(record_id, parsed, kind=kind, sha=content_sha256, parse_ms=parse_ms)
        except IntegrityError:
            continue  # a concurrent writer created the same case or text: decide again
        except _AlreadyFinished:
            return None
    raise RuntimeError(f"record {record_id}: could not save after repeated conflicts")


def _save_once(record_id: int, parsed: ParsedLetter, *, kind: str, sha: str, parse_ms: float) -> Saved | None:
    record = IngestRecord.objects.filter(pk=record_id, outcome=Outcome.PENDING).first()
    if record is None:
        return None
    match = find_match(parsed)
    now = timezone.now()
    total_ms = (now - record.started_at).total_seconds() * 1000 if record.started_at else None
    finish = {"kind": kind, "parse_ms": parse_ms, "total_ms": total_ms, "finished_at": now}
    if match.action is Action.DUPLICATE:
        assert match.letter is not None
        _finish(record_id, outcome=Outcome.DUPLICATE, letter_id=match.letter.pk, reason=match.note, **finish)
        return Saved(Outcome.DUPLICATE, match.letter.pk, needs_index=False)
    if match.action is Action.UPDATE:
        assert match.letter is not None
        letter = match.letter
        SupersededVersion.objects.get_or_create(
            fingerprint=letter.fingerprint, defaults={"letter": letter, "version": letter.version}
        )
        letter.treatments.all().delete()
        letter.version += 1
    else:
        letter = Letter()
    fill_letter(letter, parsed, content_sha256=sha, source_name=record.name)
    if record.stored_file:
        letter.original_file.name = record.stored_file.name
    letter.save()
    letter.treatments.model.objects.bulk_create(build_treatments(letter, parsed.treatments))
    _finish(
        record_id,
        outcome=Outcome.SAVED,
        letter_id=letter.pk,
        reason=match.note,
        action=match.action.value,
        **finish,
    )
    return Saved(Outcome.SAVED, letter.pk, needs_index=True)


def _finish(record_id: int, **values: object) -> None:
    if not IngestRecord.objects.filter(pk=record_id, outcome=Outcome.PENDING).update(**values):
        raise _AlreadyFinished(record_id)


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


def finalize_already_indexed() -> int:
    """Saved records whose letter is already indexed (a crash between index write and bookkeeping)."""
    ids = IngestRecord.objects.filter(
        outcome=Outcome.SAVED,
        letter__indexed_at__isnull=False,
        letter__indexed_at__gte=F("letter__updated_at"),
    ).values_list("letter_id", flat=True)
    return finalize_indexed(set(ids))


def letters_needing_index(limit: int, *, after: int = 0) -> list[int]:
    stale = Q(indexed_at__isnull=True) | Q(indexed_at__lt=F("updated_at"))
    return list(
        Letter.objects.filter(stale, pk__gt=after).order_by("pk").values_list("pk", flat=True)[:limit]
    )


def refresh_batches(batch_ids: Iterable[int]) -> None:
    """Mark batches done once none of their records is unfinished."""
    for batch_id in set(batch_ids):
        with transaction.atomic():
            unfinished = IngestRecord.objects.filter(batch_id=batch_id, outcome__in=UNFINISHED).exists()
            if not unfinished:
                IngestBatch.objects.filter(pk=batch_id).exclude(
                    status__in=(IngestBatch.Status.RECEIVING, IngestBatch.Status.DONE)
                ).update(status=IngestBatch.Status.DONE, finished_at=timezone.now())


def mark_queued(batch_id: int, record_ids: list[int]) -> None:
    now = timezone.now()
    with transaction.atomic():
        IngestRecord.objects.filter(pk__in=record_ids).update(queued_at=now)


def open_batch_for_queueing(batch_id: int) -> None:
    """Receiving is over: count the files and move the batch to queued (done if nothing is left)."""
    with transaction.atomic():
        total = IngestRecord.objects.filter(batch_id=batch_id).count()
        IngestBatch.objects.filter(pk=batch_id).update(
            total_files=total, status=IngestBatch.Status.QUEUED, finished_at=None
        )
    refresh_batches([batch_id])


def reset_failed(batch_id: int) -> int:
    """Failed records with a stored file go back to pending (for "retry failed"). Returns how many."""
    with transaction.atomic():
        count = (
            IngestRecord.objects.filter(batch_id=batch_id, outcome=Outcome.FAILED)
            .exclude(stored_file="")
            .update(outcome=Outcome.PENDING, reason="", finished_at=None, queued_at=None)
        )
        if count:
            IngestBatch.objects.filter(pk=batch_id).update(status=IngestBatch.Status.QUEUED, finished_at=None)
    return count

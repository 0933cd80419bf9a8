"""The ingest pipeline: detect -> extract -> parse -> deduplicate -> save -> index, one small module each.

`run_chunk(record_ids)` is what the Celery task (and `ingest --sync`) runs: every
record gets an outcome; the chunk's letters are saved in one short transaction
(ingest.bulk_save) and its new or changed letters indexed with one bulk request.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass, field

from django.db import DatabaseError, InterfaceError, OperationalError

from ingest import services
from ingest.bulk_save import Item, save_chunk
from ingest.models import IngestRecord
from ingest.pipeline.detect import Rejected, detect
from ingest.pipeline.extract import read_stored
from ingest.pipeline.index import ensure_alias, index_built, index_saved
from ingest.pipeline.parse import parse

logger = logging.getLogger(__name__)
# Errors that mean "a service is unavailable": let the task retry instead of failing the file.
TRANSIENT: tuple[type[BaseException], ...] = (OperationalError, InterfaceError)


@dataclass
class ChunkResult:
    outcomes: dict[str, int] = field(default_factory=dict)
    to_index: list[int] = field(default_factory=list)
    indexed: int = 0
    built: list = field(default_factory=list)  # letters saved by this chunk, indexed from memory

    def count(self, outcome: str, n: int = 1) -> None:
        self.outcomes[outcome] = self.outcomes.get(outcome, 0) + n


def prepare(record: IngestRecord) -> Item | None:
    """Read, detect and parse one record; a file that cannot be a letter is recorded failed here."""
    kind = ""
    try:
        data = read_stored(record.stored_file.name)
        kind = detect(data).kind
        parsed = parse(data, record.name)
        sha = record.content_sha256 or hashlib.sha256(data).hexdigest()
        return Item(record, parsed.letter, kind, sha, parsed.parse_ms)
    except Rejected as exc:
        services.fail_record(record.pk, str(exc), kind=kind)
    except TRANSIENT:
        raise
    except DatabaseError as exc:
        logger.exception("database error on record %s", record.pk)
        services.fail_record(record.pk, f"could not save: {exc}", kind=kind)
    except Exception as exc:
        logger.exception("unexpected error on record %s", record.pk)
        services.fail_record(record.pk, f"internal error ({type(exc).__name__}: {exc})", kind=kind)
    return None


def run_chunk(record_ids: list[int], *, index: bool = True) -> ChunkResult:
    """Process a chunk of records, then index its saved letters in one bulk request.

    Raises the engine's connection errors from the index step: the letters stay
    saved (records `saved`) and the caller schedules the catch-up task.
    """
    result = ChunkResult()
    items: list[Item] = []
    records = services.claim_records(record_ids)
    for record in records:
        if record.outcome == IngestRecord.Outcome.SAVED:  # saved before; its index write is missing
            result.to_index.append(record.letter_id)
            result.count(record.outcome)
            continue
        item = prepare(record)
        if item is None:
            result.count(IngestRecord.Outcome.FAILED)
        else:
            items.append(item)
    try:
        saved = save_chunk(items)
    except TRANSIENT:
        raise
    except DatabaseError:  # a row the database refuses: fall back to one record at a time
        logger.exception("bulk save failed; saving one by one")
        saved = [s for item in items if (s := _save_one(item)) is not None]
    for entry in saved:
        result.count(entry.outcome)
        if entry.needs_index and entry.letter is not None:
            result.built.append(entry.letter)
        elif entry.needs_index and entry.letter_id is not None:
            result.to_index.append(entry.letter_id)
    if index and result.built:
        result.indexed += index_built(result.built)
    if index and result.to_index:
        ensure_alias()  # created under a lock, not by a race inside index_letters
        result.indexed += index_saved(sorted(set(result.to_index)))
    services.refresh_batches({record.batch_id for record in records})  # a chunk with nothing to index
    return result


def _save_one(item: Item) -> services.Saved | None:
    try:
        saved = save_chunk([item])
    except TRANSIENT:
        raise
    except DatabaseError as exc:
        services.fail_record(item.record.pk, f"could not save: {exc}", kind=item.kind)
        return None
    return saved[0] if saved else None

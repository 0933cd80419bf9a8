"""The ingest pipeline: read -> detect -> parse -> deduplicate -> save, one small module each.

`run_chunk(record_ids)` is what the Celery task (and `ingest --sync`) runs: every record
gets an outcome; the chunk's letters are saved in one short transaction (ingest.pipeline.save),
which sends the ids of new or changed letters to search once it commits. Ingestion ends at
the database: the search app indexes them and reports back (ingest.signals).
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass, field

from celery.exceptions import SoftTimeLimitExceeded
from django.db import DatabaseError, InterfaceError, OperationalError

from ingest import records
from ingest.models import IngestRecord
from ingest.pipeline.detect import Rejected, detect
from ingest.pipeline.parse import parse
from ingest.pipeline.read import read_stored
from ingest.pipeline.save import Item, Recorded, save_chunk
from ingest.signals import announce

logger = logging.getLogger(__name__)
Outcome = IngestRecord.Outcome
# Errors that mean "a service is unavailable": let the task retry instead of failing the file.
TRANSIENT: tuple[type[BaseException], ...] = (OperationalError, InterfaceError)
# Not the file's fault either: the task's time is up, and the task decides what becomes of its records.
NOT_THE_FILE: tuple[type[BaseException], ...] = (*TRANSIENT, SoftTimeLimitExceeded)


@dataclass
class ChunkResult:
    outcomes: dict[str, int] = field(default_factory=dict)

    def count(self, outcome: str, n: int = 1) -> None:
        self.outcomes[outcome] = self.outcomes.get(outcome, 0) + n


def prepare(record: IngestRecord) -> Item | None:
    """Read, detect and parse one record; a file that cannot be a letter is recorded failed here."""
    kind = ""
    try:
        data = read_stored(record.stored_file.name or "")
        kind = detect(data).kind
        parsed = parse(data, record.name)
        sha = record.content_sha256 or hashlib.sha256(data).hexdigest()
        return Item(record, parsed.letter, kind, sha, parsed.parse_ms)
    except Rejected as exc:
        records.fail_record(record.pk, str(exc), kind=kind)
    except NOT_THE_FILE:
        raise
    except DatabaseError as exc:
        logger.exception("database error on record %s", record.pk)
        records.fail_record(record.pk, f"could not save: {exc}", kind=kind)
    except Exception as exc:
        logger.exception("unexpected error on record %s", record.pk)
        records.fail_record(record.pk, f"internal error ({type(exc).__name__}: {exc})", kind=kind)
    return None


def run_chunk(record_ids: list[int], *, inline: bool = False) -> ChunkResult:
    """Process a chunk of records: each is failed, a duplicate, or saved for search to index.

    `inline` (a command's --sync run): search indexes the saved letters in this process.
    """
    result = ChunkResult()
    items: list[Item] = []
    claimed = records.claim_records(record_ids)
    waiting: list[int] = []  # saved before, their index write still missing: announced again
    for record in claimed:
        if record.outcome == Outcome.SAVED:
            if record.letter_id is not None:
                waiting.append(record.letter_id)
            result.count(record.outcome)
            continue
        item = prepare(record)
        if item is None:
            result.count(Outcome.FAILED)
        else:
            items.append(item)
    try:
        saved = save_chunk(items, inline=inline)
    except TRANSIENT:
        raise
    except DatabaseError:  # a row the database refuses: save one record at a time
        logger.exception("saving the chunk failed; saving one by one")
        saved = [s for item in items for s in _save_one(item, inline=inline)]
    for entry in saved:
        result.count(entry.outcome)
    announce(sorted(set(waiting)), inline=inline)
    records.refresh_batches({record.batch_id for record in claimed})  # a chunk of duplicates is done now
    return result


def _save_one(item: Item, *, inline: bool) -> list[Recorded]:
    try:
        return save_chunk([item], inline=inline)
    except TRANSIENT:
        raise
    except DatabaseError as exc:
        records.fail_record(item.record.pk, f"could not save: {exc}", kind=item.kind)
        return []

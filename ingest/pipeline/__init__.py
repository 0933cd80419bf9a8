"""The ingest pipeline: detect -> extract -> parse -> deduplicate -> save -> index, one small module each.

`run_chunk(record_ids)` is what the Celery task (and `ingest --sync`) runs: every
record gets an outcome, letters are saved one small transaction each, and the
chunk's new or changed letters are indexed with one bulk request.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass, field

from django.db import DatabaseError, InterfaceError, OperationalError

from ingest import services
from ingest.models import IngestRecord
from ingest.pipeline.detect import Rejected, detect
from ingest.pipeline.extract import read_stored
from ingest.pipeline.index import index_saved
from ingest.pipeline.parse import parse

logger = logging.getLogger(__name__)
# Errors that mean "a service is unavailable": let the task retry instead of failing the file.
TRANSIENT: tuple[type[BaseException], ...] = (OperationalError, InterfaceError)


@dataclass
class ChunkResult:
    outcomes: dict[str, int] = field(default_factory=dict)
    to_index: list[int] = field(default_factory=list)
    indexed: int = 0
    index_error: str = ""

    def count(self, outcome: str) -> None:
        self.outcomes[outcome] = self.outcomes.get(outcome, 0) + 1


def process_record(record_id: int) -> services.Saved | None:
    """Run the steps for one record; returns what was saved (None: failed, or nothing to do)."""
    record = services.claim_record(record_id)
    if record is None:
        return None
    if record.outcome == IngestRecord.Outcome.SAVED:  # saved before, its index write is what is missing
        return services.Saved(record.outcome, record.letter_id, needs_index=True)
    kind = ""
    try:
        data = read_stored(record.stored_file.name)
        kind = detect(data).kind
        parsed = parse(data, record.name)
        sha = record.content_sha256 or hashlib.sha256(data).hexdigest()
        del data
        return services.save_parsed(
            record_id, parsed.letter, kind=kind, content_sha256=sha, parse_ms=parsed.parse_ms
        )
    except Rejected as exc:
        services.fail_record(record_id, str(exc), kind=kind)
    except TRANSIENT:
        raise
    except DatabaseError as exc:  # e.g. a value the database refuses: this file fails, the batch goes on
        logger.exception("database error on record %s", record_id)
        services.fail_record(record_id, f"could not save: {exc}", kind=kind)
    except Exception as exc:
        logger.exception("unexpected error on record %s", record_id)
        services.fail_record(record_id, f"internal error ({type(exc).__name__}: {exc})", kind=kind)
    return None


def run_chunk(record_ids: list[int], *, index: bool = True) -> ChunkResult:
    """Process records one by one, then index the chunk's saved letters in one bulk request.

    When the engine is unreachable the letters stay saved (records `saved`) and the
    caller schedules the catch-up task; nothing is lost.
    """
    result = ChunkResult()
    for record_id in record_ids:
        saved = process_record(record_id)
        if saved is None:
            result.count("failed_or_skipped")
            continue
        result.count(saved.outcome)
        if saved.needs_index and saved.letter_id is not None:
            result.to_index.append(saved.letter_id)
    if index and result.to_index:
        result.indexed = index_saved(sorted(set(result.to_index)))
    return result

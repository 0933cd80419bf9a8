"""Step 6, index: bulk index saved letters, then record their outcome (indexed / updated).

Letters the chunk has just created are indexed from the objects in memory (`index_built`):
their documents are built by `search.documents.letter_source` from the saved objects, with no
read back from the database, and sent as one `_bulk` body to the alias. Everything else (a
record saved before, a new version, the catch-up after an outage) goes by id (`index_saved`).
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Sequence
from datetime import datetime

from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from ingest import conf, services
from ingest.models import Letter, Treatment

logger = logging.getLogger(__name__)
# The bulk response reduced to what is checked: no per-item body unless something failed.
_FILTER_PATH = "errors,items.*._id,items.*.status,items.*.error"
_ALIAS_LOCK = 0x1D6E5  # pg advisory lock key of index creation
_dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def attach_treatments(letter: Letter, rows: Sequence[Treatment]) -> None:
    """Make `letter.treatments.all()` answer `rows` without a query, as prefetch_related would."""
    queryset = letter.treatments.all()
    queryset._result_cache = list(rows)
    queryset._prefetch_done = True
    letter._prefetched_objects_cache = {"treatments": queryset}


def _bulk_body(letters: Sequence[Letter], alias: str) -> bytes:
    from search.documents import letter_source

    target = _dumps(alias)
    lines = []
    for letter in letters:
        lines.append(f'{{"index":{{"_index":{target},"_id":"{letter.pk}"}}}}')
        lines.append(_dumps(letter_source(letter)))
    lines.append("")
    return "\n".join(lines).encode("utf-8", "surrogatepass")


def _send(body: bytes) -> tuple[set[str], bool]:
    """One `_bulk` to the alias (never a concrete index created by accident: require_alias).

    Returns (ids that failed, whether the alias was missing). Connection errors propagate.
    """
    from search.indexing import get_client

    response = get_client().bulk(body=body, require_alias="true", filter_path=_FILTER_PATH)
    if not response.get("errors"):
        return set(), False
    failed: set[str] = set()
    missing = False
    for item in response.get("items", []):
        op, info = next(iter(item.items()))
        error = info.get("error")
        if not error:
            continue
        failed.add(str(info.get("_id")))
        if isinstance(error, dict) and error.get("type") == "index_not_found_exception":
            missing = True
        else:
            logger.error("index %s of letter %s failed: %s", op, info.get("_id"), error)
    return failed, missing


def ensure_alias() -> None:
    """search.indexing.ensure_index, one process at a time.

    Two processes creating the first index at once can each add an index to the alias, and
    the loser's clean-up may drop the index the winner has already written to (letters
    marked indexed, then gone). The lock is the database's: SQLite's BEGIN IMMEDIATE write
    lock, or a PostgreSQL advisory lock; whoever comes second finds the alias and returns.
    """
    from search.indexing import ensure_index

    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_ALIAS_LOCK])
        elif connection.vendor == "sqlite":
            # take the write lock now, whatever the transaction mode
            Letter.objects.filter(pk=0).update(indexed_at=None)
        ensure_index()


def index_built(letters: Sequence[Letter]) -> int:
    """Bulk index letters just saved by this process (treatments attached), then finalize their records.

    Raises the engine's connection errors: the letters stay saved for the catch-up task.
    A letter changed by someone else since it was saved here is not marked indexed by this
    write (its own writer, or the catch-up, indexes the newer version).
    """
    if not letters:
        return 0
    from search import indexes

    saved_before = max(letter.updated_at for letter in letters)
    body = _bulk_body(letters, indexes.alias_name())
    failed, missing = _send(body)
    if missing:  # no alias yet (a fresh install, or the index was dropped): create it, send again
        ensure_alias()
        failed, _ = _send(body)
    ok = [letter.pk for letter in letters if str(letter.pk) not in failed]
    return _finalize(ok, saved_before)


def _finalize(ok: list[int], saved_before: datetime) -> int:
    if not ok:
        return 0
    marked = Letter.objects.filter(pk__in=ok, updated_at__lte=saved_before).update(indexed_at=timezone.now())
    done_ids = ok
    if marked != len(ok):
        done_ids = list(
            Letter.objects.filter(pk__in=ok, indexed_at__gte=F("updated_at")).values_list("pk", flat=True)
        )
    services.finalize_indexed(done_ids)
    if done_ids:
        transaction.on_commit(lambda: _queue_alerts(done_ids))
    return len(done_ids)


def index_saved(letter_ids: list[int]) -> int:
    """Bulk index these letters (raises the engine's connection errors) and finalize their records."""
    if not letter_ids:
        return 0
    from search.indexing import index_letters

    index_letters(letter_ids)
    done = Letter.objects.filter(pk__in=letter_ids, indexed_at__gte=F("updated_at")).values_list(
        "pk", flat=True
    )
    done_ids = list(done)
    services.finalize_indexed(done_ids)
    if done_ids:
        transaction.on_commit(lambda: _queue_alerts(done_ids))
    return len(done_ids)


def _queue_alerts(letter_ids: list[int]) -> None:
    """Saved-query alerts for new or changed letters (their beat sweep catches any missed here)."""
    try:
        from search.alerts.tasks import percolate_letters

        percolate_letters.delay(letter_ids)
    except Exception:  # noqa: BLE001 - alerts must never fail an ingest
        logger.warning("could not queue alerts for %d letters; the alerts sweep will", len(letter_ids))


def index_pending(time_budget: float = 50.0) -> tuple[int, bool]:
    """Catch the index up with the database, in bulk. Returns (letters indexed, whether more remain)."""
    services.finalize_already_indexed()
    deadline = time.monotonic() + time_budget
    total = 0
    after = 0
    size = conf.get("INGEST_INDEX_BATCH")
    while True:
        ids = services.letters_needing_index(size, after=after)
        if not ids:
            return total, False
        total += index_saved(ids)
        after = ids[-1]
        if time.monotonic() > deadline:
            return total, True

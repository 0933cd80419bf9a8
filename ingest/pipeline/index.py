"""Step 6, index: bulk index saved letters, then record their outcome (indexed / updated)."""

from __future__ import annotations

import logging
import time

from django.db import transaction
from django.db.models import F

from ingest import conf, services
from ingest.models import Letter

logger = logging.getLogger(__name__)


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

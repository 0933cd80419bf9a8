"""Index tasks: search keeps the index in step with the database ingest writes.

Ingest sends ``ingest.signals.letters_saved`` once letters are created, changed or deleted (on
commit, from ingest, the admin or a command: ingest.signals); `on_letters_saved` (connected in
search.apps) queues `update_index` with their ids, or indexes them in this process for a
command's --sync run. Indexing a letter that is no longer in the database removes its copy.
After each index write, search stamps ``Letter.indexed_at``, sends ``letters_indexed`` (ingest
moves the waiting records to indexed/updated) and queues alert percolation. `catch_up_index`
(Celery beat) indexes whatever an outage left behind.

An engine outage is not retried task by task: `update_index` returns and leaves its letters
stale, and the beat's `catch_up_index` (one at a time, every minute) is the retry. Retrying
each saved chunk's task would hold thousands of delayed tasks in the worker during a long outage.
"""

from __future__ import annotations

import logging
import time
from functools import partial
from typing import Any

from celery import shared_task
from django.core.cache import cache
from django.db import InterfaceError, OperationalError, transaction
from opensearchpy.exceptions import ConnectionError as EngineConnectionError
from opensearchpy.exceptions import TransportError

from ingest import conf
from ingest.models import Letter
from ingest.retrying import RetryingTask
from ingest.signals import letters_indexed
from search import indexing
from search.alerts import hits
from search.alerts.tasks import percolate_letters

log = logging.getLogger(__name__)

ENGINE_DOWN = (EngineConnectionError, TransportError)
CATCH_UP_LOCK = "search:catch-up-index"
CATCH_UP_SECONDS = 50.0  # one catch-up task's time budget; it queues the next when letters remain


class IndexTask(RetryingTask):
    """The index tasks wait out a database outage (an engine outage is the catch-up's, see above)."""

    autoretry_for = (OperationalError, InterfaceError)


def publish(letter_ids: list[int]) -> int:
    """Index these letters; for those now current, tell ingest and queue their alerts. Returns how many.

    Raises the engine's connection errors: the letters stay waiting for the index.
    """
    indexing.index_letters(letter_ids)
    current = indexing.current_ids(letter_ids)
    if current:
        letters_indexed.send(sender=Letter, letter_ids=current)
        transaction.on_commit(partial(_queue_alerts, current))
    return len(current)


def _queue_alerts(letter_ids: list[int]) -> None:
    """Saved-query alerts for new or changed letters (their beat sweep catches any missed here).

    None while no saved query alerts: a query whose alerts are turned on later alerts only for
    letters added after that, never for these.
    """
    if not hits.alerting_queries():
        return
    try:
        percolate_letters.delay(letter_ids)
    except Exception:  # noqa: BLE001 - alerts must never fail indexing; the alerts sweep finds them
        log.warning("could not queue alerts for %d letters; the alerts sweep will", len(letter_ids))


def on_letters_saved(sender: Any, letter_ids: list[int], inline: bool = False, **kwargs: Any) -> None:
    """Receiver of ingest.signals.letters_saved: index the letters now (inline) or queue their task."""
    if inline:
        try:
            publish(letter_ids)
        except ENGINE_DOWN as exc:
            log.warning("search engine unavailable (%s): %d letters wait for the index", exc, len(letter_ids))
        return
    try:
        update_index.delay(letter_ids)
    except Exception:  # noqa: BLE001 - no broker: the letters stay saved and catch_up_index finds them
        log.warning("could not queue the index task of %d letters; the catch-up will", len(letter_ids))


@shared_task(base=IndexTask, name="search.update_index", max_retries=20, ignore_result=True)
def update_index(letter_ids: list[int]) -> int:
    """Index letters ingest saved (ids), in one bulk request per 500; with the engine down, leave
    them stale for the catch-up. Returns how many are now current (not stored: nobody reads it)."""
    try:
        return publish([int(pk) for pk in letter_ids])
    except ENGINE_DOWN as exc:
        log.warning("search engine unavailable (%s): %d letters wait for the catch-up", exc, len(letter_ids))
        return 0


@shared_task(base=IndexTask, name="search.catch_up_index", autoretry_for=(), max_retries=0)
def catch_up_index() -> dict[str, int]:
    """Index every letter whose index copy is missing or stale (beat; the catch-up after an outage).

    No retries of its own: the beat runs it again within a minute.
    """
    if not cache.add(CATCH_UP_LOCK, 1, timeout=int(CATCH_UP_SECONDS) + 30):
        return {"indexed": 0}  # another catch-up is running
    try:
        indexed, more = catch_up(CATCH_UP_SECONDS)
    except ENGINE_DOWN as exc:
        log.warning("search engine unavailable (%s): the next catch-up tries again", exc)
        return {"indexed": 0}
    finally:
        cache.delete(CATCH_UP_LOCK)
    if more:
        catch_up_index.delay()
    return {"indexed": indexed}


def catch_up(time_budget: float) -> tuple[int, bool]:
    """Index stale letters in bulk until none is left or the time is up: (indexed, whether more remain)."""
    deadline = time.monotonic() + time_budget
    total = after = 0
    while ids := indexing.stale_ids(conf.get("INGEST_INDEX_BATCH"), after=after):
        total += publish(ids)
        after = ids[-1]
        if time.monotonic() > deadline:
            return total, True
    return total, False

"""A worker keeps its database connections from task to task, and gets over losing them.

Celery's Django fix-up closes every connection after every task unless CELERY_DB_REUSE_MAX is set;
portal.celery closes only those that failed or are past CONN_MAX_AGE, as Django does per request.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.db import connection

from ingest import entry, runner, tasks
from tests.ingest.conftest import make_letters

pytestmark = [pytest.mark.integration, pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def worker_backends() -> set[tuple[int, object]]:
    """The PostgreSQL backends of the test database other than this process's own: (pid, start)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid, backend_start FROM pg_stat_activity WHERE datname = current_database() "
            "AND backend_type = 'client backend' AND pid <> pg_backend_pid()"
        )
        return {(row[0], row[1]) for row in cursor.fetchall()}


def ingest_queued(paths: list[Path]) -> dict:
    batch = entry.create_batch("connections")
    entry.add_paths(batch, paths)
    tasks.queue_batch(batch.pk)
    progress = runner.wait(batch.pk, io.StringIO(), timeout=120, stall_seconds=30)
    assert progress["finished"], progress
    return progress["counts"]


def test_a_worker_keeps_its_connections_and_gets_over_losing_them(
    tmp_path: Path, clean_index: str, celery_worker_process, settings
) -> None:
    settings.INGEST_CHUNK_SIZE = 2  # 4 chunks a batch: 4 ingest tasks and 4 index tasks
    paths = make_letters(tmp_path, 24, seed=41)
    assert ingest_queued(paths[:8])["indexed"] == 8
    kept = worker_backends()
    assert kept, "the worker closed its connections after its tasks"

    assert ingest_queued(paths[8:16])["indexed"] == 8
    assert kept & worker_backends(), "no connection served both batches"

    with connection.cursor() as cursor:  # the server ends them (a restart, a failover)
        pids = [pid for pid, _ in kept]
        cursor.execute("SELECT pg_terminate_backend(pid) FROM unnest(%s::int[]) AS pid", [pids])
    counts = ingest_queued(paths[16:])
    assert counts["indexed"] == 8, counts
    assert counts["failed"] == 0, counts
    assert not kept & worker_backends()

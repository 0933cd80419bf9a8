"""Catch a worker's chunk half-way through its save transaction, on PostgreSQL, for fault tests.

A session of its own locks the treatments table against writes (reads go on): a chunk's save then
waits with its records claimed and its letters written, until the lock is let go. What happens to
the worker meanwhile (killed, its database restarted) happens mid-chunk every time, not by chance.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import psycopg
from django.db import connection

from ingest.models import Treatment
from tests.conftest import database_url_for_workers


@contextmanager
def treatments_locked() -> Iterator[None]:
    session = psycopg.connect(database_url_for_workers())
    try:
        session.execute(f"LOCK TABLE {Treatment._meta.db_table} IN EXCLUSIVE MODE")
        yield
    finally:
        session.close()  # frees the table (a server restart has already ended the session)


def saves_waiting() -> int:
    """Transactions that have written and now wait for a lock (asked in a transaction of its own: a
    transaction sees one snapshot of pg_stat_activity)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
            " AND backend_xid IS NOT NULL AND wait_event_type = 'Lock'"
        )
        row = cursor.fetchone()
    return int(row[0]) if row else 0

"""The benchmarks' own PostgreSQL databases, on the server `python -m stack start` runs.

Each benchmark works in a database of its own (``bench_ingest``, ``bench_search``), never the
portal's; ``BENCH_DATABASE_URL`` names another server or database.
"""

from __future__ import annotations

import contextlib
import os
from urllib.parse import urlsplit, urlunsplit

import psycopg
from psycopg import sql


def bench_database_url(name: str) -> str:
    """The URL of the benchmark database ``name`` (BENCH_DATABASE_URL when set)."""
    port = os.environ.get("POSTGRES_PORT", "5442")
    return os.environ.get("BENCH_DATABASE_URL", f"postgres://portal@127.0.0.1:{port}/{name}")


def _on_server(url: str, statement: str) -> None:
    """Run a CREATE or DROP of the database of ``url`` through the server's maintenance database."""
    parts = urlsplit(url)
    with psycopg.connect(urlunsplit(parts._replace(path="/postgres")), autocommit=True) as connection:
        connection.execute(sql.SQL(statement).format(sql.Identifier(parts.path.lstrip("/"))))


def create_database(url: str, *, empty: bool) -> None:
    """Create the database of ``url``; ``empty`` drops it first, else an existing one is kept."""
    if empty:
        drop_database(url)
    with contextlib.suppress(psycopg.errors.DuplicateDatabase):
        _on_server(url, "CREATE DATABASE {}")


def drop_database(url: str) -> None:
    _on_server(url, "DROP DATABASE IF EXISTS {} WITH (FORCE)")

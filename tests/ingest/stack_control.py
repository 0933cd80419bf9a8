"""Stop and restart the real OpenSearch and Redis from fault tests, by the pid files that started them.

The services may have been started with another PORTAL_VAR_DIR than this test run's
(parallel sessions share one OpenSearch and one Redis): find the var folder holding
their pid files and point the stack package at it, so a restart reuses the same
data folders (other sessions' indices and queues survive).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

import stack.opensearch as opensearch
import stack.procs as procs
import stack.redis as redis


def _var_with_pid(name: str) -> Path | None:

    for var in (procs.VAR, procs.ROOT / "var"):
        if (var / "run" / f"{name}.pid").exists():
            return var
    return None


@contextmanager
def _pointed_at(var: Path) -> Iterator[None]:

    saved = (procs.VAR, procs.RUN_DIR, procs.LOG_DIR, opensearch.BASE_PATH, redis.VAR)
    procs.VAR, procs.RUN_DIR, procs.LOG_DIR = var, var / "run", var / "log"
    opensearch.BASE_PATH, redis.VAR = var / "opensearch", var
    try:
        yield
    finally:
        procs.VAR, procs.RUN_DIR, procs.LOG_DIR, opensearch.BASE_PATH, redis.VAR = saved


@contextmanager
def stopped(name: str) -> Iterator[None]:
    """`opensearch` or `redis` stopped inside the block, started again (and ready) when it ends."""

    module, process = {"opensearch": (opensearch, opensearch.NODE), "redis": (redis, redis.SERVER)}[name]
    var = _var_with_pid(name)
    if var is None:
        pytest.skip(f"{name} was not started by this project's stack (no pid file): cannot stop it")
    with _pointed_at(var):
        if not process.stop(timeout=30):
            pytest.skip(f"{name} is not running under its pid file")
        try:
            yield
        finally:
            module.start()

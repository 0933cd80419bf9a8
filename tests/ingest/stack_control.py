"""Stop and restart the real OpenSearch, Redis and PostgreSQL from fault tests, by the pid files that
started them.

The services may have been started with another PORTAL_VAR_DIR than this test run's
(parallel sessions share one OpenSearch and one Redis): find the var folder holding
their pid files and point the stack package at it, so a restart reuses the same
data folders (other sessions' indices and queues survive).

PostgreSQL is the server of this run's test database (its port), found by the pid file whose
process serves that port, and restarted through `python -m stack` with that var folder and port.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psutil
import pytest
from django.db import connection, connections

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


def _postgres_pid(port: int) -> tuple[Path, int] | None:
    """The var folder and pid of the PostgreSQL server listening on `port`, by its pid file."""
    for var in (procs.VAR, procs.ROOT / "var"):
        try:
            pid = int((var / "run" / "postgres.pid").read_text())
            argv = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
        except (OSError, ValueError):
            continue
        if f"port={port}".encode() in argv:
            return var, pid
    return None


@contextmanager
def postgres_stopped(how: signal.Signals = signal.SIGINT, *, reconnect: bool = True) -> Iterator[None]:
    """The PostgreSQL server of this run's test database stopped inside the block, started again and
    ready when it ends. SIGINT is a fast shutdown (`python -m stack stop`: open transactions rolled
    back, clients disconnected, a checkpoint); SIGQUIT an immediate one, like a crash (no checkpoint:
    the start replays the WAL). `reconnect=False` leaves this process's connections as the restart
    left them, for a test of how the portal's own code meets them."""
    port = int(connection.settings_dict["PORT"] or 5432)
    found = _postgres_pid(port)
    if found is None:
        pytest.skip(f"the PostgreSQL on port {port} was not started by this project's stack (no pid file)")
    var, pid = found
    psutil.Process(pid).send_signal(how)
    # Gone, not waited for: when `make test` started the server, its parent is the test runner, not
    # this process, and the exited server stays a zombie until the runner ends (procs.alive: gone).
    deadline = time.monotonic() + 60
    while procs.alive(pid):
        if time.monotonic() > deadline:
            pytest.fail(f"PostgreSQL (pid {pid}) did not stop within 60 s of {how.name}")
        time.sleep(0.05)
    if reconnect:
        connections.close_all()  # this process's connections died with the server: reconnect after
    try:
        yield
    finally:
        env = {**os.environ, "PORTAL_SERVICES_DIR": str(var), "POSTGRES_PORT": str(port)}
        argv = [sys.executable, "-m", "stack", "start", "postgres"]
        subprocess.run(argv, env=env, check=True, cwd=procs.ROOT)


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

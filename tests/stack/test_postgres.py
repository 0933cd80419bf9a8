"""`python -m stack start postgres` from nothing: a private server in a folder and port of its own.

It is initialized and run as the unprivileged `postgres` user on loopback, makes the portal's role and
database, starts again as a no-op, lets only the portal's role in over TCP, and stops by its pid file.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import psutil
import psycopg
import pytest

pytestmark = [pytest.mark.integration, pytest.mark.slow]
ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def services() -> Iterator[dict[str, str]]:
    """The environment of a services folder of its own (reachable by `postgres`: not under pytest's
    private tmp folder), the server in it stopped and the folder removed afterwards."""
    folder = Path(tempfile.mkdtemp(prefix="imr-stack-postgres-"))
    folder.chmod(0o755)
    env = {**os.environ, "PORTAL_SERVICES_DIR": str(folder), "POSTGRES_PORT": str(free_port())}
    env.pop("DATABASE_URL", None)
    yield env
    stack(env, "stop", "postgres")
    shutil.rmtree(folder)


def stack(env: dict[str, str], *args: str) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "stack", *args], env=env, cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def test_postgres_starts_from_nothing_once_and_stops_by_its_pid_file(services) -> None:
    port, folder = services["POSTGRES_PORT"], Path(services["PORTAL_SERVICES_DIR"])
    assert "initializing" in stack(services, "start", "postgres")
    assert "already running" in stack(services, "start", "postgres")

    pid = int((folder / "run" / "postgres.pid").read_text())
    server = psutil.Process(pid)
    assert server.username() == "postgres"
    data = folder / "postgres" / "data"
    assert data.owner() == "postgres"
    assert data.stat().st_mode & 0o777 == 0o700

    with psycopg.connect(f"postgres://portal@127.0.0.1:{port}/portal") as db:
        row = db.execute("SELECT rolcreatedb, rolsuper FROM pg_roles WHERE rolname = current_user").fetchone()
        assert row == (True, False)
        assert db.execute("SHOW listen_addresses").fetchone() == ("127.0.0.1",)
        assert db.execute("SHOW fsync").fetchone() == ("on",)
    with pytest.raises(psycopg.OperationalError, match=r"no pg_hba\.conf entry"):
        psycopg.connect(f"postgres://postgres@127.0.0.1:{port}/postgres")

    assert "PostgreSQL: stopped" in stack(services, "stop", "postgres")
    assert not server.is_running() or server.status() == psutil.STATUS_ZOMBIE
    assert not (folder / "run" / "postgres.pid").exists()
    with pytest.raises(psycopg.OperationalError):
        psycopg.connect(f"postgres://portal@127.0.0.1:{port}/portal", connect_timeout=2)

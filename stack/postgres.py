"""Debian's PostgreSQL 15 on loopback, installed with apt when missing, run as the `postgres` user.

Data in <services var>/postgres/data, its unix socket in <services var>/postgres/socket, port
POSTGRES_PORT (5442). The first start creates the role `portal` (LOGIN CREATEDB, no password) and
its database `portal`; pg_hba trusts that role from 127.0.0.1 and ::1 only and lets `postgres` in
through the socket by peer (the bootstrap). This is a local development server, not a deployment.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import time
from pathlib import Path
from urllib.parse import urlsplit

import psycopg

from stack.procs import VAR, Managed, already_up, wait_for

VERSION = "15"
BIN = Path(f"/usr/lib/postgresql/{VERSION}/bin")
PORT = int(os.environ.get("POSTGRES_PORT", "5442"))
OS_USER = "postgres"  # the server refuses to run as root
ROLE = DATABASE = "portal"
SERVER = Managed("postgres")
HOME = VAR / "postgres"
DATA = HOME / "data"
SOCKET_DIR = HOME / "socket"

HBA = f"""\
# Written by stack/postgres.py on every start: a loopback-only development server.
# TYPE  DATABASE  USER      ADDRESS        METHOD
local   all       {OS_USER:9} {"":14} peer
host    all       {ROLE:9} 127.0.0.1/32   trust
host    all       {ROLE:9} ::1/128        trust
"""

# Light settings for a 2-core development machine; durability stays on (fsync, full_page_writes).
SETTINGS = {
    "listen_addresses": "127.0.0.1",
    "port": str(PORT),
    "unix_socket_directories": str(SOCKET_DIR),
    "max_connections": "200",  # parallel test runs, each with its workers, share one server
    "shared_buffers": "256MB",
    "wal_level": "minimal",  # no replication here: less WAL for bulk loads and CREATE DATABASE
    "max_wal_senders": "0",
    "max_wal_size": "2GB",  # fewer forced checkpoints during an ingest benchmark
    "logging_collector": "off",  # the log goes to stdout, into <services var>/log/postgres.log
    "log_line_prefix": "%m [%p] %q%u@%d ",
}


def url() -> str:
    """The portal's database on this server (portal/settings.py's default DATABASE_URL)."""
    return f"postgres://{ROLE}@127.0.0.1:{PORT}/{DATABASE}"


def used() -> bool:
    """Whether the portal's database is this server: DATABASE_URL unset (the settings' default) or
    naming a PostgreSQL database on this port of the loopback."""
    database_url = os.environ.get("DATABASE_URL")
    if not database_url:
        return True
    parts = urlsplit(database_url)
    return (
        parts.scheme in ("postgres", "postgresql")
        and parts.hostname in ("127.0.0.1", "localhost", "::1")
        and (parts.port or 5432) == PORT
    )


def install() -> None:
    if BIN.is_dir():
        return
    print(f"PostgreSQL: installing Debian's postgresql-{VERSION} with apt ...")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)
    subprocess.run(["apt-get", "install", "-y", "-qq", f"postgresql-{VERSION}"], check=True, env=env)


def _as_postgres(*argv: str) -> list[str]:
    """argv run as the unprivileged `postgres` user (exec, no fork: the pid is the server's own)."""
    return ["setpriv", f"--reuid={OS_USER}", f"--regid={OS_USER}", "--init-groups", "--", *argv]


def accepting() -> bool:
    """Whether the server accepts connections on its socket (before the portal's role exists)."""
    argv = [str(BIN / "pg_isready"), "-q", "-h", str(SOCKET_DIR), "-p", str(PORT), "-U", OS_USER, "-t", "1"]
    return subprocess.run(_as_postgres(*argv), check=False).returncode == 0


def ready() -> bool:
    """Whether the portal's role can open its database and run a query."""
    try:
        with psycopg.connect(url(), connect_timeout=2) as connection:
            return connection.execute("SELECT 1").fetchone() == (1,)
    except psycopg.Error:
        return False


def _initdb() -> None:
    if (DATA / "PG_VERSION").exists():
        return
    print(f"PostgreSQL: initializing {DATA}")
    shutil.rmtree(DATA, ignore_errors=True)  # a half-made folder from an interrupted initdb
    _owned_folder(DATA, mode=0o700)
    if subprocess.run(_as_postgres("test", "-w", str(DATA)), check=False).returncode != 0:
        raise SystemExit(
            f"PostgreSQL: the {OS_USER} user cannot reach {DATA}: every folder above it must be "
            "searchable by other users (chmod o+x), or set PORTAL_SERVICES_DIR to a folder that is"
        )
    subprocess.run(
        _as_postgres(
            str(BIN / "initdb"), "-D", str(DATA), "--username", OS_USER,
            "--encoding", "UTF8", "--locale", "C.UTF-8", "--auth-local", "peer", "--auth-host", "reject",
        ),
        check=True, stdout=subprocess.DEVNULL,
    )  # fmt: skip


def _owned_folder(path: Path, mode: int) -> None:
    path.mkdir(parents=True, exist_ok=True)
    shutil.chown(path, OS_USER, OS_USER)
    path.chmod(mode)


def _bootstrap() -> None:
    """The role and database the portal uses, made through the socket as `postgres` when missing."""
    sql = (
        f"SELECT 'CREATE ROLE {ROLE} LOGIN CREATEDB'"
        f" WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{ROLE}')\\gexec\n"
        f"SELECT 'CREATE DATABASE {DATABASE} OWNER {ROLE}'"
        f" WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = '{DATABASE}')\\gexec\n"
    )
    argv = _as_postgres(
        str(BIN / "psql"), "-X", "-q", "-v", "ON_ERROR_STOP=1",
        "-h", str(SOCKET_DIR), "-p", str(PORT), "-U", OS_USER, "-d", "postgres",
    )  # fmt: skip
    subprocess.run(argv, input=sql, text=True, check=True, stdout=subprocess.DEVNULL)


def start() -> None:
    if already_up("PostgreSQL", SERVER, ready, f"on 127.0.0.1:{PORT}"):
        return
    install()
    _initdb()
    (DATA / "pg_hba.conf").write_text(HBA)
    shutil.chown(DATA / "pg_hba.conf", OS_USER, OS_USER)
    _owned_folder(SOCKET_DIR, mode=0o755)
    settings = [arg for name, value in SETTINGS.items() for arg in ("-c", f"{name}={value}")]
    pid = SERVER.start(_as_postgres(str(BIN / "postgres"), "-D", str(DATA), *settings))
    wait_for(accepting, "PostgreSQL", timeout=60, log=SERVER.log_file)
    _bootstrap()
    wait_for(ready, "PostgreSQL (role and database)", timeout=10, log=SERVER.log_file)
    print(f"PostgreSQL {VERSION}: ready at {url()} (pid {pid}, data in {DATA})")


def stop(timeout: float = 30.0) -> bool:
    """Fast shutdown of the server we started (SIGINT to its pid: open transactions roll back,
    clients are disconnected, a checkpoint is written); SIGKILL of its group after `timeout`."""
    pid = SERVER.pid()
    if pid is None:
        return False
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGINT)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and SERVER.pid() is not None:
        time.sleep(0.1)
    SERVER.stop(timeout=5)  # only if it is still there: TERM, then KILL, the group
    print("PostgreSQL: stopped")
    return True

"""Fixtures shared by the whole suite.

Integration tests talk to the real services that `make test` starts
(OpenSearch and Redis on the project ports); a Celery worker is started here
as a real process against the test database, test Redis database and test
index prefix.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypedDict

import pytest
from django.conf import settings
from django.test import override_settings
from hypothesis import settings as hypothesis_settings

from tests.views.corpus import Corpus, module_corpus

# Playwright's sync API runs an event loop in the test thread; the ORM calls of browser tests are
# still synchronous test code, so let Django allow them there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# Property tests: randomized locally (new examples every run), derandomized in CI so that a run's
# outcome depends on the code alone. HYPOTHESIS_PROFILE picks one explicitly.
hypothesis_settings.register_profile("ci", derandomize=True, deadline=None, print_blob=True)
hypothesis_settings.register_profile("dev", deadline=None)
hypothesis_settings.load_profile(
    os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") else "dev")
)

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
ARTIFACTS = ROOT / "test-artifacts"
SCREENSHOTS = ARTIFACTS / "screenshots"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def wait_until(check: Callable[[], bool], timeout: float = 60, what: str = "", every: float = 0.05) -> None:
    """Poll ``check`` until it holds; fail the test after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(every)
    pytest.fail(f"timed out after {timeout:.0f}s waiting for {what}")


def shared_path(*parts: str) -> Path:
    """A file under ../shared, or skip the test with a clear message when it is absent."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is absent: these tests read the shared letters from ../shared at run time")
    return path


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    """pytest-playwright launches Debian's Chromium (no browser download is possible here)."""
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is absent: install Debian's chromium (`python -m stack install`)")
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_FLAGS}


@pytest.fixture(scope="session")
def base_url(pytestconfig: pytest.Config) -> str | None:
    """pytest-playwright's own base_url fixture is a session fixture on a class instance, which pytest
    deprecates (PytestRemovedIn10Warning); this module-level one gives the same value in its place."""
    return pytestconfig.getoption("--base-url") or pytestconfig.getini("base_url") or None


def per_run_database_name(database: str, var_dir: Path) -> str:
    """The test database of a run: its own per var folder (a checkout, a PORTAL_VAR_DIR), so runs in
    parallel on one PostgreSQL server never drop each other's database."""
    digest = hashlib.sha256(str(var_dir.resolve()).encode()).hexdigest()[:10]
    return f"test_{database[:40]}_{digest}"


@pytest.fixture(scope="session")
def django_test_database_named() -> None:
    """Name the test database after this run's var folder."""
    for db in settings.DATABASES.values():
        test = db.setdefault("TEST", {})
        if not test.get("NAME"):
            test["NAME"] = per_run_database_name(db["NAME"], settings.VAR_DIR)


@pytest.fixture(scope="session")
def django_db_modify_db_settings(
    django_test_database_named: None,
    django_db_modify_db_settings_parallel_suffix: None,  # after the name: pytest-django's suffixes
) -> None:
    """pytest-django's hook for the database settings, run just before the test databases are made."""


@pytest.fixture(scope="session")
def opensearch_client():
    from opensearchpy import OpenSearch

    client = OpenSearch(hosts=settings.OPENSEARCH_HOSTS, timeout=30)
    try:
        client.cluster.health(wait_for_status="yellow", request_timeout=30)
    except Exception as exc:  # noqa: BLE001
        pytest.fail(f"OpenSearch is not reachable at {settings.OPENSEARCH_URL} ({exc}); run `make services`")
    yield client
    client.close()


@pytest.fixture(scope="module")
def index_prefix(opensearch_client) -> Iterator[str]:
    """A private index prefix for the test module (its letter and alert indices), dropped afterwards."""
    prefix = f"{settings.OPENSEARCH_INDEX_PREFIX}-{uuid.uuid4().hex[:8]}"
    override = override_settings(OPENSEARCH_INDEX_PREFIX=prefix)
    override.enable()
    try:
        yield prefix
    finally:
        override.disable()
        opensearch_client.indices.delete(index=f"{prefix}-*", ignore=[404])


@pytest.fixture
def open_search(settings) -> None:
    """Search without an account (the setting's non-default value)."""
    settings.SEARCH_REQUIRES_LOGIN = False


class CorpusShape(TypedDict, total=False):
    """``module_corpus``'s size and seed; a key left out takes its default there."""

    count: int
    seed: int


@pytest.fixture(scope="module")
def corpus_shape() -> CorpusShape:
    """The generated corpus's size and seed (``module_corpus``'s defaults); a folder's conftest
    overrides it for letters of its own."""
    return {}


@pytest.fixture(scope="module")
def corpus_module(
    corpus_shape: CorpusShape, django_db_setup, django_db_blocker, opensearch_client, tmp_path_factory
) -> Iterator[Corpus]:
    """Generated letters (tests.views.corpus) ingested once per test module into a private index."""
    yield from module_corpus(django_db_blocker, opensearch_client, tmp_path_factory, **corpus_shape)


@pytest.fixture
def corpus(corpus_module: Corpus, db) -> Corpus:
    """The module's generated letters, their rows put back if a flush removed them."""
    corpus_module.restore()
    return corpus_module


def database_url_for_workers() -> str:
    """DATABASE_URL of the test database pytest-django created, for worker processes."""
    from django.db import connection

    db = connection.settings_dict
    user = db.get("USER") or ""
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    auth = f"{user}{password}@" if user else ""
    port = f":{db['PORT']}" if db.get("PORT") else ""
    return f"postgres://{auth}{db.get('HOST') or 'localhost'}{port}/{db['NAME']}"


def worker_env(**extra: str) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": database_url_for_workers(),
        "REDIS_URL": settings.REDIS_URL,
        "OPENSEARCH_URL": settings.OPENSEARCH_URL,
        "OPENSEARCH_INDEX_PREFIX": settings.OPENSEARCH_INDEX_PREFIX,
        "PORTAL_TESTING": "1",
        "EMAIL_URL": "file://" + str(ARTIFACTS / "mail"),
        **extra,
    }


class WorkerProcess:
    """A real `celery worker` process (every queue, or `queues`); kill() and start() again for fault tests."""

    def __init__(
        self, concurrency: int = 2, log_name: str = "celery-worker.log", queues: str | None = None
    ) -> None:
        self.concurrency = concurrency
        self.queues = queues
        self.hostname = ""
        self.log_path = ARTIFACTS / log_name
        self.process: subprocess.Popen[bytes] | None = None
        self.started: list[subprocess.Popen[bytes]] = []  # every process, so stop() leaves none behind

    def start(self, timeout: float = 60) -> None:
        ARTIFACTS.mkdir(exist_ok=True)
        celery = str(Path(sys.executable).with_name("celery"))
        label = self.queues.split(",")[0] if self.queues else "test"
        self.hostname = f"{label}-{os.getpid()}-{time.monotonic_ns()}@test"
        argv = [
            celery, "-A", "portal", "worker", "--loglevel", "INFO",
            "--concurrency", str(self.concurrency), "--without-mingle", "--without-gossip",
            "--hostname", self.hostname, *(["--queues", self.queues] if self.queues else []),
        ]  # fmt: skip
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(
                argv, cwd=ROOT, env=worker_env(), stdout=log, stderr=subprocess.STDOUT, start_new_session=True
            )
        self.started.append(self.process)
        from portal.celery import app

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(f"Celery worker exited with {self.process.returncode}; see {self.log_path}")
            if app.control.ping(destination=[self.hostname], timeout=1.0):  # this worker, not another's
                return
        self.stop()  # never leave a worker behind when the fixture fails
        pytest.fail(f"Celery worker {self.hostname} did not answer a ping in {timeout}s; see {self.log_path}")

    def kill(self) -> None:
        """SIGKILL the whole worker (main process and its pool children)."""
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, 9)
            self.process.wait(timeout=30)

    def stop(self) -> None:
        """Stop every worker process this object started (a test may have restarted it)."""
        for process in self.started:
            if process.poll() is None:
                os.killpg(process.pid, 15)
        for process in self.started:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, 9)
                process.wait(timeout=30)


@pytest.fixture
def celery_worker_process(transactional_db, opensearch_client) -> Iterator[WorkerProcess]:
    """A real Celery worker for one test, seeing the committed data of the test database."""
    from portal.celery import app

    app.control.purge()
    worker = WorkerProcess()
    worker.start()
    yield worker
    worker.stop()
    app.control.purge()


@pytest.fixture(autouse=True)
def generous_rate_limits(settings) -> None:
    """Tests search, export and reset passwords far more often than a person (and the counts outlive
    a test in Redis): the rate limits (accounts.limits) and the password reset throttle are lifted,
    except in their own tests, which set them."""
    settings.SEARCH_RATE_LIMIT = settings.API_RATE_LIMIT = settings.EXPORT_RATE_LIMIT = "1000000/minute"
    settings.PASSWORD_RESET_EMAIL_LIMIT = settings.PASSWORD_RESET_IP_LIMIT = 1_000_000

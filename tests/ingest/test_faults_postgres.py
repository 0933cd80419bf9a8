"""A fault on the production shape: PostgreSQL restarted in the middle of a batch.

A real Celery worker ingests generated letters; the server of the test database is stopped while
chunks are being saved, kept down a few seconds, and started again. Twice: a fast shutdown (every
connection dropped, open transactions rolled back) and an immediate one, as in a crash (the start
replays the WAL). The batch must end with every letter once in the database and once in the index.
The server restarted is the one this run's test database lives on, found by its pid file
(tests/ingest/stack_control.py).

The site meets a restart too: its connections outlive a request (CONN_MAX_AGE), and the first
request after a restart must still be served.
"""

from __future__ import annotations

import io
import json
import signal
import time
from pathlib import Path
from wsgiref.util import setup_testing_defaults

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.db import connection

from ingest import entry, runner, tasks
from ingest.models import IngestBatch, IngestRecord, Letter
from tests.ingest.conftest import index_ids, make_letters
from tests.ingest.save_hold import saves_waiting, treatments_locked
from tests.ingest.stack_control import postgres_stopped

pytestmark = [pytest.mark.integration, pytest.mark.slow, pytest.mark.faults]
COUNT = 200
DOWN_SECONDS = 3


@pytest.fixture
def corpus(tmp_path_factory) -> list[Path]:
    return make_letters(tmp_path_factory.mktemp("letters"), COUNT, seed=13)


def processed(batch: IngestBatch) -> int:
    return batch.records.exclude(outcome=IngestRecord.Outcome.PENDING).count()


@pytest.mark.parametrize("how", [signal.SIGINT, signal.SIGQUIT], ids=["fast", "immediate"])
def test_postgres_restarted_during_a_batch_every_letter_once(
    how, corpus, settings, monkeypatch, celery_worker_process, clean_index, opensearch_client
) -> None:
    settings.INGEST_CHUNK_SIZE = 4
    monkeypatch.setenv("INGEST_STALL_SECONDS", "10")
    batch = entry.create_batch("postgres restart")
    entry.add_paths(batch, corpus)
    tasks.queue_batch(batch.pk)

    deadline = time.monotonic() + 60
    while processed(batch) < 8 and time.monotonic() < deadline:
        time.sleep(0.01)
    # The server stops while the worker's saves are half-way through their transactions.
    with treatments_locked():
        while not (waiting := saves_waiting()) and time.monotonic() < deadline:
            time.sleep(0.01)
        before = processed(batch)
        assert waiting, "no save transaction was caught half-way"
        assert before < COUNT, f"{before} of {COUNT} processed: the restart must come mid-batch"
        with postgres_stopped(how):
            time.sleep(DOWN_SECONDS)  # the worker's tasks meet the closed server and wait it out

    progress = runner.wait(batch.pk, io.StringIO(), timeout=180, stall_seconds=10)
    assert progress["finished"], progress
    outcomes = set(batch.records.values_list("outcome", flat=True))
    assert outcomes == {IngestRecord.Outcome.INDEXED}, outcomes
    letters = sorted(str(pk) for pk in Letter.objects.values_list("pk", flat=True))
    assert len(letters) == COUNT
    assert Letter.objects.values("fingerprint").distinct().count() == COUNT
    assert sorted(index_ids(opensearch_client, clean_index)) == letters  # every letter once, nothing else
    retried = batch.records.filter(attempts__gte=2).count()
    assert retried >= 1, "the chunks whose save was cut off were read again"
    print(
        f"\n{how.name}: {before} of {COUNT} records done and {waiting} save(s) half-way when PostgreSQL "
        f"stopped; {retried} records read more than once"
    )


def get(app: WSGIHandler, path: str) -> tuple[str, dict]:
    """A request through Django's own WSGI cycle (the test client leaves out its connection handling:
    the closing of old and broken connections at each request's start and end)."""
    environ: dict = {}
    setup_testing_defaults(environ)
    environ.update(PATH_INFO=path, HTTP_HOST="127.0.0.1", SERVER_NAME="127.0.0.1")
    status: list[str] = []
    response = app(environ, lambda line, headers, *exc: status.append(line))
    try:
        body = b"".join(response)
    finally:
        response.close()  # as a WSGI server does: Django's request_finished
    return status[0], json.loads(body)


def test_the_first_web_request_after_a_restart_is_served(transactional_db) -> None:
    app = WSGIHandler()
    assert get(app, "/healthz/live")[0] == "200 OK"  # the connection is kept (CONN_MAX_AGE)
    assert connection.connection is not None
    with postgres_stopped(reconnect=False):
        pass
    status, body = get(app, "/healthz/live")
    assert status == "200 OK", body["services"]["database"]

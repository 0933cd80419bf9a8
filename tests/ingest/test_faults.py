"""Faults with the real services: a killed worker, OpenSearch stopped, Redis restarted.

Each test ingests a small generated corpus through a real Celery worker process and
checks that the database and the index each end up holding every letter exactly once.
These tests stop shared services briefly; they restart them before returning.
"""

from __future__ import annotations

import io
import time
from pathlib import Path

import pytest
from django.core.management import call_command

from ingest import entry, runner, tasks
from ingest.models import IngestBatch, IngestRecord, Letter
from tests.conftest import wait_until
from tests.ingest.conftest import index_ids, make_letters
from tests.ingest.save_hold import saves_waiting, treatments_locked
from tests.ingest.stack_control import stopped

pytestmark = [pytest.mark.integration, pytest.mark.slow, pytest.mark.faults]
COUNT = 120


@pytest.fixture
def corpus(tmp_path_factory) -> list[Path]:
    return make_letters(tmp_path_factory.mktemp("letters"), COUNT, seed=42)


@pytest.fixture
def small_chunks(settings, monkeypatch) -> None:
    settings.INGEST_CHUNK_SIZE = 4
    monkeypatch.setenv("INGEST_STALL_SECONDS", "8")


def start_batch(paths: list[Path]) -> IngestBatch:
    batch = entry.create_batch("fault test")
    entry.add_paths(batch, paths)
    tasks.queue_batch(batch.pk)
    return batch


def processed(batch: IngestBatch) -> int:
    return batch.records.exclude(outcome=IngestRecord.Outcome.PENDING).count()


def assert_exactly_once(batch: IngestBatch, client, alias: str) -> None:
    outcomes = set(batch.records.values_list("outcome", flat=True))
    assert outcomes == {IngestRecord.Outcome.INDEXED}, outcomes
    letters = sorted(str(pk) for pk in Letter.objects.values_list("pk", flat=True))
    assert len(letters) == COUNT
    assert Letter.objects.values("fingerprint").distinct().count() == COUNT
    assert sorted(index_ids(client, alias)) == letters  # every letter once, nothing else


def test_worker_killed_mid_batch_then_restarted(
    corpus, small_chunks, settings, celery_worker_process, clean_index, opensearch_client
) -> None:
    settings.INGEST_CHUNK_SIZE = 10
    batch = start_batch(corpus)
    wait_until(lambda: processed(batch) >= 10, what="the first chunk")
    with treatments_locked():  # the worker is killed while a chunk's save is half-way, every time
        wait_until(lambda: saves_waiting() > 0, what="a chunk's save half-way", every=0.01)
        celery_worker_process.kill()
    assert processed(batch) < COUNT, "the kill came after the end of the batch: make the corpus bigger"
    celery_worker_process.start()
    out = io.StringIO()
    progress = runner.wait(batch.pk, out, timeout=120, stall_seconds=8)
    assert progress["finished"], progress
    assert "re-queued" in out.getvalue(), "the lost tasks were recovered by the stall re-queue"
    assert batch.records.filter(attempts__gte=2).exists(), "the killed chunk ran again"
    assert_exactly_once(batch, opensearch_client, clean_index)


def test_opensearch_stopped_during_a_batch_catches_up(
    corpus, small_chunks, celery_worker_process, clean_index, opensearch_client
) -> None:
    batch = start_batch(corpus)
    wait_until(lambda: processed(batch) >= 8, what="the first records")
    with stopped("opensearch"):
        # Letters keep being saved while the engine is down; their index write waits.
        wait_until(lambda: processed(batch) == COUNT, timeout=90, what="every letter saved")
        assert Letter.objects.count() == COUNT
        assert batch.records.filter(outcome=IngestRecord.Outcome.SAVED).exists()
    progress = runner.wait(batch.pk, io.StringIO(), timeout=150, stall_seconds=10)
    assert progress["finished"], progress
    assert_exactly_once(batch, opensearch_client, clean_index)


def test_redis_restarted_during_a_batch_resume_completes_it(
    corpus, small_chunks, celery_worker_process, clean_index, opensearch_client
) -> None:
    batch = start_batch(corpus)
    wait_until(lambda: processed(batch) >= 8, what="the first records")
    with stopped("redis"):
        time.sleep(1)
    out = io.StringIO()
    call_command("ingest", "--resume", str(batch.pk), "--timeout", "120", "--stall-seconds", "10", stdout=out)
    assert "done" in out.getvalue(), out.getvalue()
    assert_exactly_once(batch, opensearch_client, clean_index)

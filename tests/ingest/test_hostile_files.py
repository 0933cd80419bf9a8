"""No file can stall the queue: hostile PDFs through the real workers (issue #13).

Each test ingests one hostile PDF (ingest.generator.hostile, a few KB) with eleven ordinary
generated letters, four records a chunk, the hostile file first in its chunk, through two real
Celery workers as `make run` starts them: the ingest worker (queues celery and search, two pool
processes) and the alerts worker (queue alerts, one process). A member has a saved query with
immediate alerts on a word of every ordinary letter. Each test checks that

* the hostile file's record ends failed, with its reason;
* the ingest worker's memory stays bounded: its whole process tree (main process, pool processes,
  their PDF extractors), sampled every 50 ms, stays under BASELINE + 2 x (PDF memory limit + 128 MB),
  BASELINE being the tree's resident memory once it has ingested a letter. Without the limits, the
  nested file took one pool process past 6 GB in 18 seconds (issue #13);
* every other letter is in the database and the index exactly once;
* the alert e-mail is delivered by the alerts worker.

The limits are set small for the workers through the environment they read (INGEST_PDF_*,
CELERY_TASK_*), so each test takes seconds.
"""

from __future__ import annotations

import contextlib
import io
import signal
import subprocess
import sys
import textwrap
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import psutil
import pytest

from accounts.services import create_account
from ingest import entry, records, runner, tasks
from ingest.generator import hostile
from ingest.models import IngestBatch, IngestRecord, Letter
from portal.celery import app
from search.alerts import percolator
from search.models import AlertEmail, AlertFrequency
from search.saved import services
from tests.alerts.test_worker import mails_to, text_of
from tests.conftest import ROOT, WorkerProcess, wait_until
from tests.ingest.conftest import index_ids, make_letters

Outcome = IngestRecord.Outcome
ORDINARY = 11
CHUNK = 4
MEMORY_MB = 256
WORD = "necessary"  # in the rationale of every ordinary letter ("... is not medically necessary")
EXTRACTOR = "ingest.parsing.sandbox"


# --- the workers ---------------------------------------------------------------------------------


class WatchedWorker(WorkerProcess):
    """A real worker whose process tree (pool processes, their PDF extractors) the tests look at."""

    def tree(self) -> list[psutil.Process]:
        assert self.process is not None
        main = psutil.Process(self.process.pid)
        return [main, *main.children(recursive=True)]

    def pool(self) -> set[int]:
        """The pool processes (the main process's children; the PDF extractors are theirs)."""
        assert self.process is not None
        return {child.pid for child in psutil.Process(self.process.pid).children()}

    def extractors(self) -> list[psutil.Process]:
        return [process for process in self.tree() if EXTRACTOR in " ".join(_cmdline(process))]


def _cmdline(process: psutil.Process) -> list[str]:
    try:
        return process.cmdline()
    except psutil.Error:
        return []


class MemorySampler:
    """The largest resident memory of a worker's process tree, sampled every 50 ms in a thread."""

    def __init__(self, worker: WatchedWorker) -> None:
        self.worker = worker
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def resident(self) -> int:
        total = 0
        for process in self.worker.tree():
            with contextlib.suppress(psutil.Error):  # ended between the listing and the sample
                total += process.memory_info().rss
        return total

    def _run(self) -> None:
        while not self._stop.is_set():
            with contextlib.suppress(psutil.Error):
                self.peak = max(self.peak, self.resident())
            time.sleep(0.05)

    def __enter__(self) -> MemorySampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


@dataclass
class Stack:
    ingest: WatchedWorker
    alerts: WatchedWorker
    member_email: str
    baseline: int  # resident memory of the ingest worker's tree once it has ingested a letter

    @property
    def memory_bound(self) -> int:
        return self.baseline + self.ingest.concurrency * (MEMORY_MB + 128) * 1024 * 1024


def worker_limits(monkeypatch: pytest.MonkeyPatch, **limits: int) -> None:
    """Limits the workers read from their environment (they start after this)."""
    defaults = {
        "INGEST_PDF_MEMORY_MB": MEMORY_MB,
        "INGEST_PDF_SECONDS": 30,
        "INGEST_STALL_SECONDS": 8,
        "CELERY_TASK_SOFT_TIME_LIMIT": 60,
        "CELERY_TASK_TIME_LIMIT": 75,
    }
    for name, value in {**defaults, **limits}.items():
        monkeypatch.setenv(name, str(value))


@pytest.fixture
def start_stack(
    transactional_db, settings, clean_index, opensearch_client, tmp_path
) -> Iterator[Callable[..., Stack]]:
    """Start the two workers with the given limits (`worker_limits`) and warm them up on one letter."""
    settings.INGEST_CHUNK_SIZE = CHUNK
    started: list[WatchedWorker] = []

    def start(monkeypatch: pytest.MonkeyPatch, **limits: int) -> Stack:
        worker_limits(monkeypatch, **limits)
        percolator._checked.clear()
        opensearch_client.indices.delete(index=f"{settings.OPENSEARCH_INDEX_PREFIX}-alerts*", ignore=[404])
        app.control.purge()
        ingest = WatchedWorker(2, "celery-worker-hostile.log", queues="celery,search")
        alerts = WatchedWorker(1, "celery-alerts-hostile.log", queues="alerts")
        started.extend([ingest, alerts])
        ingest.start()
        alerts.start()
        warm = run_batch(make_letters(tmp_path / "warm", 1, seed=5))  # before the saved query: no alert
        assert warm.records.get().outcome == Outcome.INDEXED
        tag = uuid.uuid4().hex[:10]
        member = create_account(f"member-{tag}", f"member-{tag}@example.com", "a long passphrase here")
        services.create_saved_query(member, "Necessary", f"q={WORD}", AlertFrequency.IMMEDIATE)
        return Stack(ingest, alerts, member.email, MemorySampler(ingest).resident())

    yield start
    for worker in started:
        worker.stop()
    app.control.purge()
    opensearch_client.indices.delete(index=f"{settings.OPENSEARCH_INDEX_PREFIX}-alerts*", ignore=[404])


def run_batch(paths: list[Path], timeout: float = 60) -> IngestBatch:
    batch = entry.create_batch("hostile files")
    entry.add_paths(batch, paths)
    tasks.queue_batch(batch.pk)
    progress = runner.wait(batch.pk, io.StringIO(), timeout=timeout, stall_seconds=8, quiet=True)
    assert progress["finished"], progress
    return batch


def ordinary_and(hostile_file: Path, folder: Path) -> list[Path]:
    """The hostile file first: it opens the batch's first chunk, three ordinary letters after it."""
    return [hostile_file, *make_letters(folder, ORDINARY, seed=31)]


def write(folder: Path, name: str, data: bytes) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(data)
    return path


def assert_the_rest_indexed_once(batch: IngestBatch, hostile_name: str, client, alias: str) -> None:
    others = batch.records.exclude(name=hostile_name)
    assert set(others.values_list("outcome", flat=True)) == {Outcome.INDEXED}
    assert others.count() == ORDINARY
    letters = Letter.objects.filter(records__batch=batch).distinct()
    assert letters.count() == ORDINARY
    assert letters.values("fingerprint").distinct().count() == ORDINARY
    every_letter = sorted(str(pk) for pk in Letter.objects.values_list("pk", flat=True))
    assert sorted(index_ids(client, alias)) == every_letter, "each letter once in the index, nothing else"
    assert len(every_letter) == ORDINARY + 1  # and the warm-up letter


def assert_alert_delivered(stack: Stack, batch: IngestBatch) -> None:
    sent = AlertEmail.objects.filter(user__email=stack.member_email, status=AlertEmail.Status.SENT)
    wait_until(lambda: sent.exists() and bool(mails_to(stack.member_email)), 30, "the alert e-mail")
    text = " ".join(text_of(mail) for mail in mails_to(stack.member_email))
    letters = Letter.objects.filter(records__batch=batch, case_number__isnull=False)
    assert any(number in text for number in letters.values_list("case_number", flat=True)), text


def hostile_record(batch: IngestBatch, name: str) -> IngestRecord:
    return batch.records.get(name=name)


# --- the fault tests ----------------------------------------------------------------------------


@pytest.mark.integration
@pytest.mark.slow
def test_nested_xobjects_fail_on_the_memory_limit(
    start_stack, monkeypatch, tmp_path, opensearch_client, clean_index
) -> None:
    """In flight: the nested file and three letters in the first chunk, eight in two more. The file is
    stopped at 256 MB within seconds, the worker's pool processes are the ones it started with."""
    stack = start_stack(monkeypatch)
    pool = stack.ingest.pool()
    path = write(tmp_path / "hostile", "000-nested.pdf", hostile.nested_xobjects())
    with MemorySampler(stack.ingest) as memory:
        batch = run_batch(ordinary_and(path, tmp_path / "letters"))
    record = hostile_record(batch, path.name)
    assert record.outcome == Outcome.FAILED
    assert record.reason == "PDF text extraction exceeded 256 MB of memory (setting INGEST_PDF_MEMORY_MB)"
    assert record.attempts == 1
    assert memory.peak < stack.memory_bound, (memory.peak, stack.memory_bound)
    assert stack.ingest.pool() == pool, "no pool process died"
    assert_the_rest_indexed_once(batch, path.name, opensearch_client, clean_index)
    assert_alert_delivered(stack, batch)


@pytest.mark.integration
@pytest.mark.slow
def test_overprinted_text_fails_on_the_time_limit(
    start_stack, monkeypatch, tmp_path, opensearch_client, clean_index
) -> None:
    """The extractor spins at a few tens of MB; the parent kills it after INGEST_PDF_SECONDS (4 s)."""
    stack = start_stack(monkeypatch, INGEST_PDF_SECONDS=4)
    pool = stack.ingest.pool()
    path = write(tmp_path / "hostile", "000-spin.pdf", hostile.overprinted_text())
    with MemorySampler(stack.ingest) as memory:
        batch = run_batch(ordinary_and(path, tmp_path / "letters"))
    record = hostile_record(batch, path.name)
    assert record.outcome == Outcome.FAILED
    assert record.reason == "PDF text extraction took longer than 4 s (setting INGEST_PDF_SECONDS)"
    assert memory.peak < stack.memory_bound, (memory.peak, stack.memory_bound)
    assert stack.ingest.pool() == pool
    assert_the_rest_indexed_once(batch, path.name, opensearch_client, clean_index)
    assert_alert_delivered(stack, batch)


@pytest.mark.integration
@pytest.mark.slow
def test_a_file_that_kills_its_reader_leaves_the_worker_alive(
    start_stack, monkeypatch, tmp_path, opensearch_client, clean_index
) -> None:
    """The flate bomb, read in one process with an address-space limit (a container's memory limit),
    aborts that process: what it did to the worker in issue #13 (exit 134). Through the worker, only
    its extractor is stopped; the pool processes live on."""
    bomb = hostile.flate_bomb()
    script = textwrap.dedent(
        f"""
        import resource, sys
        from ingest.parsing import parse_bytes
        limit = 1024 * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
        parse_bytes(open({str(write(tmp_path, "bomb.pdf", bomb))!r}, "rb").read())
        """
    )
    alone = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, timeout=60, check=False
    )
    assert alone.returncode == -signal.SIGABRT, alone.stderr.decode()[-2000:]

    stack = start_stack(monkeypatch)
    pool = stack.ingest.pool()
    path = write(tmp_path / "hostile", "000-bomb.pdf", bomb)
    with MemorySampler(stack.ingest) as memory:
        batch = run_batch(ordinary_and(path, tmp_path / "letters"))
    record = hostile_record(batch, path.name)
    assert record.outcome == Outcome.FAILED
    # It inflates gigabytes a few MB at a time: the parent sees it pass the limit and stops it long before
    # the address-space cap (the limit + 256 MB) would refuse it memory and make pdfium abort.
    assert record.reason == "PDF text extraction exceeded 256 MB of memory (setting INGEST_PDF_MEMORY_MB)"
    assert memory.peak < stack.memory_bound, (memory.peak, stack.memory_bound)
    assert stack.ingest.pool() == pool, "the worker lives on"
    assert_the_rest_indexed_once(batch, path.name, opensearch_client, clean_index)
    assert_alert_delivered(stack, batch)


@pytest.mark.integration
@pytest.mark.slow
def test_a_file_whose_worker_dies_fails_after_max_attempts(
    start_stack, monkeypatch, tmp_path, opensearch_client, clean_index
) -> None:
    """The worker dies each time it reads the file (this test kills the pool process reading it, as the
    kernel's out-of-memory killer or a watchdog would): the task is redelivered (acks_late, kept on
    worker loss), its chunk is split so that only this file's attempts pile up, and at the third death
    the file fails for good. The alert is delivered while the file is still in flight."""
    stack = start_stack(monkeypatch, INGEST_PDF_SECONDS=120, INGEST_MAX_ATTEMPTS=3)
    path = write(tmp_path / "hostile", "000-spin.pdf", hostile.overprinted_text())
    batch = entry.create_batch("a file that kills its worker")
    entry.add_paths(batch, ordinary_and(path, tmp_path / "letters"))
    tasks.queue_batch(batch.pk)
    record = hostile_record(batch, path.name)
    with MemorySampler(stack.ingest) as memory:
        for attempt in (1, 2, 3):
            wait_until(lambda: bool(stack.ingest.extractors()), 30, f"attempt {attempt} reading the file")
            record.refresh_from_db()
            assert (record.outcome, record.attempts) == (Outcome.PENDING, attempt)
            if attempt == 1:
                assert_alert_delivered(stack, batch)  # meanwhile: the other chunks' letters alert
            (extractor,) = stack.ingest.extractors()
            reader = extractor.parent()
            assert reader is not None
            reader.kill()  # the pool process reading the file dies (its extractor with it)
            wait_until(lambda: not stack.ingest.extractors(), 10, "the extractor to die with its parent")
        progress = runner.wait(batch.pk, io.StringIO(), timeout=60, stall_seconds=8, quiet=True)
    assert progress["finished"], progress
    record.refresh_from_db()
    assert record.outcome == Outcome.FAILED
    assert record.reason == records.gave_up_reason(3)
    assert record.reason.startswith("the worker died 3 times on this file")
    assert record.attempts == 3
    assert memory.peak < stack.memory_bound, (memory.peak, stack.memory_bound)
    assert_the_rest_indexed_once(batch, path.name, opensearch_client, clean_index)
    assert batch.records.exclude(name=path.name).filter(attempts__gt=2).count() == 0, "innocents not blamed"


@pytest.mark.integration
@pytest.mark.slow
def test_a_file_past_the_task_time_limit_fails_and_its_chunk_is_not_lost(
    start_stack, monkeypatch, tmp_path, opensearch_client, clean_index
) -> None:
    """The task's soft time limit (6 s) strikes while the first chunk reads the spinning file (its own
    limit is 30 s): the chunk's records are queued alone; alone, the file runs out of the task's time
    again and fails with that reason; its three companions are indexed."""
    stack = start_stack(monkeypatch, CELERY_TASK_SOFT_TIME_LIMIT=6, CELERY_TASK_TIME_LIMIT=12)
    path = write(tmp_path / "hostile", "000-spin.pdf", hostile.overprinted_text())
    with MemorySampler(stack.ingest) as memory:
        batch = run_batch(ordinary_and(path, tmp_path / "letters"))
    record = hostile_record(batch, path.name)
    assert record.outcome == Outcome.FAILED
    assert record.reason == (
        "reading this file took longer than the task's time limit (6 s, setting CELERY_TASK_SOFT_TIME_LIMIT)"
    )
    assert record.attempts == 2  # in its chunk, then alone
    assert memory.peak < stack.memory_bound, (memory.peak, stack.memory_bound)
    assert_the_rest_indexed_once(batch, path.name, opensearch_client, clean_index)
    assert_alert_delivered(stack, batch)


# --- the attempts cap, on the database alone ----------------------------------------------------


@pytest.fixture
def batch_of_three(db, media_root, tmp_path) -> IngestBatch:
    batch = entry.create_batch("three")
    entry.add_paths(batch, make_letters(tmp_path / "three", 3, seed=3))
    records.open_batch_for_queueing(batch.pk)
    return batch


@pytest.mark.django_db
def test_a_record_at_the_attempts_limit_fails_for_good_when_claimed(batch_of_three, settings) -> None:
    settings.INGEST_MAX_ATTEMPTS = 3
    first, second, third = batch_of_three.records.order_by("pk")
    IngestRecord.objects.filter(pk=first.pk).update(attempts=3)
    IngestRecord.objects.filter(pk=second.pk).update(attempts=2)
    claimed = records.claim_records([first.pk, second.pk, third.pk])
    assert [r.pk for r in claimed] == [second.pk, third.pk]
    assert [r.attempts for r in claimed] == [3, 1]
    first.refresh_from_db()
    assert first.outcome == Outcome.FAILED
    assert first.reason == records.gave_up_reason(3)
    assert first.finished_at is not None


@pytest.mark.django_db
def test_a_batch_whose_last_record_gives_up_is_done(batch_of_three, settings) -> None:
    settings.INGEST_MAX_ATTEMPTS = 2
    ids = list(batch_of_three.records.values_list("pk", flat=True))
    batch_of_three.records.update(attempts=2)
    assert records.claim_records(ids) == []
    batch_of_three.refresh_from_db()
    assert batch_of_three.status == IngestBatch.Status.DONE
    assert set(batch_of_three.records.values_list("outcome", flat=True)) == {Outcome.FAILED}


@pytest.mark.django_db
def test_retrying_failed_records_starts_their_attempts_again(batch_of_three) -> None:
    batch_of_three.records.update(outcome=Outcome.FAILED, attempts=3, reason=records.gave_up_reason(3))
    assert records.reset_failed(batch_of_three.pk) == 3
    assert set(batch_of_three.records.values_list("outcome", "attempts", "reason")) == {
        (Outcome.PENDING, 0, "")
    }


@pytest.mark.django_db
def test_a_chunk_left_unfinished_is_queued_record_by_record(batch_of_three, monkeypatch) -> None:
    queued: list[list[int]] = []
    monkeypatch.setattr(tasks.process_chunk, "delay", queued.append)
    first, second, third = batch_of_three.records.order_by("pk")
    IngestRecord.objects.filter(pk=first.pk).update(attempts=1)  # claimed once; its worker died
    IngestRecord.objects.filter(pk=third.pk).update(outcome=Outcome.INDEXED)
    assert tasks.process_chunk.run([first.pk, second.pk, third.pk]) == {"queued alone": 2}
    assert queued == [[first.pk], [second.pk]]
    assert batch_of_three.records.filter(attempts__gt=1).count() == 0, "splitting counts no attempt"

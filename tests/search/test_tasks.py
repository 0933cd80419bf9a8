"""search.tasks: the index tasks' retry policy, and the workers that consume their queue."""

from __future__ import annotations

from typing import Any

import pytest
import yaml
from django.conf import settings
from django.core.cache import cache
from opensearchpy.exceptions import ConnectionError as EngineConnectionError

from search import tasks
from stack import app
from tests.conftest import ROOT


def engine_down(*args: Any, **kwargs: Any) -> Any:
    raise EngineConnectionError("N/A", "engine down", None)


def test_an_index_task_leaves_its_letters_for_the_catch_up_when_the_engine_is_down(monkeypatch):
    """No retry per task during an outage: thousands of saved chunks would each hold a delayed retry."""
    monkeypatch.setattr(tasks, "publish", engine_down)
    result = tasks.update_index.apply(args=([1, 2],))
    assert result.successful(), result.state  # not RETRY
    assert result.result == 0


def test_the_catch_up_does_not_retry_itself_the_beat_runs_it_again(monkeypatch):
    monkeypatch.setattr(tasks, "catch_up", engine_down)
    cache.delete(tasks.CATCH_UP_LOCK)
    result = tasks.catch_up_index.apply()
    assert result.successful(), result.state
    assert result.result == {"indexed": 0}
    assert cache.add(tasks.CATCH_UP_LOCK, 1, timeout=5)  # the lock was released
    cache.delete(tasks.CATCH_UP_LOCK)
    assert not tasks.catch_up_index.autoretry_for
    assert "search.catch_up_index" in {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}


def test_the_index_tasks_are_routed_to_the_search_queue():
    names = (tasks.update_index.name, tasks.catch_up_index.name)
    assert {settings.CELERY_TASK_ROUTES[name]["queue"] for name in names} == {"search"}


def consumed_queues(argv: list[str]) -> set[str] | None:
    """The queues a `celery worker` command line consumes (None: every queue the settings declare)."""
    for flag in ("-Q", "--queues"):
        if flag in argv:
            return set(argv[argv.index(flag) + 1].split(","))
    joined = [arg.split("=", 1)[1] for arg in argv if arg.startswith("--queues=")]
    return set(joined[0].split(",")) if joined else None


@pytest.mark.parametrize("argv", [["worker", "-Q", "celery"], ["worker", "--queues=celery"]])
def test_consumed_queues_reads_both_spellings(argv):
    assert consumed_queues(argv) == {"celery"}


def test_the_compose_worker_consumes_the_search_queue():
    worker = yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]["worker"]["command"]
    queues = consumed_queues(worker)
    assert queues is None or "search" in queues, worker


def test_the_local_worker_consumes_the_search_queue(monkeypatch):
    started: list[list[str]] = []

    class NotRunning:  # stands in for the worker's pid file: records the command line it would start
        log_file = None

        def pid(self) -> None:
            return None

        def start(self, argv: list[str]) -> int:
            started.append(argv)
            return 1

    monkeypatch.setattr(app, "WORKER", NotRunning())
    monkeypatch.setattr(app, "wait_for", lambda *args, **kwargs: None)
    app.start_worker()
    queues = consumed_queues(started[0])
    assert queues is None or "search" in queues, started[0]


@pytest.mark.django_db
def test_alerts_are_queued_only_while_a_saved_query_alerts(monkeypatch, django_user_model):
    """No percolation task per index write while nobody alerts: a query whose alerts are turned on
    later alerts only for letters added after that."""
    from search.models import AlertFrequency, SavedQuery

    queued: list[list[int]] = []
    monkeypatch.setattr(tasks.percolate_letters, "delay", queued.append)
    owner = django_user_model.objects.create_user("h11-owner", "h11@example.com", "a long passphrase")
    SavedQuery.objects.create(owner=owner, name="off", params="q=massage")
    tasks._queue_alerts([1, 2])
    assert queued == []
    SavedQuery.objects.create(
        owner=owner, name="on", params="q=massage", alert_frequency=AlertFrequency.DAILY
    )
    tasks._queue_alerts([1, 2])
    assert queued == [[1, 2]]


def test_the_pipeline_tasks_store_no_result():
    """Nobody reads their results: the records, the index stamps and the alert hits are the outcome."""
    from ingest.tasks import process_chunk
    from search.alerts.tasks import percolate_letters, send_immediate_alert

    for task in (process_chunk, tasks.update_index, percolate_letters, send_immediate_alert):
        assert task.ignore_result, task.name

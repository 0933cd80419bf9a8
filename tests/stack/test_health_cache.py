"""Anonymous /healthz is cheap: no Celery ping, no details, one computation per HEALTHZ_CACHE_SECONDS,
through clients kept for the process; staff still get every check with its details."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client

from portal import health

pytestmark = pytest.mark.integration


class Clock:
    def __init__(self) -> None:
        self.at = 1000.0

    def __call__(self) -> float:
        return self.at


@pytest.fixture
def counted(monkeypatch, settings, db):
    """Production settings, a fresh cache, a clock the test moves, and the checks counted."""
    settings.DEBUG = False
    settings.SECURE_SSL_REDIRECT = False
    settings.HEALTHZ_CACHE_SECONDS = 5
    clock = Clock()
    monkeypatch.setattr(health, "now", clock)
    monkeypatch.setattr(health, "_anonymous", {})
    calls: list[str] = []

    def counting(name: str, check):
        def run() -> health.Reading:
            calls.append(name)
            return health.Reading(f"{name} fine")

        return run

    cheap = {name: counting(name, check) for name, check in health.CHEAP_CHECKS.items()}
    monkeypatch.setattr(health, "CHEAP_CHECKS", cheap)
    monkeypatch.setattr(health, "CHECKS", {**cheap, "celery": counting("celery", health.check_celery)})
    return clock, calls


def test_anonymous_callers_share_a_cached_answer_without_celery(counted):
    clock, calls = counted
    first = Client().get("/healthz")
    assert first.status_code == 200
    assert first.json() == {
        "status": "ok",
        "services": {"database": {"ok": True}, "redis": {"ok": True}, "opensearch": {"ok": True}},
    }
    assert sorted(calls) == ["database", "opensearch", "redis"]
    clock.at += 4
    for _ in range(5):
        assert Client().get("/healthz").json() == first.json()
    assert len(calls) == 3  # answered from memory
    clock.at += 2
    Client().get("/healthz")
    assert len(calls) == 6  # the answer expired: checked again


def test_staff_get_every_check_with_details_every_time(counted):
    _, calls = counted
    staff = User.objects.create_user("ops", password="a-long-password-123", is_staff=True)
    client = Client()
    client.force_login(staff)
    for _ in range(2):
        body = client.get("/healthz").json()
        assert body["services"]["celery"] == {
            **body["services"]["celery"],
            "ok": True,
            "detail": "celery fine",
        }
    assert calls.count("celery") == 2


def test_redis_and_opensearch_clients_are_kept_for_the_process(settings):
    assert health.redis_client(settings.REDIS_URL) is health.redis_client(settings.REDIS_URL)
    hosts = tuple(settings.OPENSEARCH_HOSTS)
    assert health.opensearch_client(hosts) is health.opensearch_client(hosts)
    assert health.run_check(health.check_redis)["ok"] is True

"""Per-user rate limits: the limit, 429 with Retry-After, JSON under /api/, users apart, the window."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User

from accounts import limits
from accounts.limits import Rate
from search.indexing import ensure_index

pytestmark = pytest.mark.django_db


class Clock:
    def __init__(self) -> None:
        self.at = 1_800_000_000.0  # on a minute boundary

    def __call__(self) -> float:
        return self.at


@pytest.fixture
def clock(monkeypatch, settings) -> Clock:
    clock = Clock()
    monkeypatch.setattr(limits, "now", clock)
    settings.API_RATE_LIMIT = "3/minute"
    settings.SEARCH_RATE_LIMIT = "2/minute"
    clock.at += hash(object()) % 1000 * 3600  # a window no other test run has used
    return clock


def member(name: str) -> User:
    return User.objects.create_user(name, password="a-long-password-123")


def test_rates_parse():
    assert Rate.parse("120/minute") == Rate(120, 60)
    assert Rate.parse("30/hour") == Rate(30, 3600)
    with pytest.raises(ValueError):
        Rate.parse("120 per minute")


def test_past_the_limit_the_api_answers_429_json_with_retry_after(client, clock):
    client.force_login(member("limited"))
    clock.at += 15
    for _ in range(3):
        assert client.get("/api/saved").status_code == 200
    response = client.get("/api/saved")
    assert response.status_code == 429
    assert response["Retry-After"] == "45"
    assert response.json()["error"] == "rate_limited"


def test_users_are_counted_apart_and_a_new_window_starts_afresh(client, clock):
    first, second = member("first"), member("second")
    client.force_login(first)
    for _ in range(3):
        client.get("/api/saved")
    assert client.get("/api/saved").status_code == 429
    client.force_login(second)
    assert client.get("/api/saved").status_code == 200
    client.force_login(first)
    clock.at += 60
    assert client.get("/api/saved").status_code == 200


@pytest.mark.integration
def test_the_search_page_answers_a_friendly_page(client, clock, settings, index_prefix):
    settings.SEARCH_REQUIRES_LOGIN = False
    ensure_index()
    statuses = [client.get("/").status_code for _ in range(3)]
    assert statuses[2] == 429
    response = client.get("/")
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert "Too many requests" in response.content.decode()

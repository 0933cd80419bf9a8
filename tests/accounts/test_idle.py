"""Sessions end after SESSION_IDLE_TIMEOUT without a request, and SESSION_MAX_AGE after they began."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User

from accounts import idle

pytestmark = pytest.mark.django_db


class Clock:
    def __init__(self) -> None:
        self.at = 1_000_000.0

    def __call__(self) -> float:
        return self.at


@pytest.fixture
def clock(monkeypatch) -> Clock:
    clock = Clock()
    monkeypatch.setattr(idle, "now", clock)
    return clock


@pytest.fixture
def signed_in(client, settings):
    settings.SESSION_IDLE_TIMEOUT = 30 * 60
    settings.SESSION_MAX_AGE = 8 * 60 * 60
    user = User.objects.create_user("idle", password="a-long-password-123")
    client.force_login(user)
    return client


def account_status(client) -> int:
    return client.get("/accounts/").status_code  # 200 signed in, 302 to the sign-in page otherwise


def test_a_session_ends_after_the_idle_timeout(signed_in, clock):
    assert account_status(signed_in) == 200
    clock.at += 29 * 60
    assert account_status(signed_in) == 200
    clock.at += 29 * 60  # 29 minutes after the last request: still in
    assert account_status(signed_in) == 200
    clock.at += 31 * 60
    assert account_status(signed_in) == 302
    assert account_status(signed_in) == 302  # signed out for good


def test_requests_keep_a_session_alive_until_its_maximum_age(signed_in, clock):
    assert account_status(signed_in) == 200
    for _ in range(15):  # a request every 25 minutes: never idle, 6h15 in all
        clock.at += 25 * 60
        assert account_status(signed_in) == 200
    while clock.at + 25 * 60 - 1_000_000.0 <= 8 * 60 * 60:  # to just under 8 hours
        clock.at += 25 * 60
        assert account_status(signed_in) == 200
    clock.at += 25 * 60  # past 8 hours: out although it was used 25 minutes ago
    assert account_status(signed_in) == 302


def test_last_seen_is_written_at_most_once_a_minute(signed_in, clock):
    signed_in.get("/accounts/")
    seen = signed_in.session[idle.SEEN]
    clock.at += 30
    signed_in.get("/accounts/")
    assert signed_in.session[idle.SEEN] == seen
    clock.at += 31
    signed_in.get("/accounts/")
    assert signed_in.session[idle.SEEN] == clock.at

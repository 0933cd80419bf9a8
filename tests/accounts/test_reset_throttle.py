"""Password reset is throttled per e-mail address and per client IP, with the same answer throughout."""

from __future__ import annotations

import uuid

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.fixture
def limits(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.PASSWORD_RESET_EMAIL_LIMIT = 2
    settings.PASSWORD_RESET_IP_LIMIT = 5
    settings.PASSWORD_RESET_WINDOW = 3600


def fresh_ip() -> str:
    """An address no earlier run counted (counts outlive a test in Redis)."""
    n = uuid.uuid4().int
    return f"10.{n % 250}.{n // 250 % 250}.{n // 62500 % 250 + 1}"


def reset(client, email: str, ip: str):
    return client.post(reverse("password_reset"), {"email": email}, REMOTE_ADDR=ip)


def test_an_address_gets_a_few_reset_mails_per_window(client, limits):
    email = f"{uuid.uuid4().hex[:10]}@example.com"
    User.objects.create_user("reset-me", email=email, password="a-long-password-123")
    answers = [reset(client, email, fresh_ip()) for _ in range(4)]  # from four addresses
    assert len(mail.outbox) == 2
    assert {(a.status_code, a["Location"]) for a in answers} == {(302, reverse("password_reset_done"))}


def test_a_client_address_is_throttled_whatever_the_email(client, limits):
    ip = fresh_ip()
    emails = [f"{uuid.uuid4().hex[:10]}@example.com" for _ in range(7)]
    User.objects.create_user("last", email=emails[-1], password="a-long-password-123")
    answers = [reset(client, email, ip) for email in emails]
    assert mail.outbox == []  # the one real address came after the address's fifth request
    assert {(a.status_code, a["Location"]) for a in answers} == {(302, reverse("password_reset_done"))}
    other = f"{uuid.uuid4().hex[:10]}@example.com"
    User.objects.create_user("first", email=other, password="a-long-password-123")
    reset(client, other, fresh_ip())
    assert len(mail.outbox) == 1  # another client address is not throttled

"""Delivery without a worker: one-line subjects, and one failing email never holds up the others."""

from __future__ import annotations

import smtplib

import pytest
from django.core import mail
from django.core.mail import EmailMultiAlternatives

from search.alerts import delivery
from search.models import AlertEmail, AlertFrequency, AlertHit, SavedQuery
from tests.saved.factory import make_letter

pytestmark = pytest.mark.django_db

TREATMENT = ("Acupuncture x 6", "overturned", "Acupuncture", "Guideline supports it.")


def _pending_alert(user, name: str) -> AlertEmail:
    saved_query = SavedQuery.objects.create(
        owner=user, name=name, params="q=acupuncture", alert_frequency=AlertFrequency.IMMEDIATE
    )
    letter = make_letter(TREATMENT)
    AlertHit.objects.create(saved_query=saved_query, letter=letter, case_number=letter.case_number)
    return delivery.claim_immediate(saved_query)


def test_a_name_with_newlines_makes_a_one_line_subject(alice) -> None:
    # a name stored before names were cleaned
    email = _pending_alert(alice, "acupuncture\nBcc: everyone@example.com")
    assert delivery.send_each([email]) == 1
    (message,) = mail.outbox
    assert "\n" not in message.subject
    assert message.subject == "1 new IMR decision for “acupuncture Bcc: everyone@example.com”"
    email.refresh_from_db()
    assert email.status == AlertEmail.Status.SENT


def test_a_failing_email_does_not_stop_the_next_one(alice, bob, monkeypatch) -> None:
    failing = _pending_alert(alice, "Alice's search")
    working = _pending_alert(bob, "Bob's search")
    real_send = EmailMultiAlternatives.send

    def send(message, fail_silently=False):
        if message.to == [alice.email]:
            raise smtplib.SMTPRecipientsRefused({alice.email: (550, b"mailbox unavailable")})
        return real_send(message, fail_silently)

    monkeypatch.setattr(EmailMultiAlternatives, "send", send)
    assert delivery.send_each(delivery.pending_emails()) == 1
    assert [m.to for m in mail.outbox] == [[bob.email]]
    working.refresh_from_db()
    failing.refresh_from_db()
    assert working.status == AlertEmail.Status.SENT
    assert failing.status == AlertEmail.Status.PENDING
    assert failing.claimed_at is None, "released at once for the next attempt"
    assert failing.attempts == 1
    # retried by the next run, then given up after MAX_SEND_ATTEMPTS
    for _ in range(delivery.MAX_SEND_ATTEMPTS):
        delivery.send_each(delivery.pending_emails())
    failing.refresh_from_db()
    assert failing.attempts == delivery.MAX_SEND_ATTEMPTS
    assert failing.status == AlertEmail.Status.PENDING
    assert delivery.pending_emails() == []
    assert len(mail.outbox) == 1


def test_deliver_immediate_goes_on_after_a_bad_header(alice, monkeypatch) -> None:
    first = _pending_alert(alice, "First")
    second = SavedQuery.objects.get(pk=first.saved_query_id)
    AlertHit.objects.create(saved_query=second, letter=make_letter(TREATMENT))
    calls: list[str] = []
    real_send = EmailMultiAlternatives.send

    def send(message, fail_silently=False):
        calls.append(message.subject)
        if len(calls) == 1:
            from django.core.mail import BadHeaderError

            raise BadHeaderError("Header values can't contain newlines")
        return real_send(message, fail_silently)

    monkeypatch.setattr(EmailMultiAlternatives, "send", send)
    assert delivery.deliver_immediate(second.pk) == 1  # the pending one failed, the new claim went out
    assert len(calls) == 2
    assert len(mail.outbox) == 1

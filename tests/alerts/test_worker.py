"""Alerts through a real Celery worker: exactly once per new matching letter, across a worker restart.

The worker writes emails with the file backend (tests/conftest.py: test-artifacts/mail);
every user here has a unique address, so parallel runs never read each other's mail.
"""

from __future__ import annotations

import email
import time
import uuid
from email.message import Message

import pytest

from accounts.services import create_account
from search.alerts import percolator
from search.alerts.tasks import percolate_letters, send_digests, sweep_recent_letters
from search.models import AlertEmail, AlertFrequency, AlertHit
from search.saved import services
from tests.conftest import ARTIFACTS
from tests.saved.factory import acupuncture, index, massage

pytestmark = [pytest.mark.integration, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

SEPARATOR = b"\n" + b"-" * 79 + b"\n"


def mails_to(address: str) -> list[Message]:
    found = []
    for path in sorted((ARTIFACTS / "mail").glob("*.log")):
        for chunk in path.read_bytes().split(SEPARATOR):
            if address.encode() in chunk:
                message = email.message_from_bytes(chunk.strip(b"\n"))
                if message["To"] == address:
                    found.append(message)
    return found


def text_of(message: Message) -> str:
    for part in message.walk():
        if part.get_content_type() == "text/plain":
            return part.get_payload(decode=True).decode()
    return ""


def wait_for(predicate, timeout: float = 90, what: str = "condition") -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.3)
    pytest.fail(f"timed out waiting for {what}")


@pytest.fixture
def people(search_index, opensearch_client):
    percolator._checked.clear()
    opensearch_client.indices.delete(index=f"{search_index}-alerts*", ignore=[404])
    tag = uuid.uuid4().hex[:10]
    alice = create_account(f"alice-{tag}", f"alice-{tag}@example.com", "alice long passphrase")
    bob = create_account(f"bob-{tag}", f"bob-{tag}@example.com", "bob long passphrase")
    return alice, bob


def test_immediate_alert_once_per_new_matching_letter_across_a_restart(people, celery_worker_process):
    alice, bob = people
    watch = services.create_saved_query(
        alice, "Overturned acupuncture", "q=acupuncture&decision=overturned", AlertFrequency.IMMEDIATE
    )
    services.create_saved_query(bob, "Massage", "q=massage", AlertFrequency.DAILY)
    match, upheld, other = acupuncture("overturned"), acupuncture("upheld"), massage()
    ids = index([match, upheld, other])
    percolate_letters.delay(ids)
    percolate_letters.delay(ids)  # the hook delivered twice (re-processing): still one alert

    sent = AlertEmail.objects.filter(user=alice, status=AlertEmail.Status.SENT)
    wait_for(lambda: sent.count() == 1 and len(mails_to(alice.email)) == 1, what="the first alert email")

    # The worker dies; letters keep arriving; the hook's tasks wait in the broker.
    celery_worker_process.kill()
    second = acupuncture("overturned")
    index([second])
    percolate_letters.delay([second.pk])
    percolate_letters.delay(ids)  # an old batch re-processed meanwhile
    celery_worker_process.start()
    wait_for(lambda: sent.count() == 2 and len(mails_to(alice.email)) == 2, what="the second alert email")

    sweep_recent_letters.delay().get(timeout=60)  # the safety net finds nothing new
    time.sleep(1)
    assert {(h.saved_query_id, h.letter_id) for h in AlertHit.objects.filter(saved_query=watch)} == {
        (watch.pk, match.pk),
        (watch.pk, second.pk),
    }
    first_mail, second_mail = (text_of(m) for m in mails_to(alice.email))
    assert match.case_number in first_mail
    assert upheld.case_number not in first_mail
    assert other.case_number not in first_mail
    assert second.case_number in second_mail
    assert match.case_number not in second_mail
    assert sent.count() == 2

    # Bob's daily digest: one email, then none for the same period.
    send_digests.delay("daily").get(timeout=60)
    send_digests.delay("daily").get(timeout=60)
    bobs = mails_to(bob.email)
    assert len(bobs) == 1
    assert other.case_number in text_of(bobs[0])
    assert match.case_number not in text_of(bobs[0])


def test_sweep_alerts_letters_whose_hook_was_lost(people, celery_worker_process):
    alice, _ = people
    services.create_saved_query(alice, "Acupuncture", "q=acupuncture", AlertFrequency.IMMEDIATE)
    lost = acupuncture()
    index([lost])  # indexed, but the percolate hook never ran (worker died in between)
    sweep_recent_letters.delay().get(timeout=60)
    wait_for(lambda: len(mails_to(alice.email)) == 1, what="the swept alert email")
    assert lost.case_number in text_of(mails_to(alice.email)[0])
    sweep_recent_letters.delay().get(timeout=60)
    time.sleep(1)
    assert len(mails_to(alice.email)) == 1

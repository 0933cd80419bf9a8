"""Alerts in-process against the real OpenSearch percolator: what matches, once, and for whom."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.test import override_settings
from django.utils import timezone

from search.alerts import delivery, hits, percolator
from search.models import AlertEmail, AlertFrequency, AlertHit, SavedQuery
from search.saved import services
from tests.saved.factory import acupuncture, index, make_letter, massage

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.integration,
]


@pytest.fixture(autouse=True)
def _locmem_mail():
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
        yield


@pytest.fixture
def percolator_index(search_index, opensearch_client):
    percolator._checked.clear()
    opensearch_client.indices.delete(index=f"{search_index}-alerts*", ignore=[404])


def _hit_pairs() -> set[tuple[str, str]]:
    return {
        (h.saved_query.name, h.letter.case_number)
        for h in AlertHit.objects.select_related("saved_query", "letter")
    }


def test_percolator_matches_like_the_search(alice, percolator_index):
    query = services.create_saved_query(
        alice, "Overturned acupuncture", "q=acupuncture&decision=overturned", AlertFrequency.IMMEDIATE
    )
    assert percolator.registered_ids() == {query.pk}
    wanted = acupuncture("overturned")
    # Same-treatment rule: acupuncture upheld + something else overturned must not match.
    mixed = make_letter(
        ("6 sessions of acupuncture", "upheld", "Acupuncture", "Acupuncture is not supported here."),
        ("MRI of the lumbar spine", "overturned", "MRI", "Imaging is indicated for red flags."),
    )
    other = massage("overturned")
    ids = index([wanted, mixed, other])
    assert hits.record_hits(ids) == {query.pk}
    assert _hit_pairs() == {("Overturned acupuncture", wanted.case_number)}


def test_once_per_letter_whatever_happens_next(alice, percolator_index):
    query = services.create_saved_query(alice, "Acupuncture", "q=acupuncture", AlertFrequency.IMMEDIATE)
    letter = acupuncture()
    ids = index([letter])
    hits.record_hits(ids)
    assert delivery.deliver_immediate(query.pk) == 1
    # Re-processing, re-indexing, a new version of the same letter: no new hit, no new email.
    hits.record_hits(ids)
    index([letter])
    letter.version += 1
    letter.save()
    index([letter])
    assert hits.record_hits(ids) == set()
    assert delivery.deliver_immediate(query.pk) == 0
    assert AlertHit.objects.count() == 1
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert letter.case_number in body
    assert f"/letters/{letter.case_number}/" in body
    assert mail.outbox[0].to == ["alice@example.com"]


def test_letters_older_than_the_alert_do_not_alert(alice, percolator_index):
    old = acupuncture()
    query = services.create_saved_query(alice, "Acupuncture", "q=acupuncture", AlertFrequency.IMMEDIATE)
    new = acupuncture()
    ids = index([old, new])  # the old letter is re-indexed after the alert was created
    hits.record_hits(ids)
    assert _hit_pairs() == {(query.name, new.case_number)}


def test_off_deleted_and_other_users_queries(alice, bob, percolator_index):
    off = services.create_saved_query(alice, "Off", "q=acupuncture", AlertFrequency.OFF)
    gone = services.create_saved_query(alice, "Gone", "q=acupuncture", AlertFrequency.IMMEDIATE)
    bobs = services.create_saved_query(bob, "Bob massage", "q=massage", AlertFrequency.DAILY)
    services.delete_saved_query(gone)
    assert percolator.registered_ids() == {bobs.pk}
    ids = index([acupuncture(), massage()])
    hits.record_hits(ids)
    assert {name for name, _ in _hit_pairs()} == {"Bob massage"}
    assert not AlertHit.objects.filter(saved_query=off).exists()


def test_turning_alerts_off_and_on_again(alice, percolator_index):
    query = services.create_saved_query(alice, "Acupuncture", "q=acupuncture", AlertFrequency.IMMEDIATE)
    services.update_saved_query(query, alert_frequency=AlertFrequency.OFF)
    hits.record_hits(index([acupuncture()]))
    assert not AlertHit.objects.exists()
    services.update_saved_query(SavedQuery.objects.get(pk=query.pk), alert_frequency=AlertFrequency.WEEKLY)
    later = acupuncture()
    hits.record_hits(index([later]))
    assert _hit_pairs() == {("Acupuncture", later.case_number)}


def test_editing_the_query_re_registers_it(alice, percolator_index):
    query = services.create_saved_query(alice, "Watch", "q=acupuncture", AlertFrequency.IMMEDIATE)
    services.update_saved_query(query, params="q=massage")
    a, m = acupuncture(), massage()
    hits.record_hits(index([a, m]))
    assert _hit_pairs() == {("Watch", m.case_number)}


def test_digest_groups_letters_into_one_email_per_period(alice, percolator_index):
    acu = services.create_saved_query(alice, "Acupuncture", "q=acupuncture", AlertFrequency.DAILY)
    mas = services.create_saved_query(alice, "Massage", "q=massage", AlertFrequency.DAILY)
    letters = [acupuncture(), acupuncture(), massage()]
    hits.record_hits(index(letters))
    now = timezone.now()
    assert delivery.deliver_digests(AlertFrequency.DAILY, now) == 1
    assert delivery.deliver_digests(AlertFrequency.DAILY, now) == 0  # same period: never a second one
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert "3 new decisions" in message.subject
    for letter in letters:
        assert letter.case_number in message.body
    assert "Acupuncture" in message.body
    assert "Massage" in message.body
    digest = AlertEmail.objects.get()
    assert (digest.frequency, digest.letter_count, digest.status) == ("daily", 3, "sent")
    assert set(digest.hits.values_list("saved_query_id", flat=True)) == {acu.pk, mas.pk}
    # A letter arriving later waits for the next period.
    late = acupuncture()
    hits.record_hits(index([late]))
    assert delivery.deliver_digests(AlertFrequency.DAILY, now) == 0
    assert delivery.deliver_digests(AlertFrequency.DAILY, now + dt.timedelta(days=1)) == 1
    assert late.case_number in mail.outbox[1].body
    assert len(mail.outbox) == 2


def test_weekly_period_keys():
    monday = timezone.make_aware(dt.datetime(2026, 11, 23, 7, 0))
    sunday = timezone.make_aware(dt.datetime(2026, 11, 29, 23, 0))
    assert delivery.period_key("weekly", monday) == delivery.period_key("weekly", sunday) == "2026-W48"
    assert delivery.period_key("daily", monday) == "2026-11-23"


def test_a_crashed_send_is_resent_once_the_claim_is_stale(alice, percolator_index):
    query = services.create_saved_query(alice, "Acupuncture", "q=acupuncture", AlertFrequency.IMMEDIATE)
    hits.record_hits(index([acupuncture()]))
    email = delivery.claim_immediate(query)
    # A worker claimed it for sending and died before sending.
    AlertEmail.objects.filter(pk=email.pk).update(claimed_at=timezone.now(), attempts=1)
    assert delivery.deliver_immediate(query.pk) == 0  # someone else may still be sending
    AlertEmail.objects.filter(pk=email.pk).update(claimed_at=timezone.now() - dt.timedelta(minutes=10))
    assert delivery.deliver_immediate(query.pk) == 1
    assert delivery.deliver_immediate(query.pk) == 0
    assert len(mail.outbox) == 1


def test_percolator_index_rebuilds_when_the_letter_mapping_changes(alice, percolator_index, monkeypatch):
    query = services.create_saved_query(alice, "Acupuncture", "q=acupuncture", AlertFrequency.IMMEDIATE)
    first = percolator.ensure_index()
    real_body = percolator.index_body

    def changed_body():
        body, fingerprint = real_body()
        body["mappings"]["properties"]["alert"]["properties"]["extra"] = {"type": "keyword"}
        return body, fingerprint + "x"

    monkeypatch.setattr(percolator, "index_body", changed_body)
    percolator._checked.clear()
    second = percolator.ensure_index()
    assert second != first
    assert percolator.registered_ids() == {query.pk}


def test_alerts_fire_for_letters_about_the_search_in_the_scope_they_were_saved_with(alice, percolator_index):
    """A letter whose summary alone mentions the words is listed by the search but never alerts,
    unless the query was saved in the letter scope."""
    about = services.create_saved_query(alice, "About acupuncture", "q=acupuncture", AlertFrequency.IMMEDIATE)
    anywhere = services.create_saved_query(
        alice, "Acupuncture anywhere", "q=acupuncture&scope=letter", AlertFrequency.IMMEDIATE
    )
    decided = acupuncture()
    mentioned = massage(summary="Treatment to date has included acupuncture and chiropractic care.")
    hits.record_hits(index([decided, mentioned]))
    assert _hit_pairs() == {
        ("About acupuncture", decided.case_number),
        ("Acupuncture anywhere", decided.case_number),
        ("Acupuncture anywhere", mentioned.case_number),
    }
    assert {about.pk, anywhere.pk} == percolator.registered_ids()

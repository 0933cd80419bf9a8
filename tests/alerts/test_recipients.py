"""Alerts stop for inactive or unpermitted users: no hits are recorded for their queries, and an
e-mail claimed before they lost access is skipped at send time, with the reason."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, Permission
from django.core import mail

from accounts.roles import MEMBERS
from search.alerts import delivery, hits, recipients
from search.models import AlertEmail, AlertFrequency, AlertHit, SavedQuery
from tests.saved.factory import make_letter

pytestmark = pytest.mark.django_db

TREATMENT = ("Acupuncture x 6", "overturned", "Acupuncture", "Guideline supports it.")


def _pending_alert(user) -> AlertEmail:
    saved_query = SavedQuery.objects.create(
        owner=user, name="Acupuncture", params="q=acupuncture", alert_frequency=AlertFrequency.IMMEDIATE
    )
    letter = make_letter(TREATMENT)
    AlertHit.objects.create(saved_query=saved_query, letter=letter, case_number=letter.case_number)
    email = delivery.claim_immediate(saved_query)
    assert email is not None
    return email


def _demote(user) -> None:
    """Out of Members: no saved-query permission any more."""
    user.groups.remove(Group.objects.get(name=MEMBERS))


def test_an_active_member_gets_the_email(alice) -> None:
    email = _pending_alert(alice)
    assert delivery.send_each([email]) == 1
    assert [m.to for m in mail.outbox] == [[alice.email]]


def test_a_user_deactivated_after_the_hit_gets_no_email(alice) -> None:
    email = _pending_alert(alice)
    alice.is_active = False
    alice.save(update_fields=["is_active"])
    assert delivery.send_each([email]) == 0
    assert mail.outbox == []
    email.refresh_from_db()
    assert email.status == AlertEmail.Status.SKIPPED
    assert email.subject == "(not sent: account inactive)"
    assert email.recipient == ""
    assert delivery.pending_emails() == [], "a skipped email is never picked up again"


def test_a_user_demoted_after_the_hit_gets_no_email(alice) -> None:
    email = _pending_alert(alice)
    _demote(alice)
    assert delivery.send_each([email]) == 0
    assert mail.outbox == []
    email.refresh_from_db()
    assert email.status == AlertEmail.Status.SKIPPED
    assert email.subject == "(not sent: no search.view_savedquery permission)"


def test_a_permission_given_one_by_one_is_enough(alice) -> None:
    _demote(alice)
    alice.user_permissions.add(Permission.objects.get(codename="view_savedquery"))
    assert recipients.allowed([alice.pk]) == {alice.pk}


def test_no_hits_are_recorded_for_inactive_or_unpermitted_owners(alice, bob, monkeypatch) -> None:
    carol = type(alice).objects.create_user("carol", "carol@example.com", "carol long passphrase")
    queries = {
        user.username: SavedQuery.objects.create(
            owner=user, name="Acupuncture", params="q=acupuncture", alert_frequency=AlertFrequency.DAILY
        )
        for user in (alice, bob, carol)
    }
    bob.is_active = False
    bob.save(update_fields=["is_active"])
    _demote(carol)
    letter = make_letter(TREATMENT)
    # every query matches the letter: the percolator is not what is tested here
    monkeypatch.setattr(
        hits.percolator,
        "percolate",
        lambda letters: [(one.pk, q.pk) for one in letters for q in queries.values()],
    )
    hits.record_hits([letter.pk])
    assert set(AlertHit.objects.values_list("saved_query__owner__username", flat=True)) == {"alice"}
    assert recipients.allowed([alice.pk, bob.pk, carol.pk]) == {alice.pk}

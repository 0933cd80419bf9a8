"""ingest.signals.letters_changed: each ORM write to a letter is announced once per transaction, on commit."""

from __future__ import annotations

import pytest
from django.db import transaction

from ingest.models import Letter, Treatment
from tests.search.factory import build_corpus

pytestmark = pytest.mark.django_db


def corpus(count: int, seed: int) -> list[int]:
    """Letters made in a savepoint of their own: its message (never sent, the test's transaction is
    rolled back) is not the one later writes join, so django_capture_on_commit_callbacks sees theirs."""
    with transaction.atomic():
        return [spec.pk for spec in build_corpus(count, seed=seed)]


def test_one_message_for_a_transaction_sent_on_commit(announced, django_capture_on_commit_callbacks) -> None:
    one, two = (Letter.objects.get(pk=pk) for pk in corpus(2, seed=31))
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        one.priority = "expedited"
        one.save()
        treatment = Treatment.objects.filter(letter=two).first()
        assert treatment is not None
        treatment.request = "corrected request"
        treatment.save()
        with transaction.atomic():  # a savepoint that commits: its writes join the message
            one.save()
        assert announced == [], "nothing before the commit"
    assert announced == [sorted([one.pk, two.pk])]


def test_writes_rolled_back_are_not_announced_alone(announced, django_capture_on_commit_callbacks) -> None:
    one, two = (Letter.objects.get(pk=pk) for pk in corpus(2, seed=32))
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        try:
            with transaction.atomic():
                two.save()
                raise RuntimeError("rolled back")
        except RuntimeError:
            pass
        one.save()
    assert announced == [[one.pk]]


def test_a_deleted_letter_is_announced_once_with_its_treatments(
    announced, django_capture_on_commit_callbacks
) -> None:
    (pk,) = corpus(1, seed=33)
    with transaction.atomic():
        Treatment.objects.create(letter_id=pk, position=9, request="one more", decision="upheld")
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        Letter.objects.filter(pk=pk).delete()  # a QuerySet.delete, as the admin's bulk action
    assert announced == [[pk]]


def test_a_treatment_deleted_alone_announces_its_letter(
    announced, django_capture_on_commit_callbacks
) -> None:
    (pk,) = corpus(1, seed=34)
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        Treatment.objects.filter(letter_id=pk).delete()
    assert announced == [[pk]]

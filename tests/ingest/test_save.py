"""The one writer (ingest.pipeline.save.save_chunk) against the database alone: no engine, no broker."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from ingest import tasks
from ingest.generator import iter_letters
from ingest.models import IngestBatch, IngestRecord, Letter, LetterVersion, Treatment
from ingest.parsing.result import ParsedLetter
from ingest.pipeline import save
from ingest.pipeline.parse import parse
from ingest.pipeline.save import Item, save_chunk
from ingest.signals import letters_saved

pytestmark = pytest.mark.django_db
Outcome = IngestRecord.Outcome


def parsed_letters(count: int, seed: int = 3) -> list[ParsedLetter]:
    """`count` generated letters with a case number and a decision date (most have both)."""
    parsed = (parse(g.content, g.filename).letter for g in iter_letters(count * 10, seed, ("cp1252",)))
    letters = [p for p in parsed if p.case_number and p.decision_date][:count]
    assert len(letters) == count
    return letters


def revised(parsed: ParsedLetter, tag: str, *, decided: dt.date | None = None) -> ParsedLetter:
    """Another text of the same case (a new fingerprint), decided on `decided` when given."""
    text = parsed.text + f"\nAddendum {tag}."
    return dataclasses.replace(
        parsed,
        text=text,
        fingerprint=f"{tag:x<64}"[:64],
        decision_date=decided or parsed.decision_date,
        treatments=list(parsed.treatments),
    )


def items(*letters: ParsedLetter) -> list[Item]:
    batch = IngestBatch.objects.create(label="test", status=IngestBatch.Status.RUNNING)
    now = timezone.now()
    records = IngestRecord.objects.bulk_create(
        [IngestRecord(batch=batch, name=f"{i}.txt", started_at=now) for i in range(len(letters))]
    )
    return [
        Item(record, parsed, "text", "0" * 64, 1.0) for record, parsed in zip(records, letters, strict=True)
    ]


def outcomes(chunk: list[Item]) -> list[tuple[str, str]]:
    found = {r.pk: r for r in IngestRecord.objects.filter(pk__in=[i.record.pk for i in chunk])}
    return [(found[i.record.pk].outcome, found[i.record.pk].action) for i in chunk]


def test_new_letters_are_saved_and_announced_after_commit(
    announced, django_capture_on_commit_callbacks
) -> None:
    letters = parsed_letters(4)
    chunk = items(*letters)
    with django_capture_on_commit_callbacks(execute=True):
        saved = save_chunk(chunk)
        assert announced == [], "nothing is announced before the commit"
    assert outcomes(chunk) == [(Outcome.SAVED, "created")] * 4
    stored = Letter.objects.order_by("pk")
    assert [letter.fingerprint for letter in stored] == [p.fingerprint for p in letters]
    assert Treatment.objects.count() == sum(len(p.treatments) for p in letters)
    assert announced == [sorted(s.letter_id for s in saved)]


def test_a_letter_saved_before_is_a_duplicate_and_not_announced(
    announced, django_capture_on_commit_callbacks
) -> None:
    (letter,) = parsed_letters(1)
    with django_capture_on_commit_callbacks(execute=True):
        save_chunk(items(letter))
    again = items(letter)
    with django_capture_on_commit_callbacks(execute=True):
        save_chunk(again)
    record = IngestRecord.objects.get(pk=again[0].record.pk)
    assert record.outcome == Outcome.DUPLICATE
    assert record.reason.startswith("same text as")
    assert record.letter_id == Letter.objects.get().pk
    assert len(announced) == 1


def test_the_same_letter_twice_in_one_chunk(announced, django_capture_on_commit_callbacks) -> None:
    first, other = parsed_letters(2, seed=5)
    chunk = items(first, other, first)
    with django_capture_on_commit_callbacks(execute=True):
        save_chunk(chunk)
    assert outcomes(chunk) == [
        (Outcome.SAVED, "created"),
        (Outcome.SAVED, "created"),
        (Outcome.DUPLICATE, ""),
    ]
    assert Letter.objects.count() == 2
    assert IngestRecord.objects.get(pk=chunk[2].record.pk).letter_id == chunk[0].record.letter_id
    assert len(announced[0]) == 2


def test_a_new_version_updates_the_case_and_the_old_text_stays_a_duplicate(
    announced, django_capture_on_commit_callbacks
) -> None:
    (letter,) = parsed_letters(1, seed=7)
    save_chunk(items(letter))
    newer = revised(letter, "b", decided=letter.decision_date and letter.decision_date + dt.timedelta(days=1))
    chunk = items(newer, letter)
    with django_capture_on_commit_callbacks(execute=True):
        save_chunk(chunk)
    assert outcomes(chunk) == [(Outcome.SAVED, "updated"), (Outcome.DUPLICATE, "")]
    stored = Letter.objects.get()
    assert stored.version == 2
    assert stored.fingerprint == newer.fingerprint
    assert "Addendum b" in stored.text
    kept = LetterVersion.objects.get(letter=stored)
    assert (kept.number, kept.status, kept.fingerprint) == (1, "replaced", letter.fingerprint)
    assert kept.text == letter.text  # kept whole
    assert [t["request"] for t in kept.treatments] == [t.request for t in letter.treatments]
    assert kept.fields["decision_date"] == letter.decision_date.isoformat()
    reason = IngestRecord.objects.get(pk=chunk[1].record.pk).reason
    assert reason == f"same text as version 1 of {stored.case_number}, kept but not shown"
    assert Treatment.objects.filter(letter=stored).count() == len(newer.treatments)
    assert announced == [[stored.pk]]


def test_a_letter_older_than_the_stored_version_never_replaces_it() -> None:
    (letter,) = parsed_letters(1, seed=9)
    assert letter.decision_date is not None
    save_chunk(items(letter))
    older = revised(letter, "c", decided=letter.decision_date - dt.timedelta(days=40))
    chunk = items(older)
    save_chunk(chunk)
    record = IngestRecord.objects.get(pk=chunk[0].record.pk)
    assert (record.outcome, record.action) == (Outcome.DUPLICATE, "older")  # told apart from same-text
    stored = Letter.objects.get()
    assert record.reason.startswith(f"older version kept as version 2 of {stored.case_number}: decided ")
    assert (stored.version, stored.fingerprint) == (1, letter.fingerprint)
    kept = LetterVersion.objects.get()
    assert (kept.letter_id, kept.number, kept.status, kept.record_id) == (stored.pk, 2, "older", record.pk)
    assert "Addendum c" in kept.text
    assert kept.decision_date == older.decision_date


def test_two_versions_of_one_case_in_one_chunk() -> None:
    (letter,) = parsed_letters(1, seed=11)
    chunk = items(letter, revised(letter, "d"))
    save_chunk(chunk)
    assert outcomes(chunk) == [(Outcome.SAVED, "created"), (Outcome.SAVED, "updated")]
    stored = Letter.objects.get()
    assert stored.version == 2
    assert LetterVersion.objects.get().fingerprint == letter.fingerprint


def test_a_record_finished_elsewhere_is_left_alone() -> None:
    (letter,) = parsed_letters(1, seed=13)
    chunk = items(letter)
    IngestRecord.objects.filter(pk=chunk[0].record.pk).update(outcome=Outcome.FAILED, reason="elsewhere")
    assert save_chunk(chunk) == []
    assert not Letter.objects.exists()
    assert IngestRecord.objects.get(pk=chunk[0].record.pk).reason == "elsewhere"


def test_a_unique_constraint_race_is_decided_again(monkeypatch) -> None:
    """Another worker saved the same text after this chunk looked: the insert fails, it decides again."""
    (letter,) = parsed_letters(1, seed=15)
    save_chunk(items(letter))  # "the other worker"
    look_up = save._Chunk._look_up
    stale = iter([True])

    def stale_then_real(self, chunk_items) -> None:
        if next(stale, False):
            return  # the first look saw nothing: the other worker had not committed yet
        look_up(self, chunk_items)

    monkeypatch.setattr(save._Chunk, "_look_up", stale_then_real)
    chunk = items(letter)
    saved = save_chunk(chunk)
    assert [s.outcome for s in saved] == [Outcome.DUPLICATE]
    assert Letter.objects.count() == 1


def test_a_race_lost_every_time_raises(monkeypatch) -> None:
    (letter,) = parsed_letters(1, seed=17)
    save_chunk(items(letter))
    monkeypatch.setattr(save._Chunk, "_look_up", lambda self, chunk_items: None)
    chunk = items(letter)
    with pytest.raises(IntegrityError):
        save_chunk(chunk)
    assert IngestRecord.objects.get(pk=chunk[0].record.pk).outcome == Outcome.PENDING


def test_a_failing_receiver_of_letters_saved_is_logged_not_raised_into_the_writer(
    announced, django_capture_on_commit_callbacks, caplog
) -> None:
    """An error in search's receiver (the --sync inline index) must not break the chunk's bookkeeping."""

    def broken(sender, letter_ids, **kwargs) -> None:
        raise RuntimeError("receiver broke")

    letters_saved.connect(broken, dispatch_uid="test_broken_receiver")
    try:
        chunk = items(*parsed_letters(2))
        with django_capture_on_commit_callbacks(execute=True):
            saved = save_chunk(chunk)
    finally:
        letters_saved.disconnect(dispatch_uid="test_broken_receiver")
    assert [s.outcome for s in saved] == [Outcome.SAVED] * 2
    assert outcomes(chunk) == [(Outcome.SAVED, "created")] * 2
    assert len(announced) == 1  # the other receivers were still told
    assert "receiver broke" in caplog.text


def test_the_saved_letters_of_a_batch_are_announced_again_in_index_batches(
    announced, django_capture_on_commit_callbacks, settings
) -> None:
    settings.INGEST_INDEX_BATCH = 2
    chunk = items(*parsed_letters(5))
    with django_capture_on_commit_callbacks(execute=True):
        save_chunk(chunk)
    announced.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.request_index(chunk[0].record.batch_id) == 5
    assert [len(ids) for ids in announced] == [2, 2, 1]


def test_the_record_update_follows_its_field_list_in_any_order(monkeypatch) -> None:
    """The UPDATE's values are read by field name: reordering _RECORD_FIELDS cannot swap columns."""
    monkeypatch.setattr(save, "_RECORD_FIELDS", tuple(reversed(save._RECORD_FIELDS)))
    chunk = items(*parsed_letters(2))
    save_chunk(chunk)
    for item in chunk:
        record = IngestRecord.objects.get(pk=item.record.pk)
        assert (record.outcome, record.action, record.kind) == (Outcome.SAVED, "created", "text")
        assert record.letter_id is not None
        assert record.parse_ms == 1.0
        assert record.finished_at is not None


def test_more_letters_than_one_statement_takes_are_inserted_in_several() -> None:
    """The letters' INSERT sends its values apart, at most 65,535 a statement: 2,500 letters of 27
    columns are 67,500 values, so two statements."""
    letters = [
        Letter(fingerprint=f"{n:064x}", content_sha256="0" * 64, text=f"letter {n}") for n in range(2500)
    ]
    with transaction.atomic():
        save._insert_letters(letters)
    assert len({letter.pk for letter in letters}) == 2500
    assert dict(Letter.objects.values_list("pk", "text")) == {letter.pk: letter.text for letter in letters}

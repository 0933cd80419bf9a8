"""A letter's versions through the one writer (ingest.pipeline.save) and hand corrections (ingest.versions).

The version shown is the newest decision whatever order the files come in; every other version
is kept whole; the same text again is a duplicate. Database only: the index is tested in
tests/ingest/test_admin_edits.py and tests/search/test_check_index.py.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import itertools

import pytest
from django.contrib.auth.models import User
from django.db import transaction
from hypothesis import given, settings
from hypothesis import strategies as st

from ingest import versions
from ingest.models import IngestRecord, Letter, LetterVersion, Treatment
from ingest.parsing.result import ParsedLetter
from ingest.pipeline import save
from ingest.pipeline.save import save_chunk
from tests.ingest.test_save import items, parsed_letters

pytestmark = pytest.mark.django_db
Outcome = IngestRecord.Outcome
DAY = dt.date(2016, 3, 1)


@functools.cache
def base() -> ParsedLetter:
    (letter,) = parsed_letters(1, seed=21)
    return letter


def version(tag: str, decided: dt.date | None) -> ParsedLetter:
    """A copy of one case with its own text (so its own fingerprint), decided on `decided`."""
    letter = base()
    return dataclasses.replace(
        letter,
        text=f"{letter.text}\nVersion {tag}.",
        fingerprint=f"{tag:x<64}"[:64],
        decision_date=decided,
        case_summary=f"{letter.case_summary} (version {tag})",
        treatments=list(letter.treatments),
    )


def arrive(letters: list[ParsedLetter], chunk_sizes: list[int] | None = None) -> None:
    """The letters come in in this order, in chunks of these sizes (one file a chunk by default)."""
    sizes = iter(chunk_sizes or [])
    rest = list(letters)
    while rest:
        size = max(1, next(sizes, 1))
        save_chunk(items(*rest[:size]))
        rest = rest[size:]


def final_state() -> tuple[str, frozenset[str], int]:
    """(the text shown, the texts kept, how many versions are kept): what no arrival order may change."""
    shown = Letter.objects.get()
    kept = list(LetterVersion.objects.filter(letter=shown).values_list("fingerprint", "number"))
    numbers = [number for _, number in kept] + [shown.version]
    assert sorted(numbers) == list(range(1, len(numbers) + 1)), "numbered in the order they came in"
    return shown.fingerprint, frozenset(fp for fp, _ in kept), len(kept)


# Four versions of one case: three decision dates and one copy whose date could not be read.
JAN, MAR, MAY = dt.date(2016, 1, 4), dt.date(2016, 3, 7), dt.date(2016, 5, 9)
FOUR = {"jan": JAN, "mar": MAR, "may": MAY, "undated": None}


@pytest.mark.parametrize("order", list(itertools.permutations(FOUR)))
def test_every_arrival_order_shows_the_newest_decision_and_keeps_the_others(order) -> None:
    letters = {tag: version(tag, day) for tag, day in FOUR.items()}
    arrive([letters[tag] for tag in order])
    shown, kept, count = final_state()
    assert shown == letters["may"].fingerprint
    assert kept == {letters[tag].fingerprint for tag in ("jan", "mar", "undated")}
    assert count == 3
    assert Letter.objects.get().decision_date == MAY
    assert "(version may)" in Letter.objects.get().case_summary


dates = st.one_of(st.none(), st.dates(min_value=dt.date(2014, 1, 1), max_value=dt.date(2016, 12, 31)))


@settings(derandomize=True, max_examples=60, deadline=None)
@given(
    days=st.lists(dates, min_size=1, max_size=5, unique=True),  # distinct dates, at most one unknown
    data=st.data(),
)
def test_the_final_state_does_not_depend_on_the_arrival_order(days, data) -> None:
    """Any two orders (with repeats of a file, in chunks of any size) end in the same versions."""
    letters = [version(f"v{i}", day) for i, day in enumerate(days)]
    repeats = data.draw(st.lists(st.sampled_from(letters), max_size=3), label="repeats")
    arrivals = letters + repeats
    first = data.draw(st.permutations(arrivals), label="first order")
    second = data.draw(st.permutations(arrivals), label="second order")
    sizes = data.draw(st.lists(st.integers(1, 4), max_size=len(arrivals)), label="chunk sizes")
    states = []
    for order, chunking in ((first, sizes), (second, None)):
        with transaction.atomic():
            arrive(order, chunking)
            states.append(final_state())
            transaction.set_rollback(True)
    assert states[0] == states[1]
    newest = max(letters, key=lambda p: (p.decision_date is not None, p.decision_date or dt.date.min))
    assert states[0][0] == newest.fingerprint
    assert states[0][2] == len(letters) - 1


def test_an_older_copy_arriving_later_is_kept_not_shown_and_its_record_says_so() -> None:
    newer, older = version("new", MAR), version("old", JAN)
    arrive([newer])
    chunk = items(older)
    save_chunk(chunk)
    record = IngestRecord.objects.get(pk=chunk[0].record.pk)
    letter = Letter.objects.get()
    assert (record.outcome, record.action, record.letter_id) == (Outcome.DUPLICATE, "older", letter.pk)
    assert record.reason == (
        f"older version kept as version 2 of {letter.case_number}: decided 2016-01-04, "
        "the version shown (version 1, decided 2016-03-07) stays"
    )
    assert (letter.version, letter.fingerprint) == (1, newer.fingerprint)
    kept = LetterVersion.objects.get()
    assert (kept.number, kept.status, kept.record_id, kept.source_name) == (2, "older", record.pk, "0.txt")
    assert kept.text == older.text
    assert kept.fields["case_summary"] == older.case_summary
    assert kept.fields["decision_date"] == "2016-01-04"
    assert [t["request"] for t in kept.treatments] == [t.request for t in older.treatments]
    again = items(older)
    save_chunk(again)
    assert IngestRecord.objects.get(pk=again[0].record.pk).reason == (
        f"same text as version 2 of {letter.case_number}, kept but not shown"
    )
    assert LetterVersion.objects.count() == 1


def test_an_undated_copy_never_hides_a_dated_decision() -> None:
    arrive([version("dated", JAN), version("unreadable", None)])
    letter = Letter.objects.get()
    assert letter.decision_date == JAN
    assert LetterVersion.objects.get().decision_date is None
    arrive([version("dated-later", MAR)])
    assert Letter.objects.get().decision_date == MAR


def test_the_same_decision_date_again_the_later_arrival_is_shown() -> None:
    first, second = version("first", JAN), version("second", JAN)
    arrive([first, second])
    assert Letter.objects.get().fingerprint == second.fingerprint
    assert LetterVersion.objects.get().fingerprint == first.fingerprint


def test_a_replaced_version_is_kept_whole_with_its_file() -> None:
    old, new = version("old", JAN), version("new", MAR)
    first = items(old)
    save_chunk(first)
    letter = Letter.objects.get()
    stored_treatments = list(
        Treatment.objects.filter(letter=letter).values("request", "decision", "rationale")
    )
    save_chunk(items(new))
    kept = LetterVersion.objects.get()
    assert (kept.number, kept.status, kept.record_id) == (1, "replaced", first[0].record.pk)
    assert kept.text == old.text
    assert kept.arrived_at == letter.updated_at
    assert [
        {k: t[k] for k in ("request", "decision", "rationale")} for t in kept.treatments
    ] == stored_treatments
    assert Letter.objects.get().version == 2


@pytest.fixture
def staff(db) -> User:
    return User.objects.create_user("editor", password="pw-editor-123", is_staff=True)


def test_a_hand_correction_is_a_version_with_who_and_why(staff) -> None:
    original = version("file", JAN)
    arrive([original])
    letter = Letter.objects.get()
    letter.case_number = "CM16-7654321"
    versions.correct(letter, by_id=staff.pk, reason="the parser misread the case number", save=letter.save)
    letter.refresh_from_db()
    assert (letter.version, letter.corrected_by_id, letter.correction_reason) == (
        2,
        staff.pk,
        "the parser misread the case number",
    )
    kept = LetterVersion.objects.get()
    assert (kept.number, kept.status, kept.case_number) == (1, "corrected", base().case_number)
    assert kept.corrected_by_id is None  # version 1 came from a file

    arrive([original])  # the same file again: a duplicate of the corrected letter, never a flip back
    assert Letter.objects.get().case_number == "CM16-7654321"

    newer = dataclasses.replace(version("reissued", MAR), case_number="CM16-7654321")
    arrive([newer])  # a newer decision replaces the correction, which is kept with who and why
    letter.refresh_from_db()
    assert (letter.version, letter.corrected_by_id, letter.correction_reason) == (3, None, "")
    correction = LetterVersion.objects.get(number=2)
    assert (correction.status, correction.corrected_by_id) == ("replaced", staff.pk)
    assert correction.correction_reason == "the parser misread the case number"
    assert correction.fields["case_number"] == "CM16-7654321"


def test_a_letter_changed_since_it_was_read_is_decided_again(monkeypatch) -> None:
    """Another writer added a version after the chunk looked: the lock's check sends it to decide again."""
    arrive([version("first", JAN)])
    look_up = save._Chunk._look_up
    calls = iter([True])

    def stale_then_real(self, chunk_items) -> None:
        look_up(self, chunk_items)
        if next(calls, False):  # the first look saw the letter before another version came in
            for case, stored in self.by_case.items():
                self.by_case[case] = dataclasses.replace(stored, latest=stored.latest - 1, version=0)

    monkeypatch.setattr(save._Chunk, "_look_up", stale_then_real)
    with pytest.raises(versions.Changed):
        versions.check_unchanged(Letter.objects.get().pk, 0, 0)
    chunk = items(version("second", MAR))
    assert [s.outcome for s in save_chunk(chunk)] == [Outcome.SAVED]
    assert Letter.objects.get().version == 2
    assert list(LetterVersion.objects.values_list("number", flat=True)) == [1]

"""The duplicate / version decision (ingest.pipeline.deduplicate.decide): pure, no database."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ingest.pipeline.deduplicate import Identity, Kept, Known, Stored, Verdict, decide, shown_over

DAY = dt.date(2015, 6, 1)
EARLIER, LATER = DAY - dt.timedelta(days=30), DAY + dt.timedelta(days=30)


def stored(letter_id: int = 7, *, version: int = 2, decided: dt.date | None = DAY, latest: int = 3) -> Stored:
    return Stored(letter_id, f"CM15-{letter_id:07d}", version, decided, latest)


CASES = [None, "CM15-0000007"]
DATES = [None, EARLIER, DAY, LATER]
SAME_TEXT = [None, stored(1)]
KEPT = [None, Kept(stored(2), 1)]
SAME_CASE = [None, stored(3, decided=None), stored(3)]


@pytest.mark.parametrize(
    ("case", "date", "same_text", "kept", "same_case"),
    list(itertools.product(CASES, DATES, SAME_TEXT, KEPT, SAME_CASE)),
)
def test_every_combination_of_what_is_known(case, date, same_text, kept, same_case) -> None:
    identity = Identity("f" * 64, case, date)
    known = Known(same_text=same_text, kept=kept, same_case=same_case if case else None)
    decision = decide(identity, known)
    if same_text is not None:
        assert decision.verdict is Verdict.DUPLICATE
        assert decision.letter == same_text
        assert decision.reason == f"same text as {same_text.public_id} (version {same_text.version})"
    elif kept is not None:
        assert decision.verdict is Verdict.DUPLICATE
        assert decision.letter == kept.letter
        assert decision.reason == f"same text as version 1 of {kept.letter.public_id}, kept but not shown"
    elif case and same_case is not None:
        stored_date = same_case.decision_date
        older = (stored_date is not None and date is None) or (
            date is not None and stored_date is not None and date < stored_date
        )
        assert decision.verdict is (Verdict.OLDER if older else Verdict.UPDATE)
        assert decision.letter == same_case
        assert decision.number == same_case.latest + 1 == 4  # numbered in the order they come in
        if older:
            assert decision.reason.startswith(f"older version kept as version 4 of {same_case.public_id}")
            assert "the version shown (version 2, decided 2015-06-01) stays" in decision.reason
        else:
            assert decision.reason.startswith(f"new version 4 of {same_case.public_id}, decided ")
            assert decision.reason.endswith("which is kept")
    else:
        assert decision.verdict is Verdict.NEW
        assert decision.letter is None
        assert decision.reason == ""


def test_which_version_is_shown() -> None:
    """The later decision; dated over undated; the same day (or both undated): the later arrival."""
    assert shown_over(LATER, DAY)
    assert not shown_over(EARLIER, DAY)
    assert shown_over(DAY, DAY)  # came in later
    assert shown_over(DAY, None)
    assert not shown_over(None, DAY)
    assert shown_over(None, None)


dates = st.one_of(st.none(), st.dates(min_value=dt.date(2010, 1, 1), max_value=dt.date(2030, 12, 31)))
letters = st.builds(
    Stored,
    letter_id=st.integers(1, 10**9),
    public_id=st.from_regex(r"CM1[0-9]-[0-9]{7}", fullmatch=True),
    version=st.integers(1, 50),
    decision_date=dates,
    latest=st.integers(50, 60),
)
identities = st.builds(
    Identity,
    fingerprint=st.text("0123456789abcdef", min_size=64, max_size=64),
    case_number=st.one_of(st.none(), st.from_regex(r"CM1[0-9]-[0-9]{7}", fullmatch=True)),
    decision_date=dates,
)
knowns = st.builds(
    Known,
    same_text=st.one_of(st.none(), letters),
    kept=st.one_of(st.none(), st.builds(Kept, letter=letters, number=st.integers(1, 49))),
    same_case=st.one_of(st.none(), letters),
)


@given(identities, knowns)
def test_an_older_letter_never_replaces_the_stored_one(identity: Identity, known: Known) -> None:
    decision = decide(identity, known)
    if decision.verdict is Verdict.UPDATE:
        assert decision.letter is known.same_case
        assert (known.same_text, known.kept) == (None, None)
        assert decision.letter is not None
        stored_date, date = decision.letter.decision_date, identity.decision_date
        assert stored_date is None or (date is not None and date >= stored_date)


@given(dates, dates)
def test_of_two_distinct_dates_one_order_shows_the_same_version_as_the_other(a, b) -> None:
    """Arriving a then b shows the same version as b then a, unless they tie (then the later arrival)."""
    first_then_second = "b" if shown_over(b, a) else "a"
    second_then_first = "a" if shown_over(a, b) else "b"
    if a != b:
        assert first_then_second == second_then_first
    else:
        assert (first_then_second, second_then_first) == ("b", "a")


@given(identities, knowns)
def test_every_verdict_names_the_letter_it_matched_and_why(identity: Identity, known: Known) -> None:
    decision = decide(identity, known)
    assert decision == decide(identity, known)  # no hidden state
    if decision.verdict is Verdict.NEW:
        assert decision.letter is None
        assert (known.same_text, known.kept) == (None, None)
        assert known.same_case is None or not identity.case_number
    else:
        assert decision.letter is not None
        assert decision.letter.public_id in decision.reason
    assert (decision.number is not None) == (decision.verdict in (Verdict.UPDATE, Verdict.OLDER))


@given(identities, letters, dates)
def test_a_known_text_is_a_duplicate_whatever_its_case(identity: Identity, same: Stored, date) -> None:
    other_case = Stored(same.letter_id + 1, "CM99-0000001", 3, date, 3)
    decision = decide(identity, Known(same_text=same, same_case=other_case))
    assert decision.verdict is Verdict.DUPLICATE
    assert decision.letter is same

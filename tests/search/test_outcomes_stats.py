"""The 95% Wilson interval and the outcome rows: property tests over generated counts."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from search.outcomes import OUTCOME_MAX_WIDTH, wilson
from search.outcomes.stats import outcome

MAX_N = 1_000_000


@st.composite
def counts(draw: st.DrawFn, max_n: int = MAX_N) -> tuple[int, int]:
    """(overturned, decisions) with 1 <= decisions and 0 <= overturned <= decisions."""
    decisions = draw(st.integers(1, max_n))
    return draw(st.integers(0, decisions)), decisions


@given(counts())
def test_the_interval_is_within_0_and_1_and_contains_the_rate(c):
    overturned, decisions = c
    low, high = wilson(overturned, decisions)
    assert 0.0 <= low <= overturned / decisions <= high <= 1.0
    assert low < high


@given(counts())
def test_swapping_overturned_and_upheld_mirrors_the_interval(c):
    overturned, decisions = c
    low, high = wilson(overturned, decisions)
    mirrored_low, mirrored_high = wilson(decisions - overturned, decisions)
    assert mirrored_low == pytest.approx(1 - high, abs=1e-12)
    assert mirrored_high == pytest.approx(1 - low, abs=1e-12)


@given(counts(max_n=100_000), st.integers(2, 10))
def test_the_interval_narrows_with_more_decisions_at_the_same_rate(c, factor):
    overturned, decisions = c
    low, high = wilson(overturned, decisions)
    more_low, more_high = wilson(overturned * factor, decisions * factor)
    assert more_high - more_low < high - low


def test_known_values():
    # 10 of 100: the textbook Wilson interval (0.0552, 0.1744)
    low, high = wilson(10, 100)
    assert (round(low, 4), round(high, 4)) == (0.0552, 0.1744)
    assert wilson(0, 10)[0] == 0.0
    assert wilson(10, 10)[1] == 1.0
    assert wilson(0, 0) == (0.0, 1.0)
    with pytest.raises(ValueError):
        wilson(11, 10)


@given(counts())
def test_an_outcome_row_holds_its_counts_rate_and_interval(c):
    overturned, decisions = c
    row = outcome("x", decisions, overturned)
    assert (row.decisions, row.upheld, row.overturned) == (decisions, decisions - overturned, overturned)
    assert row.overturn_rate == overturned / decisions
    assert (row.ci_low, row.ci_high) == wilson(overturned, decisions)
    assert row.too_small == (row.ci_high - row.ci_low > OUTCOME_MAX_WIDTH)


def test_no_decisions_is_no_rate_and_too_small():
    row = outcome(None, 0, 0)
    assert (row.overturn_rate, row.ci_low, row.ci_high, row.too_small) == (None, None, None, True)
    assert outcome(1, 4, 1).too_small  # (0.046, 0.699)
    assert not outcome(1, 400, 40).too_small

"""Compare: the difference of two overturn rates with Newcombe's hybrid score interval (property tests
over generated counts), and the searches of a comparison validated one by one."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

import search.outcomes.compare as compare_module
from search.engine import QueryRejected
from search.outcomes import MAX_SEARCHES, Outcome, UnknownDimension, rate_difference, run_comparison
from search.outcomes.compare import TOO_FEW, TOO_MANY, searches_of
from search.outcomes.service import Outcomes
from search.outcomes.stats import outcome

MAX_N = 1_000_000


@st.composite
def rows(draw: st.DrawFn, max_n: int = MAX_N) -> Outcome:
    """An outcome row with 1 <= decisions and 0 <= overturned <= decisions."""
    decisions = draw(st.integers(1, max_n))
    return outcome(None, decisions, draw(st.integers(0, decisions)))


def scaled(row: Outcome, factor: int) -> Outcome:
    return outcome(None, row.decisions * factor, row.overturned * factor)


@given(rows(), rows())
def test_the_interval_contains_the_difference_and_lies_in_minus_1_and_1(a, b):
    diff = rate_difference(a, b)
    assert diff is not None
    point, low, high = diff
    assert point == a.overturn_rate - b.overturn_rate
    assert -1.0 <= low <= point <= high <= 1.0
    assert low < high


@given(rows(), rows())
def test_swapping_the_two_negates_the_difference_and_its_interval(a, b):
    point, low, high = rate_difference(a, b) or (0.0, 0.0, 0.0)
    swapped = rate_difference(b, a)
    assert swapped is not None
    assert swapped[0] == pytest.approx(-point, abs=1e-12)
    assert swapped[1] == pytest.approx(-high, abs=1e-12)
    assert swapped[2] == pytest.approx(-low, abs=1e-12)


@given(rows(max_n=100_000), rows(max_n=100_000), st.integers(2, 10))
def test_the_interval_narrows_with_more_decisions_at_the_same_rates(a, b, factor):
    _, low, high = rate_difference(a, b) or (0.0, 0.0, 0.0)
    more = rate_difference(scaled(a, factor), scaled(b, factor))
    assert more is not None
    assert more[2] - more[1] < high - low


def test_known_values():
    # Newcombe (1998), method 10: 56/70 - 48/80 is 0.2000 (0.0524, 0.3339); 9/10 - 3/10 is 0.6000
    # (0.1705, 0.8090)
    point, low, high = rate_difference(outcome(None, 70, 56), outcome(None, 80, 48)) or (0, 0, 0)
    assert (round(point, 4), round(low, 4), round(high, 4)) == (0.2, 0.0524, 0.3339)
    point, low, high = rate_difference(outcome(None, 10, 9), outcome(None, 10, 3)) or (0, 0, 0)
    assert (round(point, 4), round(low, 4), round(high, 4)) == (0.6, 0.1705, 0.809)


def test_no_decisions_is_no_difference():
    some = outcome(None, 10, 2)
    assert rate_difference(outcome(None, 0, 0), some) is None
    assert rate_difference(some, outcome(None, 0, 0)) is None


# -- the searches of a comparison ------------------------------------------------------------------


def test_each_search_is_validated_on_its_own():
    searches, messages = searches_of(["q=acupuncture&scope=nowhere", "q=chiropractic&date_from=soon"])
    assert messages == []
    assert [s.params.q for s in searches] == ["acupuncture", "chiropractic"]
    assert any("scope" in m.lower() for m in searches[0].messages)
    assert not any("date" in m for m in searches[0].messages)
    assert any("date" in m for m in searches[1].messages)


@pytest.mark.parametrize("count", [0, 1])
def test_too_few_searches_is_a_message(count):
    searches, messages = searches_of(["q=acupuncture"] * count)
    assert len(searches) == count
    assert messages == [TOO_FEW]


def test_too_many_searches_keeps_the_first_four():
    searches, messages = searches_of([f"q=word{i}" for i in range(6)])
    assert [s.params.q for s in searches] == [f"word{i}" for i in range(MAX_SEARCHES)]
    assert messages == [TOO_MANY]


def fake_outcomes(counts: dict[str, tuple[int, int]]):
    """run_outcomes answering each search's words with (decisions, overturned); "refused" refused."""

    def run(params, by=None, *, sort="count"):
        if params.q == "refused":
            raise QueryRejected("This search expands to too many words.")
        return Outcomes(total=outcome(None, *counts[params.q]), by=None, groups=[])

    return run


def test_each_search_after_the_first_has_its_difference_from_the_first(monkeypatch):
    counts = {"a": (70, 56), "b": (80, 48), "c": (0, 0)}
    monkeypatch.setattr(compare_module, "run_outcomes", fake_outcomes(counts))
    result = run_comparison(["q=a", "q=b", "q=refused", "q=c"])
    assert result.ready
    assert result.messages == []
    first, second, refused, empty = result.searches
    assert first.total == outcome(None, 70, 56)
    assert first.difference is None
    assert second.difference is not None
    expected = rate_difference(outcome(None, 80, 48), outcome(None, 70, 56))
    assert (second.difference.value, second.difference.low, second.difference.high) == expected
    assert refused.total is None
    assert refused.refused == "This search expands to too many words."
    assert empty.total is not None
    assert empty.total.decisions == 0
    assert empty.difference is None


def test_fewer_than_two_searches_runs_nothing(monkeypatch):
    monkeypatch.setattr(compare_module, "run_outcomes", None)  # calling it would fail
    result = run_comparison(["q=a"])
    assert not result.ready
    assert result.messages == [TOO_FEW]
    assert [c.search.params.q for c in result.searches] == ["a"]


def test_each_search_is_broken_down_by_the_dimension_asked(monkeypatch):
    asked = []

    def run(params, by=None, *, sort="count"):
        asked.append(by)
        return Outcomes(total=outcome(None, 10, 2), by=by, groups=[outcome(2017, 10, 2)])

    monkeypatch.setattr(compare_module, "run_outcomes", run)
    result = run_comparison(["q=a", "q=b"], "decision_year")
    assert asked == ["decision_year", "decision_year"]
    assert result.by == "decision_year"
    assert [c.groups for c in result.searches] == [[outcome(2017, 10, 2)]] * 2
    with pytest.raises(UnknownDimension):
        run_comparison(["q=a", "q=b"], "colour")

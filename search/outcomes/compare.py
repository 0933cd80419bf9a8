"""Compare: two to four searches side by side, each its total outcome and, after the first, the
difference of its overturn rate from the first's with the 95% interval (``rate_difference``).

Each search is a full query string (words, filters, scope), validated through the search page's one
validation path (``search.forms.validate_querystring``): bad input in a search is a message of that
search. A search the engine refuses (``QueryRejected``) is that search's notice, never an error of
the comparison; an engine that is down raises, as for any search.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from search.engine import QueryRejected
from search.forms import ValidSearch, validate_querystring
from search.outcomes.dimensions import dimension
from search.outcomes.service import run_outcomes
from search.outcomes.stats import Outcome, rate_difference

MIN_SEARCHES = 2
MAX_SEARCHES = 4
TOO_FEW = f"Compare needs {MIN_SEARCHES} to {MAX_SEARCHES} searches: add a search to compare with."
TOO_MANY = f"Compare takes at most {MAX_SEARCHES} searches: the first {MAX_SEARCHES} are compared."


@dataclass(frozen=True, slots=True)
class Difference:
    """A search's overturn rate minus the first search's, and its 95% interval (fractions)."""

    value: float
    low: float
    high: float


@dataclass(frozen=True, slots=True)
class Compared:
    """One search of a comparison."""

    search: ValidSearch
    total: Outcome | None = None  # None when the engine refused the search
    difference: Difference | None = None  # against the first; None for the first, or without a rate
    refused: str = ""  # the engine's reason, when it refused the search
    groups: list[Outcome] = field(default_factory=list)  # by the comparison's ``by``, most decisions first

    @property
    def querystring(self) -> str:
        return self.search.querystring


@dataclass(frozen=True, slots=True)
class Comparison:
    searches: list[Compared]
    by: str | None = None  # the dimension each search is broken down by, if any
    messages: list[str] = field(default_factory=list)  # about the comparison itself (how many searches)

    @property
    def ready(self) -> bool:
        """Enough searches to compare (the numbers were run)."""
        return len(self.searches) >= MIN_SEARCHES


def searches_of(querystrings: Sequence[str]) -> tuple[list[ValidSearch], list[str]]:
    """The searches to compare, validated, at most ``MAX_SEARCHES``; and the messages about their
    number (too few, too many)."""
    messages = [TOO_MANY] if len(querystrings) > MAX_SEARCHES else []
    searches = [validate_querystring(qs) for qs in querystrings[:MAX_SEARCHES]]
    if len(searches) < MIN_SEARCHES:
        messages.append(TOO_FEW)
    return searches, messages


def difference(total: Outcome | None, first: Outcome | None) -> Difference | None:
    if total is None or first is None:
        return None
    diff = rate_difference(total, first)
    return Difference(*diff) if diff else None


def _run(search: ValidSearch, by: str | None) -> Compared:
    try:
        outcomes = run_outcomes(search.params, by)
    except QueryRejected as exc:
        return Compared(search, refused=str(exc))
    return Compared(search, outcomes.total, groups=outcomes.groups)


def run_comparison(querystrings: Sequence[str], by: str | None = None) -> Comparison:
    """The comparison of the searches ``querystrings`` (raw query strings, as the ``s`` parameters),
    each broken down by ``by`` (a ``DIMENSIONS`` param; ``UnknownDimension`` for another) if given:
    one engine request per search, none with fewer than ``MIN_SEARCHES``."""
    searches, messages = searches_of(querystrings)
    if len(searches) < MIN_SEARCHES:
        return Comparison([Compared(s) for s in searches], by, messages)
    dim = dimension(by).param if by is not None else None
    runs = [_run(s, dim) for s in searches]
    first = runs[0].total
    compared = [replace(c, difference=difference(c.total, first)) if i else c for i, c in enumerate(runs)]
    return Comparison(compared, dim, messages)

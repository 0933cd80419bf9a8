"""The outcome of a set of decisions: counts, the overturn rate and its 95% Wilson interval. Pure."""

from __future__ import annotations

import math
from dataclasses import dataclass

Z95 = 1.96  # the normal quantile of a two-sided 95% interval
OUTCOME_MAX_WIDTH = 0.3  # an interval wider than this says too little: its group is marked too small


def wilson(overturned: int, decisions: int, z: float = Z95) -> tuple[float, float]:
    """The Wilson score interval of ``overturned / decisions`` (``(0.0, 1.0)`` for no decisions).

    Within [0, 1], always containing the rate (exactly 0 at its low end when nothing was
    overturned, exactly 1 at its high end when everything was).
    """
    if decisions <= 0:
        return 0.0, 1.0
    if not 0 <= overturned <= decisions:
        raise ValueError(f"overturned ({overturned}) must be between 0 and decisions ({decisions})")
    n = decisions
    p = overturned / n
    z2 = z * z
    centre = (p + z2 / (2 * n)) / (1 + z2 / n)
    half = z / (1 + z2 / n) * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n))
    low = 0.0 if overturned == 0 else max(0.0, min(p, centre - half))
    high = 1.0 if overturned == n else min(1.0, max(p, centre + half))
    return low, high


@dataclass(frozen=True, slots=True)
class Outcome:
    """One row of an outcome table: the total, or one group of the breakdown.

    ``decisions`` counts the decided matching decisions (upheld or overturned, as the results page's
    outcome bar): a decision whose outcome the parser kept verbatim is in neither column, nor here.
    """

    value: str | int | None  # the facet value; the year as int; the quarter as "2017-Q1"; None: the total
    decisions: int
    upheld: int
    overturned: int
    overturn_rate: float | None  # overturned / decisions, a fraction; None when decisions == 0
    ci_low: float | None  # the 95% Wilson interval of the overturn rate
    ci_high: float | None
    too_small: bool  # the interval is wider than OUTCOME_MAX_WIDTH (or there are no decisions)


def outcome(value: str | int | None, decisions: int, overturned: int) -> Outcome:
    """The row of ``decisions`` decided decisions, ``overturned`` of them overturned."""
    if decisions <= 0:
        return Outcome(value, 0, 0, 0, None, None, None, True)
    low, high = wilson(overturned, decisions)
    return Outcome(
        value=value,
        decisions=decisions,
        upheld=decisions - overturned,
        overturned=overturned,
        overturn_rate=overturned / decisions,
        ci_low=low,
        ci_high=high,
        too_small=high - low > OUTCOME_MAX_WIDTH,
    )


def rate_difference(a: Outcome, b: Outcome) -> tuple[float, float, float] | None:
    """``a``'s overturn rate minus ``b``'s, and its 95% interval: Newcombe's hybrid score interval
    for the difference of two independent proportions, built on their Wilson intervals (within
    [-1, 1], always containing the difference). None when either has no decisions."""
    if a.overturn_rate is None or b.overturn_rate is None:
        return None
    p1, p2 = a.overturn_rate, b.overturn_rate
    l1, u1 = a.ci_low or 0.0, 1.0 if a.ci_high is None else a.ci_high
    l2, u2 = b.ci_low or 0.0, 1.0 if b.ci_high is None else b.ci_high
    diff = p1 - p2
    low = diff - math.hypot(p1 - l1, u2 - p2)
    high = diff + math.hypot(u1 - p1, p2 - l2)
    return diff, max(-1.0, low), min(1.0, high)

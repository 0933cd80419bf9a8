"""Outcome analytics: how the search's matching decisions were decided, in all and per group.

The decisions counted are exactly the search's matching decisions (the decisions about the search,
as the results page's outcome split counts them), those decided: upheld or overturned. The public
API: ``run_outcomes`` and ``run_breakdowns`` (one engine request for any number of breakdowns), the
row ``Outcome`` with its 95% Wilson interval (``wilson``), the difference of two rates with its
interval (``rate_difference``), the dimension registry ``DIMENSIONS``; ``run_comparison``: two to
four searches side by side.
"""

from search.outcomes.compare import (
    MAX_SEARCHES,
    MIN_SEARCHES,
    Compared,
    Comparison,
    Difference,
    run_comparison,
)
from search.outcomes.dimensions import CITATIONS, DIMENSIONS, Dimension, UnknownDimension, dimension
from search.outcomes.request import SORTS, Sort, sort_of
from search.outcomes.service import Outcomes, run_breakdowns, run_outcomes
from search.outcomes.stats import OUTCOME_MAX_WIDTH, Outcome, rate_difference, wilson

__all__ = [
    "CITATIONS",
    "DIMENSIONS",
    "MAX_SEARCHES",
    "MIN_SEARCHES",
    "OUTCOME_MAX_WIDTH",
    "SORTS",
    "Compared",
    "Comparison",
    "Difference",
    "Dimension",
    "Outcome",
    "Outcomes",
    "Sort",
    "UnknownDimension",
    "dimension",
    "rate_difference",
    "run_breakdowns",
    "run_comparison",
    "run_outcomes",
    "sort_of",
    "wilson",
]

"""Outcome analytics: how the search's matching decisions were decided, in all and per group.

The decisions counted are exactly the search's matching decisions (the decisions about the search,
as the results page's outcome split counts them), those decided: upheld or overturned. The public
API: ``run_outcomes`` (one engine request), the row ``Outcome`` with its 95% Wilson interval
(``wilson``), the dimension registry ``DIMENSIONS``.
"""

from search.outcomes.dimensions import CITATIONS, DIMENSIONS, Dimension, UnknownDimension, dimension
from search.outcomes.request import SORTS, Sort, sort_of
from search.outcomes.service import Outcomes, run_outcomes
from search.outcomes.stats import OUTCOME_MAX_WIDTH, Outcome, wilson

__all__ = [
    "CITATIONS",
    "DIMENSIONS",
    "OUTCOME_MAX_WIDTH",
    "SORTS",
    "Dimension",
    "Outcome",
    "Outcomes",
    "Sort",
    "UnknownDimension",
    "dimension",
    "run_outcomes",
    "sort_of",
    "wilson",
]

"""The dimension registry: what the matching decisions can be broken down by.

Treatment-level dimensions group the decisions by their own values (a decision with several
guideline sources is in each of their groups, one without a drug class in none); letter-level ones
group them by their letter's value, which each decision carries (``decision_field``: a letter
reviewed by two specialties puts its decisions in both). The facet dimensions read their field and
label from the facet registry (``search.facets``); ``citation`` is the IMR reviewer's guideline
citation as its normalized sections (the ``section`` facet's keyword field: the citations
themselves are text, one passage each, and cannot be grouped).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from search.facets import DECISION_DATE, FACETS, Level, on_decisions

CITATIONS = 50  # the citation breakdown lists its 50 most frequent values


class Kind(StrEnum):
    TERMS = "terms"
    YEAR = "year"
    QUARTER = "quarter"


@dataclass(frozen=True, slots=True)
class Dimension:
    param: str  # the ``by`` parameter
    label: str
    level: Level = Level.TREATMENT
    field: str = ""  # index field (under ``treatments`` for the treatment level)
    kind: Kind = Kind.TERMS
    limit: int | None = None  # the most frequent values kept (by decisions), None: every value

    @property
    def decision_field(self) -> str:
        """The field on the decisions it groups them by (``search.facets.on_decisions``)."""
        return on_decisions(self.level, self.field)


class UnknownDimension(ValueError):
    """``by`` names no dimension; ``str()`` says which ones there are."""

    def __init__(self, by: str) -> None:
        super().__init__(f"Unknown breakdown {by!r}: use one of {', '.join(d.param for d in DIMENSIONS)}.")


_FACETS = {f.param: f for f in FACETS}


def _facet(param: str, facet: str = "", label: str = "", limit: int | None = None) -> Dimension:
    """The dimension of facet ``facet`` (by default the one named ``param``)."""
    spec = _FACETS[facet or param]
    return Dimension(param, label or spec.label, spec.level, spec.field, limit=limit)


DIMENSIONS: tuple[Dimension, ...] = (
    _facet("category"),
    _facet("subcategory"),
    _facet("drug_class"),
    _facet("specialty"),
    _facet("state"),
    _facet("guideline"),
    _facet("citation", "section", f"Guideline citation (IMR reviewer, top {CITATIONS})", limit=CITATIONS),
    _facet("priority"),
    Dimension("decision_year", "Decision year", Level.LETTER, DECISION_DATE, Kind.YEAR),
    Dimension("decision_quarter", "Decision quarter", Level.LETTER, DECISION_DATE, Kind.QUARTER),
)
BY_PARAM: dict[str, Dimension] = {d.param: d for d in DIMENSIONS}


def dimension(by: str) -> Dimension:
    """The dimension named ``by``; ``UnknownDimension`` when there is none."""
    try:
        return BY_PARAM[by]
    except KeyError:
        raise UnknownDimension(by) from None

"""The facet registry: one definition of each facet, read by the form, the request builder,
the result parser, the search page, the API (and its OpenAPI description) and the export.

Treatment-level facets filter and count disputed treatments (their conditions hold within ONE
treatment); letter-level facets filter and count letters. The decision-date range and the year
histogram are not facets of this kind: they are handled by name (``date_from``/``date_to``,
``year``) where they apply.

Every facet lists its values by count, most first (the engine's terms order; the sidebar breaks
ties by label). No facet orders its values otherwise, so the registry has no per-facet order.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Level(StrEnum):
    """What a facet's counts count (the value is the word the page and the OpenAPI use)."""

    TREATMENT = "treatments"
    LETTER = "letters"


class Case(StrEnum):
    """How the form normalizes a submitted value to the stored form."""

    AS_GIVEN = "as given"
    LOWER = "lower"  # stored lower-case (decision, priority): shown capitalized
    UPPER_CODE = "upper code"  # two-letter codes upper-cased (states)


NESTED = "treatments"  # the path of the decisions, nested in a letter document


def on_decisions(level: Level, field: str) -> str:
    """The field on the decisions of index field ``field`` of ``level``: a letter-level field is
    copied onto each of its letter's decisions (``LETTER_FIELDS_ON_DECISIONS``) under ``treatments``."""
    return field if level is Level.TREATMENT else f"{NESTED}.{field}"


@dataclass(frozen=True, slots=True)
class Facet:
    param: str  # query parameter, form field, result key, API key
    label: str
    level: Level
    field: str  # index field (keyword; under ``treatments`` for the treatment level)
    case: Case = Case.AS_GIVEN
    help: str = ""  # what a value means, when the label alone does not say (sidebar title, OpenAPI)
    folded: bool = False  # the sidebar shows it closed until a value is selected

    @property
    def decision_field(self) -> str:
        """The field on the decisions (nested ``treatments``) that holds its values (``on_decisions``)."""
        return on_decisions(self.level, self.field)

    def clean(self, value: str) -> str:
        """A submitted value in its stored form."""
        if self.case is Case.LOWER:
            return value.lower()
        if self.case is Case.UPPER_CODE and len(value) == 2:
            return value.upper()
        return value

    def display(self, value: str) -> str:
        """A stored value as the page shows it."""
        return value.replace("_", " ").capitalize() if self.case is Case.LOWER else value


# The category of a decision nothing in it names a category of: indexed as this value
# (search.documents), so the category facet counts and selects those decisions like any other.
UNCLASSIFIED = "Unclassified"

FACETS: tuple[Facet, ...] = (
    Facet("decision", "Decision", Level.TREATMENT, "treatments.decision", Case.LOWER),
    Facet(
        "category",
        "Treatment category",
        Level.TREATMENT,
        "treatments.category",
        help=f"{UNCLASSIFIED}: nothing in the decision names a category.",
    ),
    Facet("subcategory", "Subcategory", Level.TREATMENT, "treatments.subcategory"),
    Facet("drug_class", "Drug class", Level.TREATMENT, "treatments.drug_class"),
    Facet(
        "region",
        "Body region",
        Level.TREATMENT,
        "treatments.body_regions",
        help="The body regions the request names.",
    ),
    Facet(
        "guideline",
        "Guideline source (IMR reviewer)",
        Level.TREATMENT,
        "treatments.guideline_sources",
        help="The guidelines the IMR reviewer relied on (not the claims administrator's).",
    ),
    Facet(
        "section",
        "Guideline section (IMR reviewer)",
        Level.TREATMENT,
        "treatments.guideline_sections",
        help="The chapter or section of the guidelines the IMR reviewer relied on.",
    ),
    Facet(
        "admin_guideline",
        "Guideline source (claims administrator)",
        Level.TREATMENT,
        "treatments.administrator_guideline_sources",
        help="The guidelines the claims administrator cited for its decision (not the IMR reviewer's).",
        folded=True,
    ),
    Facet("specialty", "Reviewer specialty", Level.LETTER, "reviewer_specialties"),
    Facet("state", "Reviewer license state", Level.LETTER, "reviewer_license_states", Case.UPPER_CODE),
    Facet("priority", "Priority", Level.LETTER, "priority", Case.LOWER),
)
FACET_PARAMS: tuple[str, ...] = tuple(f.param for f in FACETS)
TREATMENT_FACETS: tuple[Facet, ...] = tuple(f for f in FACETS if f.level is Level.TREATMENT)
LETTER_FACETS: tuple[Facet, ...] = tuple(f for f in FACETS if f.level is Level.LETTER)
DECISION_DATE = "decision_date"  # the letter's decision date: the year histogram's and the periods' field
# The letter-level fields each decision carries too (search.documents copies them, search.indexes
# maps them like the letter's own): the rates and the breakdowns group the decisions by them.
LETTER_FIELDS_ON_DECISIONS: tuple[str, ...] = (*(f.field for f in LETTER_FACETS), DECISION_DATE)
YEAR = "year"  # the decision-year histogram, listed after the facets in results and the API
FACET_SIZE = 100  # values counted per facet
# Values counted where every value must be (a breakdown, a letter-level facet's rates): so many
# that each count is exact (the terms aggregations' size and shard size).
TERMS_SIZE = 10_000

"""The API's JSON shapes as typed schemas: django-ninja validates every answer against them and
generates the OpenAPI document (/api/openapi.json) from them. ``serializers`` builds the values."""

from __future__ import annotations

from typing import Annotated, Any

from ninja import Schema
from pydantic import Field

from ingest.parsing.guidelines import CLAIMS_ADMINISTRATOR, MAXIMUS
from ingest.taxonomy import Basis
from search import scopes
from search.facets import FACETS, LETTER_FACETS, TREATMENT_FACETS, UNCLASSIFIED, YEAR
from search.models import AlertFrequency
from search.outcomes import DIMENSIONS, OUTCOME_MAX_WIDTH

Count = Annotated[int, Field(ge=0)]
Rate = Annotated[float | None, Field(ge=0, le=1)]
Bound = Annotated[float, Field(ge=-1, le=1)]

FACETS_DESCRIPTION = (
    f"Counts per value, keyed by facet ({', '.join([*(f.param for f in FACETS), YEAR])}). Treatment-level "
    f"facets ({', '.join(f.param for f in TREATMENT_FACETS)}) count disputed treatments; letter-level ones "
    f"({', '.join([*(f.param for f in LETTER_FACETS), YEAR])}) count letters. Each facet's counts ignore "
    "its own selection and respect all other filters. `guideline` and `section` count the guidelines the "
    "IMR reviewer relied on, `admin_guideline` those the claims administrator cited; `category` lists "
    f"decisions without a category as `{UNCLASSIFIED}`."
)
OUTCOME_NOTE = (
    "decided matching decisions: a treatment-level value's own, a letter-level value's or a year's those "
    "of its letters; null for the decision facet's values (the outcome itself)"
)


class Error(Schema):
    error: str = Field(description="What went wrong, for a person to read.")


class SignInRequired(Schema):
    error: str = Field(description="`authentication required`, or `invalid_token` for a bad API token.")
    login_url: str | None = Field(None, description="Where to sign in (session callers).")
    error_description: str | None = None


class RateLimited(Schema):
    error: str = Field(description="`rate_limited`")
    detail: str


class FormErrors(Schema):
    errors: dict[str, list[dict[str, str]]] = Field(
        description="Per field, its errors as `{message, code}` (Django's form errors)."
    )


class TreatmentHead(Schema):
    """The keys a disputed treatment has in search results and in a letter alike."""

    position: int | None = Field(description="1-based order in the letter.")
    request: str
    decision: str = Field(description="upheld or overturned")
    category: str = Field(
        description=f"`{UNCLASSIFIED}` when nothing in the decision names a category (as the category "
        "facet lists it)."
    )
    subcategory: str | None
    drug_class: str | None
    basis: Basis | None = Field(
        description="What named the category: the request, the guideline citations or the rationale; "
        "null when nothing did."
    )
    body_regions: list[str] = Field(description="The body regions the request names (the region facet).")


class TreatmentHit(TreatmentHead):
    guideline_sources: list[str] = Field(
        description="The guideline sources the IMR reviewer relied on (the guideline facet)."
    )
    administrator_guideline_sources: list[str] = Field(
        description="The guideline sources the claims administrator cited, apart from the reviewer's "
        "(the admin_guideline facet)."
    )
    guideline_sections: list[str] = Field(
        description="The sections of the guidelines the IMR reviewer relied on (the section facet)."
    )
    highlights: list[str] = Field(
        description="Best rationale passages: escaped text, <mark> around matched terms."
    )


class LetterHit(Schema):
    rank: int
    case_number: str | None
    treatment_count: Count = Field(description="Disputed treatments.")
    matching_treatments: Count = Field(
        description="Its decisions about the search (`treatments` lists the first of them)."
    )
    mentioned_only: bool = Field(
        description="Found because the words are elsewhere in the letter (its case summary): none of its "
        "decisions is about the search or counted."
    )
    decision_date: str | None = Field(description="YYYY-MM-DD")
    reviewer_specialties: list[str]
    reviewer_license_states: list[str]
    priority: str | None
    url: str | None
    api_url: str | None
    treatments: list[TreatmentHit]


class FacetValue(Schema):
    value: str
    count: Count
    upheld: Count | None = Field(description=f"Upheld among the {OUTCOME_NOTE}.")
    overturned: Count | None = Field(description=f"Overturned among the {OUTCOME_NOTE}.")
    overturn_rate: Rate = Field(
        description="overturned / (upheld + overturned), a fraction; null without decided ones."
    )


class SearchResponse(Schema):
    total_letters: Count = Field(
        description="Letters found: those about the search, then those mentioning its words."
    )
    letters_about: Count = Field(description="Letters with a decision about the search.")
    total_decisions: Count = Field(
        description="Decisions about the search (in its scope), as the outcome split counts."
    )
    upheld: Count
    overturned: Count
    page: int = Field(ge=1)
    pages: int = Field(ge=1)
    per_page: int
    sort: str
    scope: str = Field(json_schema_extra={"enum": [s.value for s in scopes.SCOPES]})
    messages: list[str] = Field(description="Friendly notes about the query (e.g. a fixed quote).")
    took_ms: float | None
    results: list[LetterHit]
    facets: dict[str, list[FacetValue]] = Field(description=FACETS_DESCRIPTION)


class Guideline(Schema):
    source: str | None
    citation: str | None
    cited_by: str | None = Field(
        description=f"`{MAXIMUS}`: the IMR reviewer; `{CLAIMS_ADMINISTRATOR}`: the claims administrator."
    )
    pages: str | None
    sections: list[str] = Field(description="The cited chapters or sections, normalized.")


class LetterTreatment(TreatmentHead):
    drug_name: str | None
    guidelines: list[Guideline]
    rationale: str


class Letter(Schema):
    case_number: str | None
    public_id: str
    version: int
    decision_date: str | None
    date_assigned: str | None
    date_of_injury: str | None
    ur_denial_date: str | None
    application_received: str | None
    priority: str | None
    reviewer_specialties: list[str]
    reviewer_license_states: list[str]
    patient_age: int | None
    patient_sex: str | None
    case_summary: str
    mechanism_of_injury: str
    diagnoses: list[str]
    url: str
    original_file_url: str | None
    treatments: list[LetterTreatment]


class Outcome(Schema):
    """A row of an outcome table: rates as fractions, no rate nor interval without decisions."""

    decisions: Count = Field(description="Decided matching decisions.")
    upheld: Count
    overturned: Count
    overturn_rate: Rate = Field(description="overturned / decisions; null without decisions.")
    ci_low: Rate = Field(description="The 95% Wilson interval's low end.")
    ci_high: Rate = Field(description="The 95% Wilson interval's high end.")
    too_small: bool = Field(
        description=f"The interval is wider than {OUTCOME_MAX_WIDTH} (or there are no decisions)."
    )


class OutcomeGroup(Outcome):
    value: str | int = Field(description="The facet value; the year as a number; the quarter as `2017-Q1`.")


DIMENSION_ENUM: dict[str, Any] = {"enum": [*(d.param for d in DIMENSIONS), None]}


class OutcomesResponse(Schema):
    total: Outcome
    by: str | None = Field(json_schema_extra=DIMENSION_ENUM)
    groups: list[OutcomeGroup]
    messages: list[str] = Field(description="Friendly notes about the search parameters.")


class Phrase(Schema):
    text: str
    foreground: int
    background: int
    score: float
    querystring: str
    url: str | None


class PhrasesResponse(Schema):
    decisions: Count
    overturned_decisions: Count
    upheld_decisions: Count
    overturned: list[Phrase]
    upheld: list[Phrase]
    messages: list[str]


class Difference(Schema):
    value: Bound
    ci_low: Bound
    ci_high: Bound


class ComparedSearch(Schema):
    s: str = Field(description="The search's query string, validated.")
    q: str = Field(description="Its words.")
    total: Outcome | None = Field(description="Null if refused.")
    difference: Difference | None = Field(
        description="This search's overturn rate minus the first's, with its 95% interval (fractions); "
        "null for the first search, or when either has no decided decision."
    )
    refused: str | None = Field(description="Why the engine refused it.")
    messages: list[str] = Field(description="Friendly notes about the search's parameters.")
    groups: list[OutcomeGroup] = Field(
        description="With `by`: the search's groups, as /api/outcomes gives them; else empty."
    )


class CompareResponse(Schema):
    by: str | None = Field(json_schema_extra=DIMENSION_ENUM)
    searches: list[ComparedSearch]
    messages: list[str]


class SavedQuery(Schema):
    id: int
    name: str
    params: str = Field(description="The search as its query string (validated again whenever it runs).")
    alert_frequency: AlertFrequency
    last_run_at: str | None
    created_at: str
    updated_at: str
    search_url: str = Field(description="The search page of the saved query.")
    url: str = Field(description="This saved query in the API.")
    total_decisions: int | None = Field(None, description="With counts: null when the engine is down.")
    total_letters: int | None = Field(None, description="With counts.")
    new: int | None = Field(None, description="With counts: matching decisions since the last run.")


class SavedQueryList(Schema):
    results: list[SavedQuery]


class SavedResults(Schema):
    id: int
    params: str
    messages: list[str]
    total_letters: Count
    total_decisions: Count
    results: list[LetterHit]

"""JSON shapes of the API (the OpenAPI schema in search.api.openapi describes exactly these)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import reverse

from ingest.models import Letter, Treatment
from search.engine import PER_PAGE
from search.facets import FACET_PARAMS, UNCLASSIFIED, YEAR
from search.forms import ValidSearch
from search.outcomes import Outcome, Outcomes
from search.results import FacetCount, LetterResult, SearchResults, TreatmentResult


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def _treatment_head(t: TreatmentResult | Treatment) -> dict[str, Any]:
    """The keys a treatment has in search results and in a letter alike (an empty class is null, but
    the category: a decision without one is ``UNCLASSIFIED``, as the category facet says)."""
    return {
        "position": t.position,
        "request": t.request,
        "decision": t.decision,
        "category": t.category or UNCLASSIFIED,
        "subcategory": t.subcategory or None,
        "drug_class": t.drug_class or None,
        "basis": t.basis or None,
        "body_regions": list(t.body_regions or []),
    }


def treatment_json(t: TreatmentResult) -> dict[str, Any]:
    return {
        **_treatment_head(t),
        "guideline_sources": t.guidelines,
        "administrator_guideline_sources": t.administrator_guidelines,
        "guideline_sections": list(dict.fromkeys(t.guideline_sections)),
        "highlights": t.passages,
    }


def hit_json(hit: LetterResult, rank: int) -> dict[str, Any]:
    return {
        "rank": rank,
        "case_number": hit.case_number,
        "treatment_count": hit.treatment_count,
        "matching_treatments": hit.matching,
        "mentioned_only": hit.mentioned_only,
        "decision_date": _iso(hit.decision_date),
        "reviewer_specialties": hit.reviewer_specialties,
        "reviewer_license_states": hit.reviewer_license_states,
        "priority": hit.priority or None,
        "url": reverse("search:letter", args=[hit.case_number]) if hit.case_number else None,
        "api_url": reverse("search:api-letter", args=[hit.case_number]) if hit.case_number else None,
        "treatments": [treatment_json(t) for t in hit.treatments],
    }


def results_json(results: SearchResults) -> list[dict[str, Any]]:
    """A page of results as the search API and the saved-query API give it, ranked from the page start."""
    first_rank = (results.page - 1) * PER_PAGE + 1
    return [hit_json(hit, rank) for rank, hit in enumerate(results.results, start=first_rank)]


def search_json(query: ValidSearch, results: SearchResults) -> dict[str, Any]:
    return {
        "total_letters": results.total_letters,
        "letters_about": results.letters_about,
        "total_decisions": results.total_decisions,
        "upheld": results.upheld,
        "overturned": results.overturned,
        "page": results.page,
        "pages": results.max_page,
        "per_page": PER_PAGE,
        "sort": query.params.sort,
        "scope": query.params.scope,
        "messages": [*query.messages, *results.messages],
        "took_ms": results.took_ms,
        "results": results_json(results),
        "facets": {
            name: [facet_json(f) for f in results.facets.get(name, [])] for name in (*FACET_PARAMS, YEAR)
        },
    }


def facet_json(f: FacetCount) -> dict[str, Any]:
    """A facet value with its count and the outcome of its decided matching decisions (the rate a
    fraction; none without decided decisions; no outcome at all for the decision facet's values)."""
    return {
        "value": f.value,
        "count": f.count,
        "upheld": f.upheld,
        "overturned": None if f.decided is None else f.overturned,
        "overturn_rate": f.overturn_rate,
    }


def _guideline(g: dict[str, Any]) -> dict[str, Any]:
    return {
        **{k: g.get(k) for k in ("source", "citation", "cited_by", "pages")},
        "sections": list(g.get("sections") or []),
    }


def letter_json(letter: Letter, original_file: bool = False) -> dict[str, Any]:
    """The letter; its original file's address only when the caller may download it (``original_file``)."""
    return {
        **letter.header_fields(),
        "case_summary": letter.case_summary,
        "mechanism_of_injury": letter.mechanism_of_injury,
        "diagnoses": list(letter.diagnoses or []),
        "url": reverse("search:letter", args=[letter.public_id]),
        "original_file_url": reverse("search:letter-file", args=[letter.public_id])
        if letter.original_file and original_file
        else None,
        "treatments": [
            {
                **_treatment_head(t),
                "drug_name": t.drug_name or None,
                "guidelines": [_guideline(g) for g in t.guidelines or [] if isinstance(g, dict)],
                "rationale": t.rationale,
            }
            for t in letter.treatments.all()
        ],
    }


def outcome_json(row: Outcome) -> dict[str, Any]:
    """A row of an outcome table (rates as fractions; no rate nor interval without decisions)."""
    return {
        "decisions": row.decisions,
        "upheld": row.upheld,
        "overturned": row.overturned,
        "overturn_rate": row.overturn_rate,
        "ci_low": row.ci_low,
        "ci_high": row.ci_high,
        "too_small": row.too_small,
    }


def outcomes_json(query: ValidSearch, outcomes: Outcomes) -> dict[str, Any]:
    return {
        "total": outcome_json(outcomes.total),
        "by": outcomes.by,
        "groups": [{"value": g.value, **outcome_json(g)} for g in outcomes.groups],
        "messages": query.messages,
    }

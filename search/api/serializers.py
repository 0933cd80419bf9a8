"""JSON shapes of the API (the OpenAPI schema in search.api.openapi describes exactly these)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import reverse

from ingest.models import Letter
from search.views.facets import FACET_PARAMS
from search.views.results import LetterHit, Pagination, Summary, TreatmentHit


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def treatment_json(t: TreatmentHit) -> dict[str, Any]:
    return {
        "position": t.position,
        "request": t.request,
        "decision": t.decision,
        "category": t.category or None,
        "subcategory": t.subcategory or None,
        "drug_class": t.drug_class or None,
        "guideline_sources": t.guidelines,
        "highlights": t.highlights,
    }


def hit_json(hit: LetterHit) -> dict[str, Any]:
    return {
        "rank": hit.rank,
        "case_number": hit.case_number,
        "decision_date": _iso(hit.decision_date),
        "reviewer_specialties": hit.specialties,
        "reviewer_license_states": hit.states,
        "priority": hit.priority or None,
        "url": reverse("search:letter", args=[hit.case_number]) if hit.case_number else None,
        "api_url": reverse("search:api-letter", args=[hit.case_number]) if hit.case_number else None,
        "treatments": [treatment_json(t) for t in hit.treatments],
    }


def facets_json(facets: Any) -> dict[str, list[dict[str, Any]]]:
    from search.views.results import _field

    out: dict[str, list[dict[str, Any]]] = {}
    for name in (*FACET_PARAMS, "year"):
        items = (facets or {}).get(name, []) or []
        out[name] = [
            {"value": str(_field(i, "value", default="")), "count": int(_field(i, "count", default=0) or 0)}
            for i in items
        ]
    return out


def search_json(
    *,
    hits: list[LetterHit],
    totals: Summary,
    facets: Any,
    pages: Pagination,
    messages: list[str],
    sort: str,
    took_ms: Any,
) -> dict[str, Any]:
    return {
        "total_letters": totals.total_letters,
        "total_decisions": totals.total_decisions,
        "upheld": totals.upheld,
        "overturned": totals.overturned,
        "page": pages.page,
        "pages": pages.pages,
        "per_page": 20,
        "sort": sort,
        "messages": messages,
        "took_ms": took_ms,
        "results": [hit_json(h) for h in hits],
        "facets": facets_json(facets),
    }


def letter_json(letter: Letter) -> dict[str, Any]:
    return {
        **letter.header_fields(),
        "case_summary": letter.case_summary,
        "mechanism_of_injury": letter.mechanism_of_injury,
        "diagnoses": list(letter.diagnoses or []),
        "url": reverse("search:letter", args=[letter.public_id]),
        "original_file_url": reverse("search:letter-file", args=[letter.public_id])
        if letter.original_file
        else None,
        "treatments": [
            {
                "position": t.position,
                "request": t.request,
                "decision": t.decision,
                "category": t.category or None,
                "subcategory": t.subcategory or None,
                "drug_class": t.drug_class or None,
                "drug_name": t.drug_name or None,
                "body_region": t.body_region or None,
                "guidelines": [
                    {k: g.get(k) for k in ("source", "citation", "cited_by", "pages")}
                    for g in t.guidelines or []
                    if isinstance(g, dict)
                ],
                "rationale": t.rationale,
            }
            for t in letter.treatments.all()
        ],
    }

"""Result shapes returned by the search service, built from OpenSearch responses."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from typing import Any

from search import highlight


@dataclass(frozen=True)
class TreatmentResult:
    position: int | None
    request: str
    decision: str
    category: str
    subcategory: str
    drug_class: str
    drug_name: str
    guideline_sources: list[str]
    sessions: int | None
    highlights: list[str]  # safe HTML: escaped text, only <mark> tags
    request_html: str = ""  # the request with query terms marked (safe HTML), or ""
    score: float | None = None


@dataclass(frozen=True)
class LetterResult:
    id: int
    public_id: str
    case_number: str
    decision_date: dt.date | None
    date_assigned: dt.date | None
    date_of_injury: dt.date | None
    priority: str
    reviewer_specialties: list[str]
    reviewer_license_states: list[str]
    treatments: list[TreatmentResult]
    treatment_count: int = 0
    score: float | None = None


@dataclass
class SearchResults:
    total_letters: int = 0
    total_decisions: int = 0
    upheld: int = 0
    overturned: int = 0
    results: list[LetterResult] = field(default_factory=list)
    facets: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    messages: list[str] = field(default_factory=list)
    suggestions: list[str] = field(default_factory=list)
    took_ms: int = 0
    page: int = 1
    per_page: int = 20
    max_page: int = 1

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        for letter in data["results"]:
            for key in ("decision_date", "date_assigned", "date_of_injury"):
                if letter[key] is not None:
                    letter[key] = letter[key].isoformat()
        return data


def _date(value: Any) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def treatment_result(inner_hit: dict[str, Any]) -> TreatmentResult:
    src = inner_hit.get("_source", {})
    marks = inner_hit.get("highlight", {})
    request = highlight.merge(marks, "treatments.request")
    return TreatmentResult(
        position=src.get("position"),
        request=src.get("request") or "",
        decision=src.get("decision") or "",
        category=src.get("category") or "",
        subcategory=src.get("subcategory") or "",
        drug_class=src.get("drug_class") or "",
        drug_name=src.get("drug_name") or "",
        guideline_sources=list(src.get("guideline_sources") or []),
        sessions=src.get("sessions"),
        highlights=highlight.merge(marks, "treatments.rationale"),
        request_html=request[0] if request else "",
        score=inner_hit.get("_score"),
    )


def letter_result(hit: dict[str, Any]) -> LetterResult:
    src = hit.get("_source", {})
    inner = hit.get("inner_hits", {}).get("treatments", {}).get("hits", {}).get("hits", [])
    return LetterResult(
        id=int(hit["_id"]),
        public_id=src.get("public_id") or f"id-{hit['_id']}",
        case_number=src.get("case_number_display") or src.get("public_id") or "",
        decision_date=_date(src.get("decision_date")),
        date_assigned=_date(src.get("date_assigned")),
        date_of_injury=_date(src.get("date_of_injury")),
        priority=src.get("priority") or "",
        reviewer_specialties=list(src.get("reviewer_specialties") or []),
        reviewer_license_states=list(src.get("reviewer_license_states") or []),
        treatments=[treatment_result(h) for h in inner],
        treatment_count=int(src.get("treatment_count") or 0),
        score=hit.get("_score"),
    )


def suggestions(text: str, suggest: dict[str, Any]) -> list[str]:
    """Corrected queries from term suggesters: each misspelled word replaced by its best option."""
    replacements: dict[str, tuple[float, str]] = {}
    for entries in suggest.values():
        for entry in entries:
            options = entry.get("options") or []
            if not options:
                continue
            best = max(options, key=lambda o: (o.get("score", 0), o.get("freq", 0)))
            word = entry["text"]
            if word not in replacements or best.get("score", 0) > replacements[word][0]:
                replacements[word] = (best.get("score", 0), best["text"])
    if not replacements:
        return []
    corrected = text
    for word, (_, option) in replacements.items():
        corrected = _replace_word(corrected, word, option)
    return [corrected] if corrected.lower() != text.lower() else []


def _replace_word(text: str, word: str, option: str) -> str:
    import re

    return re.sub(rf"(?i)(?<!\w){re.escape(word)}(?!\w)", option, text, count=1)

"""Similar decisions: other letters whose rationale is close on the same treatment.

Uses ``search.service.similar_letters`` when the engine provides it; otherwise
one more_like_this query per disputed treatment (on the nested rationale,
restricted to the same subcategory), merged by best score.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from ingest.models import Letter
from search.views.engine import guarded

MAX_TREATMENTS = 4


@dataclass(frozen=True, slots=True)
class Similar:
    case_number: str
    decision_date: dt.date | None
    request: str
    decision: str
    subcategory: str
    score: float

    @property
    def numbered(self) -> bool:
        return not self.case_number.startswith("id-")

    @property
    def label(self) -> str:
        return self.case_number if self.numbered else f"Letter {self.case_number[3:]} (no case number)"


def similar_letters(letter: Letter, limit: int = 5) -> list[Similar]:
    try:
        from search.service import similar_letters as engine_similar
    except ImportError:
        engine_similar = None
    if engine_similar is not None:
        return [_coerce(item) for item in guarded(engine_similar, letter, limit)]
    return guarded(_more_like_this, letter, limit)


def _coerce(item: Any) -> Similar:
    from search.views.results import _date, _field

    return Similar(
        case_number=str(_field(item, "case_number", "public_id", default="")),
        decision_date=_date(_field(item, "decision_date")),
        request=str(_field(item, "request", default="")),
        decision=str(_field(item, "decision", default="")),
        subcategory=str(_field(item, "subcategory", default="")),
        score=float(_field(item, "score", default=0.0)),
    )


def _client() -> Any:
    """The connection django-opensearch-dsl configured from settings.OPENSEARCH_DSL."""
    from opensearchpy.connection import connections

    return connections.get_connection()


def _treatment_query(letter: Letter, rationale: str, subcategory: str) -> dict[str, Any]:
    return {
        "bool": {
            "must_not": [{"ids": {"values": [str(letter.pk)]}}],
            "must": [
                {
                    "nested": {
                        "path": "treatments",
                        "score_mode": "max",
                        "query": {
                            "bool": {
                                "filter": [{"term": {"treatments.subcategory": subcategory}}],
                                "must": [
                                    {
                                        "more_like_this": {
                                            "fields": ["treatments.rationale"],
                                            "like": rationale[:3000],
                                            "min_term_freq": 1,
                                            "min_doc_freq": 2,
                                            "max_query_terms": 20,
                                            "minimum_should_match": "20%",
                                        }
                                    }
                                ],
                            }
                        },
                        "inner_hits": {"size": 1, "_source": ["treatments.request", "treatments.decision"]},
                    }
                }
            ],
        }
    }


def _more_like_this(letter: Letter, limit: int) -> list[Similar]:
    """One more_like_this query per disputed treatment, sent together (one msearch round trip)."""
    from search.indexes import alias_name

    treatments = [t for t in letter.treatments.all() if t.subcategory and t.rationale][:MAX_TREATMENTS]
    if not treatments:
        return []
    lines: list[dict[str, Any]] = []
    for treatment in treatments:
        lines.append({"index": alias_name()})
        lines.append(
            {
                "size": limit,
                "_source": ["public_id", "case_number_display", "decision_date"],
                "query": _treatment_query(letter, treatment.rationale, treatment.subcategory),
            }
        )
    responses = _client().msearch(body=lines).get("responses", [])
    best: dict[str, Similar] = {}
    for treatment, response in zip(treatments, responses, strict=False):
        for hit in response.get("hits", {}).get("hits", []):  # an errored sub-search has no hits
            item = _similar(hit, treatment.subcategory)
            if item.case_number and (
                item.case_number not in best or best[item.case_number].score < item.score
            ):
                best[item.case_number] = item
    return sorted(best.values(), key=lambda s: -s.score)[:limit]


def _similar(hit: dict[str, Any], subcategory: str) -> Similar:
    source = hit.get("_source", {})
    inner = hit.get("inner_hits", {}).get("treatments", {}).get("hits", {}).get("hits", [])
    inner_source = inner[0].get("_source", {}) if inner else {}
    return Similar(
        case_number=source.get("case_number_display") or source.get("public_id") or "",
        decision_date=_parse_date(source.get("decision_date")),
        request=inner_source.get("request", ""),
        decision=inner_source.get("decision", ""),
        subcategory=subcategory,
        score=float(hit.get("_score") or 0.0),
    )


def _parse_date(value: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None

"""OpenSearch request bodies for the letter page: its whole-field highlights and the similar
letters. Pure functions, no I/O (``search.engine`` sends them)."""

from __future__ import annotations

from typing import Any

from search import highlight
from search.query import CompiledQuery
from search.query.builder import nested

LETTER_HIGHLIGHT_FIELDS = (
    "treatments.rationale",
    "treatments.rationale.exact",
    "treatments.request",
    "treatments.request.exact",
)


def letter_highlight_request(
    public_id: str, compiled: CompiledQuery, analysis: highlight.Analysis | None = None
) -> dict[str, Any] | None:
    """Whole-field highlights of one letter for the letter page; None when the query marks nothing."""
    inner_marks = highlight.whole_letter_highlight(compiled, LETTER_HIGHLIGHT_FIELDS, analysis)
    if inner_marks is None:
        return None
    inner = {
        "name": "treatments",
        "size": 100,
        "_source": {"includes": ["treatments.position"]},
        "highlight": inner_marks,
    }
    return {
        "query": {
            "bool": {
                "filter": [{"term": {"public_id": public_id}}],
                "should": [nested({"match_all": {}}, inner_hits=inner)],
            }
        },
        "size": 1,
        "_source": False,
        "highlight": highlight.whole_letter_highlight(compiled, ("summary", "summary.exact"), analysis),
    }


def similar_request(letter_id: int, rationale: str, subcategory: str, limit: int) -> dict[str, Any]:
    """Other letters whose rationale on the same treatment subcategory is close to ``rationale``."""
    mlt = {
        "more_like_this": {
            "fields": ["treatments.rationale"],
            "like": rationale[:5000],
            "min_term_freq": 1,
            "min_doc_freq": 2,
            "max_query_terms": 40,
        }
    }
    inner = {"size": 1, "_source": {"includes": ["treatments.request", "treatments.decision"]}}
    same_subcategory = {
        "bool": {"must": [mlt], "filter": [{"term": {"treatments.subcategory": subcategory}}]}
    }
    query = {
        "bool": {
            "must": [nested(same_subcategory, score_mode="max", inner_hits=inner)],
            "must_not": [{"ids": {"values": [str(letter_id)]}}],
        }
    }
    return {
        "query": query,
        "size": limit,
        "_source": {"includes": ["case_number_display", "public_id", "decision_date"]},
    }

"""The search service: validated parameters in, shaped results out.

``build_request`` is pure (parameters to an OpenSearch request body);
``run_search``, ``iter_export_rows`` and ``highlight_letter`` run it. Engine
errors (``ConnectionError``, ``TransportError``) propagate to the caller.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import Any

from search import facets, highlight, indexes, results
from search.forms import SearchParams
from search.indexing import get_client
from search.query import CompiledQuery, compile_query

MAX_WINDOW = 10_000
INNER_HITS = 10
EXPORT_PAGE = 200
TREATMENT_SOURCE = [
    "treatments.position",
    "treatments.request",
    "treatments.decision",
    "treatments.category",
    "treatments.subcategory",
    "treatments.drug_class",
    "treatments.drug_name",
    "treatments.guideline_sources",
    "treatments.sessions",
]
LETTER_SOURCE = [
    "public_id",
    "case_number_display",
    "decision_date",
    "date_assigned",
    "date_of_injury",
    "priority",
    "reviewer_specialties",
    "reviewer_license_states",
    "treatment_count",
]
SORTS: dict[str, list[Any]] = {
    "relevance": ["_score", {"decision_date": {"order": "desc", "missing": "_last"}}, {"letter_id": "desc"}],
    "newest": [{"decision_date": {"order": "desc", "missing": "_last"}}, {"letter_id": "desc"}],
    "oldest": [{"decision_date": {"order": "asc", "missing": "_last"}}, {"letter_id": "asc"}],
}

__all__ = [
    "SearchParams",
    "build_request",
    "highlight_letter",
    "iter_export_rows",
    "run_search",
    "similar_letters",
]


def _inner_hits(
    compiled: CompiledQuery, *, with_highlight: bool, source: list[str], size: int
) -> dict[str, Any]:
    inner: dict[str, Any] = {"name": "treatments", "size": size, "_source": {"includes": source}}
    marks = highlight.treatment_highlight(compiled) if with_highlight else None
    if marks:
        inner["highlight"] = marks
    return inner


def build_query(
    compiled: CompiledQuery, cond: facets.Conditions, inner_hits: dict[str, Any] | None
) -> dict[str, Any]:
    """Letters matching the text (not yet the facet selections, which go to post_filter)."""
    must: list[dict[str, Any]] = []
    filters: list[dict[str, Any]] = []
    if compiled.treatment:
        must.append(facets.nested(compiled.treatment, score_mode="max"))
    if compiled.letter:
        must.append(compiled.letter)
    if compiled.case_numbers:
        filters.append({"terms": {"case_number": [c.lower() for c in compiled.case_numbers]}})
    if not must:
        must.append({"match_all": {}})  # keeps the inner-hits clause below optional
    should = []
    if inner_hits is not None:
        should.append(facets.nested(cond.treatment_condition(), score_mode="max", inner_hits=inner_hits))
    body: dict[str, Any] = {"must": must, "filter": filters, "should": should, "minimum_should_match": 0}
    return {"bool": {k: v for k, v in body.items() if v != []}}


def build_request(
    params: SearchParams,
    compiled: CompiledQuery,
    *,
    start: int,
    size: int,
    with_highlight: bool = True,
    with_aggs: bool = True,
) -> dict[str, Any]:
    cond = facets.conditions(params, compiled.treatment)
    inner = _inner_hits(compiled, with_highlight=with_highlight, source=TREATMENT_SOURCE, size=INNER_HITS)
    body: dict[str, Any] = {
        "query": build_query(compiled, cond, inner),
        "from": start,
        "size": size,
        "sort": SORTS.get(params.sort, SORTS["relevance"]),
        "track_total_hits": True,
        "_source": {"includes": LETTER_SOURCE},
    }
    post_filter = cond.selections()
    if post_filter:
        body["post_filter"] = {"bool": {"filter": post_filter}}
    if with_aggs:
        body["aggs"] = facets.aggregations(cond)
    words = [*compiled.words, *compiled.drug_words]
    if words:
        term = {"suggest_mode": "missing", "min_word_length": 4, "max_edits": 2, "size": 3}
        body["suggest"] = {
            "text": " ".join(words),
            "words": {"term": {"field": "treatments.vocabulary", **term}},
        }
    return body


def run_search(
    params: SearchParams,
    *,
    page: int | None = None,
    per_page: int = 20,
    highlight: bool = True,
    aggregations: bool = True,
) -> results.SearchResults:
    page = max(1, int(page or params.page or 1))
    per_page = max(1, min(int(per_page), 100))
    compiled = compile_query(params.q)
    messages = list(compiled.messages)
    last_allowed = max(1, MAX_WINDOW // per_page)
    if page > last_allowed:
        messages.append(
            f"Results are shown up to the {MAX_WINDOW:,}th letter (page {last_allowed}); "
            "narrow the search to see more."
        )
        page = last_allowed
    body = build_request(
        params,
        compiled,
        start=(page - 1) * per_page,
        size=per_page,
        with_highlight=highlight,
        with_aggs=aggregations,
    )
    response = get_client().search(index=indexes.alias_name(), body=body)
    total = int(response["hits"]["total"]["value"])
    out = results.SearchResults(
        total_letters=total,
        results=[results.letter_result(hit) for hit in response["hits"]["hits"]],
        took_ms=int(response.get("took", 0)),
        page=page,
        per_page=per_page,
        max_page=max(1, math.ceil(min(total, MAX_WINDOW) / per_page)),
    )
    aggs = response.get("aggregations", {})
    if aggs:
        out.facets = facets.parse_facets(aggs, params)
        out.total_decisions, out.upheld, out.overturned = facets.decision_totals(aggs)
    out.suggestions = results.suggestions(params.q, response.get("suggest", {}))
    if total and page > out.max_page:
        messages.append(f"Page {page} is past the end: the results have {out.max_page} page(s).")
    if not total and out.suggestions:
        messages.append(f'No letters matched. Did you mean "{out.suggestions[0]}"?')
    out.messages = messages
    return out


EXPORT_COLUMNS = (
    "case_number",
    "decision_date",
    "date_assigned",
    "date_of_injury",
    "priority",
    "reviewer_specialties",
    "reviewer_license_states",
    "position",
    "request",
    "category",
    "subcategory",
    "drug_class",
    "drug_name",
    "decision",
    "guideline_sources",
    "rationale",
)


def iter_export_rows(params: SearchParams, limit: int) -> Iterator[dict[str, Any]]:
    """One row per matching disputed treatment, in the search's date order, at most ``limit`` rows."""
    compiled = compile_query(params.q)
    cond = facets.conditions(params, compiled.treatment)
    source = [*TREATMENT_SOURCE, "treatments.rationale"]
    inner = _inner_hits(compiled, with_highlight=False, source=source, size=100)
    sort = SORTS["oldest"] if params.sort == "oldest" else SORTS["newest"]
    body: dict[str, Any] = {
        "query": build_query(compiled, cond, inner),
        "size": EXPORT_PAGE,
        "sort": sort,
        "_source": {"includes": LETTER_SOURCE},
        "track_total_hits": False,
    }
    post_filter = cond.selections()
    if post_filter:
        body["post_filter"] = {"bool": {"filter": post_filter}}
    client = get_client()
    emitted = 0
    while emitted < limit:
        hits = client.search(index=indexes.alias_name(), body=body)["hits"]["hits"]
        for hit in hits:
            src = hit["_source"]
            for inner_hit in hit.get("inner_hits", {}).get("treatments", {}).get("hits", {}).get("hits", []):
                t = inner_hit["_source"]
                yield {
                    "case_number": src.get("case_number_display") or src.get("public_id"),
                    "decision_date": src.get("decision_date") or "",
                    "date_assigned": src.get("date_assigned") or "",
                    "date_of_injury": src.get("date_of_injury") or "",
                    "priority": src.get("priority") or "",
                    "reviewer_specialties": "; ".join(src.get("reviewer_specialties") or []),
                    "reviewer_license_states": "; ".join(src.get("reviewer_license_states") or []),
                    "position": t.get("position"),
                    "request": t.get("request") or "",
                    "category": t.get("category") or "",
                    "subcategory": t.get("subcategory") or "",
                    "drug_class": t.get("drug_class") or "",
                    "drug_name": t.get("drug_name") or "",
                    "decision": t.get("decision") or "",
                    "guideline_sources": "; ".join(t.get("guideline_sources") or []),
                    "rationale": t.get("rationale") or "",
                }
                emitted += 1
                if emitted >= limit:
                    return
        if len(hits) < EXPORT_PAGE:
            return
        body["search_after"] = hits[-1]["sort"]


def highlight_letter(public_id: str, params: SearchParams) -> dict[str, Any] | None:
    """Whole-field highlights of one letter for the letter page, or None when nothing matched.

    ``{"summary": html | None, "treatments": {position: {"request": html, "rationale": html}}}``
    """
    compiled = compile_query(params.q)
    fields = (
        "treatments.rationale",
        "treatments.rationale.exact",
        "treatments.request",
        "treatments.request.exact",
    )
    inner_marks = highlight.whole_letter_highlight(compiled, fields)
    summary_marks = highlight.whole_letter_highlight(compiled, ("summary", "summary.exact"))
    if inner_marks is None:
        return None
    inner = {
        "name": "treatments",
        "size": 100,
        "_source": {"includes": ["treatments.position"]},
        "highlight": inner_marks,
    }
    body = {
        "query": {
            "bool": {
                "filter": [{"term": {"public_id": public_id}}],
                "should": [facets.nested({"match_all": {}}, inner_hits=inner)],
            }
        },
        "size": 1,
        "_source": False,
        "highlight": summary_marks,
    }
    hits = get_client().search(index=indexes.alias_name(), body=body)["hits"]["hits"]
    if not hits:
        return None
    hit = hits[0]
    summary = highlight.merge(hit.get("highlight", {}), "summary")
    treatments: dict[int, dict[str, str]] = {}
    for inner_hit in hit.get("inner_hits", {}).get("treatments", {}).get("hits", {}).get("hits", []):
        marks = inner_hit.get("highlight", {})
        entry = {}
        for name in ("request", "rationale"):
            merged = highlight.merge(marks, f"treatments.{name}")
            if merged:
                entry[name] = merged[0]
        if entry:
            treatments[int(inner_hit["_source"].get("position") or 0)] = entry
    return {"summary": summary[0] if summary else None, "treatments": treatments}


def similar_letters(letter: Any, limit: int = 5) -> list[dict[str, Any]]:
    """Other letters whose rationale is close on the same treatment subcategory, best first.

    Items: ``case_number``, ``decision_date``, ``request``, ``decision``, ``subcategory``, ``score``.
    """
    best: dict[str, dict[str, Any]] = {}
    client = get_client()
    treatments = [t for t in letter.treatments.all() if t.subcategory and t.rationale][:4]
    for treatment in treatments:
        mlt = {
            "more_like_this": {
                "fields": ["treatments.rationale"],
                "like": treatment.rationale[:5000],
                "min_term_freq": 1,
                "min_doc_freq": 2,
                "max_query_terms": 40,
            }
        }
        inner = {"size": 1, "_source": {"includes": ["treatments.request", "treatments.decision"]}}
        query = {
            "bool": {
                "must": [
                    facets.nested(
                        {
                            "bool": {
                                "must": [mlt],
                                "filter": [{"term": {"treatments.subcategory": treatment.subcategory}}],
                            }
                        },
                        score_mode="max",
                        inner_hits=inner,
                    )
                ],
                "must_not": [{"ids": {"values": [str(letter.pk)]}}],
            }
        }
        body = {
            "query": query,
            "size": limit,
            "_source": {"includes": ["case_number_display", "public_id", "decision_date"]},
        }
        for hit in client.search(index=indexes.alias_name(), body=body)["hits"]["hits"]:
            inner_hits = hit.get("inner_hits", {}).get("treatments", {}).get("hits", {}).get("hits", [])
            t = inner_hits[0]["_source"] if inner_hits else {}
            item = {
                "case_number": hit["_source"].get("case_number_display") or hit["_source"].get("public_id"),
                "decision_date": results._date(hit["_source"].get("decision_date")),
                "request": t.get("request", ""),
                "decision": t.get("decision", ""),
                "subcategory": treatment.subcategory,
                "score": float(hit.get("_score") or 0.0),
            }
            if item["case_number"] not in best or best[item["case_number"]]["score"] < item["score"]:
                best[item["case_number"]] = item
    return sorted(best.values(), key=lambda i: -i["score"])[:limit]

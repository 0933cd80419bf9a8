"""The search service: validated parameters in, shaped results out.

``build_request`` is pure (parameters to an OpenSearch request body);
``run_search``, ``iter_export_rows`` and ``highlight_letter`` run it. Engine
errors (``ConnectionError``, ``TransportError``) propagate to the caller.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import Any

from opensearchpy.exceptions import HTTP_EXCEPTIONS, TransportError

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
    "build_facets_request",
    "build_hits_request",
    "build_query",
    "build_request",
    "conditions",
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


def conditions(params: SearchParams, compiled: CompiledQuery) -> facets.Conditions:
    """The search's conditions: its text scored for the hits, matched cheaply for filters and counts."""
    return facets.conditions(params, compiled.treatment_scored, compiled.treatment_match)


def build_query(
    compiled: CompiledQuery, cond: facets.Conditions, inner_hits: dict[str, Any] | None
) -> dict[str, Any]:
    """Letters matching the text (not yet the facet selections, which go to post_filter).

    With ``inner_hits`` (a page of hits) the treatment text is scored; without, it is only
    matched (counts, alerts), on the combined field.
    """
    must: list[dict[str, Any]] = []
    filters: list[dict[str, Any]] = []
    text = cond.text(scored=inner_hits is not None)
    if text:
        must.append(facets.nested(text, score_mode="max"))
    if compiled.letter:
        must.append(compiled.letter)
    if compiled.case_numbers:
        filters.append({"terms": {"case_number": [c.lower() for c in compiled.case_numbers]}})
    if not must:
        must.append({"match_all": {}})  # keeps the inner-hits clause below optional
    should = []
    if inner_hits is not None:
        should.append(
            facets.nested(cond.treatment_condition(scored=True), score_mode="max", inner_hits=inner_hits)
        )
    body: dict[str, Any] = {"must": must, "filter": filters, "should": should, "minimum_should_match": 0}
    return {"bool": {k: v for k, v in body.items() if v != []}}


def build_hits_query(
    compiled: CompiledQuery, cond: facets.Conditions, inner_hits: dict[str, Any]
) -> dict[str, Any]:
    """``build_query`` with ``inner_hits`` and the selections folded in: the same letters, the same scores.

    For a request that needs no facet counts (so no ``post_filter``): the selections become
    filters, and the treatment clause is evaluated once where ``build_query`` evaluates it twice
    (a ``must`` and an optional ``should`` copy carrying the inner hits), with bit-identical
    scores:

    - text, no treatment selection, no letter-level clause: the ``should`` copy equals the
      ``must`` clause, so the score was ``s + s``; one nested clause with ``boost: 2`` gives
      ``2 * s`` (scaling by 2 is exact in floating point, and Lucene pushes the boost down to
      every leaf score);
    - a treatment selection (with or without text): the ``should`` copy always matches among the
      filtered letters (it is the treatment part of the selections), so it becomes a second
      ``must`` and replaces that filter (Lucene sums both scores in double either way);
    - otherwise (a letter-level clause, or no text and no treatment selection) the ``build_query``
      shape is kept, with the selections as filters.
    """
    selections = cond.selections()
    if compiled.letter is None and cond.treatment_text is not None and not cond.treatment:
        inner = facets.nested(cond.treatment_text, score_mode="max", inner_hits=inner_hits)
        inner["nested"]["boost"] = 2
        filters = list(selections)
        if compiled.case_numbers:
            filters.append({"terms": {"case_number": [c.lower() for c in compiled.case_numbers]}})
        return {"bool": {"must": [inner], **({"filter": filters} if filters else {})}}
    query = build_query(compiled, cond, inner_hits)
    body = query["bool"]
    if compiled.letter is None and cond.treatment:
        body["must"] = [*body["must"], *body.pop("should")]
        body.pop("minimum_should_match", None)
        selections = list(cond.letter.values())  # the treatment selection is that must clause now
    if selections:
        body["filter"] = [*body.get("filter", []), *selections]
    return query


def _suggest(compiled: CompiledQuery) -> dict[str, Any] | None:
    words = [*compiled.words, *compiled.drug_words]
    if not words:
        return None
    term = {"suggest_mode": "missing", "min_word_length": 4, "max_edits": 2, "size": 3}
    return {"text": " ".join(words), "words": {"term": {"field": "treatments.vocabulary", **term}}}


def build_request(
    params: SearchParams,
    compiled: CompiledQuery,
    *,
    start: int,
    size: int,
    with_highlight: bool = True,
    with_aggs: bool = True,
) -> dict[str, Any]:
    """Everything in one request (hits, total, facet counts, suggestions).

    ``run_search`` sends the same search as two requests (``build_hits_request`` and
    ``build_facets_request``); this one-request form is kept as the reference they are tested
    against.
    """
    cond = conditions(params, compiled)
    inner = _inner_hits(compiled, with_highlight=with_highlight, source=TREATMENT_SOURCE, size=INNER_HITS)
    body = _page(params, build_query(compiled, cond, inner), start=start, size=size, total=True)
    post_filter = cond.selections()
    if post_filter:
        body["post_filter"] = {"bool": {"filter": post_filter}}
    if with_aggs:
        body["aggs"] = facets.aggregations(cond)
    suggest = _suggest(compiled)
    if suggest:
        body["suggest"] = suggest
    return body


def _page(
    params: SearchParams, query: dict[str, Any], *, start: int, size: int, total: bool
) -> dict[str, Any]:
    """A page of letters for ``query`` in the search's sort order."""
    return {
        "query": query,
        "from": start,
        "size": size,
        "sort": SORTS.get(params.sort, SORTS["relevance"]),
        "track_total_hits": total,
        "_source": {"includes": LETTER_SOURCE},
    }


def build_hits_request(
    params: SearchParams,
    compiled: CompiledQuery,
    *,
    start: int,
    size: int,
    with_highlight: bool = True,
    with_total: bool = False,
) -> dict[str, Any]:
    """One page of letters with their matching treatments and passages; no facet counts.

    Without ``with_total`` the engine counts no further than the page needs (the total comes
    from ``build_facets_request``) and leaves out the suggestions (ditto).
    """
    cond = conditions(params, compiled)
    inner = _inner_hits(compiled, with_highlight=with_highlight, source=TREATMENT_SOURCE, size=INNER_HITS)
    body = _page(params, build_hits_query(compiled, cond, inner), start=start, size=size, total=with_total)
    suggest = _suggest(compiled) if with_total else None
    if suggest:
        body["suggest"] = suggest
    return body


def build_facets_request(params: SearchParams, compiled: CompiledQuery) -> dict[str, Any]:
    """The total, the facet counts and the spelling suggestions: no hits, so no scoring, no fetch.

    Independent of the page, the sort and highlighting, and ``size: 0``: OpenSearch's shard
    request cache answers it again (until the index changes) when the same search is paged,
    re-sorted, or its facet selections come back to an earlier combination. No ``post_filter``
    and no hit count: the letters matching the query and every selection are the ``all``
    aggregation's ``doc_count`` (``facets.total_letters``), counted once with the facets.
    """
    cond = conditions(params, compiled)
    body: dict[str, Any] = {
        "query": build_query(compiled, cond, None),
        "size": 0,
        "track_total_hits": False,
        "aggs": facets.aggregations(cond),
    }
    suggest = _suggest(compiled)
    if suggest:
        body["suggest"] = suggest
    return body


def _msearch(bodies: list[dict[str, Any]], *, cache: list[bool]) -> tuple[list[dict[str, Any]], int]:
    """Run searches in one round trip; (responses, the engine's own took in ms for all of them)."""
    lines: list[dict[str, Any]] = []
    for body, cached in zip(bodies, cache, strict=True):
        lines.append({"request_cache": True} if cached else {})
        lines.append(body)
    answer = get_client().msearch(body=lines, index=indexes.alias_name())
    responses = answer["responses"]
    for item in responses:
        error = item.get("error")
        if error:
            status = int(item.get("status") or 500)
            kind = error.get("type", "error") if isinstance(error, dict) else str(error)
            raise HTTP_EXCEPTIONS.get(status, TransportError)(status, kind, item)
    took = answer.get("took")
    if took is None:
        took = max(int(r.get("took", 0)) for r in responses)
    return responses, int(took)


def run_search(
    params: SearchParams,
    *,
    page: int | None = None,
    per_page: int = 20,
    highlight: bool = True,
    aggregations: bool = True,
) -> results.SearchResults:
    """One page of results; with ``aggregations``, also the facet counts and decision totals.

    With aggregations it is one ``msearch`` of two searches, run side by side by the engine:
    the page (``build_hits_request``) and the counts (``build_facets_request``, request-cached).
    ``took_ms`` is the engine's time for both.
    """
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
    hits_body = build_hits_request(
        params,
        compiled,
        start=(page - 1) * per_page,
        size=per_page,
        with_highlight=highlight,
        with_total=not aggregations,
    )
    if aggregations:
        (response, counts), took = _msearch(
            [hits_body, build_facets_request(params, compiled)], cache=[False, True]
        )
    else:
        response = counts = get_client().search(index=indexes.alias_name(), body=hits_body)
        took = int(response.get("took", 0))
    total = facets.total_letters(counts) if aggregations else int(counts["hits"]["total"]["value"])
    out = results.SearchResults(
        total_letters=total,
        results=[results.letter_result(hit) for hit in response["hits"]["hits"]],
        took_ms=took,
        page=page,
        per_page=per_page,
        max_page=max(1, math.ceil(min(total, MAX_WINDOW) / per_page)),
    )
    aggs = counts.get("aggregations", {})
    if aggs:
        out.facets = facets.parse_facets(aggs, params)
        out.total_decisions, out.upheld, out.overturned = facets.decision_totals(aggs)
    out.suggestions = results.suggestions(params.q, counts.get("suggest", {}))
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
    cond = conditions(params, compiled)
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

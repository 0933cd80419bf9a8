"""The search engine's public API: validated parameters in, typed results out (``search.results``).

Request bodies come from ``search.dsl`` (pure); this module sends them and parses the answers.
A search's proximity words are first analyzed by the engine (``compile_search``: one ``_analyze``
each), so that its query and its marks name their forms as the index holds them
(``search.query.analysis``). ``send_search`` sends any request body about the letters.
Engine errors (``ConnectionError``, ``TransportError``) propagate to the caller
(``search.unavailable.engine_guard`` turns an outage into a 503). A search that cannot be run as
asked raises ``QueryRejected`` (a ``RequestError``) with a message for the user: one that expands to
too many word forms (``CompiledQuery.refused``), or that the engine refuses (a 400, or a 500 its
query caused: too many clauses, a prefix with too many words).
"""

from __future__ import annotations

import logging
import math
from collections.abc import Iterator
from typing import Any

from opensearchpy.exceptions import HTTP_EXCEPTIONS, RequestError, TransportError

from ingest.models import Letter
from search import dsl, indexes, letter_requests, results
from search.forms import SearchParams
from search.indexing import get_client
from search.query import Analysis, CompiledQuery, analysis, cases
from search.results import Counts, LetterMarks, LetterResult, SearchResults, Similar, TreatmentResult

log = logging.getLogger(__name__)

MAX_WINDOW = 10_000  # OpenSearch's index.max_result_window: no result past it can be fetched
PER_PAGE = 20
EXPORT_PAGE = 200
SIMILAR_TREATMENTS = 4
REFUSED = (
    "The search engine could not run this search: it expands to too many word forms or clauses "
    "(a short prefix*, words with many synonyms, many alternatives). Narrow it and try again."
)
# What a query makes the engine fail with (a 500 with these causes is the query's, not an outage).
QUERY_FAILURES = frozenset(
    {
        "too_many_nested_clauses",  # more than 1,024 clauses in all
        "too_many_clauses",
        "illegal_argument_exception",  # e.g. too many disjunctions to expand
        "illegal_state_exception",  # e.g. a prefix expanded to too many terms
        "query_shard_exception",
    }
)


class QueryRejected(RequestError):
    """The search cannot be run as asked; ``str()`` says why, for the user (a 400 in the API)."""

    def __init__(self, message: str, cause: Any = None) -> None:
        super().__init__(400, "query_rejected", cause)
        self.message = message

    def __str__(self) -> str:
        return self.message


def caused_by_query(exc: TransportError) -> bool:
    """Whether the engine failed because of the query: a bad request, or a 500 the query caused."""
    if exc.status_code == 400:
        return True
    if exc.status_code != 500:
        return False
    info = exc.info if isinstance(exc.info, dict) else {}
    error = info.get("error")
    causes = (error.get("root_cause") or [error]) if isinstance(error, dict) else []
    return bool(causes) and all(c.get("type") in QUERY_FAILURES for c in causes if isinstance(c, dict))


def _refusing(exc: TransportError) -> TransportError:
    """``exc`` as a ``QueryRejected`` when the query caused it (logged), else as it is."""
    if isinstance(exc, QueryRejected) or not caused_by_query(exc):
        return exc
    log.warning("the engine refused a query: %s %s", exc.status_code, str(exc.info)[:500])
    return QueryRejected(REFUSED, exc.info)


def send_search(body: dict[str, Any], **options: Any) -> dict[str, Any]:
    """The engine's answer to the request ``body`` on the letters' alias (``options``: the search
    API's, e.g. ``request_cache``); ``QueryRejected`` when the query made the engine fail."""
    try:
        response: dict[str, Any] = get_client().search(index=indexes.alias_name(), body=body, **options)
    except TransportError as exc:
        raise _refusing(exc) from exc
    return response


def _msearch(bodies: list[dict[str, Any]], *, cache: list[bool]) -> tuple[list[dict[str, Any]], int]:
    """Run searches in one round trip; (responses, the engine's own took in ms for all of them)."""
    lines: list[dict[str, Any]] = []
    for body, cached in zip(bodies, cache, strict=True):
        lines.append({"request_cache": True} if cached else {})
        lines.append(body)
    try:
        answer = get_client().msearch(body=lines, index=indexes.alias_name())
    except TransportError as exc:
        raise _refusing(exc) from exc
    responses: list[dict[str, Any]] = answer["responses"]
    for item in responses:
        error = item.get("error")
        if error:
            status = int(item.get("status") or 500)
            kind = error.get("type", "error") if isinstance(error, dict) else str(error)
            failure = HTTP_EXCEPTIONS.get(status, TransportError)(status, kind, item)
            raise _refusing(failure) if isinstance(failure, TransportError) else failure
    took = answer.get("took")
    if took is None:
        took = max(int(r.get("took", 0)) for r in responses)
    return responses, int(took)


def _analysis(compiled: CompiledQuery) -> Analysis:
    """The index terms of the search's proximity words (no request for a search without any)."""

    def send(analyzer: str, text: str) -> dict[str, Any]:
        body = {"analyzer": analyzer, "text": text}
        answer: dict[str, Any] = get_client().indices.analyze(index=indexes.alias_name(), body=body)
        return answer

    return analysis.analyze(compiled.tree, send)


def compile_search(params: SearchParams) -> tuple[CompiledQuery, Analysis]:
    """The search box compiled with its proximity words as the index holds them, and that analysis
    (for the marks too); ``QueryRejected`` when they expand to too many forms. Every request
    about a search starts here."""
    compiled = dsl.compiled_query(params)
    words = _analysis(compiled)
    if words.found:
        compiled = dsl.compiled_query(params, words)
    if compiled.refused:
        raise QueryRejected(compiled.refused)
    return compiled, words


def run_search(
    params: SearchParams,
    *,
    page: int | None = None,
    per_page: int = PER_PAGE,
    highlight: bool = True,
    aggregations: bool = True,
) -> SearchResults:
    """One page of results; with ``aggregations``, also the facet counts and decision totals.

    With aggregations it is one ``msearch`` of two searches, run side by side by the engine:
    the page (``dsl.hits_request``) and the counts (``dsl.facets_request``, request-cached).
    ``took_ms`` is the engine's time for both.
    """
    page = max(1, int(page or params.page or 1))
    per_page = max(1, min(int(per_page), 100))
    compiled, words = compile_search(params)
    messages = list(compiled.messages)
    last_allowed = max(1, MAX_WINDOW // per_page)
    if page > last_allowed:
        messages.append(
            f"Results are shown up to the {MAX_WINDOW:,}th letter (page {last_allowed}); "
            "narrow the search to see more."
        )
        page = last_allowed

    def send(marked: bool) -> tuple[dict[str, Any], dict[str, Any], int, int]:
        hits_body = dsl.hits_request(
            params,
            compiled,
            start=(page - 1) * per_page,
            size=per_page,
            with_highlight=marked,
            with_total=not aggregations,
            analysis=words if marked else None,
        )
        if aggregations:
            (response, counts), took = _msearch(
                [hits_body, dsl.facets_request(params, compiled)], cache=[False, True]
            )
            return response, counts, took, results.total_letters(counts)
        response = send_search(hits_body)
        return response, response, int(response.get("took", 0)), int(response["hits"]["total"]["value"])

    try:
        response, counts, took, total = send(highlight)
    except RequestError:
        if not highlight:
            raise
        # the highlighter refused the marks of this search (e.g. a very short prefix inside a
        # proximity search expands past its clause limit): the results without passages
        log.warning("highlighting failed, searching without it: %r", params.q[:200])
        response, counts, took, total = send(False)
        messages.append("Passages could not be marked for this search; the results are shown without them.")
    mentions = dsl.lists_mentions(params, compiled)
    out = SearchResults(
        plain=compiled.plain,
        total_letters=total,
        results=[results.letter_result(hit, mentions=mentions) for hit in response["hits"]["hits"]],
        took_ms=took,
        page=page,
        per_page=per_page,
        max_page=max(1, math.ceil(min(total, MAX_WINDOW) / per_page)),
    )
    aggs = counts.get("aggregations", {})
    if aggs:
        out.facets = results.facet_counts(aggs, params)
        out.total_decisions, out.upheld, out.overturned = results.decision_totals(aggs)
        out.letters_about = results.letters_about(aggs)
    else:
        out.letters_about = total
    if compiled.case_numbers:
        found = send_search(cases.found_request(list(compiled.case_numbers)))
        missing = cases.not_found_message(
            cases.missing(list(compiled.case_numbers), found), len(compiled.case_numbers)
        )
        if missing:
            messages.append(missing)
    out.suggestions = results.suggestions(params.q, counts.get("suggest", {}))
    if total and page > out.max_page:
        messages.append(f"Page {page} is past the end: the results have {out.max_page} page(s).")
    if not total and out.suggestions:
        messages.append(f'No letters matched. Did you mean "{out.suggestions[0]}"?')
    out.messages = messages
    return out


def count_matches(params: SearchParams) -> Counts:
    """How many letters and decisions match now: one ``size: 0`` request, request-cached.

    "My searches" runs this for every saved query, so it asks for the two totals only. Same
    totals as the search page (``SearchResults.total_letters`` and ``total_decisions``).
    """
    compiled, _ = compile_search(params)
    response = send_search(dsl.count_request(params, compiled), request_cache=True)
    node = response["aggregations"]["n"]
    decisions = node.get("t", node)["doc_count"]
    return Counts(letters=int(response["hits"]["total"]["value"]), decisions=int(decisions))


def iter_export_rows(params: SearchParams, limit: int) -> Iterator[tuple[LetterResult, TreatmentResult]]:
    """(letter, decision) for every decision of every letter found, in the page's order, at most ``limit``.

    A letter's decisions come together, in position order; ``TreatmentResult.matches`` says which
    are about the search.
    """
    compiled, _ = compile_search(params)
    body = dsl.export_request(params, compiled, EXPORT_PAGE)
    mentions = dsl.lists_mentions(params, compiled)
    emitted = 0
    while emitted < limit:
        hits = send_search(body)["hits"]["hits"]
        for hit in hits:
            letter = results.export_letter(hit, mentions=mentions)
            for treatment in letter.treatments:
                yield letter, treatment
                emitted += 1
                if emitted >= limit:
                    return
        if len(hits) < EXPORT_PAGE:
            return
        body["search_after"] = hits[-1]["sort"]


def highlight_letter(public_id: str, params: SearchParams) -> LetterMarks | None:
    """Whole-field highlights of one letter for the letter page, or None when nothing is marked."""
    try:
        compiled, words = compile_search(params)
    except QueryRejected:  # nothing was searched: nothing to mark
        return None
    body = letter_requests.letter_highlight_request(public_id, compiled, words)
    if body is None:
        return None
    try:
        hits = send_search(body)["hits"]["hits"]
    except RequestError:  # the highlighter refused these marks (see run_search): the letter unmarked
        log.warning("highlighting the letter failed: %r", params.q[:200])
        return None
    return results.letter_marks(hits[0]) if hits else None


def is_about(public_id: str, params: SearchParams) -> bool:
    """Whether the letter has a decision about the search, not only a mention of its words."""
    try:
        compiled, _ = compile_search(params)
    except QueryRejected:  # a search that cannot run is about no letter
        return False
    about = dsl.full_query(params, mentions=False, compiled=compiled)
    query = {"bool": {"filter": [{"term": {"public_id": public_id}}, about]}}
    response = send_search({"query": query, "size": 0, "track_total_hits": True})
    return int(response["hits"]["total"]["value"]) > 0


def similar_letters(letter: Letter, limit: int = 5) -> list[Similar]:
    """Other letters whose rationale is close on the same treatment subcategory, best first."""
    best: dict[str, Similar] = {}
    treatments = [t for t in letter.treatments.all() if t.subcategory and t.rationale][:SIMILAR_TREATMENTS]
    for treatment in treatments:
        body = letter_requests.similar_request(letter.pk, treatment.rationale, treatment.subcategory, limit)
        for hit in send_search(body)["hits"]["hits"]:
            item = results.similar(hit, treatment.subcategory)
            if item.case_number not in best or best[item.case_number].score < item.score:
                best[item.case_number] = item
    return sorted(best.values(), key=lambda s: -s.score)[:limit]

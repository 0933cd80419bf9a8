"""GET /letters/<case_number>/ : one letter in full, with the search it came from."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.html import escape
from django.utils.safestring import SafeString
from django.views.decorators.http import require_GET
from opensearchpy.exceptions import TransportError

from ingest.models import Letter, Treatment
from search.views import engine, ranks
from search.views.access import search_access
from search.views.context import letter_url
from search.views.marking import HitCounter, TermMarker, paragraphs
from search.views.results import PER_PAGE
from search.views.similar import similar_letters

SIMILAR_LIMIT = 6
CITED_BY = {"claims_administrator": "claims administrator", "maximus": "IMR reviewer"}


# The letter page's search extras (highlights, previous/next, similar decisions) are optional:
# whatever the engine answers, the letter itself still shows from the database.
ENGINE_ERRORS = (engine.EngineUnavailable, TransportError)


def get_letter(public_id: str) -> Letter:
    queryset = Letter.objects.prefetch_related("treatments")
    if public_id.startswith("id-") and public_id[3:].isdigit():
        return get_object_or_404(queryset, pk=int(public_id[3:]), case_number__isnull=True)
    if len(public_id) > 32 or not public_id.isprintable():  # e.g. NUL, which PostgreSQL refuses
        raise Http404("No such letter.")
    return get_object_or_404(queryset, case_number=public_id)


@dataclass(slots=True)
class TreatmentView:
    treatment: Treatment
    request_html: SafeString
    rationale_html: SafeString
    guidelines: list[dict[str, Any]] = field(default_factory=list)

    @property
    def decision_class(self) -> str:
        return self.treatment.decision if self.treatment.decision in ("upheld", "overturned") else "other"


@dataclass(slots=True)
class SearchNav:
    """Where the letter sits in the search it was opened from."""

    rank: int
    total: int
    back_url: str
    prev_url: str | None
    next_url: str | None


def _rank(request: HttpRequest) -> int | None:
    raw = request.GET.get("i", "")
    return int(raw) if raw.isdigit() and 0 < int(raw) <= 10_000 else None


def _neighbour(query: engine.Query, rank: int) -> tuple[str | None, int]:
    """Case number of the result at ``rank`` (1-based) and the total: remembered, else a one-result page."""
    known = ranks.recall(query.querystring, rank)
    if known is not None:
        return known
    results = engine.search(query, page=rank, per_page=1, highlight=False, facets=False)
    items = list(getattr(results, "results", []) or [])
    total = int(getattr(results, "total_letters", 0) or 0)
    if not items:
        return None, total
    item = items[0]
    value = item.get("case_number") if isinstance(item, dict) else getattr(item, "case_number", None)
    return (str(value) if value else None), total


def search_nav(query: engine.Query, rank: int | None) -> SearchNav | None:
    if rank is None:
        return None
    back = query.query_dict()
    page = (rank - 1) // PER_PAGE + 1
    if page > 1:
        back["page"] = str(page)
    prev_case, _ = _neighbour(query, rank - 1)
    next_case, total = _neighbour(query, rank + 1)
    base = query.querystring
    return SearchNav(
        rank=rank,
        total=total,
        back_url=reverse("search:search") + (f"?{back.urlencode()}" if back else "") + f"#r{rank}",
        prev_url=letter_url(prev_case, base, rank - 1) if prev_case else None,
        next_url=letter_url(next_case, base, rank + 1) if next_case else None,
    )


def highlighted(letter: Letter, query: engine.Query | None) -> tuple[SafeString, list[TreatmentView], int]:
    """The summary and treatments as safe HTML, hits marked and numbered in page order."""
    searching = bool(query and query.text)
    engine_marks = engine.highlight_letter(letter, query) if searching else None
    fallback = searching and engine.letter_highlighter() is None
    marker = TermMarker.from_query(query.text) if fallback and query else None
    counter = HitCounter()

    def render_text(text: str, engine_html: str | None) -> str:
        if engine_html:
            return engine_html
        return marker.mark(text) if marker else escape(text)

    summary_html = counter.number(paragraphs(render_text(letter.case_summary, _get(engine_marks, "summary"))))
    views = []
    positions = _get(engine_marks, "treatments") or {}
    for treatment in letter.treatments.all():
        marks = positions.get(treatment.position) or positions.get(str(treatment.position)) or {}
        views.append(
            TreatmentView(
                treatment=treatment,
                request_html=counter.number(render_text(treatment.request, marks.get("request"))),
                rationale_html=counter.number(
                    paragraphs(render_text(treatment.rationale, marks.get("rationale")))
                ),
                guidelines=[
                    {**g, "cited_by": CITED_BY.get(str(g.get("cited_by") or ""), g.get("cited_by") or "")}
                    for g in treatment.guidelines or []
                    if isinstance(g, dict)
                ],
            )
        )
    return summary_html, views, counter.count


def _get(marks: Any, name: str) -> Any:
    if marks is None:
        return None
    return marks.get(name) if isinstance(marks, dict) else getattr(marks, name, None)


@require_GET
@search_access
def letter_page(request: HttpRequest, case_number: str) -> HttpResponse:
    """The letter comes from the database; with the engine down it still shows, without the search extras."""
    letter = get_letter(case_number)
    query = engine.parse(request.GET) if request.GET else None
    engine_down = False
    try:
        summary_html, treatments, hits = highlighted(letter, query)
        nav = search_nav(query, _rank(request)) if query else None
    except ENGINE_ERRORS:
        engine_down = True
        summary_html, treatments, hits = highlighted(letter, None)
        nav = None
    decisions = [t.treatment.decision for t in treatments]
    context = {
        "letter": letter,
        "summary_html": summary_html,
        "treatments": treatments,
        "hit_count": hits,
        "hit_links": range(1, min(hits, 60) + 1),
        "query": query,
        "q": query.text if query else "",
        "nav": nav,
        "engine_down": engine_down,
        "overturned_count": decisions.count("overturned"),
        "upheld_count": decisions.count("upheld"),
        "download_url": reverse("search:letter-file", args=[letter.public_id])
        if letter.original_file
        else None,
    }
    return render(request, "search/letter.html", context)


@require_GET
@search_access
def letter_similar(request: HttpRequest, case_number: str) -> HttpResponse:
    """Similar decisions, loaded after the letter (htmx) or as a small page (no JavaScript)."""
    letter = get_letter(case_number)
    try:
        similar, engine_down = similar_letters(letter, SIMILAR_LIMIT), False
    except ENGINE_ERRORS:
        similar, engine_down = [], True
    template = "search/partials/similar.html" if request.headers.get("HX-Request") else "search/similar.html"
    response = render(request, template, {"letter": letter, "similar": similar, "engine_down": engine_down})
    patch_vary_headers(response, ["HX-Request"])
    return response


@require_GET
@search_access
def letter_file(request: HttpRequest, case_number: str) -> FileResponse:
    """The original file as received (PDF, HTML or text), as a download."""
    letter = get_letter(case_number)
    if not letter.original_file:
        raise Http404("No original file is stored for this letter.")
    try:
        handle = letter.original_file.open("rb")
    except FileNotFoundError as exc:
        raise Http404("The original file is missing from storage.") from exc
    name = letter.original_file.name.rsplit("/", 1)[-1]
    return FileResponse(handle, as_attachment=True, filename=name)

"""GET /letters/<case_number>/ : one letter in full, with the search it came from."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.html import escape
from django.utils.safestring import SafeString
from django.views.decorators.http import require_GET
from opensearchpy.exceptions import TransportError

from accounts.access import may_download_original, original_file_access, search_access
from accounts.audit import record
from accounts.models import AuditKind
from ingest.models import Letter, LetterVersion, Treatment
from search import scopes
from search.documents import cited_by
from search.engine import MAX_WINDOW, PER_PAGE, highlight_letter, is_about, run_search, similar_letters
from search.facets import UNCLASSIFIED
from search.forms import ValidSearch, validate
from search.lookup import get_letter
from search.results import LetterMarks, TreatmentMarks, basis_label, classification, decision_class
from search.views import ranks
from search.views.context import letter_url
from search.views.marking import HitCounter, paragraphs

SIMILAR_LIMIT = 6
# The letter page's search extras (highlights, previous/next, similar decisions) are optional:
# whatever the engine answers (TransportError, ConnectionError included), the letter still shows.


@dataclass(slots=True)
class TreatmentView:
    treatment: Treatment
    request_html: SafeString
    rationale_html: SafeString

    @property
    def decision_class(self) -> str:
        return decision_class(self.treatment.decision)

    @property
    def classification(self) -> str:
        t = self.treatment
        return classification(t.category or UNCLASSIFIED, t.subcategory, t.drug_class)

    @property
    def basis(self) -> str:
        """How the category was decided ("Category from the request"), or ""."""
        return basis_label(self.treatment.category, self.treatment.basis)

    @property
    def reviewer_guidelines(self) -> list[dict[str, Any]]:
        """The guidelines the IMR reviewer relied on."""
        return cited_by(self.treatment.guidelines)[0]

    @property
    def administrator_guidelines(self) -> list[dict[str, Any]]:
        """The guidelines the claims administrator cited."""
        return cited_by(self.treatment.guidelines)[1]


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
    return int(raw) if raw.isdigit() and 0 < int(raw) <= MAX_WINDOW else None


def _neighbour(query: ValidSearch, rank: int) -> tuple[str | None, int]:
    """Case number of the result at ``rank`` (1-based) and the total: remembered, else a one-result page."""
    known = ranks.recall(query.querystring, rank)
    if known is not None:
        return known
    results = run_search(query.params, page=rank, per_page=1, highlight=False, aggregations=False)
    if not results.results:
        return None, results.total_letters
    return (results.results[0].case_number or None), results.total_letters


def search_nav(query: ValidSearch, rank: int | None) -> SearchNav | None:
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


@dataclass(frozen=True, slots=True)
class Hits:
    """The places marked on the letter page, numbered in page order (``hit-1`` ...)."""

    count: int
    mentions: bool = False  # the letter's decisions do not match: the places where it mentions the words


def marks_for(letter: Letter, query: ValidSearch | None) -> tuple[LetterMarks | None, bool]:
    """The engine's marks of the letter for the search, and whether they are only its mentions.

    The marks are what satisfies the search where it looks (``search.highlight``). A letter
    listed because its story mentions the words (none of its decisions is about the search,
    outside the letter scope) is marked where a search anywhere in the letter would match, and
    said so.
    """
    if query is None or not query.text:
        return None, False
    marks = highlight_letter(letter.public_id, query.params)
    if query.params.scope == scopes.LETTER.value or is_about(letter.public_id, query.params):
        return marks, False
    anywhere = highlight_letter(letter.public_id, replace(query.params, scope=scopes.LETTER.value))
    return (anywhere, True) if _marked(anywhere) else (marks, False)


def _marked(marks: LetterMarks | None) -> bool:
    if marks is None:
        return False
    texts = [marks.summary, *(t for m in marks.treatments.values() for t in (m.request, m.rationale))]
    return any("<mark" in (text or "") for text in texts)


def highlighted(letter: Letter, query: ValidSearch | None) -> tuple[SafeString, list[TreatmentView], Hits]:
    """The summary and treatments as safe HTML, hits marked (by the engine) and numbered in page order."""
    marks, mentions = marks_for(letter, query)
    counter = HitCounter()

    def render_text(text: str, engine_html: str | None) -> str:
        return engine_html or escape(text)

    summary_html = counter.number(
        paragraphs(render_text(letter.case_summary, marks.summary if marks else None))
    )
    views = []
    for treatment in letter.treatments.all():
        found = (marks.treatments.get(treatment.position) if marks else None) or TreatmentMarks()
        views.append(
            TreatmentView(
                treatment=treatment,
                request_html=counter.number(render_text(treatment.request, found.request)),
                rationale_html=counter.number(paragraphs(render_text(treatment.rationale, found.rationale))),
            )
        )
    return summary_html, views, Hits(counter.count, mentions and counter.count > 0)


@dataclass(frozen=True, slots=True)
class VersionView:
    """A kept version of the letter, as the staff's version list shows it."""

    version: LetterVersion
    fields: list[tuple[str, str]]  # (label, value) of its parsed fields
    treatments: list[dict[str, Any]]

    @classmethod
    def of(cls, version: LetterVersion) -> VersionView:
        fields = [(_label(name), _shown(value)) for name, value in (version.fields or {}).items()]
        return cls(version, fields, [t for t in version.treatments or [] if isinstance(t, dict)])


def _label(name: str) -> str:
    try:
        field = Letter._meta.get_field(name)
    except FieldDoesNotExist:
        return name
    return str(getattr(field, "verbose_name", name)).capitalize()


def _shown(value: Any) -> str:
    if isinstance(value, list):
        return "; ".join(str(v) for v in value) or "—"
    return "—" if value in (None, "") else str(value)


def kept_versions(request: HttpRequest, letter: Letter) -> list[VersionView] | None:
    """The letter's kept versions for staff, newest number first; None for anyone else."""
    if not request.user.is_staff:
        return None
    kept = letter.versions.select_related("corrected_by").order_by("-number")
    return [VersionView.of(version) for version in kept]


@require_GET
@search_access
def letter_page(request: HttpRequest, case_number: str) -> HttpResponse:
    """The letter comes from the database; with the engine down it still shows, without the search extras."""
    letter = get_letter(case_number)
    query = validate(request.GET) if request.GET else None
    engine_down = False
    try:
        summary_html, treatments, hits = highlighted(letter, query)
        nav = search_nav(query, _rank(request)) if query else None
    except TransportError:
        engine_down = True
        summary_html, treatments, hits = highlighted(letter, None)
        nav = None
    record(request, AuditKind.LETTER_VIEW, letter=letter.public_id, query=query.querystring if query else "")
    decisions = [t.treatment.decision for t in treatments]
    context = {
        "letter": letter,
        "summary_html": summary_html,
        "treatments": treatments,
        "hit_count": hits.count,
        "hits_are_mentions": hits.mentions,
        "hit_links": range(1, min(hits.count, 60) + 1),
        "query": query,
        "q": query.text if query else "",
        "nav": nav,
        "engine_down": engine_down,
        "overturned_count": decisions.count("overturned"),
        "upheld_count": decisions.count("upheld"),
        "download_url": reverse("search:letter-file", args=[letter.public_id])
        if letter.original_file and may_download_original(request.user)
        else None,
        "versions": kept_versions(request, letter),
    }
    return render(request, "search/letter.html", context)


@require_GET
@search_access
def letter_similar(request: HttpRequest, case_number: str) -> HttpResponse:
    """Similar decisions, loaded after the letter (htmx) or as a small page (no JavaScript)."""
    letter = get_letter(case_number)
    try:
        similar, engine_down = similar_letters(letter, SIMILAR_LIMIT), False
    except TransportError:
        similar, engine_down = [], True
    template = "search/partials/similar.html" if request.headers.get("HX-Request") else "search/similar.html"
    response = render(request, template, {"letter": letter, "similar": similar, "engine_down": engine_down})
    patch_vary_headers(response, ["HX-Request"])
    return response


@require_GET
@original_file_access
def letter_file(request: HttpRequest, case_number: str) -> FileResponse:
    """The original file as received (PDF, HTML or text), as a download (as ORIGINAL_FILES_FOR allows)."""
    letter = get_letter(case_number)
    if not letter.original_file:
        raise Http404("No original file is stored for this letter.")
    try:
        handle = letter.original_file.open("rb")
    except FileNotFoundError as exc:
        raise Http404("The original file is missing from storage.") from exc
    name = (letter.original_file.name or "").rsplit("/", 1)[-1]
    record(request, AuditKind.FILE_DOWNLOAD, letter=letter.public_id)
    return FileResponse(handle, as_attachment=True, filename=name)

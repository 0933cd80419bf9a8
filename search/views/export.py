"""GET /export.csv : the current search as CSV, streamed and capped.

One row per disputed treatment of every letter found, in the page's order (the engine's: the
search's ``sort``, relevance included), a letter's rows together in position order. The view never
re-orders them. "Matches search" says whether the row is a decision about the search (see
``search.scopes``) or another decision of its letter. "Letter link" is an absolute address of the
letter page at that decision. The file is named after the day (the portal's time zone) and the search.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from urllib.parse import quote

from django.conf import settings
from django.http import HttpRequest, StreamingHttpResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from accounts.access import export_access
from accounts.audit import AfterStream, Counted, record
from accounts.limits import rate_limited
from accounts.models import AuditKind
from search.engine import iter_export_rows
from search.facets import FACETS
from search.forms import SearchParams, validate
from search.results import LetterResult, TreatmentResult
from search.unavailable import engine_guard
from sheets import Value, csv_lines

Row = tuple[LetterResult, TreatmentResult]
LinkMaker = Callable[[LetterResult, TreatmentResult], str]


def _date(value: dt.date | None) -> str:
    return value.isoformat() if value else ""


def _yes_no(value: bool) -> str:
    return "yes" if value else "no"


COLUMNS: tuple[tuple[str, Callable[[LetterResult, TreatmentResult], Value]], ...] = (
    ("Case number", lambda letter, t: letter.case_number),
    ("Decision date", lambda letter, t: _date(letter.decision_date)),
    ("Date assigned", lambda letter, t: _date(letter.date_assigned)),
    ("Date of injury", lambda letter, t: _date(letter.date_of_injury)),
    ("Priority", lambda letter, t: letter.priority),
    ("Reviewer specialties", lambda letter, t: letter.reviewer_specialties),
    ("Reviewer license states", lambda letter, t: letter.reviewer_license_states),
    ("Treatment number", lambda letter, t: t.position),
    ("Matches search", lambda letter, t: _yes_no(t.matches)),
    ("Request", lambda letter, t: t.request),
    ("Category", lambda letter, t: t.category),
    ("Subcategory", lambda letter, t: t.subcategory),
    ("Drug class", lambda letter, t: t.drug_class),
    ("Category basis", lambda letter, t: t.basis),
    ("Body regions", lambda letter, t: t.body_regions),
    ("Decision", lambda letter, t: t.decision),
    ("Guideline sources (IMR reviewer)", lambda letter, t: t.guidelines),
    ("Guideline sections (IMR reviewer)", lambda letter, t: t.guideline_sections),
    ("Guideline sources (claims administrator)", lambda letter, t: t.administrator_guidelines),
    ("Rationale", lambda letter, t: t.rationale),
)
LINK_COLUMN = "Letter link"
HEADER: tuple[str, ...] = (*(label for label, _ in COLUMNS), LINK_COLUMN)


def link_maker(request: HttpRequest) -> LinkMaker:
    """The letter page's absolute address at a row's decision: one reverse(), then formatting per row.

    Made absolute with the request (the host the file was downloaded from, which ALLOWED_HOSTS
    vouched for), not with PORTAL_BASE_URL: that setting exists for alert e-mails, which have no
    request, and its default is a development address.
    """
    marker = "CASE-NUMBER-PLACEHOLDER"
    template = request.build_absolute_uri(reverse("search:letter", args=[marker]))

    def make(letter: LetterResult, treatment: TreatmentResult) -> str:
        return template.replace(marker, quote(letter.public_id, safe="")) + treatment.anchor

    return make


def _values(letter: LetterResult, treatment: TreatmentResult, link: LinkMaker) -> list[Value]:
    return [*(value(letter, treatment) for _, value in COLUMNS), link(letter, treatment)]


def letter_lines(rows: Iterable[Row], link: LinkMaker) -> Iterator[str]:
    """The rows as CSV lines under HEADER (cells formula-safe: ``sheets.csv_lines``)."""
    return csv_lines(HEADER, (_values(letter, treatment, link) for letter, treatment in rows))


NAME_LENGTH = 60  # characters of the search in the file name
_JOINERS = re.compile(r"(?<=[a-z])/(?=\d)|['\"\u2018\u2019\u201c\u201d]")  # w/5 -> w5, don't -> dont
_OTHERS = re.compile(r"[^a-z0-9]+")


def slug(text: str, length: int = NAME_LENGTH) -> str:
    """``text`` as lower-case ASCII words joined by hyphens, at most ``length`` characters (cut
    between words when it can be)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    words = _OTHERS.sub("-", _JOINERS.sub("", ascii_text.lower())).strip("-")
    if len(words) <= length:
        return words
    cut = words[: length + 1]
    return (cut.rsplit("-", 1)[0] if "-" in cut else cut[:length]).strip("-")


def search_words(params: SearchParams) -> str:
    """What the file name says of a search: its words, or else its filters."""
    if slug(params.q):
        return params.q
    parts = [value for facet in FACETS for value in params.selected(facet.param)]
    if params.date_from:
        parts += ["from", params.date_from.isoformat()]
    if params.date_to:
        parts += ["to", params.date_to.isoformat()]
    return " ".join(parts)


def export_filename(params: SearchParams, today: dt.date) -> str:
    """``imr-decisions_<date>_<search>.csv``; only ASCII letters, digits, ``-``, ``_`` and ``.``."""
    words = slug(search_words(params))
    return "_".join(part for part in ("imr-decisions", today.isoformat(), words) if part) + ".csv"


def content_disposition(filename: str) -> str:
    """An attachment with both forms of the name: ``filename`` (old clients) and RFC 5987 ``filename*``."""
    return f"attachment; filename=\"{filename}\"; filename*=UTF-8''{quote(filename, safe='')}"


def export_limit() -> int:
    return int(getattr(settings, "EXPORT_MAX_ROWS", 10_000))


@require_GET
@export_access
@rate_limited("export")
@engine_guard
def export_csv(request: HttpRequest) -> StreamingHttpResponse:
    query = validate(request.GET)
    limit = export_limit()
    rows = iter_export_rows(query.params, limit)
    first = next(rows, None)  # runs the first engine request now, so an outage is a 503, not a broken stream
    sent = Counted(_chain(first, rows))
    body = letter_lines(sent, link_maker(request))

    def audit() -> None:  # when the stream ends: the rows really sent
        record(request, AuditKind.EXPORT, query=f"{request.path}?{query.querystring}", rows=sent.count)

    response = StreamingHttpResponse(AfterStream(body, audit), content_type="text/csv; charset=utf-8")
    filename = export_filename(query.params, timezone.localdate(timezone=timezone.get_default_timezone()))
    response["Content-Disposition"] = content_disposition(filename)
    response["X-Export-Limit"] = str(limit)
    response["Cache-Control"] = "no-store"
    return response


def _chain(first: Row | None, rest: Iterator[Row]) -> Iterator[Row]:
    if first is not None:
        yield first
        yield from rest

"""GET /export.csv : the current query as CSV, one row per matching disputed treatment, streamed."""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Callable, Iterable, Iterator

from django.conf import settings
from django.http import HttpRequest, StreamingHttpResponse
from django.utils import timezone
from django.views.decorators.http import require_GET

from accounts.access import export_access
from search.engine import iter_export_rows
from search.forms import validate
from search.results import LetterResult, TreatmentResult
from search.unavailable import engine_guard

Row = tuple[LetterResult, TreatmentResult]
Cell = str | int | dt.date | list[str] | None


def _date(value: dt.date | None) -> str:
    return value.isoformat() if value else ""


COLUMNS: tuple[tuple[str, Callable[[LetterResult, TreatmentResult], Cell]], ...] = (
    ("Case number", lambda letter, t: letter.case_number),
    ("Decision date", lambda letter, t: _date(letter.decision_date)),
    ("Date assigned", lambda letter, t: _date(letter.date_assigned)),
    ("Date of injury", lambda letter, t: _date(letter.date_of_injury)),
    ("Priority", lambda letter, t: letter.priority),
    ("Reviewer specialties", lambda letter, t: letter.reviewer_specialties),
    ("Reviewer license states", lambda letter, t: letter.reviewer_license_states),
    ("Treatment number", lambda letter, t: t.position),
    ("Request", lambda letter, t: t.request),
    ("Category", lambda letter, t: t.category),
    ("Subcategory", lambda letter, t: t.subcategory),
    ("Drug class", lambda letter, t: t.drug_class),
    ("Decision", lambda letter, t: t.decision),
    ("Guideline sources", lambda letter, t: t.guideline_sources),
    ("Rationale", lambda letter, t: t.rationale),
)
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class Echo:
    """A file-like object whose write() returns the line, for csv.writer over a generator."""

    def write(self, value: str) -> str:
        return value


def cell(value: Cell) -> str:
    if value is None:
        return ""
    text = "; ".join(value) if isinstance(value, list) else str(value)
    # Spreadsheet formula injection: a cell starting with = + - @ is shown, not evaluated.
    return "'" + text if text.startswith(FORMULA_START) else text


def csv_lines(rows: Iterable[Row]) -> Iterator[str]:
    writer = csv.writer(Echo())
    yield "\ufeff"  # BOM: Excel opens the file as UTF-8
    yield writer.writerow([label for label, _ in COLUMNS])
    for letter, treatment in rows:
        yield writer.writerow([cell(value(letter, treatment)) for _, value in COLUMNS])


def export_filename() -> str:
    return f"imr-decisions-{timezone.localdate():%Y%m%d}.csv"


def export_limit() -> int:
    return int(getattr(settings, "EXPORT_MAX_ROWS", 10_000))


@require_GET
@export_access
@engine_guard
def export_csv(request: HttpRequest) -> StreamingHttpResponse:
    query = validate(request.GET)
    limit = export_limit()
    rows = iter_export_rows(query.params, limit)
    first = next(rows, None)  # runs the first engine request now, so an outage is a 503, not a broken stream
    body = csv_lines(_chain(first, rows))
    response = StreamingHttpResponse(body, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{export_filename()}"'
    response["X-Export-Limit"] = str(limit)
    response["Cache-Control"] = "no-store"
    return response


def _chain(first: Row | None, rest: Iterator[Row]) -> Iterator[Row]:
    if first is not None:
        yield first
        yield from rest

"""GET /export.csv : the current query as CSV, one row per matching disputed treatment, streamed."""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from django.http import HttpRequest, StreamingHttpResponse
from django.utils import timezone
from django.views.decorators.http import require_GET

from search.views import engine
from search.views.access import export_access
from search.views.errors import engine_guard

COLUMNS: tuple[tuple[str, str], ...] = (
    ("case_number", "Case number"),
    ("decision_date", "Decision date"),
    ("date_assigned", "Date assigned"),
    ("date_of_injury", "Date of injury"),
    ("priority", "Priority"),
    ("reviewer_specialties", "Reviewer specialties"),
    ("reviewer_license_states", "Reviewer license states"),
    ("position", "Treatment number"),
    ("request", "Request"),
    ("category", "Category"),
    ("subcategory", "Subcategory"),
    ("drug_class", "Drug class"),
    ("decision", "Decision"),
    ("guideline_sources", "Guideline sources"),
    ("rationale", "Rationale"),
)
ALIASES = {
    "reviewer_specialties": ("specialties",),
    "reviewer_license_states": ("states", "license_states"),
    "guideline_sources": ("guidelines",),
}
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class Echo:
    """A file-like object whose write() returns the line, for csv.writer over a generator."""

    def write(self, value: str) -> str:
        return value


def cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, list | tuple | set):
        return "; ".join(cell(v) for v in value)
    if isinstance(value, Mapping):
        return cell(value.get("source") or value.get("citation"))
    text = str(value)
    # Spreadsheet formula injection: a cell starting with = + - @ is shown, not evaluated.
    return "'" + text if text.startswith(FORMULA_START) else text


def _value(row: Mapping[str, Any] | Any, key: str) -> Any:
    for name in (key, *ALIASES.get(key, ())):
        value = row.get(name) if isinstance(row, Mapping) else getattr(row, name, None)
        if value is not None:
            return value
    return None


def csv_lines(rows: Iterable[Mapping[str, Any] | Any]) -> Iterator[str]:
    writer = csv.writer(Echo())
    yield "\ufeff"  # BOM: Excel opens the file as UTF-8
    yield writer.writerow([label for _, label in COLUMNS])
    for row in rows:
        yield writer.writerow([cell(_value(row, key)) for key, _ in COLUMNS])


def export_filename() -> str:
    return f"imr-decisions-{timezone.localdate():%Y%m%d}.csv"


@require_GET
@export_access
@engine_guard
def export_csv(request: HttpRequest) -> StreamingHttpResponse:
    query = engine.parse(request.GET)
    limit = engine.export_limit()
    rows = iter(engine.export_rows(query, limit))
    first = next(rows, None)  # runs the first engine request now, so an outage is a 503, not a broken stream
    body = csv_lines(_chain(first, rows))
    response = StreamingHttpResponse(body, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{export_filename()}"'
    response["X-Export-Limit"] = str(limit)
    response["Cache-Control"] = "no-store"
    return response


def _chain(first: Any, rest: Iterator[Any]) -> Iterator[Any]:
    if first is not None:
        yield first
        yield from rest

"""GET /outcomes/export.csv and /outcomes/export.xlsx: an outcome table of a search as a file.

The table of ``/api/outcomes`` (the same parameters, validated by the same form): a row for all of the
search's matching decisions, then one per group of ``by`` in the asked ``order``; rates are fractions
(the spreadsheet shows them as percentages). The .xlsx is written by openpyxl (pinned in
requirements.txt: maintained, pure Python, and it reads the files back in the tests); it has a second
sheet saying which search and which decisions the table counts. Same access as the API: the table is
what the Outcomes page shows, not letters' content.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.http import require_GET
from openpyxl import Workbook
from openpyxl.cell import Cell
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from accounts.access import search_access
from accounts.audit import record
from accounts.limits import rate_limited
from accounts.models import AuditKind
from search.forms import ValidSearch, validate
from search.outcomes import Outcome, Outcomes, dimension, run_outcomes, sort_of
from search.unavailable import engine_guard
from search.views.export import content_disposition, search_words, slug
from sheets import csv_lines, xlsx_cell

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TOTAL = "All matching decisions"
COLUMNS = ("Decisions", "Upheld", "Overturned", "Overturn rate", "95% CI low", "95% CI high", "Too small")
COUNTED = (
    "The search's matching decisions (the decisions about the search), those decided: upheld or "
    "overturned. Rates are fractions of the decisions, with a 95% Wilson interval; a group is too small "
    "when its interval is wider than 0.3."
)
Value = str | int | float | None


class Table:
    """An outcome table: its header and rows (the total first), values as they are (not yet text)."""

    def __init__(self, query: ValidSearch, outcomes: Outcomes) -> None:
        self.query = query
        self.outcomes = outcomes
        self.label = dimension(outcomes.by).label if outcomes.by else "Group"
        self.header: list[str] = [self.label, *COLUMNS]
        self.rows: list[list[Value]] = [
            [TOTAL, *_numbers(outcomes.total)],
            *([g.value, *_numbers(g)] for g in outcomes.groups),
        ]

    def filename(self, ext: str) -> str:
        """``imr-outcomes_<date>_<search>_by-<by>.<ext>``: ASCII letters, digits, ``-``, ``_``, ``.``."""
        today = timezone.localdate(timezone=timezone.get_default_timezone())
        by = f"by-{slug(self.outcomes.by)}" if self.outcomes.by else ""
        parts = ("imr-outcomes", today.isoformat(), slug(search_words(self.query.params)), by)
        return "_".join(p for p in parts if p) + f".{ext}"


def _numbers(row: Outcome) -> list[Value]:
    return [
        row.decisions,
        row.upheld,
        row.overturned,
        row.overturn_rate,
        row.ci_low,
        row.ci_high,
        "yes" if row.too_small else "no",
    ]


def csv_text(table: Table) -> str:
    """The table as CSV: a float with every digit, text formula-safe (``sheets.csv_lines``)."""
    return "".join(csv_lines(table.header, table.rows))


def _cells(sheet: WriteOnlyWorksheet, row: list[Value]) -> list[Cell]:
    """``row`` as cells of a write-only ``sheet``: text as text (``sheets.xlsx_cell``), rates as
    percentages."""
    cells = []
    for value in row:
        c = xlsx_cell(sheet, value)
        if isinstance(value, float):
            c.number_format = "0.0%"
        cells.append(c)
    return cells


def xlsx_bytes(table: Table) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Outcomes")
    sheet.append(table.header)
    for row in table.rows:
        sheet.append(_cells(sheet, row))
    about = book.create_sheet("About")
    for line in (
        ["Search", table.query.querystring or "(every letter)"],
        ["Breakdown", table.label if table.outcomes.by else "(none: the total only)"],
        ["Decisions counted", COUNTED],
    ):
        about.append(_cells(about, list(line)))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _download(
    request: HttpRequest, ext: str, write: Callable[[Table], str | bytes], media: str
) -> HttpResponse:
    query = validate(request.GET)
    by = request.GET.get("by") or None
    try:
        dim = dimension(by) if by else None
        order = sort_of(request.GET.get("order") or "count")
    except ValueError as exc:  # an unknown breakdown or order: the message says which there are
        return HttpResponse(str(exc), status=400, content_type="text/plain; charset=utf-8")
    table = Table(query, run_outcomes(query.params, dim.param if dim else None, sort=order))
    response = HttpResponse(write(table), content_type=media)
    asked = "&".join(p for p in (query.querystring, urlencode({"by": by or "", "order": order})) if p)
    record(request, AuditKind.EXPORT, query=f"{request.path}?{asked}", rows=len(table.rows))
    response["Content-Disposition"] = content_disposition(table.filename(ext))
    response["Cache-Control"] = "no-store"
    return response


@require_GET
@search_access
@rate_limited("export")
@engine_guard
def outcomes_csv(request: HttpRequest) -> HttpResponse:
    return _download(request, "csv", csv_text, "text/csv; charset=utf-8")


@require_GET
@search_access
@rate_limited("export")
@engine_guard
def outcomes_xlsx(request: HttpRequest) -> HttpResponse:
    return _download(request, "xlsx", xlsx_bytes, XLSX)

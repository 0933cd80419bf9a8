"""GET /outcomes/compare?s=<search 1>&s=<search 2>... : two to four searches side by side
(``search.outcomes.run_comparison``), each its total and, after the first, its difference from the
first, as a table with a bar chart of the rates (``static/js/outcomes.js``).

The page's form edits each search's words (its filters and scope ride along hidden), removes a
search or adds one (words, or a search page's address); it answers with a redirect to the canonical
``?s=...`` address of the searches it says.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from accounts.access import search_access
from search import scopes
from search.forms import MAX_QUERYSTRING, ValidSearch, clean_querystring
from search.outcomes import DIMENSIONS, MAX_SEARCHES, OUTCOME_MAX_WIDTH, Compared, Difference, run_comparison
from search.unavailable import engine_guard
from search.views.compare_breakdown import breakdown_rows, breakdown_tables, choose_by
from search.views.context import chips
from search.views.outcomes_context import DASH, LABELS, OUTCOME_PARAMS, Row, Table, interval, percent

EDIT = "edit"  # the form's marker: its fields say the searches
NEW = "q_new"  # the form's added search


def points(value: float) -> str:
    """A difference of rates in percentage points, signed: "+12.3", "\u22124.0", "0.0"."""
    text = f"{value * 100:+.1f}"
    return "0.0" if text in ("+0.0", "-0.0") else text.replace("-", "\u2212")


def verdict(diff: Difference) -> str:
    if diff.low > 0:
        return "Higher"
    if diff.high < 0:
        return "Lower"
    return "No clear difference"


@dataclass(frozen=True, slots=True)
class SearchRow:
    """One search of the page: its form fields, its description, its numbers."""

    index: int
    compared: Compared
    words: str
    rest: str  # the search's query string without its words (filters, scope): the form's hidden field
    filters: list[str]
    values: str  # the filters' values alone, for the chart
    search_url: str
    outcomes_url: str
    rate: str = DASH
    interval: str = DASH
    difference: str = DASH
    difference_interval: str = DASH
    verdict: str = ""
    notes: list[str] = field(default_factory=list)

    @property
    def label(self) -> str:
        """Its words, or (without words) its filters, or "All decisions"."""
        if self.words:
            return f"\u201c{self.words}\u201d"
        return "; ".join(self.filters) or "All decisions"

    @property
    def details(self) -> list[str]:
        """What the label leaves out: the filters of a search with words."""
        return self.filters if self.words else []

    @property
    def short_label(self) -> str:
        """The chart's label: "1. “acupuncture”", "2. Chiropractic" (the filters' values)."""
        return f"{self.index + 1}. " + (f"\u201c{self.words}\u201d" if self.words else self.values or "All")


def description(search: ValidSearch) -> list[str]:
    """The search's filters and scope in words."""
    described = [f"{chip.label}: {chip.value}" for chip in chips(search.query_dict())]
    if search.params.scope != scopes.DEFAULT.value:
        described.append(f"Words {scopes.scope(search.params.scope).label}")
    return described


def search_row(index: int, compared: Compared) -> SearchRow:
    search = compared.search
    qs = search.querystring
    row = SearchRow(
        index=index,
        compared=compared,
        words=search.params.q,
        rest=replace(search.params, q="").to_querystring(),
        filters=description(search),
        values=", ".join(chip.value for chip in chips(search.query_dict())),
        search_url=reverse("search:search") + (f"?{qs}" if qs else ""),
        outcomes_url=reverse("search:outcomes") + (f"?{qs}" if qs else ""),
        notes=[*search.messages, *([compared.refused] if compared.refused else [])],
    )
    if compared.total is not None:
        row = replace(row, rate=percent(compared.total.overturn_rate), interval=interval(compared.total))
    diff = compared.difference
    if diff is None:
        return row
    return replace(
        row,
        difference=points(diff.value),
        difference_interval=f"{points(diff.low)} to {points(diff.high)}",
        verdict=verdict(diff),
    )


def compare_url(querystrings: list[str], by: str | None = None) -> str:
    by_pair = [("by", by)] if by else []
    return reverse("search:compare") + "?" + urlencode([("s", qs) for qs in querystrings] + by_pair)


def _added(text: str) -> str:
    """The added search: a pasted search address (or query string) as its query string, else words."""
    _, _, querystring = text.partition("?")
    if querystring and "=" in querystring:
        return clean_querystring(text)
    return urlencode({"q": text})


def edited(data: QueryDict) -> list[str]:
    """The searches the form says: each row's words with its hidden rest, minus the one removed,
    plus the added one."""
    removed = data.get("remove", "")
    querystrings = []
    for i in range(MAX_SEARCHES):
        if (f"f{i}" not in data and f"q{i}" not in data) or str(i) == removed:
            continue
        rest = QueryDict(data.get(f"f{i}", "")[:MAX_QUERYSTRING])
        words = data.get(f"q{i}", "").strip()
        pairs = [("q", words)] if words else []
        pairs += [(k, v) for k, values in rest.lists() if k not in (*OUTCOME_PARAMS, "q") for v in values]
        querystrings.append(urlencode(pairs))
    added = data.get(NEW, "").strip()
    if added:
        querystrings.append(_added(added))
    return querystrings


def chart_table(rows: list[SearchRow]) -> Table:
    """The searches' rates as the Outcomes page's bars (one per search with a total)."""
    counted = [(r, r.compared.total) for r in rows if r.compared.total is not None]
    bars = [
        Row(r.short_label, total, percent(total.overturn_rate), interval(total), "") for r, total in counted
    ]
    return Table("compare", "", "Search", "bars", bars)


def compare_context(querystrings: list[str], by: str | None, *messages: str) -> dict[str, Any]:
    comparison = run_comparison(querystrings, by)
    rows = [search_row(i, c) for i, c in enumerate(comparison.searches)]
    table = chart_table(rows)
    by_tables = breakdown_tables(comparison)
    charts = {table.key: table.chart()} if comparison.ready and table.rows else {}
    charts.update({t.key: t.chart() for _, t in by_tables if t.rows})
    return {
        "rows": rows,
        "first": rows[0] if rows else None,
        "ready": comparison.ready,
        "messages_compare": [*comparison.messages, *messages],
        "by": comparison.by,
        "by_label": LABELS.get(comparison.by or "", ""),
        "dimensions": DIMENSIONS,
        "breakdown": breakdown_rows(comparison),
        "can_add": len(rows) < MAX_SEARCHES,
        "max_searches": MAX_SEARCHES,
        "max_width": round(OUTCOME_MAX_WIDTH * 100),
        "breakdown_charts": [(rows[i], t) for i, t in by_tables if t.rows],
        "charts": charts,
    }


@require_GET
@search_access
@engine_guard
def compare_page(request: HttpRequest) -> HttpResponse:
    by, messages = choose_by(request.GET)
    if EDIT in request.GET:
        return redirect(compare_url(edited(request.GET), by))
    context = compare_context(request.GET.getlist("s"), by, *messages)
    return render(request, "search/compare.html", context)

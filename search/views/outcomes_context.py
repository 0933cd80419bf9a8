"""Template context of the Outcomes page: the breakdowns asked for, the total in words, the
timeline, and each table with the JSON its chart is drawn from (``static/js/outcomes.js``).

The tables are the source of truth (screen readers, copying); the charts draw the same numbers.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from django.http import QueryDict
from django.urls import NoReverseMatch, reverse

from search.facets import FACETS
from search.forms import ValidSearch
from search.outcomes import DIMENSIONS, OUTCOME_MAX_WIDTH, SORTS, Outcome, Outcomes, Sort, run_breakdowns
from search.views.context import chips

# The page's own parameters: the breakdowns and their order (count or rate; ``order`` as in the API
# and the downloads, apart from the search's own ``sort`` of its results, which the page carries).
OUTCOME_PARAMS = ("by", "by2", "order")
SORT_LABELS: dict[Sort, str] = {"count": "Most decisions first", "rate": "Highest overturn rate first"}
DEFAULT_BY = "category"
DEFAULT_BY2 = "specialty"  # time has its own chart, the timeline
QUARTERS_UP_TO_YEARS = 3  # a timeline spanning at most this many years is drawn by quarter
LABELS = {d.param: d.label for d in DIMENSIONS}
# The facet that filters the search to one group of a dimension (citation: the section facet).
FACET_OF = {d.param: f for d in DIMENSIONS for f in FACETS if d.field and f.field == d.field}
PERIODS = ("decision_year", "decision_quarter")
NOT_RECORDED = "Not recorded"
DASH = "\u2013"  # an en dash: a range, or no value


@dataclass
class Choices:
    """The breakdowns and the order asked for, validated (bad values become messages)."""

    by: str = DEFAULT_BY
    by2: str | None = DEFAULT_BY2
    sort: Sort = "count"
    messages: list[str] = field(default_factory=list)


def _last(data: QueryDict, key: str) -> str | None:
    values = data.getlist(key)
    return values[-1].strip() if values else None


def _dimension(data: QueryDict, key: str, default: str | None, choices: Choices) -> str | None:
    raw = _last(data, key)
    if raw is None:
        return default
    if raw == "" and key == "by2":
        return None  # "no second breakdown"
    if raw in LABELS:
        return raw
    fallback = LABELS[default] if default else "none"
    choices.messages.append(f"Unknown breakdown \u201c{raw[:40]}\u201d; showing {fallback.lower()}.")
    return default


def choose(data: QueryDict) -> Choices:
    choices = Choices()
    choices.by = _dimension(data, "by", DEFAULT_BY, choices) or DEFAULT_BY
    choices.by2 = _dimension(data, "by2", DEFAULT_BY2, choices)
    if choices.by2 == choices.by:
        choices.by2 = None
    order = _last(data, "order")
    known = [sort for sort in SORTS if sort == order]
    if known:
        choices.sort = known[0]
    elif order:
        choices.messages.append(f"Unknown order \u201c{order[:40]}\u201d; most decisions first.")
    return choices


def search_data(data: QueryDict) -> QueryDict:
    """The request's search parameters: the page's own removed, so that the search validates exactly
    as on the search page."""
    qd = data.copy()
    for key in OUTCOME_PARAMS:
        qd.pop(key, None)
    return qd


def percent(rate: float | None) -> str:
    return DASH if rate is None else f"{rate * 100:.1f}%"


def interval(outcome: Outcome) -> str:
    if outcome.ci_low is None or outcome.ci_high is None:
        return DASH
    return f"{percent(outcome.ci_low)}{DASH}{percent(outcome.ci_high)}"


def headline(outcome: Outcome) -> str:
    """ "9.4% overturned (95% CI 7.9% to 11.1%, an en dash between), 1,204 decisions" """
    noun = "decision" if outcome.decisions == 1 else "decisions"
    if outcome.overturn_rate is None:
        return "No matching decision was upheld or overturned"
    return (
        f"{percent(outcome.overturn_rate)} overturned (95% CI {interval(outcome)}), "
        f"{outcome.decisions:,} {noun}"
    )


def value_label(param: str, value: str | int | None) -> str:
    if value is None or value == "":
        return NOT_RECORDED
    facet = FACET_OF.get(param)
    return facet.display(str(value)) if facet else str(value)


@dataclass(frozen=True, slots=True)
class Row:
    label: str
    outcome: Outcome
    rate: str
    interval: str
    search_url: str  # the search narrowed to this group, or "" when no filter says it


@dataclass(frozen=True, slots=True)
class Table:
    key: str  # the element ids: "table-<key>", "chart-<key>"
    param: str
    title: str
    kind: Literal["line", "bars"]
    rows: list[Row]
    csv_url: str = ""
    xlsx_url: str = ""

    @property
    def title_in_text(self) -> str:
        """The title inside a sentence: "treatment category", "guideline source (IMR reviewer)"."""
        return self.title[:1].lower() + self.title[1:]

    def chart(self) -> dict[str, Any]:
        """What outcomes.js draws: one mark per row (a bar, or a point when the period has a rate)."""
        return {
            "kind": self.kind,
            "title": self.title,
            "groups": [
                {
                    "label": row.label,
                    "rate": row.outcome.overturn_rate,
                    "low": row.outcome.ci_low,
                    "high": row.outcome.ci_high,
                    "decisions": row.outcome.decisions,
                    "small": row.outcome.too_small,
                }
                for row in self.rows
            ],
        }


def period(value: str | int) -> tuple[dt.date, dt.date] | None:
    """The first and last day of a decision year (2017) or quarter ("2017-Q3"), or None."""
    match = re.fullmatch(r"(\d{4})(?:-Q([1-4]))?", str(value))
    if not match:
        return None
    year = int(match[1])
    if not match[2]:
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    quarter = int(match[2])
    after = dt.date(year + 1, 1, 1) if quarter == 4 else dt.date(year, 3 * quarter + 1, 1)
    return dt.date(year, 3 * quarter - 2, 1), after - dt.timedelta(days=1)


def _day(qd: QueryDict, key: str) -> dt.date | None:
    """A date of the validated search (ISO, as its query string has it)."""
    value = qd.get(key)
    return dt.date.fromisoformat(value) if isinstance(value, str) and value else None


def group_url(search: QueryDict, param: str, value: str | int | None) -> str:
    """The search narrowed to one group: its facet value selected, or its period as the date range
    (within the search's own); "" when no filter says the group."""
    if value is None or value == "":
        return ""
    qd = search.copy()
    facet = FACET_OF.get(param)
    days = period(value) if param in PERIODS else None
    if facet:
        if str(value) not in qd.getlist(facet.param):
            qd.appendlist(facet.param, str(value))
    elif days:
        start = max(days[0], _day(qd, "date_from") or days[0])
        end = min(days[1], _day(qd, "date_to") or days[1])
        qd.pop("date_from", None)
        qd.pop("date_to", None)
        qd["date_from"], qd["date_to"] = start.isoformat(), end.isoformat()
    else:
        return ""
    return reverse("search:search") + "?" + qd.urlencode()


def table(key: str, outcomes: Outcomes, search: QueryDict, kind: Literal["line", "bars"]) -> Table:
    param = outcomes.by or ""
    rows = [
        Row(
            value_label(param, group.value),
            group,
            percent(group.overturn_rate),
            interval(group),
            group_url(search, param, group.value),
        )
        for group in outcomes.groups
    ]
    return Table(key, param, LABELS.get(param, param), kind, rows)


def timeline(years: Outcomes, quarters: Outcomes) -> Outcomes:
    """The rate over time: by year, or by quarter when the decisions span a few years only."""
    known = [int(g.value) for g in years.groups if isinstance(g.value, int | str) and str(g.value).isdigit()]
    if known and max(known) - min(known) < QUARTERS_UP_TO_YEARS:
        return chronological(quarters)
    return chronological(years)


def chronological(outcomes: Outcomes) -> Outcomes:
    dated = sorted((g for g in outcomes.groups if g.value not in (None, "")), key=lambda g: str(g.value))
    return Outcomes(total=outcomes.total, by=outcomes.by, groups=dated)


def optional_url(name: str, querystring: str) -> str:
    """A route another part of the portal adds (the tables' downloads), or "" while it is absent."""
    try:
        url = reverse(name)
    except NoReverseMatch:
        return ""
    return f"{url}?{querystring}"


def with_downloads(t: Table, search: QueryDict, order: Sort) -> Table:
    """The table's CSV and .xlsx links: the search and the breakdown, when those routes exist."""
    qd = search.copy()
    qd["by"] = t.param
    qd["order"] = order
    qs = qd.urlencode()
    return replace(
        t, csv_url=optional_url("search:outcomes-csv", qs), xlsx_url=optional_url("search:outcomes-xlsx", qs)
    )


def page_context(query: ValidSearch, choices: Choices, *messages: str) -> dict[str, Any]:
    """What the page shows with or without numbers: the search, the choices, the notices."""
    base_qs = query.querystring
    phrases_url = reverse("search:outcomes-phrases") + (f"?{base_qs}" if base_qs else "")
    return {
        "query": query,
        "q": query.text,
        "base_qs": base_qs,
        "search_pairs": query.params.to_pairs(),
        "search_url": reverse("search:search") + (f"?{base_qs}" if base_qs else ""),
        # "What the rationales say": its page (the link without JavaScript), and the fragment
        # outcomes.js fetches once the page is shown (search/views/outcomes_phrases.py)
        "phrases_url": phrases_url,
        "phrases_fragment_url": phrases_url + ("&" if base_qs else "?") + "fragment=1",
        "filters": [f"{chip.label}: {chip.value}" for chip in chips(query.query_dict())],
        "messages_engine": [*query.messages, *choices.messages, *messages],
        "choices": choices,
        "dimensions": DIMENSIONS,
        "sorts": SORT_LABELS,
        "max_width": round(OUTCOME_MAX_WIDTH * 100),
    }


def outcomes_context(query: ValidSearch, choices: Choices) -> dict[str, Any]:
    """The page with its numbers: the total, the timeline and the breakdowns, from one engine request."""
    search = query.query_dict()
    bys = [choices.by, *([choices.by2] if choices.by2 else [])]
    years, quarters, *breakdowns = run_breakdowns(query.params, [*PERIODS, *bys], sort=choices.sort)
    total = breakdowns[0]
    keys = ("by", "by2")[: len(breakdowns)]
    tables = [
        table("line", timeline(years, quarters), search, "line"),
        *(table(key, outcomes, search, "bars") for key, outcomes in zip(keys, breakdowns, strict=True)),
    ]
    tables = [with_downloads(t, search, choices.sort) for t in tables]
    return {
        **page_context(query, choices),
        "total": total.total,
        "headline": headline(total.total),
        "timeline": tables[0],
        "breakdowns": tables[1:],
        "charts": {t.key: t.chart() for t in tables},
    }

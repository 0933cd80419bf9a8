"""The Compare page's breakdown: each search's groups of one dimension side by side, a row per value
(in any search), chronological for periods, else by decisions over all the searches; then each
search's chart of them, as the Outcomes page draws a breakdown (a line over time for periods)."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import QueryDict

from search.outcomes import Comparison, Outcome, Outcomes
from search.views.outcomes_context import (
    DASH,
    LABELS,
    PERIODS,
    Table,
    chronological,
    interval,
    percent,
    table,
    value_label,
)

NO_BREAKDOWN = ""


@dataclass(frozen=True, slots=True)
class Cell:
    outcome: Outcome | None  # None: the search has no decided decision in this group
    rate: str = DASH
    interval: str = DASH


@dataclass(frozen=True, slots=True)
class BreakdownRow:
    label: str
    cells: list[Cell]


def choose_by(data: QueryDict) -> tuple[str | None, list[str]]:
    """The breakdown asked for (``by``), or None; an unknown one is a message."""
    values = data.getlist("by")
    raw = values[-1].strip() if values else NO_BREAKDOWN
    if raw == NO_BREAKDOWN:
        return None, []
    if raw in LABELS:
        return raw, []
    return None, [f"Unknown breakdown \u201c{raw[:40]}\u201d; each search in all only."]


def cell(row: Outcome | None) -> Cell:
    return Cell(row, percent(row.overturn_rate), interval(row)) if row else Cell(None)


def breakdown_rows(comparison: Comparison) -> list[BreakdownRow]:
    param = comparison.by
    if param is None:
        return []
    by_value = [{g.value: g for g in c.groups} for c in comparison.searches]
    decisions: dict[str | int | None, int] = {}
    for groups in by_value:
        for value, group in groups.items():
            decisions[value] = decisions.get(value, 0) + group.decisions
    if param in PERIODS:
        values = sorted(decisions, key=str)
    else:
        values = sorted(decisions, key=lambda v: (-decisions[v], str(v)))
    return [
        BreakdownRow(value_label(param, value), [cell(groups.get(value)) for groups in by_value])
        for value in values
    ]


def breakdown_tables(comparison: Comparison) -> list[tuple[int, Table]]:
    """Each counted search's breakdown as the Outcomes page's table (its chart's data), with the
    search's index; keys ``by0``, ``by1``... ."""
    param = comparison.by
    if param is None:
        return []
    periods = param in PERIODS
    tables = []
    for i, c in enumerate(comparison.searches):
        if c.total is None:
            continue
        outcomes = Outcomes(total=c.total, by=param, groups=c.groups)
        shown = chronological(outcomes) if periods else outcomes
        tables.append((i, table(f"by{i}", shown, c.search.query_dict(), "line" if periods else "bars")))
    return tables

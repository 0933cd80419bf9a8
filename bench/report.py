"""A benchmark's figures, as bench_search.py and bench_outcomes.py hand them out: a markdown table
for docs/benchmarks.md on stdout and, when asked, the same figures as JSON."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any


def emit_report(report: dict[str, Any], json_path: Path | None) -> None:
    """Print ``report`` as a two-column markdown table (figure, value), after a blank line, a nested
    dictionary's figures one row each ("by_class / words / full_p95_ms"); write it to ``json_path``
    as JSON too when given (``--json``)."""
    print()
    print("| figure | value |")
    print("|---|---|")
    for key, value in _rows(report):
        print(f"| {key} | {value} |")
    if json_path:
        json_path.write_text(json.dumps(report, indent=2))


def _rows(report: dict[str, Any], prefix: str = "") -> list[tuple[str, Any]]:
    rows: list[tuple[str, Any]] = []
    for key, value in report.items():
        if isinstance(value, dict):
            rows.extend(_rows(value, f"{prefix}{key} / "))
        else:
            rows.append((f"{prefix}{key}", value))
    return rows

"""A value as the text of a CSV cell that a spreadsheet shows and never evaluates."""

from __future__ import annotations

import datetime as dt

# What a spreadsheet takes for the start of a formula (a tab or a carriage return before one too).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

Value = str | int | float | dt.date | list[str] | None


def cell(value: Value) -> str:
    """``value`` as text: None is empty, a list its items joined by "; ", a float every digit (its
    repr), and text that starts like a formula gets a leading apostrophe (spreadsheet formula
    injection: it is shown, not evaluated)."""
    if value is None:
        return ""
    text = "; ".join(value) if isinstance(value, list) else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text

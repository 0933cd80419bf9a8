"""Case numbers in the search box: one typed as a word, or a pasted list of them. Pure, no I/O."""

from __future__ import annotations

import re

MAX_CASE_NUMBERS = 2000
CASE_NUMBER = re.compile(r"^[A-Za-z]{2}\d{2}-\d{4,8}$")
_CASE_SPLIT = re.compile(r"[\s,;|]+")


def case_number_list(text: str) -> list[str] | None:
    """The case numbers when the text is only a list of them (spaces, commas, newlines between)."""
    parts = [p for p in _CASE_SPLIT.split(text.strip()) if p]
    if not parts or not all(CASE_NUMBER.match(p) for p in parts):
        return None
    return list(dict.fromkeys(p.upper() for p in parts))

"""Dates as letters write them: 11/14/2014, 8/25/11, 2014-11-14, November 14, 2014."""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

_NUMERIC = re.compile(r"^(\d{1,2})\s{0,2}([/.-])\s{0,2}(\d{1,2})\s{0,2}\2\s{0,2}(\d{2}|\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_MONTH_FIRST = re.compile(r"^([A-Za-z]{3,9})\.?\s{1,3}(\d{1,2}),?\s{1,3}(\d{4})$")
_DAY_FIRST = re.compile(r"^(\d{1,2})\s{1,3}([A-Za-z]{3,9})\.?,?\s{1,3}(\d{4})$")

_MONTHS: dict[str, int] = {}
for _number, _name in enumerate(
    (
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ),
    start=1,
):
    _MONTHS[_name] = _number
    _MONTHS[_name[:3]] = _number
_MONTHS["sept"] = 9


def _year(text: str) -> int:
    year = int(text)
    if len(text) == 2:
        year += 2000 if year < 50 else 1900
    return year


def _make(year: int, month: int, day: int) -> dt.date | None:
    if not 1900 <= year <= 2100:
        return None
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


@lru_cache(maxsize=4096)  # the same dates recur from letter to letter (cleared by ``clear_caches``)
def parse_date(text: str) -> dt.date | None:
    """The date written in ``text`` (US month/day order), or None if it is not a valid date."""
    text = text.strip().rstrip(".,;")
    if len(text) > 40:
        return None
    match = _NUMERIC.match(text)
    if match:
        return _make(_year(match.group(4)), int(match.group(1)), int(match.group(3)))
    match = _ISO.match(text)
    if match:
        return _make(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    match = _MONTH_FIRST.match(text)
    if match:
        month = _MONTHS.get(match.group(1).lower())
        return _make(int(match.group(3)), month, int(match.group(2))) if month else None
    match = _DAY_FIRST.match(text)
    if match:
        month = _MONTHS.get(match.group(2).lower())
        return _make(int(match.group(3)), month, int(match.group(1))) if month else None
    return None

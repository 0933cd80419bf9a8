"""Header fields: case number, the five dates, priority."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from ingest.parsing.dates import parse_date
from ingest.parsing.patterns import DATE_TEXT

HEADER_WINDOW = 4000  # header fields are looked for in the first characters only
_HEADER_ENDS = ("HOW THE IMR FINAL", "How the IMR Final", "CLINICAL CASE SUMMARY")
_HEADER_ANCHORS = ("Case Number", "CASE NUMBER", "Case number")
_ANCHOR_SEARCH = 60000

# Labels as they appear lower-cased in normalized text, per field.
_LABELS: dict[str, tuple[str, ...]] = {
    "date_assigned": ("date assigned",),
    "date_of_injury": ("date of injury",),
    "decision_date": ("decision date",),
    "ur_denial_date": ("ur denial date", "date of ur decision", "ur decision date", "date of ur denial"),
    "application_received": ("application received",),
}
_CASE_LABELS = ("case number", "case no", "case #")
_CASE_VALUE = re.compile(r"\.?\s{0,3}:?\s{0,3}(?P<v>[A-Z]{2,4}\d{2}-?\d{4,8})\b", re.IGNORECASE)
_DATE_VALUE = re.compile(rf"\s{{0,3}}:\s{{0,3}}(?P<v>{DATE_TEXT})")
_ANY_VALUE = re.compile(r"\s{0,3}:\s{0,3}(?P<v>\S{1,30})")
_PRIORITY_VALUE = re.compile(r"\s{0,3}:\s{0,3}(?P<v>[A-Za-z]{1,20})")
_PRIORITY_VALUES = {
    "standard": "standard",
    "regular": "standard",
    "expedited": "expedited",
    "urgent": "expedited",
}

DATE_FIELD_NAMES: tuple[str, ...] = tuple(_LABELS)


def _after_label(
    window: str, low: str, labels: tuple[str, ...], value: re.Pattern[str]
) -> tuple[bool, str | None]:
    """(label seen, value text) for the first occurrence of any label followed by a value."""
    seen = False
    for label in labels:
        at = low.find(label)
        while at >= 0:
            seen = True
            match = value.match(window, at + len(label))
            if match:
                return True, match.group("v")
            at = low.find(label, at + len(label))
    return seen, None


@dataclass(slots=True)
class Header:
    case_number: str | None = None
    dates: dict[str, dt.date | None] = field(default_factory=dict)
    priority: str | None = None
    warnings: list[str] = field(default_factory=list)

    @property
    def found_any(self) -> bool:
        return bool(self.case_number or self.priority or any(self.dates.values()))


def parse_header(text: str) -> Header:
    """Header fields from the top of the normalized text; missing ones stay None."""
    start = 0
    for anchor in _HEADER_ANCHORS:  # the header may follow other text (a web page, a cover sheet)
        found = text.find(anchor, 0, _ANCHOR_SEARCH)
        if found > HEADER_WINDOW // 2:
            start = found - 200
            break
        if found >= 0:
            break
    window = text[start : start + HEADER_WINDOW]
    for marker in _HEADER_ENDS:
        end = window.find(marker)
        if end >= 0:
            window = window[:end]
            break
    low = window.lower().replace("\n", " ")
    header = Header()
    _, case = _after_label(window, low, _CASE_LABELS, _CASE_VALUE)
    if case:
        header.case_number = case.upper()
    for name, labels in _LABELS.items():
        value: dt.date | None = None
        seen, raw = _after_label(window, low, labels, _DATE_VALUE)
        if raw is not None:
            value = parse_date(raw)
            if value is None:
                header.warnings.append(f"{name}: unreadable date {raw!r}")
        elif seen:
            _, other = _after_label(window, low, labels, _ANY_VALUE)
            if other is not None:
                header.warnings.append(f"{name}: unreadable date {other!r}")
        header.dates[name] = value
    seen, word = _after_label(window, low, ("priority",), _PRIORITY_VALUE)
    if word is not None:
        header.priority = _PRIORITY_VALUES.get(word.lower())
        if header.priority is None:
            header.warnings.append(f"priority: unknown value {word!r}")
    return header

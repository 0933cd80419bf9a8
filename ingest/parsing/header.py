"""Header fields: case number, the five dates, priority."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from ingest.parsing.dates import parse_date
from ingest.parsing.patterns import DATE_TEXT

HEADER_WINDOW = 6000  # header fields are looked for in the first characters only

_CASE_NUMBER = re.compile(
    r"\b(?:IMR\s{1,3})?Case\s{1,3}(?:Number|No\.?|#)\s{0,3}:?\s{0,3}(?P<v>[A-Z]{2,4}\d{2}-?\d{4,8})\b",
    re.IGNORECASE,
)
_DATE_FIELDS: dict[str, re.Pattern[str]] = {
    "date_assigned": re.compile(rf"\bDate\s{{1,3}}Assigned\s{{0,3}}:\s{{0,3}}(?P<v>{DATE_TEXT})", re.I),
    "date_of_injury": re.compile(
        rf"\bDate\s{{1,3}}of\s{{1,3}}Injury\s{{0,3}}:\s{{0,3}}(?P<v>{DATE_TEXT})", re.I
    ),
    "decision_date": re.compile(rf"\bDecision\s{{1,3}}Date\s{{0,3}}:\s{{0,3}}(?P<v>{DATE_TEXT})", re.I),
    "ur_denial_date": re.compile(
        rf"\bUR\s{{1,3}}Denial\s{{1,3}}Date\s{{0,3}}:\s{{0,3}}(?P<v>{DATE_TEXT})", re.I
    ),
    "application_received": re.compile(
        rf"\bApplication\s{{1,3}}Received\s{{0,3}}:\s{{0,3}}(?P<v>{DATE_TEXT})", re.I
    ),
}
# A label followed by something that is not a date: reported as a warning.
_DATE_LABELS: dict[str, re.Pattern[str]] = {
    "date_assigned": re.compile(r"\bDate\s{1,3}Assigned\s{0,3}:\s{0,3}(?P<v>\S{1,30})", re.I),
    "date_of_injury": re.compile(r"\bDate\s{1,3}of\s{1,3}Injury\s{0,3}:\s{0,3}(?P<v>\S{1,30})", re.I),
    "decision_date": re.compile(r"\bDecision\s{1,3}Date\s{0,3}:\s{0,3}(?P<v>\S{1,30})", re.I),
    "ur_denial_date": re.compile(r"\bUR\s{1,3}Denial\s{1,3}Date\s{0,3}:\s{0,3}(?P<v>\S{1,30})", re.I),
    "application_received": re.compile(r"\bApplication\s{1,3}Received\s{0,3}:\s{0,3}(?P<v>\S{1,30})", re.I),
}
_PRIORITY = re.compile(r"\bPriority\s{0,3}:\s{0,3}(?P<v>Standard|Expedited|Regular|Urgent)\b", re.I)
_PRIORITY_ANY = re.compile(r"\bPriority\s{0,3}:\s{0,3}(?P<v>[A-Za-z]{1,20})", re.I)
_PRIORITY_VALUES = {
    "standard": "standard",
    "regular": "standard",
    "expedited": "expedited",
    "urgent": "expedited",
}

DATE_FIELD_NAMES: tuple[str, ...] = tuple(_DATE_FIELDS)


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
    window = text[:HEADER_WINDOW]
    header = Header()
    match = _CASE_NUMBER.search(window)
    if match:
        header.case_number = match.group("v").upper()
    for name, pattern in _DATE_FIELDS.items():
        value: dt.date | None = None
        match = pattern.search(window)
        if match:
            value = parse_date(match.group("v"))
            if value is None:
                header.warnings.append(f"{name}: unreadable date {match.group('v')!r}")
        else:
            label = _DATE_LABELS[name].search(window)
            if label:
                header.warnings.append(f"{name}: unreadable date {label.group('v')!r}")
        header.dates[name] = value
    match = _PRIORITY.search(window)
    if match:
        header.priority = _PRIORITY_VALUES[match.group("v").lower()]
    else:
        label = _PRIORITY_ANY.search(window)
        if label:
            header.warnings.append(f"priority: unknown value {label.group('v')!r}")
    return header

"""Typed results of parsing one IMR letter.

Plain Python: no Django imports. ``asdict``-able, and ``to_json`` gives the
JSON Lines shape printed by ``manage.py parse_letter`` (and written as ground
truth by the corpus generator).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

Decision = Literal["upheld", "overturned"]
GuidelineSource = Literal["MTUS", "ACOEM", "ODG", "other"]
Priority = Literal["standard", "expedited"]


class ParseError(Exception):
    """The input could not be read as an IMR letter; the message says what was missing."""


@dataclass(slots=True)
class Guideline:
    source: str  # GuidelineSource
    citation: str
    cited_by: str  # "claims_administrator" or "maximus"
    pages: str | None = None
    # The cited books' sections, normalized ("MTUS Chronic Pain: Opioids"; a book alone when the
    # citation names no section): ingest.taxonomy.guideline_sections.
    sections: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Treatment:
    request: str
    decision: str  # "upheld", "overturned", or the verbatim text (with a warning)
    original_request: str | None = None
    category: str | None = None
    subcategory: str | None = None
    drug_class: str | None = None
    drug_name: str | None = None
    strength: str | None = None
    quantity: str | None = None
    sessions: int | None = None
    body_regions: list[str] = field(default_factory=list)
    basis: str = ""  # what named the category (ingest.taxonomy.Basis), "" when nothing did
    guidelines: list[Guideline] = field(default_factory=list)
    rationale: str = ""


@dataclass(slots=True)
class ParsedLetter:
    source: str
    case_number: str | None = None
    date_assigned: dt.date | None = None
    date_of_injury: dt.date | None = None
    decision_date: dt.date | None = None
    ur_denial_date: dt.date | None = None
    application_received: dt.date | None = None
    priority: str | None = None  # Priority
    reviewer_specialties: list[str] = field(default_factory=list)
    reviewer_license_states: list[str] = field(default_factory=list)
    patient_age: int | None = None
    patient_sex: str | None = None  # "male" / "female"
    case_summary: str | None = None
    mechanism_of_injury: str | None = None
    diagnoses: list[str] = field(default_factory=list)
    treatments: list[Treatment] = field(default_factory=list)
    layout: str | None = None  # "html", "pdf-text", "pdf", "2013", ...
    text: str = ""  # normalized full text of the letter
    fingerprint: str = ""  # sha256 hex of the normalized text
    warnings: list[str] = field(default_factory=list)
    error: str | None = None

    def to_json(self, *, include_text: bool = False) -> dict[str, Any]:
        data = asdict(self)
        for key, value in data.items():
            if isinstance(value, dt.date):
                data[key] = value.isoformat()
        if not include_text:
            data.pop("text")
        return data

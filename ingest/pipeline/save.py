"""Step 5, save: ParsedLetter fields onto Letter and Treatment rows (the transaction is ingest.services')."""

from __future__ import annotations

import dataclasses
from typing import Any

from django.db import models

from ingest.models import Letter, Treatment
from ingest.parsing.result import ParsedLetter
from ingest.parsing.result import Treatment as ParsedTreatment

_LETTER_FIELDS = (
    "case_number", "date_assigned", "date_of_injury", "decision_date", "ur_denial_date",
    "application_received", "priority", "reviewer_specialties", "reviewer_license_states",
    "patient_age", "patient_sex", "case_summary", "mechanism_of_injury", "diagnoses", "layout", "text",
    "warnings", "fingerprint",
)  # fmt: skip
_TREATMENT_FIELDS = (
    "request", "original_request", "decision", "category", "subcategory", "drug_class", "drug_name",
    "strength", "quantity", "sessions", "body_region", "rationale",
)  # fmt: skip
_SMALLINT_MAX = 32767


def _fit(model: type[models.Model], name: str, value: Any) -> Any:
    """`value` made acceptable to the column: None to "" for text, cut to max_length, ints in range."""
    field = model._meta.get_field(name)
    if isinstance(field, models.CharField | models.TextField):
        text = "" if value is None else str(value).replace("\x00", "")
        if field.null and not text:
            return None
        return text[: field.max_length] if field.max_length else text
    if isinstance(field, models.PositiveSmallIntegerField | models.PositiveIntegerField):
        return value if isinstance(value, int) and 0 <= value <= _SMALLINT_MAX else None
    return value


def fill_letter(letter: Letter, parsed: ParsedLetter, *, content_sha256: str, source_name: str) -> None:
    for name in _LETTER_FIELDS:
        setattr(letter, name, _fit(Letter, name, getattr(parsed, name)))
    letter.content_sha256 = content_sha256
    letter.source_name = source_name[:255]


def build_treatments(letter: Letter, treatments: list[ParsedTreatment]) -> list[Treatment]:
    rows = []
    for position, parsed in enumerate(treatments, start=1):
        row = Treatment(letter=letter, position=position)
        for name in _TREATMENT_FIELDS:
            setattr(row, name, _fit(Treatment, name, getattr(parsed, name)))
        row.guidelines = [dataclasses.asdict(g) for g in parsed.guidelines]
        rows.append(row)
    return rows

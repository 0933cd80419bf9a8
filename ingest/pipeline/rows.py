"""ParsedLetter fields onto Letter and Treatment rows, fitted to their columns (for ingest.pipeline.save)."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

from django.db import models

from ingest.models import Letter, Treatment
from ingest.parsing.result import Guideline as ParsedGuideline
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
    "strength", "quantity", "sessions", "body_regions", "basis", "rationale",
)  # fmt: skip
_SMALLINT_MAX = 32767


def _fitter(field: models.Field) -> Callable[[Any], Any]:
    """A function fitting a value to the column: None to "" for text, cut to max_length, ints in range."""
    if isinstance(field, models.CharField | models.TextField):
        null, limit = field.null, field.max_length

        def text(value: Any) -> Any:
            value = "" if value is None else str(value).replace("\x00", "")
            if null and not value:
                return None
            return value[:limit] if limit else value

        return text
    if isinstance(field, models.PositiveSmallIntegerField | models.PositiveIntegerField):
        return lambda value: value if isinstance(value, int) and 0 <= value <= _SMALLINT_MAX else None
    return lambda value: value


def _fitters(
    model: type[models.Model], names: tuple[str, ...]
) -> tuple[tuple[str, Callable[[Any], Any]], ...]:
    fields = [model._meta.get_field(name) for name in names]
    return tuple((f.name, _fitter(f)) for f in fields if isinstance(f, models.Field))


_LETTER_FIT = _fitters(Letter, _LETTER_FIELDS)
_TREATMENT_FIT = dict(_fitters(Treatment, _TREATMENT_FIELDS))
_GUIDELINE_KEYS = tuple(f.name for f in dataclasses.fields(ParsedGuideline))
# Treatment(*values) in column order (Django's fast positional path, as when reading rows).
_TREATMENT_COLUMNS = tuple(f.attname for f in Treatment._meta.concrete_fields)
_LETTER_CACHE = Treatment._meta.get_field("letter")


def fill_letter(letter: Letter, parsed: ParsedLetter, *, content_sha256: str, source_name: str) -> None:
    """The parsed letter's fields onto the row: a version read from a file (no hand correction)."""
    for name, fit in _LETTER_FIT:
        setattr(letter, name, fit(getattr(parsed, name)))
    letter.content_sha256 = content_sha256
    letter.source_name = source_name[:255]
    letter.corrected_by = None
    letter.correction_reason = ""


def build_treatments(letter: Letter, treatments: list[ParsedTreatment]) -> list[Treatment]:
    rows = []
    for position, parsed in enumerate(treatments, start=1):
        values: list[Any] = []
        for column in _TREATMENT_COLUMNS:
            if column == "id":
                values.append(None)
            elif column == "letter_id":
                values.append(letter.pk)
            elif column == "position":
                values.append(position)
            elif column == "guidelines":
                values.append([{key: getattr(g, key) for key in _GUIDELINE_KEYS} for g in parsed.guidelines])
            else:
                values.append(_TREATMENT_FIT[column](getattr(parsed, column)))
        row = Treatment(*values)
        _LETTER_CACHE.set_cached_value(row, letter)
        rows.append(row)
    return rows

"""Normalized text to :class:`ParsedLetter`: the steps run in order."""

from __future__ import annotations

import re

from ingest.parsing import taxonomy_bridge
from ingest.parsing.header import DATE_FIELD_NAMES, parse_header
from ingest.parsing.layout2013 import is_2013, parse_2013
from ingest.parsing.normalize import Normalized, fingerprint_lines
from ingest.parsing.result import ParsedLetter, ParseError, Treatment
from ingest.parsing.reviewer import parse_reviewer
from ingest.parsing.sections import HOW, ISSUES, SUMMARY, Section, find_sections, section_lines
from ingest.parsing.summary import parse_summary
from ingest.parsing.treatments import parse_items

_IMR_MARKERS = re.compile(
    r"MAXIMUS|Independent\s{1,3}Medical\s{1,3}Review|\bIMR\b|Decision\s{1,3}rationale|medically\s{1,3}necessary",
    re.IGNORECASE,
)
_FIRST_ITEM_HINT = re.compile(
    r"^(?:the\s{1,3}final\s{1,3}determination\s{1,3}was\s{1,3}based|claims\s{1,3}administrator\s{1,3}guideline"
    r"|maximus\s{1,3}guideline|decision\s{1,3}rationale)",
    re.IGNORECASE,
)
_REVIEWER_WINDOW = 20000
# Classification fields copied as they are (``body_regions`` becomes a list).
_FIELDS = (
    "category",
    "subcategory",
    "drug_class",
    "drug_name",
    "strength",
    "quantity",
    "sessions",
    "basis",
)


def _classify(treatment: Treatment) -> None:
    result = taxonomy_bridge.classify_decision(treatment.request, treatment.guidelines, treatment.rationale)
    for name in _FIELDS:
        setattr(treatment, name, getattr(result, name))
    treatment.body_regions = list(result.body_regions)


def _issues_lines(lines: list[str], sections: dict[str, Section]) -> list[str]:
    if ISSUES in sections:
        return section_lines(lines, sections[ISSUES])
    # No heading: start at the first line that belongs to the items.
    start = 0
    if SUMMARY in sections:
        start = sections[SUMMARY].start
    for index in range(start, len(lines)):
        if _FIRST_ITEM_HINT.match(lines[index]):
            return lines[max(index - 1, start) :]
    return lines[start:]


def _no_items_error(text: str) -> ParseError:
    if not _IMR_MARKERS.search(text[:50000]):
        return ParseError(
            "not an IMR letter: no IMR wording (MAXIMUS, Independent Medical Review, Decision rationale) "
            "and no disputed items with decisions found"
        )
    return ParseError(
        "no disputed items found: no item statement ending in 'Upheld'/'Overturned', no 'Decision rationale' "
        "section and no 'MAXIMUS Federal Services, Inc. has determined the request for ...' line"
    )


def build_letter(norm: Normalized, source: str, layout: str) -> ParsedLetter:
    """Run every parsing step on normalized text; raise ParseError if it is not an IMR letter."""
    text = norm.text
    if not text or text.isspace():  # (``not text.strip()`` without copying the text)
        raise ParseError("empty letter: no text after extraction")
    lines = norm.lines
    letter = ParsedLetter(source=source, text=text, fingerprint=fingerprint_lines(lines), layout=layout)
    header = parse_header(text)
    letter.warnings.extend(header.warnings)
    sections = find_sections(lines)

    old = parse_2013(lines, text) if is_2013(text) else None
    if old is not None and (old.treatments or ISSUES not in sections):
        letter.layout = "2013"
        treatments = old.treatments
        letter.warnings.extend(old.warnings)
        for name, value in old.dates.items():
            if header.dates.get(name) is None and value is not None:
                header.dates[name] = value
        reviewer_text = old.reviewer_text or text[:20000]
        summary_lines = old.summary_lines
    else:
        treatments, item_warnings = parse_items(_issues_lines(lines, sections))
        letter.warnings.extend(item_warnings)
        if HOW in sections:
            reviewer_text = "\n".join(section_lines(lines, sections[HOW]))
        else:
            end = sections[SUMMARY].start if SUMMARY in sections else min(len(lines), 40)
            reviewer_text = "\n".join(lines[:end])
        summary_lines = section_lines(lines, sections[SUMMARY]) if SUMMARY in sections else []

    if not treatments:
        raise _no_items_error(text)

    letter.case_number = header.case_number
    letter.priority = header.priority
    for name in DATE_FIELD_NAMES:
        setattr(letter, name, header.dates.get(name))
    if not header.found_any:
        letter.warnings.append("no header found: case number, dates and priority are missing")
    else:
        if letter.case_number is None:
            letter.warnings.append("no case number found")
        for name in DATE_FIELD_NAMES:
            if getattr(letter, name) is None:
                letter.warnings.append(f"{name} not found")

    reviewer = parse_reviewer(reviewer_text)
    if not reviewer.specialties and not reviewer.license_states:
        # Credentials stated somewhere else in the letter.
        reviewer = parse_reviewer(text[:_REVIEWER_WINDOW])
    letter.reviewer_specialties = reviewer.specialties
    letter.reviewer_license_states = reviewer.license_states
    letter.warnings.extend(reviewer.warnings)

    summary = parse_summary(summary_lines)
    letter.case_summary = summary.text
    letter.patient_age = summary.patient_age
    letter.patient_sex = summary.patient_sex
    letter.mechanism_of_injury = summary.mechanism_of_injury
    letter.diagnoses = summary.diagnoses
    if summary.text is None:
        letter.warnings.append("no clinical case summary found")

    for treatment in treatments:
        _classify(treatment)
    letter.treatments = treatments
    return letter

"""Golden tests on the two seed letters: every field of the parse is checked.

Long texts (case summary, rationale) are checked against an oracle computed at
run time from the raw seed (the paragraph after its label, whitespace
collapsed), so no seed text is copied here.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from pathlib import Path

import pytest

from ingest.parsing import Guideline, ParsedLetter, parse_bytes, parse_file
from tests.parsing.conftest import seed_path


def _collapse(text: str) -> str:
    return " ".join(text.split())


def _raw_between(path: Path, start: str, end: str | None) -> str:
    raw = path.read_text(encoding="utf-8").replace("**", "")
    raw = re.sub(r"<[^>]{0,50}>", "", raw)
    begin = raw.index(start) + len(start)
    finish = raw.index(end, begin) if end else len(raw)
    return _collapse(raw[begin:finish])


def _classification(request: str) -> dict[str, object]:
    try:
        from ingest.taxonomy import classify_treatment
    except ImportError:
        pytest.skip("ingest.taxonomy is not available")
    found = classify_treatment(request)
    return {
        name: getattr(found, name, None)
        for name in ("category", "subcategory", "drug_class", "drug_name", "strength", "quantity", "sessions")
    }


def _check_common(letter: ParsedLetter) -> None:
    assert letter.error is None
    assert letter.fingerprint == hashlib.sha256(_collapse(letter.text).encode()).hexdigest()
    for markup in ("<b>", "</b>", "**", "###"):
        assert markup not in letter.text
    for treatment in letter.treatments:
        assert "\n" not in treatment.rationale  # one paragraph, wraps repaired
        got = {name: getattr(treatment, name) for name in _classification(treatment.request)}
        assert got == _classification(treatment.request)
        assert treatment.category is not None


@pytest.fixture(scope="module")
def html_seed() -> Path:
    return seed_path("000_")


@pytest.fixture(scope="module")
def pdf_text_seed() -> Path:
    return seed_path("003_")


def test_html_seed_header_reviewer_and_patient(html_seed: Path) -> None:
    letter = parse_file(html_seed)
    _check_common(letter)
    assert letter.source == str(html_seed)
    assert letter.layout == "html"
    assert letter.case_number == "CM14-0186783"
    assert letter.date_assigned == dt.date(2014, 11, 14)
    assert letter.date_of_injury == dt.date(2011, 8, 25)
    assert letter.decision_date == dt.date(2014, 12, 31)
    assert letter.ur_denial_date == dt.date(2014, 10, 23)
    assert letter.application_received == dt.date(2014, 11, 7)
    assert letter.priority == "standard"
    assert letter.reviewer_specialties == ["Occupational Medicine"]
    assert letter.reviewer_license_states == ["CA"]
    assert letter.patient_age is None  # the seed states no age
    assert letter.patient_sex == "male"
    assert letter.mechanism_of_injury is None
    assert letter.diagnoses == []
    assert letter.warnings == []
    summary = _raw_between(html_seed, "including all medical records:", "### IMR ISSUES")
    assert letter.case_summary == summary


def test_html_seed_treatment(html_seed: Path) -> None:
    letter = parse_file(html_seed)
    assert len(letter.treatments) == 1
    item = letter.treatments[0]
    assert item.request == "Massage Therapy of the cervical and lumbar spine, 8 sessions (2x4)"
    assert item.decision == "upheld"
    assert item.original_request is None
    assert item.sessions == 8
    assert item.guidelines == [
        Guideline(
            "MTUS",
            "MTUS Chronic Pain Treatment Guidelines Massage therapy",
            "claims_administrator",
            "60",
            ["MTUS Chronic Pain: Massage therapy"],
        ),
        Guideline(
            "MTUS",
            "MTUS Chronic Pain Treatment Guidelines Massage Therapy",
            "maximus",
            "60",
            ["MTUS Chronic Pain: Massage therapy"],
        ),
    ]
    assert item.rationale == _raw_between(html_seed, "Decision rationale:", None)


def test_pdf_text_seed_has_no_header_and_warns(pdf_text_seed: Path) -> None:
    letter = parse_file(pdf_text_seed)
    _check_common(letter)
    assert letter.layout == "pdf-text"
    assert letter.case_number is None
    assert letter.date_assigned is None
    assert letter.date_of_injury is None
    assert letter.decision_date is None
    assert letter.ur_denial_date is None
    assert letter.application_received is None
    assert letter.priority is None
    assert letter.warnings == ["no header found: case number, dates and priority are missing"]
    assert letter.reviewer_specialties == ["Physical Medicine & Rehabilitation"]
    assert letter.reviewer_license_states == ["NV"]
    assert letter.patient_age == 65
    assert letter.patient_sex is None  # "individual": not stated
    assert letter.mechanism_of_injury == "a slip and fall"
    assert letter.diagnoses == []
    summary = _raw_between(pdf_text_seed, "including all medical records:", "IMR ISSUES")
    assert letter.case_summary == summary


def test_pdf_text_seed_treatment(pdf_text_seed: Path) -> None:
    letter = parse_file(pdf_text_seed)
    assert len(letter.treatments) == 1
    item = letter.treatments[0]
    assert item.request == "Massage Therapy to the Lumbar Spine"
    assert item.decision == "upheld"
    assert item.original_request is None
    assert item.guidelines == [
        Guideline(
            "MTUS",
            "MTUS Chronic Pain Treatment Guidelines",
            "claims_administrator",
            "60",
            ["MTUS Chronic Pain"],
        ),
        Guideline("MTUS", "MTUS Chronic Pain Treatment Guidelines", "maximus", "60", ["MTUS Chronic Pain"]),
    ]
    assert item.rationale == _raw_between(pdf_text_seed, "Decision rationale:", None)


@pytest.mark.parametrize("prefix", ["000_", "003_"])
def test_seed_survives_re_encoding(prefix: str) -> None:
    """CRLF line ends and UTF-16 or cp1252 bytes give the same letter and fingerprint."""
    path = seed_path(prefix)
    reference = parse_file(path)
    raw = path.read_text(encoding="utf-8")
    variants = [
        raw.replace("\n", "\r\n").encode("utf-8"),
        raw.encode("utf-16"),
        raw.encode("cp1252"),
        b"\xef\xbb\xbf" + raw.encode("utf-8"),
    ]
    for data in variants:
        letter = parse_bytes(data, str(path))
        assert letter.fingerprint == reference.fingerprint
        assert letter.to_json() == reference.to_json()


@pytest.mark.parametrize("prefix", ["000_", "003_"])
def test_seed_reparse_of_normalized_text_is_stable(prefix: str) -> None:
    from ingest.parsing import parse_text

    letter = parse_file(seed_path(prefix))
    again = parse_text(letter.text, letter.source)
    assert again.fingerprint == letter.fingerprint
    assert again.to_json() | {"layout": None} == letter.to_json() | {"layout": None}

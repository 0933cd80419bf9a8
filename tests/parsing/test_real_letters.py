"""The 40 real letters in ../shared/letters/real against expected.jsonl.

Every header field and every decision must equal the expected values.
``expected.jsonl`` writes reviewer specialties as the letter does; the parser
returns canonical names (``ingest.taxonomy.canonical_specialty``) where one
matches, so the expected names go through the same canonicalisation before the
comparison. (For these 40 letters the letter's spelling already is canonical,
so this is a no-op today; it keeps the test right for letters whose spelling
differs, e.g. "Physical Medicine and Rehabilitation".)
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from ingest.parsing import ParsedLetter, parse_file, parse_text
from tests.parsing.conftest import REAL, expected_rows

ROWS = expected_rows()
HEADER_FIELDS = (
    "case_number",
    "date_assigned",
    "date_of_injury",
    "decision_date",
    "ur_denial_date",
    "application_received",
    "priority",
    "reviewer_license_states",
)

pytestmark = pytest.mark.skipif(
    not ROWS, reason=f"{(REAL / 'expected.jsonl').resolve()} is absent: real letters are read from ../shared"
)


def _canonical(name: str) -> str:
    try:
        from ingest.taxonomy import canonical_specialty
    except ImportError:
        return name
    return canonical_specialty(name) or name


@cache
def _parsed(pdf: str) -> ParsedLetter:
    path = REAL / pdf
    if not path.exists():
        pytest.skip(f"{path.resolve()} is absent")
    return parse_file(path)


def _ids(row: dict[str, Any]) -> str:
    return str(row["case_number"])


@pytest.mark.parametrize("row", ROWS, ids=_ids)
def test_header_fields_equal_expected(row: dict[str, Any]) -> None:
    got = _parsed(row["pdf"]).to_json()
    assert {name: got[name] for name in HEADER_FIELDS} == {name: row[name] for name in HEADER_FIELDS}


@pytest.mark.parametrize("row", ROWS, ids=_ids)
def test_reviewer_specialties_equal_expected(row: dict[str, Any]) -> None:
    letter = _parsed(row["pdf"])
    assert letter.reviewer_specialties == [_canonical(name) for name in row["reviewer_specialties"]]


@pytest.mark.parametrize("row", ROWS, ids=_ids)
def test_decisions_equal_expected(row: dict[str, Any]) -> None:
    letter = _parsed(row["pdf"])
    assert [item.decision for item in letter.treatments] == row["decisions"]


@pytest.mark.parametrize("row", ROWS, ids=_ids)
def test_items_are_complete(row: dict[str, Any]) -> None:
    letter = _parsed(row["pdf"])
    assert letter.layout == "pdf"
    assert letter.warnings == []
    assert len(letter.treatments) == len(re.findall(r"Decision rationale\s*:", letter.text))
    for item in letter.treatments:
        assert item.request
        assert item.rationale
        assert not item.request.lower().endswith((" is", ":"))
        assert all(g.source in ("MTUS", "ACOEM", "ODG", "other") for g in item.guidelines)
        assert all(g.cited_by in ("claims_administrator", "maximus") for g in item.guidelines)
        if item.original_request is not None:
            assert "original request" not in item.request.lower()
            assert "original request" not in item.original_request.lower()


def test_original_requests_are_split() -> None:
    """Letters stating "X was the original request ... portion of the original request, Z is: Upheld"."""
    found = 0
    for row in ROWS:
        for item in _parsed(row["pdf"]).treatments:
            if item.original_request is not None:
                found += 1
                assert item.request
    assert found >= 3


@pytest.mark.parametrize("row", ROWS[:10], ids=_ids)
def test_normalized_text_reparses_to_the_same_letter(row: dict[str, Any]) -> None:
    letter = _parsed(row["pdf"])
    again = parse_text(letter.text, letter.source)
    assert again.fingerprint == letter.fingerprint
    assert again.to_json() | {"layout": None} == letter.to_json() | {"layout": None}


def test_fingerprint_is_stable_across_extractions() -> None:
    pdf = REAL / ROWS[0]["pdf"]
    first = parse_file(pdf).fingerprint
    assert first == parse_file(Path(pdf)).fingerprint == _parsed(ROWS[0]["pdf"]).fingerprint
    assert first == parse_text(parse_file(pdf).text).fingerprint

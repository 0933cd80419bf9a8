from __future__ import annotations

import pytest

from ingest.parsing.reviewer import parse_reviewer


def test_newer_credentials_block() -> None:
    reviewer = parse_reviewer(
        "The Expert Reviewer has the following credentials:\nState(s) of Licensure: California,Washington\n"
        "Certification(s)/Specialty: Physical Medicine & Rehabilitation, Pain Management"
    )
    assert reviewer.specialties == ["Physical Medicine & Rehabilitation", "Pain Management"]
    assert reviewer.license_states == ["CA", "WA"]
    assert reviewer.warnings == []


@pytest.mark.parametrize(
    ("sentence", "specialties", "states"),
    [
        (
            "The expert reviewer is Board Certified in Occupational Medicine and is licensed to practice in "
            "California. He/she has been in active clinical practice",
            ["Occupational Medicine"],
            ["CA"],
        ),
        (
            "The expert reviewer is Board Certified in Physical Medicine and Rehabilitation and is "
            "licensed to practice in California, Texas and New York.",
            ["Physical Medicine & Rehabilitation"],
            ["CA", "TX", "NY"],
        ),
        (
            "The physician reviewer is Board Certified in Anesthesiology, has a subspecialty in Pain "
            "Management and is licensed to practice in Nevada.",
            ["Anesthesiology", "Pain Management"],
            ["NV"],
        ),
        (
            "The expert reviewer is a Doctor of Chiropractic and is licensed to practice in Oregon.",
            ["Chiropractic"],
            ["OR"],
        ),
    ],
)
def test_older_sentences(sentence: str, specialties: list[str], states: list[str]) -> None:
    reviewer = parse_reviewer(sentence)
    assert reviewer.specialties == specialties
    assert reviewer.license_states == states


def test_unknown_values_are_kept_raw_with_warnings() -> None:
    reviewer = parse_reviewer(
        "Certification(s)/Specialty: Underwater Basket Weaving\nState(s) of Licensure: Atlantis"
    )
    assert reviewer.specialties == ["Underwater Basket Weaving"]
    assert reviewer.license_states == []
    assert len(reviewer.warnings) == 3


def test_nothing_stated() -> None:
    reviewer = parse_reviewer("MAXIMUS Federal Services sent the complete case file to an expert reviewer.")
    assert reviewer.specialties == []
    assert reviewer.license_states == []


def test_public_health_and_preventive_medicine_are_two_specialties() -> None:
    reviewer = parse_reviewer(
        "The Expert Reviewer has the following credentials:\nState(s) of Licensure: California\n"
        "Certification(s)/Specialty: Preventive Medicine, Public Health & General Preventive Medicine"
    )
    assert reviewer.specialties == ["Preventive Medicine", "Public Health & General Preventive Medicine"]
    assert reviewer.warnings == []

from __future__ import annotations

import pytest

from ingest.parsing.summary import parse_summary

INTRO = (
    "The expert reviewer developed the following clinical case summary based on a review of the case file:"
)


@pytest.mark.parametrize(
    ("text", "age", "sex"),
    [
        ("The injured worker is a 65 year old male with an industrial injury.", 65, "male"),
        ("This case involves a now 55-year-old female with a history of a claim.", 55, "female"),
        ("The injured worker is a(n) 54 year old female, who sustained an injury.", 54, "female"),
        ("Injured worker is a male with date of injury 8/25/2011.", None, "male"),
        ("The records indicate that this 65-year-old individual was injured.", 65, None),
        ("He reports pain. She was seen by the male nurse.", None, None),
        ("THE INJURED WORKER IS A 47 YEAR OLD WOMAN.", 47, "female"),  # any case: the text is lowercased
        ("Gentleman Claimant, age unknown.", None, "male"),
    ],
)
def test_age_and_sex(text: str, age: int | None, sex: str | None) -> None:
    summary = parse_summary([INTRO, text])
    assert (summary.patient_age, summary.patient_sex) == (age, sex)
    assert summary.text == text


def test_mechanism_and_diagnoses() -> None:
    summary = parse_summary(
        [
            "The mechanism of injury is detailed as a trip and fall. The current diagnoses are documented as "
            "cervicalgia, lumbago with sciatica, and pain in thoracic spine. Diagnostic imaging was normal."
        ]
    )
    assert summary.mechanism_of_injury == "a trip and fall"
    assert summary.diagnoses == ["cervicalgia", "lumbago with sciatica", "pain in thoracic spine"]


def test_nothing_stated() -> None:
    summary = parse_summary([INTRO])
    assert summary.text is None
    assert summary.diagnoses == []
    assert summary.mechanism_of_injury is None

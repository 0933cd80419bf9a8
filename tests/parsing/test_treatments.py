from __future__ import annotations

import pytest

from ingest.parsing.treatments import parse_items, split_merged_statement, split_original, split_statement


@pytest.mark.parametrize(
    ("statement", "decided", "original"),
    [
        ("Three months coverage of Viagra 50mg", "Three months coverage of Viagra 50mg", None),
        (
            "Baclofen 100mg #30 was the original request. Baclofen 100mg #27 was authorized by the Claims "
            "Administrator. The remaining IMR eligible portion of the original request, Baclofen 100mg #3",
            "Baclofen 100mg #3",
            "Baclofen 100mg #30",
        ),
        (
            "Norco 10/325mg #60 was the original request. Norco 10/325mg #25 was authorized by the "
            "Claims Administrator. The remaining IMR eligible portion of the original request, "
            "Norco 10/325mg #35 is",
            "Norco 10/325mg #35",
            "Norco 10/325mg #60",
        ),
        (
            "Acupuncture treatments (unspecified quantity) was the original request. The Claims "
            "Administrator authorized Acupuncture treatments, 6 sessions, leaving the original request "
            "IMR eligible. The original request, Acupuncture treatments (unspecified quantity) is",
            "Acupuncture treatments (unspecified quantity)",
            "Acupuncture treatments (unspecified quantity)",
        ),
        ("Physical therapy is", "Physical therapy", None),
    ],
)
def test_split_original(statement: str, decided: str, original: str | None) -> None:
    assert split_original(statement) == (decided, original)


def test_split_statement_decisions() -> None:
    assert split_statement("MRI of the knee: Upheld")[1:] == ("upheld", None)
    assert split_statement("MRI of the knee is: OVERTURNED.")[1:] == ("overturned", None)
    _body, decision, warning = split_statement("MRI of the knee: Partially Overturned with modification")
    assert decision == "Partially Overturned with modification"
    assert warning


def test_parse_items_with_unrecognised_decision_and_continuations() -> None:
    items, warnings = parse_items(
        [
            "The Final Determination was based on decisions for the disputed items/services set forth below:",
            "MRI of the knee: Upheld",
            "Claims Administrator guideline: Decision based on MTUS Knee Complaints 2004.",
            "Decision based on Non-MTUS Citation Official Disability Guidelines (ODG), Knee.",
            "MAXIMUS guideline: Decision based on MTUS Knee Complaints 2004.",
            "Decision rationale: First paragraph.",
            "Second paragraph.",
            "Sit-stand workstation: Modified",
            "MAXIMUS guideline: The Expert Reviewer did not cite any medical evidence for its decision.",
            "Decision rationale: Some text.",
        ]
    )
    assert [(i.request, i.decision) for i in items] == [
        ("MRI of the knee", "upheld"),
        ("Sit-stand workstation", "Modified"),
    ]
    assert [g.source for g in items[0].guidelines] == ["MTUS", "ODG", "MTUS"]
    assert items[0].rationale == "First paragraph.\n\nSecond paragraph."
    assert items[1].guidelines == []
    assert warnings == ["item 2: unrecognised decision 'Modified' kept verbatim"]


def test_statement_glued_onto_a_rationale_paragraph() -> None:
    rationale = "Decision rationale: " + "The guidelines do not support this request. " * 5
    line = rationale + "Four sessions of biofeedback two times a week: Upheld"
    assert split_merged_statement(line) == (
        rationale.strip(),
        "Four sessions of biofeedback two times a week: Upheld",
    )
    original = (
        rationale + "Norco 10/325mg #60 was the original request. Norco 10/325mg #25 was authorized. "
        "The remaining IMR eligible portion of the original request, Norco 10/325mg #35 is: Upheld"
    )
    head, statement = split_merged_statement(original) or ("", "")
    assert head == rationale.strip()
    assert statement.startswith("Norco 10/325mg #60 was the original request.")
    assert split_merged_statement("Consultation with Dr. Smith: Upheld") is None

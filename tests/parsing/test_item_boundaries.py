"""Item boundaries: a rationale's closing sentence never becomes part of the next request.

Hard-wrapped letters sometimes give no sign of where a rationale ends: the next item's statement
follows the closing sentence on the same line, or on the next line with nothing to tell the break
from a wrap ("... is not medically necessary. Gym membership: Upheld"). When the closing sentence is
a paragraph of its own, the item statement is glued onto that short paragraph alone.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from functools import cache
from typing import Any

import pytest

from ingest.generator import iter_letters
from ingest.generator.corpus import GLUED, GLUED_SHARE
from ingest.generator.prose import CLOSING_LEADS, rationale_paragraphs
from ingest.parsing import parse_bytes, parse_file
from ingest.parsing.paragraphs import PARAGRAPH_BREAK
from ingest.parsing.treatments import parse_items, split_merged_statement
from tests.parsing.conftest import REAL, shared_path

CLOSING = "Therefore, the request for aquatic therapy is not medically necessary."
CA = "Claims Administrator guideline: Decision based on MTUS Chronic Pain Medical Treatment 2016."
MX = "MAXIMUS guideline: Decision based on MTUS Chronic Pain Medical Treatment 2016."
GYM = "Gym memberships are not medical treatment. The request is not medically necessary."
FIRST = "Decision rationale: The MTUS does not address aquatic therapy for this condition."


# --- the splitter --------------------------------------------------------------------------------


def test_a_short_closing_paragraph_inside_a_rationale_is_split_from_the_statement() -> None:
    line = f"{CLOSING} Gym membership: Upheld"
    assert split_merged_statement(line, in_rationale=True) == (CLOSING, "Gym membership: Upheld")


def test_outside_a_rationale_a_short_head_stays_with_the_statement() -> None:
    assert split_merged_statement(f"{CLOSING} Gym membership: Upheld") is None


@pytest.mark.parametrize(
    "line",
    [
        "Consultation with Dr. Smith: Upheld",  # an abbreviation, no sentence
        "Gym membership: Upheld",  # no sentence at all
        "Not necessary. Gym membership: Upheld",  # two words: not a sentence of the rationale
        f"{CLOSING} The prior denial is upheld.",  # prose ending in "is upheld", not a statement
    ],
)
def test_lines_that_are_not_a_closing_and_a_statement(line: str) -> None:
    assert split_merged_statement(line, in_rationale=True) is None


def test_an_original_request_statement_glued_onto_a_closing_paragraph() -> None:
    statement = (
        "Norco 10/325mg #60 was the original request. Norco 10/325mg #25 was authorized by the Claims "
        "Administrator. The remaining IMR eligible portion of the original request, Norco 10/325mg #35 "
        "is: Upheld"
    )
    assert split_merged_statement(f"{CLOSING} {statement}", in_rationale=True) == (CLOSING, statement)
    assert split_merged_statement(statement, in_rationale=True) is None


def test_a_labelled_rationale_of_one_sentence_keeps_its_sentence() -> None:
    line = f"{FIRST} Gym membership: Upheld"
    assert split_merged_statement(line) == (FIRST, "Gym membership: Upheld")


# --- items from logical lines ---------------------------------------------------------------------


def _requests_and_rationales(lines: list[str]) -> list[tuple[str, str]]:
    items, warnings = parse_items(lines)
    assert warnings == []
    return [(item.request, item.rationale.replace(PARAGRAPH_BREAK, " ")) for item in items]


def test_the_issue_layout_first_sentence_then_closing_glued_to_the_next_statement() -> None:
    lines = [
        "Aquatic therapy x 12 sessions: Upheld", CA, MX, FIRST,
        f"{CLOSING} Gym membership: Upheld", CA, MX,
        f"Decision rationale: {GYM}",
    ]  # fmt: skip
    assert _requests_and_rationales(lines) == [
        ("Aquatic therapy x 12 sessions", f"{FIRST.removeprefix('Decision rationale: ')} {CLOSING}"),
        (
            "Gym membership",
            "Gym memberships are not medical treatment. The request is not medically necessary.",
        ),
    ]


def test_a_statement_glued_onto_a_late_paragraph_of_a_long_rationale() -> None:
    paragraphs = [f"Paragraph {n} of the rationale ends here." for n in range(12)]
    lines = ["Aquatic therapy: Upheld", CA, MX, f"Decision rationale: {paragraphs[0]}", *paragraphs[1:]]
    lines[-1] += " Gym membership: Overturned"
    lines += [MX, "Decision rationale: Supported."]
    assert _requests_and_rationales(lines) == [
        ("Aquatic therapy", " ".join(paragraphs)),
        ("Gym membership", "Supported."),
    ]


def test_an_item_statement_after_the_guidelines_is_not_taken_for_prose() -> None:
    lines = [
        "Aquatic therapy: Upheld",
        CA,
        MX,
        FIRST,
        "Gym membership: Upheld",
        CA,
        MX,
        "Decision rationale: No.",
    ]
    assert [request for request, _ in _requests_and_rationales(lines)] == [
        "Aquatic therapy",
        "Gym membership",
    ]


# --- the generator's glued variant --------------------------------------------------------------

TEXT_LETTERS = 1200
SEED = 20261214


@cache
def _text_letters() -> list[Any]:
    return list(iter_letters(TEXT_LETTERS, seed=SEED, layouts=["text"]))


def _glued() -> list[Any]:
    return [letter for letter in _text_letters() if letter.variant == GLUED]


def test_rationale_paragraphs_join_back_to_the_rationale() -> None:
    closing = "Therefore, the request for Norco 10/325mg #60 is not medically necessary."
    text = f"First sentence here. Second one. Third one. {closing}"
    assert rationale_paragraphs(text, split_first=True) == [
        "First sentence here.",
        "Second one. Third one.",
        closing,
    ]
    assert rationale_paragraphs(text, split_first=False)[-1].startswith(CLOSING_LEADS[1])
    assert rationale_paragraphs("No closing here.", split_first=True) == ["No closing here."]


def test_the_glued_variant_is_a_small_deterministic_share_of_text_letters() -> None:
    kinds = Counter(letter.variant for letter in _text_letters())
    assert kinds[GLUED] / TEXT_LETTERS == pytest.approx(GLUED_SHARE, abs=0.03)
    again = [letter.content for letter in iter_letters(200, seed=SEED, layouts=["text"]) if letter.variant]
    assert again == [letter.content for letter in _glued() if int(letter.filename[-11:-4]) < 200]


_GLUED_LINE = re.compile(r"medically necessary\. [A-Z0-9]")


def test_the_glued_variant_writes_statements_on_the_closing_sentences_line() -> None:
    """(The rationales of the generator name "medically necessary" in their closing sentence only.)"""
    glued = _glued()
    same_line = sum(_GLUED_LINE.search(letter.content.decode("utf-8")) is not None for letter in glued)
    assert same_line >= len(glued) // 8  # (half the boundaries of the letters with several items)


def test_glued_letters_parse_to_their_true_requests_and_whole_rationales() -> None:
    glued = _glued()
    assert sum(len(letter.truth["treatments"]) > 1 for letter in glued) >= 30
    for letter in glued:
        got = parse_bytes(letter.content, letter.filename)
        want = [(item["request"], item["rationale"]) for item in letter.truth["treatments"]]
        assert [(t.request, t.rationale.replace(PARAGRAPH_BREAK, " ")) for t in got.treatments] == want, (
            letter.filename
        )
        assert [t.decision for t in got.treatments] == [
            item["decision"] for item in letter.truth["treatments"]
        ]
        assert [w for w in got.warnings if w.startswith("item ")] == []


# --- real letters -------------------------------------------------------------------------------


def test_real_letters_requests_equal_the_labelled_requests() -> None:
    rows = [
        json.loads(line) for line in shared_path(REAL / "categories.jsonl").read_text().splitlines() if line
    ]
    want: dict[str, list[str]] = {}
    for row in sorted(rows, key=lambda row: (row["pdf"], row["i"])):
        want.setdefault(row["pdf"], []).append(row["request"])
    for pdf, requests in want.items():
        letter = parse_file(shared_path(REAL / pdf))
        assert [item.request for item in letter.treatments] == requests, pdf
        assert not any("medically necessary" in item.request for item in letter.treatments), pdf

"""Paragraphs of the case summary and of each rationale (``ingest.parsing.paragraphs``)."""

from __future__ import annotations

from functools import cache
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ingest.parsing import ParsedLetter, parse_bytes, parse_file, parse_text
from ingest.parsing.lines import logical_lines
from ingest.parsing.paragraphs import PARAGRAPH_BREAK, is_paragraph_break, join_paragraphs
from tests.parsing.conftest import REAL, shared_path


def _flat(text: str) -> str:
    return text.replace(PARAGRAPH_BREAK, " ")


def _count(text: str | None) -> int:
    return text.count(PARAGRAPH_BREAK) + 1 if text else 0


@pytest.mark.parametrize(
    ("before", "after", "kept"),
    [
        ("The request is not medically necessary.", "The patient was seen again.", True),
        ('The records called the condition "stable."', "Norco was refilled.", True),
        ("Was the request supported?", "No evidence of improvement was found.", True),
        ("Treatment included medications (ibuprofen).", '"Red flag" findings were absent.', True),
        ("The request is not medically necessary.", "2 visits were authorized.", True),
        ("The MTUS Chronic Pain", "Medical Treatment Guidelines 2016 is silent.", False),
        ("The request is not medically necessary.", "and the patient was seen again.", False),
        ("The patient was referred to Dr.", "Smith for a consultation.", False),
        ("Criteria for imaging are: Emergence of a red flag.", "Physiologic evidence of insult.", False),
        ("Myalgia and myositis (ICD9 729.1): 9-10 visits over 8 weeks.", "Neuralgia: 8 visits.", False),
        ("The diagnoses are: lumbago. The MRI was normal.", "The request was denied.", True),
    ],
)
def test_a_break_is_kept_only_between_sentences(before: str, after: str, kept: bool) -> None:
    assert is_paragraph_break(before, after) is kept
    assert join_paragraphs([before, after]) == before + (PARAGRAPH_BREAK if kept else " ") + after


LINE = st.text(st.characters(blacklist_characters="\n"), max_size=40)


@given(st.lists(LINE, max_size=8))
def test_breaks_read_as_spaces_give_the_lines_joined_by_spaces(lines: list[str]) -> None:
    assert _flat(join_paragraphs(lines)) == " ".join(lines)


FILLER = "The guidelines were reviewed for this request in the context of the records provided. " * 2
PAGE_BREAK_LETTER = f"""\
MAXIMUS Federal Services
Case Number: CM17-0000001 Date of Injury: 03/04/2016
HOW THE IMR FINAL DETERMINATION WAS MADE
The expert reviewer is Board Certified in Internal Medicine and is licensed to practice in California.
CLINICAL CASE SUMMARY
The injured worker is a 41 year old male who sustained an industrial injury on 03/04/2016.
IMR ISSUES, DECISIONS AND RATIONALES
Epidural steroid injection: Upheld
Claims Administrator guideline: Decision based on MTUS Low Back Complaints 2004.
MAXIMUS guideline: Decision based on MTUS Low Back Complaints 2004.
Decision rationale: {FILLER}Invasive procedures are of questionable merit. The MTUS Chronic Pain

CM17-0000001 Page 1 of 2
\fMAXIMUS Federal Services
Medical Treatment Guidelines 2016 is silent. {FILLER}The request is not medically necessary.
CM17-0000001 Page 2 of 2
"""


def test_a_page_break_inside_a_sentence_joins_with_a_space() -> None:
    lines, _wrapped = logical_lines(PAGE_BREAK_LETTER)
    # The page break (a blank line, running header and footer) does split the logical lines.
    assert any(line.endswith("The MTUS Chronic Pain") for line in lines)
    rationale = parse_text(PAGE_BREAK_LETTER).treatments[0].rationale
    assert PARAGRAPH_BREAK not in rationale
    assert "The MTUS Chronic Pain Medical Treatment Guidelines 2016 is silent." in rationale
    assert "Page" not in rationale
    assert "MAXIMUS" not in rationale


def test_a_summary_keeps_its_paragraphs_and_its_fields() -> None:
    letter = PAGE_BREAK_LETTER.replace(
        "on 03/04/2016.\n",
        "on 03/04/2016.\n\nThe mechanism of injury was a fall. The diagnoses include lumbago.\n",
    )
    parsed = parse_text(letter)
    assert parsed.case_summary == (
        "The injured worker is a 41 year old male who sustained an industrial injury on 03/04/2016."
        "\n\nThe mechanism of injury was a fall. The diagnoses include lumbago."
    )
    assert (parsed.patient_age, parsed.patient_sex) == (41, "male")
    assert parsed.mechanism_of_injury == "a fall"
    assert parsed.diagnoses == ["lumbago"]


# --- the real letters in ../shared --------------------------------------------------------------

# Paragraphs of the summary and of each rationale. The breaks are the letters' own hard line ends
# between sentences. CM17-0018485 splits a sentence where a line starts with a label's words
# ("The MTUS Chronic Pain" / "Medical Treatment Guidelines 2016 ..."); CM17-0007376 and
# CM17-0015849 break a line inside a list that follows a colon: one paragraph each.
REAL_PARAGRAPHS: dict[str, tuple[int, list[int]]] = {
    "CM16-0234202": (1, [2]),
    "CM16-0235869": (2, [1, 1, 1, 2, 1, 2]),
    "CM16-0249536": (2, [1, 1, 2, 1, 1, 2]),
    "CM17-0012614": (1, [2]),
    "CM17-0012640": (1, [2, 1]),
    "CM17-0017776": (4, [1, 1]),
    "CM17-0018485": (1, [1]),
    "CM17-0007376": (1, [1]),
    "CM17-0015849": (1, [1]),
}


@cache
def _real(case_number: str) -> ParsedLetter:
    return parse_file(shared_path(REAL / f"{case_number}.pdf"))


@pytest.mark.parametrize("case_number", sorted(REAL_PARAGRAPHS))
def test_real_letter_paragraphs(case_number: str) -> None:
    letter = _real(case_number)
    summary, rationales = REAL_PARAGRAPHS[case_number]
    assert _count(letter.case_summary) == summary
    assert [_count(item.rationale) for item in letter.treatments] == rationales


def test_real_letters_paragraph_totals() -> None:
    pdfs = sorted(shared_path(REAL).glob("*.pdf"))
    if not pdfs:
        pytest.skip(f"no PDFs in {REAL.resolve()}")
    letters = [_real(pdf.stem) for pdf in pdfs]
    rationales = [item.rationale for letter in letters for item in letter.treatments]
    assert sum(_count(letter.case_summary) > 1 for letter in letters) == 3
    assert (sum(_count(text) > 1 for text in rationales), len(rationales)) == (7, 75)
    for text in [*rationales, *(letter.case_summary or "" for letter in letters)]:
        for paragraph in text.split(PARAGRAPH_BREAK):
            assert paragraph == " ".join(paragraph.split()) != ""


# --- generated letters --------------------------------------------------------------------------

GENERATED = 400


@pytest.fixture(scope="module")
def generated() -> list[Any]:
    corpus = pytest.importorskip("ingest.generator.corpus", reason="ingest.generator is not available")
    # PDFs are slow to render and cp1252 letters have typographic quotes: test_generated has both.
    layouts = ("text", "html", "2013")
    return list(corpus.iter_letters(GENERATED, seed=20261125, layouts=layouts))


def test_generated_prose_read_without_breaks_is_the_prose_joined_by_spaces(generated: list[Any]) -> None:
    """The generator's truth is its paragraphs joined by spaces: what the parser gave before it kept them."""
    with_breaks = 0
    for letter in generated:
        parsed = parse_bytes(letter.content, letter.filename)
        truth = letter.truth
        assert _flat(parsed.case_summary or "") == (truth["case_summary"] or ""), letter.filename
        got = [_flat(item.rationale) for item in parsed.treatments]
        assert got == [item["rationale"] for item in truth["treatments"]], letter.filename
        with_breaks += PARAGRAPH_BREAK in (parsed.case_summary or "")
    assert with_breaks >= GENERATED // 5  # most layouts mark the summary's paragraphs

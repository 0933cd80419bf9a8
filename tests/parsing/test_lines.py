"""Logical lines: wrap repair, hyphenation, page furniture, headings."""

from __future__ import annotations

from ingest.parsing.lines import logical_lines


def _lines(text: str) -> list[str]:
    return logical_lines(text)[0]


def test_hard_wraps_are_joined_and_labels_start_lines() -> None:
    text = (
        "Decision rationale: The guidelines recommend a trial of \n"
        "six visits. The request is not \n"
        "medically necessary.\n"
        "Claims Administrator guideline: Decision based on MTUS.\n"
    )
    assert _lines(text) == [
        "Decision rationale: The guidelines recommend a trial of six visits. "
        "The request is not medically necessary.",
        "Claims Administrator guideline: Decision based on MTUS.",
    ]


def test_hyphenation() -> None:
    assert _lines("the treat-\nment was a follow-\nup on 10-\n16-2016 and re-\nevaluation") == [
        "the treatment was a follow-up on 10-16-2016 and re-evaluation"
    ]
    assert _lines("soft\x02\nhyphen") == ["softhyphen"]


def test_decision_wrapped_onto_its_own_line() -> None:
    text = "The original request, Acupuncture (unspecified quantity) is:\nUpheld\nMAXIMUS guideline: x"
    assert _lines(text) == [
        "The original request, Acupuncture (unspecified quantity) is: Upheld",
        "MAXIMUS guideline: x",
    ]


def test_heading_wrapped_across_lines_and_page_break_after_heading() -> None:
    text = (
        "intro text.\nIMR ISSUES, DECISIONS AND\nRATIONALES\n\fThe Final Determination was based on decisions"
    )
    assert _lines(text) == [
        "intro text.",
        "IMR ISSUES, DECISIONS AND RATIONALES",
        "The Final Determination was based on decisions",
    ]


def test_consecutive_complete_headings_stay_apart() -> None:
    assert _lines("CLINICAL CASE SUMMARY\nIMR ISSUES, DECISIONS AND RATIONALES") == [
        "CLINICAL CASE SUMMARY",
        "IMR ISSUES, DECISIONS AND RATIONALES",
    ]


def test_page_furniture_is_dropped_but_not_content() -> None:
    pages = []
    for number in range(1, 4):
        body = "Decision rationale: words words words" if number == 2 else "more text that continues"
        pages.append(f"IMR Final Determination CM16-0000001\n{body} across\nthe page\nPage {number} of 3")
    lines = _lines("\f".join(pages))
    joined = " ".join(lines)
    assert "Page" not in joined
    assert "IMR Final Determination" not in joined
    assert any(line.startswith("Decision rationale:") for line in lines)


def test_explicit_page_numbers_dropped_in_plain_text() -> None:
    assert _lines("first part of a\nPage 2 of 5\nsentence") == ["first part of a sentence"]


def test_double_spaced_extraction() -> None:
    body = "\n \n".join(
        [
            "The records presented for review indicate that this patient was injured at",
            "work. The mechanism of injury was noted as a slip and fall on a wet floor",
            "in the warehouse. Treatment included medications and physical therapy.",
            "A request was made for massage therapy and was denied by utilization",
            "review on the date noted. The request was then submitted for review.",
            "",
            "IMR ISSUES, DECISIONS AND RATIONALES",
        ]
    )
    lines = _lines(body)
    assert lines[-1] == "IMR ISSUES, DECISIONS AND RATIONALES"
    assert len(lines) == 2
    assert "injured at work." in lines[0]


def test_trailing_space_hint_marks_paragraph_ends() -> None:
    """pdfium keeps the space at a soft wrap; a line without it ended a paragraph."""
    filler = "word " * 17
    rows = [f"{filler}more " for _ in range(6)] + [f"{filler}end.", "Next paragraph starts here "]
    rows += [f"{filler}more " for _ in range(4)]
    lines = _lines("\n".join(rows))
    assert len(lines) == 2
    assert lines[1].startswith("Next paragraph")


def test_page_break_after_a_line_end_is_not_a_paragraph_break() -> None:
    assert _lines("the request for a home health aide is \n\fdetermined to not be necessary.") == [
        "the request for a home health aide is determined to not be necessary."
    ]
    assert _lines("end of a paragraph.\n\n\fNew paragraph") == ["end of a paragraph.", "New paragraph"]

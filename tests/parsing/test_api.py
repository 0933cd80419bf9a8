"""The public API contract: ParseError only, with messages saying what was missing."""

from __future__ import annotations

from pathlib import Path

import pytest

import ingest.parsing as parsing
from ingest.parsing import ParseError, parse_bytes, parse_file, parse_text
from tests.parsing.test_layout2013 import LETTER_2013

JSON_KEYS = {
    "source",
    "case_number",
    "date_assigned",
    "date_of_injury",
    "decision_date",
    "ur_denial_date",
    "application_received",
    "priority",
    "reviewer_specialties",
    "reviewer_license_states",
    "patient_age",
    "patient_sex",
    "treatments",
    "warnings",
    "error",
}
TREATMENT_KEYS = {
    "request",
    "original_request",
    "decision",
    "category",
    "subcategory",
    "drug_class",
    "guidelines",
    "rationale",
}


def test_unreadable_paths(tmp_path: Path) -> None:
    with pytest.raises(ParseError, match="cannot read"):
        parse_file(tmp_path / "missing.pdf")
    with pytest.raises(ParseError, match="cannot read"):
        parse_file(tmp_path)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "empty"),
        ("   \n\n \f ", "empty"),
        ("Dear customer, your order has shipped.", "not an IMR letter"),
        ("MAXIMUS Federal Services sent the complete case file to an expert reviewer.", "no disputed items"),
    ],
)
def test_not_a_letter(text: str, message: str) -> None:
    with pytest.raises(ParseError, match=message):
        parse_text(text, "x")


def test_internal_errors_are_wrapped(monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(*args: object, **kwargs: object) -> None:
        raise ValueError("unexpected")

    monkeypatch.setattr(parsing, "build_letter", boom)
    with pytest.raises(ParseError, match="internal parser error"):
        parse_text(LETTER_2013, "x")
    with pytest.raises(ParseError, match="internal parser error"):
        parse_bytes(LETTER_2013.encode(), "x")


def test_json_shape() -> None:
    data = parse_text(LETTER_2013, "letter.txt").to_json()
    assert set(data) >= JSON_KEYS
    assert "text" not in data
    assert data["error"] is None
    assert data["date_assigned"] == "2013-09-10"
    for item in data["treatments"]:
        assert set(item) >= TREATMENT_KEYS
        for guideline in item["guidelines"]:
            assert {"source", "citation"} <= set(guideline)
    assert "text" in parse_text(LETTER_2013, "letter.txt").to_json(include_text=True)


def test_generated_pdf_with_running_header_and_footer(tmp_path: Path) -> None:
    fpdf = pytest.importorskip("fpdf")

    class Letter(fpdf.FPDF):  # type: ignore[misc]
        def header(self) -> None:
            self.set_font("Helvetica", size=8)
            self.cell(
                0, 5, "MAXIMUS Federal Services - IMR Final Determination", new_x="LMARGIN", new_y="NEXT"
            )

        def footer(self) -> None:
            self.set_y(-12)
            self.set_font("Helvetica", size=8)
            self.cell(0, 5, f"Page {self.page_no()} of {{nb}}", align="C")

    pdf = Letter()
    pdf.alias_nb_pages()
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    for paragraph in LETTER_2013.splitlines():
        pdf.multi_cell(0, 5, paragraph or " ", new_x="LMARGIN", new_y="NEXT")
    path = tmp_path / "letter.pdf"
    pdf.output(str(path))

    letter = parse_file(path)
    assert letter.layout == "2013"
    assert [t.decision for t in letter.treatments] == ["upheld", "overturned", "partially certified"]
    assert letter.case_number == "CM13-0001234"
    assert "Page 1 of" not in letter.text
    assert "IMR Final Determination" not in letter.text
    assert letter.treatments[0].rationale.endswith("not medically necessary and appropriate.")

"""A value as an .xlsx cell: text is typed as text (shown as written, never a formula), numbers as
numbers; read back with openpyxl."""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook, load_workbook

from sheets import xlsx_cell
from sheets.xlsx import XlsxValue


def _round_trip(values: list[XlsxValue]) -> list[tuple[object, str]]:
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Cells")
    sheet.append([xlsx_cell(sheet, v) for v in values])
    out = io.BytesIO()
    book.save(out)
    read = load_workbook(io.BytesIO(out.getvalue()))["Cells"]
    return [(c.value, c.data_type) for c in read[1]]


@pytest.mark.parametrize("text", ['=HYPERLINK("http://example.invalid","x")', "+1", "-1", "@SUM(A1)"])
def test_text_that_starts_like_a_formula_stays_text(text: str) -> None:
    assert _round_trip([text]) == [(text, "s")]


def test_numbers_stay_numbers() -> None:
    assert _round_trip(["CM15-1", 3, 0.25]) == [("CM15-1", "s"), (3, "n"), (0.25, "n")]

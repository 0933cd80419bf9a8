"""A value as a CSV cell: text a spreadsheet would evaluate gets an apostrophe, the rest is as given."""

from __future__ import annotations

import datetime as dt

import pytest

from sheets import FORMULA_START, cell


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"])
def test_a_cell_that_a_spreadsheet_would_evaluate_is_quoted(text: str) -> None:
    assert text.startswith(FORMULA_START)
    assert cell(text) == "'" + text
    assert cell([text, "b"]) == "'" + text + "; b"


def test_other_cells_are_as_given() -> None:
    assert cell("http://testserver/letters/CM15-1/#t1") == "http://testserver/letters/CM15-1/#t1"
    assert cell("/export.csv?q==cmd") == "/export.csv?q==cmd"  # "=" inside the text: not a formula
    assert cell(None) == ""
    assert cell(3) == "3"
    assert cell(["MTUS", "ODG"]) == "MTUS; ODG"
    assert cell([]) == ""
    assert cell(dt.date(2026, 3, 19)) == "2026-03-19"


def test_a_float_keeps_every_digit() -> None:
    assert cell(0.1 + 0.2) == "0.30000000000000004"
    assert float(cell(2 / 3)) == 2 / 3


def test_a_quoted_cell_is_not_quoted_again() -> None:
    assert cell(cell("=1+1")) == "'=1+1"

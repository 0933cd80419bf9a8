"""A value as a cell of an .xlsx sheet that a spreadsheet shows and never evaluates."""

from __future__ import annotations

from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

XlsxValue = str | int | float | None


def xlsx_cell(sheet: WriteOnlyWorksheet, value: XlsxValue) -> Cell:
    """``value`` as a cell of the write-only ``sheet``; text is typed as text, so a value that starts
    like a formula (openpyxl would type "=..." as one) is shown as written, without an apostrophe."""
    c = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str):
        c.data_type = "s"
    return c

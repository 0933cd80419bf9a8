"""Spreadsheet files: values as cells that a spreadsheet shows and never evaluates.

Plain Python (no Django), the lowest layer: the audit trail's CSV (``accounts``), the letters export
and the outcome tables (``search``) all write their cells through it.

- ``cell``: a value as a CSV cell's text; text a spreadsheet would take for a formula gets a
  leading apostrophe.
- ``csv_lines``: a header and rows as CSV lines, every value through ``cell``, after a BOM.
- ``xlsx_cell``: a value as an .xlsx cell; text is typed as text, never a formula.
"""

from sheets.cells import FORMULA_START, Value, cell
from sheets.csv_stream import csv_lines
from sheets.xlsx import xlsx_cell

__all__ = ["FORMULA_START", "Value", "cell", "csv_lines", "xlsx_cell"]

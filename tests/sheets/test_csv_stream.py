"""CSV lines: a BOM, then the header and the rows, every value a formula-safe cell, read back by csv."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from sheets import csv_lines
from sheets.cells import Value


def test_the_lines_read_back_as_the_cells() -> None:
    rows: list[list[Value]] = [
        ["CM15-1", 3, 0.25, None, ["MTUS", "ODG"]],
        ['=HYPERLINK("x")', -2, 'a, "quoted"\nline', "@me", "+1"],
    ]
    text = "".join(csv_lines(("Case", "Count", "Rate", "Empty", "Sources"), rows))
    assert text.startswith("\ufeff")
    assert list(csv.reader(io.StringIO(text.removeprefix("\ufeff")))) == [
        ["Case", "Count", "Rate", "Empty", "Sources"],
        ["CM15-1", "3", "0.25", "", "MTUS; ODG"],
        ['\'=HYPERLINK("x")', "'-2", 'a, "quoted"\nline', "'@me", "'+1"],
    ]
    assert text.endswith("\r\n")


def test_the_rows_are_read_one_line_at_a_time() -> None:
    """A streamed response: nothing is read before the first line is asked for, then a row a line."""
    read: list[int] = []

    def rows() -> Iterator[list[Value]]:
        for n in range(3):
            read.append(n)
            yield [n]

    lines = csv_lines(("n",), rows())
    assert read == []
    assert next(lines) == "\ufeff"
    assert next(lines) == "n\r\n"
    assert read == []
    assert next(lines) == "0\r\n"
    assert read == [0]
    assert list(lines) == ["1\r\n", "2\r\n"]

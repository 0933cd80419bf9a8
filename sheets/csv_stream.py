"""A header and rows as the lines of a CSV file, for a streamed response or joined into one text."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator, Sequence

from sheets.cells import Value, cell

BOM = "\ufeff"  # Excel opens the file as UTF-8


class _Echo:
    """A file-like object whose write() returns the line, for csv.writer over a generator."""

    def write(self, value: str) -> str:
        return value


def csv_lines(header: Sequence[str], rows: Iterable[Sequence[Value]]) -> Iterator[str]:
    """The BOM, then the header and each row as one CSV line, every value through ``cell``."""
    writer = csv.writer(_Echo())
    yield BOM
    yield writer.writerow([cell(v) for v in header])
    for row in rows:
        yield writer.writerow([cell(v) for v in row])

from __future__ import annotations

import datetime as dt

import pytest

from ingest.parsing.dates import parse_date


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("11/14/2014", dt.date(2014, 11, 14)),
        ("8/25/11", dt.date(2011, 8, 25)),
        ("10-16-2016", dt.date(2016, 10, 16)),
        ("2014-11-14", dt.date(2014, 11, 14)),
        ("November 14, 2014", dt.date(2014, 11, 14)),
        ("Sept. 3, 2013", dt.date(2013, 9, 3)),
        ("3 Sep 2013", dt.date(2013, 9, 3)),
        ("12/31/99", dt.date(1999, 12, 31)),
    ],
)
def test_valid_dates(text: str, expected: dt.date) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize("text", ["13/45/2016", "02/30/2016", "Smarch 3, 2013", "", "x" * 100, "1/1/1066"])
def test_invalid_dates(text: str) -> None:
    assert parse_date(text) is None

"""The CSV export's file name: pure functions, no services (its cells: tests/sheets)."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from search.forms import validate
from search.views.export import NAME_LENGTH, content_disposition, export_filename, slug

DAY = dt.date(2026, 12, 6)
SAFE = re.compile(r"^imr-decisions_\d{4}-\d{2}-\d{2}(_[a-z0-9-]+)?\.csv$")


def name(**params: str) -> str:
    return export_filename(validate(params).params, DAY)


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("acupuncture w/5 massage", "imr-decisions_2026-12-06_acupuncture-w5-massage.csv"),
        ('"low back" AND (TENS OR H-wave)', "imr-decisions_2026-12-06_low-back-and-tens-or-h-wave.csv"),
        ("Ibuprofène/naproxen 800 mg", "imr-decisions_2026-12-06_ibuprofene-naproxen-800-mg.csv"),
        ("worker's \u201cknee\u201d \u2018MRI\u2019", "imr-decisions_2026-12-06_workers-knee-mri.csv"),
        ("../../etc/passwd\r\n", "imr-decisions_2026-12-06_etc-passwd.csv"),
        ('=HYPERLINK("x");a"b', "imr-decisions_2026-12-06_hyperlink-x-ab.csv"),
        ("CM15-0012345", "imr-decisions_2026-12-06_cm15-0012345.csv"),
    ],
)
def test_the_name_carries_the_date_and_the_words(q: str, expected: str) -> None:
    assert name(q=q) == expected
    assert SAFE.match(expected)


def test_words_without_latin_letters_leave_the_date_alone() -> None:
    assert name(q="针灸 💉") == "imr-decisions_2026-12-06.csv"


def test_a_long_search_is_cut_between_words() -> None:
    q = "physical therapy " * 20
    words = name(q=q).removeprefix("imr-decisions_2026-12-06_").removesuffix(".csv")
    assert len(words) <= NAME_LENGTH
    assert words.startswith("physical-therapy-physical")
    assert words.endswith(("physical", "therapy"))
    assert slug("x" * 200) == "x" * NAME_LENGTH


def test_a_search_without_words_is_named_after_its_filters() -> None:
    assert name(decision="Upheld", category="Physical Medicine") == (
        "imr-decisions_2026-12-06_upheld-physical-medicine.csv"
    )
    assert name(date_from="2020-01-01", date_to="2021-06-30") == (
        "imr-decisions_2026-12-06_from-2020-01-01-to-2021-06-30.csv"
    )
    assert name() == "imr-decisions_2026-12-06.csv"
    assert name(q="   ", sort="oldest", scope="letter") == "imr-decisions_2026-12-06.csv"


def test_the_disposition_has_both_forms_of_the_name() -> None:
    assert content_disposition("imr-decisions_2026-12-06_a-b.csv") == (
        'attachment; filename="imr-decisions_2026-12-06_a-b.csv"; '
        "filename*=UTF-8''imr-decisions_2026-12-06_a-b.csv"
    )

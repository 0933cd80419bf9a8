"""The generated archive: letters over the years by the yearly volumes, each year's layouts and
dates, and any range of indices the same alone as within the whole (a resumed load)."""

from __future__ import annotations

import collections
import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from ingest.generator.archive import (
    ARCHIVE_LETTERS,
    YEARLY_LETTERS,
    archive_letter,
    decided_in,
    era_of,
    iter_archive,
    year_of,
)

LAYOUTS_OF_ERA = {"2013": {"2013"}, "2014": {"pdf-text", "html"}, "2016": {"pdf-text", "pdf"}}


def test_the_years_hold_the_yearly_volumes_scaled_to_the_count() -> None:
    count = ARCHIVE_LETTERS // 100
    years = collections.Counter(year_of(index, count) for index in range(count))
    assert set(years) == set(YEARLY_LETTERS)
    for year, letters in YEARLY_LETTERS.items():
        assert abs(years[year] - letters / 100) <= 1, year


def test_letters_come_in_year_order() -> None:
    years = [year_of(index, 5_000) for index in range(5_000)]
    assert years == sorted(years)


@given(st.integers(1, 10_000_000).flatmap(lambda n: st.tuples(st.just(n), st.integers(0, n - 1))))
def test_every_index_has_a_year_of_the_archive(count_and_index: tuple[int, int]) -> None:
    count, index = count_and_index
    assert year_of(index, count) in YEARLY_LETTERS


def test_each_letter_is_decided_in_its_year_in_its_years_layout() -> None:
    count = 3_000
    for index in range(0, count, 7):
        archived = archive_letter(index, count, seed=3)
        letter = archived.truth
        year = year_of(index, count)
        first, last = decided_in(year)
        assert first <= dt.date.fromisoformat(letter["decision_date"]) <= last
        assert letter["layout"] in LAYOUTS_OF_ERA[era_of(year)]
        assert letter["decision_date"] >= letter["date_of_injury"]
        assert letter["treatments"]
        assert letter["treatments"][0]["request"].split()[0] in archived.text


def test_the_archive_runs_from_july_2013_to_november_2026() -> None:
    assert decided_in(2013)[0] == dt.date(2013, 7, 1)
    assert decided_in(2026)[1] == dt.date(2026, 11, 30)
    assert 1_950_000 <= ARCHIVE_LETTERS <= 2_050_000


def test_a_range_is_the_same_alone_as_within_the_whole() -> None:
    whole = list(iter_archive(300, seed=5))
    assert list(iter_archive(300, seed=5, start=120, stop=180)) == whole[120:180]
    assert list(iter_archive(300, seed=5, start=290, stop=400)) == whole[290:]


def test_case_numbers_are_unique() -> None:
    numbers = [a.truth["case_number"] for a in iter_archive(2_000, seed=9) if a.truth["case_number"]]
    assert len(numbers) == len(set(numbers)) > 1_800

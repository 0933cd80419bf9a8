"""The whole archive, generated: letters spread over the years as the state published them.

Letter ``index`` of an archive of ``count`` letters falls in a decision year by the yearly volumes
below, scaled to ``count`` (in index order, the years in order, as letters were published), and
takes the layout of its year: the 2013 notices, the 2014-2015 letters (text or HTML), then the
letters of 2016 on (text, PDF, cp1252 text). Each letter is drawn from its own random stream
(seed and index), so any range of indices is the same whether it is made alone or with the rest:
a load that stops picks up at the next index.

``archive_letter`` gives a letter's ground truth, with every header field as the database holds a
letter once parsed, and its text as extraction gives it (the 2013 notice, or a PDF's text with its
header); the files themselves (PDF bytes, HTML) are ``iter_letters``'s, for the loading benchmark.
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
import random
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from .case import DateSpan, random_case, truth
from .corpus import LAYOUTS, unique_case_number
from .modern import render_pdf_text
from .notice2013 import render_2013

# Letters per decision year, approximate: the state's and CWCI's yearly reports give 140,000 to
# 176,000 a year and about 1.57 million from 2015 to early 2025. IMR began in July 2013; the
# archive ends with November 2026. About two million in all.
YEARLY_LETTERS: dict[int, int] = {
    2013: 40_000,
    2014: 150_000,
    2015: 176_000,
    2016: 170_000,
    2017: 165_000,
    2018: 158_000,
    2019: 150_000,
    2020: 142_000,
    2021: 148_000,
    2022: 146_000,
    2023: 144_000,
    2024: 142_000,
    2025: 146_000,
    2026: 130_000,
}
ARCHIVE_LETTERS = sum(YEARLY_LETTERS.values())
FIRST_DAY = dt.date(2013, 7, 1)
LAST_DAY = dt.date(2026, 11, 30)

_YEARS = sorted(YEARLY_LETTERS)
_ENDS = list(itertools.accumulate(YEARLY_LETTERS[year] for year in _YEARS))  # cumulative, per year


def era_of(year: int) -> str:
    """The layout era of letters decided in ``year`` (the generator's ``ERAS`` keys)."""
    if year <= 2013:
        return "2013"
    return "2014" if year <= 2015 else "2016"


def _kinds(era: str) -> tuple[list[str], list[float]]:
    kinds = [kind for kind, (_, _, eras, _) in LAYOUTS.items() if era in eras]
    return kinds, [LAYOUTS[kind][0] for kind in kinds]


_KINDS = {era: _kinds(era) for era in ("2013", "2014", "2016")}


def year_of(index: int, count: int) -> int:
    """The decision year of letter ``index`` of ``count``: the yearly volumes scaled to ``count``."""
    if not 0 <= index < count:
        raise IndexError(f"letter {index} of {count}")
    position = (index + 0.5) * ARCHIVE_LETTERS / count
    return _YEARS[bisect.bisect_right(_ENDS, position)]


def decided_in(year: int) -> DateSpan:
    """The first and last day letters of ``year`` were decided on."""
    return max(FIRST_DAY, dt.date(year, 1, 1)), min(LAST_DAY, dt.date(year, 12, 31))


@dataclass(frozen=True, slots=True)
class ArchiveLetter:
    index: int
    truth: dict[str, Any]  # ParsedLetter.to_json's shape, every header field known
    text: str


def archive_letter(index: int, count: int, seed: int) -> ArchiveLetter:
    """Letter ``index`` of an archive of ``count``."""
    rng = random.Random(f"archive:{seed}:{index}")
    year = year_of(index, count)
    era = era_of(year)
    kinds, weights = _KINDS[era]
    kind = rng.choices(kinds, weights=weights)[0]
    case = random_case(rng, era, decided_in(year))
    if case.case_number:
        case.case_number = unique_case_number(case.case_number, index, seed)
    ground = truth(case, f"archive/{index:08d}.{LAYOUTS[kind][3]}", LAYOUTS[kind][1])
    text = render_2013(case, rng) if era == "2013" else render_pdf_text(case, rng, with_header=True)
    return ArchiveLetter(index, ground, text)


def iter_archive(
    count: int, seed: int = 0, start: int = 0, stop: int | None = None
) -> Iterator[ArchiveLetter]:
    """Letters ``start`` to ``stop`` (excluded; the end when None) of an archive of ``count``."""
    for index in range(start, count if stop is None else min(stop, count)):
        yield archive_letter(index, count, seed)

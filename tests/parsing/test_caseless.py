"""``Caseless``/``Anchored`` searches give exactly what ``pattern.search`` gives."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ingest.caseless import Anchored, Caseless, _scan_source
from ingest.parsing import guidelines, summary
from ingest.taxonomy import classify

CASELESS = [
    summary._AGE,
    summary._Y_O,
    summary._AGE_SEX,
    summary._IS_A_SEX,
    summary._SEX_NOUN,
    guidelines._PART_OF_MTUS,
    guidelines._GUIDELINE_WORDS,
    guidelines._BASED_ITS,
    *(rule for rule, _, _ in classify._PROCEDURE_RULES + classify._OTHER_RULES),
    re.compile(r"\bfoo\b|\bbar(?P<x>\d)|baz\b", re.I),
    re.compile(r"[A-Z]{2}\d|(?:\bQ|r)s", re.I),
]
ANCHORED = [(guidelines._PAGES, "page", 4)]

# Pieces of the words these patterns look for, so that matches (and near misses) are common.
WORDS = [
    "45", "7", "-", " ", "  ", "year", "years", "yrs", "old", "y/o", "yo", "Male", "female", "WOMAN", "man",
    "gentleman", "lady", "is", "was", "an", "a", "(n)", "injured", "worker", "patient", "which", "part", "of",
    "the", "MTUS", "not", "Page", "pages", "(s)", ":", ",", ";", "12-14", "and", "ODG", "Guideline", "cited",
    "relied", "upon", "based", "its", "decision", "on", "Foo", "bar1", "BAZ", "x", "é", "\u0130", "\u212a",
    "\u017f", "Qs", "rS", "AB1", ".", "\n", "MRI", "ct", "PT", "therapy", "physical", "injection", "facet",
    "release", "consult", "surgeon", "follow-up", "Follow up", "TENS", "H-wave", "acupuncture", "lab",
    "Spine",
]  # fmt: skip
TEXT = st.lists(st.sampled_from(WORDS), max_size=40).map("".join)


def _same(want: re.Match[str] | None, got: re.Match[str] | None) -> bool:
    if want is None or got is None:
        return want is got
    return want.span() == got.span() and want.groups() == got.groups() and want.groupdict() == got.groupdict()


@pytest.mark.parametrize("pattern", CASELESS, ids=lambda p: p.pattern[:30])
@settings(max_examples=300, deadline=None)
@given(text=TEXT, pos=st.integers(0, 10))
def test_caseless_search_is_pattern_search(pattern: re.Pattern[str], text: str, pos: int) -> None:
    fast = Caseless(pattern)
    assert _same(pattern.search(text), fast.search(text))
    assert _same(pattern.search(text, pos), fast.search(text, pos))
    assert _same(pattern.search(text, pos, pos + 20), fast.search(text, pos, pos + 20))
    assert _same(pattern.search(text), fast.search(text, low=text.lower()))


@settings(max_examples=300, deadline=None)
@given(text=TEXT)
def test_anchored_search_is_pattern_search(text: str) -> None:
    for pattern, anchor, before in ANCHORED:
        assert _same(pattern.search(text), Anchored(pattern, anchor, before).search(text))


def test_patterns_are_scanned_faster() -> None:
    """Every pattern above takes the fast path (none falls back to plain ``search``)."""
    for pattern in CASELESS:
        assert _scan_source(pattern.pattern) is not None, pattern.pattern
    assert _scan_source(r"\S+foo") is None  # upper-case escapes are not lower-cased

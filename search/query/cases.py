"""Case numbers in the search box: one typed as a word, or a pasted list of them. Pure, no I/O.

The canonical form is the one the letters print: ``CM17-0004738`` (two letters, a two-digit
year, a hyphen, the number). People also type it as ``cm17-0004738``, ``CM17 0004738``,
``CM170004738`` or ``17-0004738``; ``normalize`` maps each of these to the canonical form.
Only the hyphenated form takes any two letters (as the letters' parser does); the spaced and
joined forms must start with ``CM``, and the form without letters must have the seven digits
every IMR number has. A bare nine-digit number is not taken: it could be anything.

For a pasted list, ``found_request`` asks the index which of the numbers exist, ``missing``
reads the answer and ``not_found_message`` says which were not found.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from typing import Any

MAX_CASE_NUMBERS = 2000
MAX_MISSING_SHOWN = 20
CASE_NUMBER = re.compile(r"^[A-Za-z]{2}\d{2}-\d{4,8}$")  # the canonical form (any letter case)

# One case number in any of the forms people type, on text already through _plain.
_ENTRY = re.compile(
    r"""
    (?:
        (?P<letters>[a-z]{2})(?P<year>[0-9]{2})-(?P<number>[0-9]{4,8})   # CM17-0004738
      | cm(?P<cm_year>[0-9]{2})[ \t]*(?P<cm_number>[0-9]{4,8})            # CM17 0004738, CM170004738
      | (?P<bare_year>[0-9]{2})-(?P<bare_number>[0-9]{7})                 # 17-0004738
    )
    (?![0-9a-z_*?-])
    """,
    re.IGNORECASE | re.ASCII | re.VERBOSE,
)
# What may stand between the numbers of a pasted list, or around a typed one.
_SEPARATORS = " \t\r\n\f\v,;|\"'`()[]{}<>.\u2018\u2019\u201c\u201d"


def _plain(text: str) -> str:
    """NFKC (full-width digits and letters to ASCII), every kind of dash to a hyphen."""
    text = unicodedata.normalize("NFKC", text)
    return "".join("-" if unicodedata.category(ch) == "Pd" or ch == "\u2212" else ch for ch in text)


def _canonical(match: re.Match[str]) -> str:
    if match.group("letters"):
        return f"{match.group('letters').upper()}{match.group('year')}-{match.group('number')}"
    if match.group("cm_year"):
        return f"CM{match.group('cm_year')}-{match.group('cm_number')}"
    return f"CM{match.group('bare_year')}-{match.group('bare_number')}"


def normalize(text: str) -> str | None:
    """The canonical ``CM17-0004738`` for a case number typed in any accepted form, else None.

    Spaces, quotes, brackets, commas and full stops around it are ignored.
    """
    match = _ENTRY.fullmatch(_plain(text).strip(_SEPARATORS))
    return _canonical(match) if match else None


def case_number_list(text: str) -> list[str] | None:
    """The canonical case numbers, deduplicated in order, when the text is only a list of them.

    Between the numbers: spaces, tabs, newlines, commas, semicolons, bars, quotes, brackets.
    ``CM17 0004738`` is one number, not two words. None when anything else is in the text.
    """
    plain = _plain(text)
    found: list[str] = []
    pos = _past_separators(plain, 0)
    while pos < len(plain):
        match = _ENTRY.match(plain, pos)
        if match is None:
            return None
        found.append(_canonical(match))
        pos = _past_separators(plain, match.end())
        if pos == match.end() and pos < len(plain):
            return None  # no separator: the number runs into something else
    return list(dict.fromkeys(found)) or None


def _past_separators(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] in _SEPARATORS:
        pos += 1
    return pos


def found_request(case_numbers: Sequence[str]) -> dict[str, Any]:
    """A request body whose ``found`` aggregation lists which of these case numbers are indexed."""
    values = list(dict.fromkeys(c.lower() for c in case_numbers))
    return {
        "size": 0,
        "track_total_hits": False,
        "query": {"terms": {"case_number": values}},
        "aggs": {"found": {"terms": {"field": "case_number", "size": max(1, len(values))}}},
    }


def missing(case_numbers: Sequence[str], response: dict[str, Any]) -> list[str]:
    """The case numbers, in their order, that a ``found_request`` response did not find."""
    buckets = response.get("aggregations", {}).get("found", {}).get("buckets", [])
    found = {str(bucket["key"]).lower() for bucket in buckets}
    return [c for c in dict.fromkeys(case_numbers) if c.lower() not in found]


def not_found_message(missing: Sequence[str], requested_count: int) -> str | None:
    """``Not found: CM17-0000001, CM17-0000002 (2 of 40 case numbers).``, or None if all were found."""
    if not missing:
        return None
    shown = ", ".join(missing[:MAX_MISSING_SHOWN])
    more = len(missing) - MAX_MISSING_SHOWN
    if more > 0:
        shown += f" and {more:,} more"
    noun = "case number" if requested_count == 1 else "case numbers"
    return f"Not found: {shown} ({len(missing):,} of {requested_count:,} {noun})."


__all__ = [
    "CASE_NUMBER",
    "MAX_CASE_NUMBERS",
    "case_number_list",
    "found_request",
    "missing",
    "normalize",
    "not_found_message",
]

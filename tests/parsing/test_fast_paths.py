"""The parser's fast paths give exactly what the plain code they replace gives.

Each test states the straightforward version (a regex over the whole text, a chain of
whole-text replaces, each rule searched in turn...) and checks the faster one against it
on generated inputs built from the pieces the code looks for.
"""

from __future__ import annotations

import hashlib

from hypothesis import given, settings
from hypothesis import strategies as st

from ingest.parsing import clear_caches, guidelines, lines, markup, parse_text, treatments
from ingest.parsing.normalize import fingerprint, fingerprint_lines
from ingest.parsing.patterns import DECISION_END, INTRO_END


def _text(pieces: list[str], max_size: int = 40, min_size: int = 0) -> st.SearchStrategy[str]:
    """Texts of ``min_size`` to ``max_size`` pieces: ``min_size`` characters or more (no piece is empty)."""
    return st.lists(st.sampled_from(pieces), min_size=min_size, max_size=max_size).map("".join)


# --- lines.py ------------------------------------------------------------------------------

PAGE_TEXT = _text(["a", "b ", " ", "\n", "\n", "\f", "\f\n", "\n\f", "Page 2", "x\n"])


@settings(max_examples=500, deadline=None)
@given(raw=PAGE_TEXT)
def test_trailing_spaces_is_the_count(raw: str) -> None:
    split = lines._split_pages(raw)
    text = "\n".join(split)
    assert lines._trailing_spaces(split) == text.count(" \n") + text.endswith(" ") - split.count(" ")


def _ends_with_decision(line: str) -> bool:
    if line[-1:] not in "dD.* " or not line:
        return False
    tail = line[-16:].rstrip(" .*").lower()
    return (
        tail.endswith(("upheld", "overturned"))
        and DECISION_END.search(line, max(0, len(line) - 24)) is not None
    )


DECISION_PIECES = ["upheld", "Overturned", "UPHELD", "is", ":", " ", ".", "*", "d", "D", "y.", "x", "\u0130"]
DECISION_TEXT = _text(DECISION_PIECES, 10)
LONG_DECISION_TEXT = _text(DECISION_PIECES, 40, min_size=25)  # 25 characters or more


@settings(max_examples=500, deadline=None)
@given(line=DECISION_TEXT)
def test_ends_with_decision(line: str) -> None:
    assert lines.ends_with_decision(line) == _ends_with_decision(line)


@settings(max_examples=500, deadline=None)
@given(head=DECISION_TEXT, line=LONG_DECISION_TEXT)
def test_ends_with_decision_reads_the_last_25_characters(head: str, line: str) -> None:
    # logical_lines asks it of the last physical line alone when that has 25 characters
    assert lines.ends_with_decision(f"{head} {line}") == lines.ends_with_decision(line)


DECISION_END_TEXT = _text(
    ["upheld", "overturned", "is", "this", ":", " ", "  ", "\t", "\n", "\x1c", ".", "*", "d", "_", "x", "9"],
    12,
)


def _kind(line: str) -> str:
    head = line[:40].lower()
    for start, pattern, kind in (
        ("claims administrator guideline", treatments._CA, treatments.CA),
        ("maximus guideline", treatments._MX, treatments.MX),
        ("decision rationale", treatments._RATIONALE, treatments.RATIONALE),
    ):
        if line[:1] in "CcMmDd" and head.startswith(start) and pattern.match(line):
            return kind
    return treatments.ITEM if lines.ends_with_decision(line) else treatments.TEXT


LABEL_TEXT = _text(
    ["Claims", "claims", " ", "Administrator", "ADMINISTRATOR", "guideline", "Guideline", ":", "MAXIMUS",
     "Decision", "rationale", "\u0130", "\u212a", "x", "\t"],
    8,
)  # fmt: skip


@settings(max_examples=1000, deadline=None)
@given(line=LABEL_TEXT)
def test_kind_reads_plain_labels_without_the_regex(line: str) -> None:
    assert treatments._kind(line) == _kind(line)


INTRO_WORDS = "set|forth|below|BELOW|following|credentials|including all medical records|were|in|dispute"
INTRO_PIECES = [*INTRO_WORDS.split("|"), " ", "  ", "\t", ":", "x", "\u017f", "\u0131", "services that"]
INTRO_TEXT = _text(INTRO_PIECES)
LONG_INTRO_TEXT = _text(INTRO_PIECES, 100, min_size=79)  # 79 characters or more


@settings(max_examples=500, deadline=None)
@given(tail=INTRO_TEXT)
def test_intro_end(tail: str) -> None:
    tail += ":"
    assert lines._intro_end(tail) == (INTRO_END.search(tail, max(0, len(tail) - 80)) is not None)


@settings(max_examples=300, deadline=None)
@given(head=INTRO_TEXT, tail=LONG_INTRO_TEXT)
def test_intro_end_reads_the_last_80_characters(head: str, tail: str) -> None:
    tail += ":"
    assert lines._intro_end(f"{head} {tail}") == lines._intro_end(tail)


@settings(max_examples=200, deadline=None)
@given(
    raw=_text(["Claims", "the request:", "set forth below:", "\n", "\n\n", "\f", " ", "Page 1 of 2", "held"])
)
def test_logical_lines_accepts_anything(raw: str) -> None:
    out, _ = lines.logical_lines(raw)
    assert all(line and "\n" not in line for line in out)


# --- markup.py / normalize.py --------------------------------------------------------------

MD_TEXT = _text(["#", "##", " ", "\t", "\n", "a", "*", "Norco #60", "### HEADING"])


@settings(max_examples=500, deadline=None)
@given(text=MD_TEXT)
def test_strip_md_headings_is_the_regex(text: str) -> None:
    assert markup._strip_md_headings(text) == markup._MD_HEADING.sub("", text)


@settings(max_examples=300, deadline=None)
@given(parts=st.lists(_text(["a", "B", " ", "\t", "\x01", "\x7f", "é", "\u2028", "x y"], 6), max_size=6))
def test_fingerprint_lines_is_fingerprint(parts: list[str]) -> None:
    collapsed = " ".join(parts)
    want = (
        hashlib.sha256(collapsed.encode("utf-8", "surrogatepass")).hexdigest()
        if collapsed.isprintable()
        else fingerprint(collapsed)
    )
    assert fingerprint_lines(parts) == want


# --- caches --------------------------------------------------------------------------------

LETTER = """Case Number: CM15-0000001
Date Assigned: 01/02/2015 Date of Injury: 03/04/2010
Decision Date: 02/03/2015 UR Denial Date: 12/12/2014
Priority: Standard Application Received: 01/01/2015

HOW THE IMR FINAL DETERMINATION WAS MADE

The expert reviewer is Board Certified in Internal Medicine and is licensed to practice in California.

CLINICAL CASE SUMMARY

The injured worker is a 41 year old male who sustained an industrial injury on 03/04/2010.

IMR ISSUES, DECISIONS AND RATIONALES

Norco 10/325mg #60: Upheld

Claims Administrator guideline: Decision based on MTUS Chronic Pain Treatment Guidelines Page(s): 78-80.

MAXIMUS guideline: Decision based on MTUS Chronic Pain Treatment Guidelines Page(s): 78-80.

Decision rationale: Not medically necessary.
"""


def test_results_are_the_same_with_warm_caches() -> None:
    clear_caches()
    cold = parse_text(LETTER).to_json()
    warm = parse_text(LETTER)
    assert warm.to_json() == cold
    # Cached citations are copied into new objects: changing one letter's does not change another's.
    warm.treatments[0].guidelines[0].citation = "changed"
    warm.reviewer_specialties.append("changed")
    assert parse_text(LETTER).to_json() == cold
    assert guidelines.parse_guidelines("Decision based on ODG Page 3.", "maximus")[0].pages == "3"


HTML_PIECES = ["<script>", "</SCRIPT>", "<Style>", "</style>", "<\u017fcript>", "<p>", "a", " ", "&amp;"]
HTML_TEXT = _text([*HTML_PIECES, "\u0130"])


CLEANED_HTML_TEXT = _text(
    [*HTML_PIECES, "<br>", "</td>", "<td>", "<!-- x -->", "&nbsp;", "&#9;", "&#13;", "&lt;b&gt;", "  ", "\t",
     "\r\n", "\x0b", "\x01", "\u00a0", "\u2019", "\u00ad", "\u200b", "\ufb01", "\udc80", "\n", "b"]
)  # fmt: skip


STATEMENT_PIECES = ["Norco #60", "upheld", "Overturned", "is", "IS", "this", ":", " ", ".", "*", "\u0130"]


@settings(max_examples=500, deadline=None)
@given(statement=_text(STATEMENT_PIECES, 10))
def test_split_statement(statement: str) -> None:
    match = DECISION_END.search(statement, max(0, len(statement) - 24))
    got = treatments.split_statement(statement)
    if match:
        assert got == (statement[: match.start()], match.group("decision").lower(), None)
    else:
        assert got[0] == statement or got[1] != ""

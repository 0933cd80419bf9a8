"""Physical lines to logical lines.

Drops page furniture (running headers/footers, page numbers), collapses the
double spacing of some text extractions and repairs hard line wraps and
hyphenation, so that every logical line is a heading, a labelled field, an
item statement or a paragraph of prose.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from ingest.parsing.markup import SOFT_HYPHEN
from ingest.parsing.patterns import (
    DECISION_END,
    DECISION_ONLY,
    EXPLICIT_PAGE_NUMBER,
    HYPHEN_SUFFIX,
    INTRO_END,
    KNOWN_HEADINGS,
    LABEL_START,
    PAGE_NUMBER,
    SENTENCE_END,
)

_MAX_FURNITURE = 150


@dataclass(slots=True)
class _Phys:
    text: str  # stripped, whitespace collapsed; "" for a blank line
    trailing_space: bool


def is_heading(line: str) -> bool:
    """An all-capitals line such as ``CLINICAL CASE SUMMARY``."""
    if len(line) > 120 or line.upper() != line:
        return False
    letters = 0
    for char in line:
        if char.isalpha():
            letters += 1
            if letters >= 4:
                return True
    return False


def _furniture_key(text: str) -> str:
    return "".join("#" if c.isdigit() else c for c in text.lower())


def _protected(text: str) -> bool:
    return bool(
        LABEL_START.match(text)
        or DECISION_ONLY.match(text)
        or DECISION_END.search(text)
        or text.upper() in KNOWN_HEADINGS
    )


def _edge_indices(page: list[_Phys]) -> list[int]:
    filled = [i for i, line in enumerate(page) if line.text]
    if len(filled) <= 4:
        return filled
    return filled[:2] + filled[-2:]


def _drop_page_furniture(pages: list[list[_Phys]]) -> None:
    """Blank out running headers/footers and page numbers, in place."""
    repeated: set[str] = set()
    if len(pages) >= 2:
        counts: Counter[str] = Counter()
        for page in pages:
            counts.update(
                {
                    _furniture_key(page[i].text)
                    for i in _edge_indices(page)
                    if len(page[i].text) <= _MAX_FURNITURE
                }
            )
        threshold = max(2, (len(pages) + 1) // 2)
        repeated = {key for key, count in counts.items() if count >= threshold}
    for page in pages:
        edges = set(_edge_indices(page)) if len(pages) >= 2 else set()
        keep: list[_Phys] = []
        for index, line in enumerate(page):
            text = line.text
            if text and len(text) <= 40 and EXPLICIT_PAGE_NUMBER.match(text):
                continue
            if (
                index in edges
                and len(text) <= _MAX_FURNITURE
                and (PAGE_NUMBER.match(text) or _furniture_key(text) in repeated)
                and not _protected(text)
            ):
                continue
            keep.append(line)
        page[:] = keep


def _to_phys(page: str) -> list[_Phys]:
    out: list[_Phys] = []
    for raw in page.split("\n"):
        text = " ".join(raw.split())
        out.append(_Phys(text, bool(text) and raw[-1:].isspace()))
    return out


@dataclass(slots=True)
class _Layout:
    blank_threshold: int  # blank lines that end a paragraph
    short_limit: int  # a line shorter than this ending a sentence ends its paragraph (0: off)
    trailing_hint: bool  # a line without trailing space ending a sentence ends its paragraph


def _measure(lines: list[_Phys]) -> _Layout:
    gaps: Counter[int] = Counter()
    run = 0
    seen_text = False
    lengths: list[int] = []
    trailing = 0
    for line in lines:
        if line.text:
            if seen_text:
                gaps[min(run, 3)] += 1
            seen_text = True
            run = 0
            lengths.append(len(line.text))
            trailing += line.trailing_space
        else:
            run += 1
    total_gaps = sum(gaps.values())
    double_spaced = total_gaps >= 5 and gaps[1] >= 0.6 * total_gaps
    short_limit = 0
    if len(lengths) >= 8:
        ordered = sorted(lengths)
        width = ordered[int(len(ordered) * 0.9)]
        if 40 <= width <= 200:
            long_lines = sum(1 for n in lengths if n >= 0.75 * width)
            if long_lines >= 0.4 * len(lengths):
                short_limit = int(width * 0.6)
    ratio = trailing / len(lengths) if lengths else 0.0
    return _Layout(
        blank_threshold=2 if double_spaced else 1,
        short_limit=short_limit,
        trailing_hint=0.3 <= ratio <= 0.95,
    )


def _glue(parts: list[str], nxt: str) -> None:
    """Append ``nxt`` to the logical line ``parts``, repairing hyphenation."""
    last = parts[-1]
    if last.endswith(SOFT_HYPHEN):
        parts[-1] = last[:-1]
        parts.append(nxt)
        return
    if len(last) >= 2 and last[-1] == "-" and nxt[:1].isalnum():
        before = last[-2]
        if before.isdigit():
            parts.append(nxt)
            return
        if before.isalpha() and nxt[0].islower():
            if HYPHEN_SUFFIX.match(nxt):
                parts[-1] = last[:-1]
            parts.append(nxt)
            return
    parts.append(" ")
    parts.append(nxt)


def _starts_new(
    cur: list[str], cur_heading: bool, prev: _Phys, line: _Phys, blanks: int, layout: _Layout
) -> bool:
    text = line.text
    if not cur:
        return True
    if DECISION_ONLY.match(text):
        return blanks > 2 or bool(DECISION_END.search(prev.text))
    if blanks >= layout.blank_threshold:
        return True
    if LABEL_START.match(text):
        return True
    if is_heading(text):
        return not cur_heading or "".join(cur).upper() in KNOWN_HEADINGS
    if cur_heading:
        return True
    ptext = prev.text
    if DECISION_END.search(ptext) or DECISION_ONLY.match(ptext) or INTRO_END.search(ptext):
        return True
    if SENTENCE_END.search(ptext):
        if layout.short_limit and len(ptext) < layout.short_limit:
            return True
        if layout.trailing_hint and not prev.trailing_space and (text[0].isupper() or text[0].isdigit()):
            return True
    return False


def logical_lines(raw: str) -> tuple[list[str], bool]:
    """Split cleaned text (pages separated by form feeds) into logical lines.

    Also says whether the text looked hard-wrapped (fixed-width or double-spaced lines).
    """
    pages = [_to_phys(page) for page in raw.split("\f")]
    _drop_page_furniture(pages)
    lines = [line for page in pages for line in page]
    layout = _measure(lines)
    out: list[str] = []
    cur: list[str] = []
    cur_heading = False
    prev = _Phys("", False)
    blanks = 0
    for line in lines:
        if not line.text:
            blanks += 1
            continue
        if _starts_new(cur, cur_heading, prev, line, blanks, layout):
            if cur:
                out.append("".join(cur).replace(SOFT_HYPHEN, ""))
            cur = [line.text]
            cur_heading = is_heading(line.text)
        else:
            _glue(cur, line.text)
        prev = line
        blanks = 0
    if cur:
        out.append("".join(cur).replace(SOFT_HYPHEN, ""))
    return out, layout.blank_threshold > 1 or layout.short_limit > 0

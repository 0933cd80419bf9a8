"""Physical lines to logical lines.

Drops page furniture (running headers/footers, page numbers), collapses the
double spacing of some text extractions and repairs hard line wraps and
hyphenation, so that every logical line is a heading, a labelled field, an
item statement or a paragraph of prose.

This is the hot loop of the parser: per line it does a few C-level string
checks and only falls back to a regex when a cheap test says it may match.
Input is expected from :func:`markup.clean_chars` (single spaces, ``\\n``
line ends, ``\\f`` page breaks).
"""

from __future__ import annotations

import re
from bisect import bisect_left

from ingest.parsing.markup import SOFT_HYPHEN
from ingest.parsing.patterns import (
    DECISION_END,
    DECISION_ONLY,
    EXPLICIT_PAGE_NUMBER,
    FOOTER_PAGE_NUMBER,
    HYPHEN_SUFFIX,
    INTRO_END,
    KNOWN_HEADINGS,
    LABEL_PREFIXES,
    NUMBERED_LABEL,
    PAGE_NUMBER,
)

_MAX_FURNITURE = 150
_MAX_HEADING = 60
_MAX_FOOTER = 100
_DIGIT_KEY = bytes.maketrans(b"0123456789", b"##########")
_SENTENCE_CHARS = frozenset(".!?")
_CLOSERS = frozenset("'\")]")
_DECISION_TAIL = ("upheld", "overturned")


_LABELS_BY_FIRST: dict[str, tuple[str, ...]] = {}
for _prefix in LABEL_PREFIXES:
    for _first in (_prefix[0], _prefix[0].upper()):
        _LABELS_BY_FIRST[_first] = (*_LABELS_BY_FIRST.get(_first, ()), _prefix)
_DECISION_FIRST = frozenset("UuOoIi")


def is_label(line: str) -> bool:
    """A line starting with a field label (``Decision rationale:``, ``Case Number:``...)."""
    first = line[:1]
    if first.isdigit():
        return NUMBERED_LABEL.match(line) is not None
    prefixes = _LABELS_BY_FIRST.get(first)
    return prefixes is not None and line[:64].lower().startswith(prefixes)


def is_heading(line: str) -> bool:
    """An all-capitals line such as ``CLINICAL CASE SUMMARY`` (not a wrapped ``(DOS 1/1/22).``)."""
    return (
        6 <= len(line) <= 120
        and line.isupper()
        and line[0].isalpha()
        and sum(map(str.isalpha, line[:12])) >= 3
    )


def ends_with_decision(line: str) -> bool:
    """``...: Upheld`` / ``... is: Overturned`` at the end of the line."""
    # Most lines end otherwise: a look at the last word spares them the regex.
    return line[-16:].rstrip(" .*").lower().endswith(_DECISION_TAIL) and decision_at_end(line) is not None


def decision_at_end(line: str) -> tuple[int, str] | None:
    """(start, lower-cased decision) of ``DECISION_END``'s match at the end of ``line``, if any."""
    match = DECISION_END.search(line, max(0, len(line) - 24))
    return None if match is None else (match.start(), match.group("decision").lower())


def _is_decision_only(line: str) -> bool:
    return len(line) <= 24 and line[0] in _DECISION_FIRST and DECISION_ONLY.match(line) is not None


def ends_sentence(line: str) -> bool:
    """``line`` ends in ".", "!" or "?", perhaps followed by closing quotes or brackets."""
    last = line[-1:]
    if last in _CLOSERS:
        last = line.rstrip("'\")]")[-1:]
    return last in _SENTENCE_CHARS


_INTRO_LAST_WORD = re.compile(r"(?:below|credentials|records|dispute)$", re.IGNORECASE)


def _intro_end(tail: str) -> bool:
    """``INTRO_END`` at the end of ``tail`` (which ends in ":"): a list or block follows."""
    # Every match ends in one of these words, then spaces and the ":": a look at the last
    # word spares most lines the longer search.
    head = tail[:-1].rstrip()
    return (
        _INTRO_LAST_WORD.search(head, max(0, len(head) - 11)) is not None
        and INTRO_END.search(tail, max(0, len(tail) - 80)) is not None
    )


def _protected(text: str) -> bool:
    return is_label(text) or _is_decision_only(text) or ends_with_decision(text) or text in KNOWN_HEADINGS


PAGE_MARK = "\f"  # a physical line standing for a page break (or dropped page furniture)


def _page_edges(texts: list[str]) -> list[list[tuple[int, int]]]:
    """Per page, its first two and last two non-blank lines: (index, slot) with slot 0, 1, -1, -2."""
    pages: list[list[tuple[int, int]]] = []
    start = 0
    size = len(texts)
    while start <= size:
        try:
            end = texts.index(PAGE_MARK, start)
        except ValueError:
            end = size
        edges: list[tuple[int, int]] = []
        head0 = head1 = -1
        index = start
        while index < end:
            if texts[index]:
                if head0 < 0:
                    head0 = index
                    edges.append((index, 0))
                else:
                    head1 = index
                    edges.append((index, 1))
                    break
            index += 1
        slot = -1
        index = end - 1
        while index >= start:
            if texts[index] and index != head0 and index != head1:
                edges.append((index, slot))
                if slot == -2:
                    break
                slot = -2
            index -= 1
        pages.append(edges)
        start = end + 1
    return pages


def _known_heading(parts: list[str]) -> bool:
    """Whether the heading being assembled is already complete (bounded work: headings are short)."""
    return len(parts) <= 9 and sum(map(len, parts)) <= _MAX_HEADING and "".join(parts) in KNOWN_HEADINGS


def _footer(text: str) -> bool:
    tail = text[-20:]
    return (
        len(text) <= _MAX_FOOTER
        and ("Page" in tail or "PAGE" in tail)
        and FOOTER_PAGE_NUMBER.search(text, max(0, len(text) - 21)) is not None
    )


def _key(text: str) -> bytes:
    """Lines that differ only in their digits (page numbers) share a key."""
    return text.lower().encode("utf-8", "surrogatepass").translate(_DIGIT_KEY)


def _continues_prose(texts: list[str], index: int) -> bool:
    """A line starting in lower case after a line that did not end a sentence: body text, not furniture."""
    if not texts[index][0].islower():
        return False
    before = index - 1
    while before >= 0 and (not texts[before] or texts[before] == PAGE_MARK):
        before -= 1
    return before >= 0 and not ends_sentence(texts[before])


def _page_number(text: str) -> bool:
    """A page number or a running footer ending in one (``PAGE_NUMBER`` / ``_footer``)."""
    # PAGE_NUMBER can only start with "p", "-" or a digit.
    first = text[0]
    return ((first in "pP-" or first.isdigit()) and PAGE_NUMBER.match(text) is not None) or _footer(text)


def _drop_page_furniture(texts: list[str]) -> None:
    """Replace running headers/footers and page numbers by page marks, in place.

    A running header or footer repeats at the same place on the page (first, second,
    last or second-to-last line); a body line that happens to repeat elsewhere on the
    edges (``determined to not be medically necessary.``) is not furniture.
    """
    pages = _page_edges(texts)
    if len(pages) < 2:  # a single page: only page numbers can be told apart from content
        for i, _ in pages[0]:
            text = texts[i]
            if len(text) <= _MAX_FURNITURE and _page_number(text) and not _protected(text):
                texts[i] = PAGE_MARK
        return
    # (index, text, (slot, key)) of the edge lines short enough to be furniture, page by page,
    # and how many pages have each (slot, key): a page's edges have distinct slots.
    entries: list[tuple[int, str, tuple[int, bytes]]] = []
    counts: dict[tuple[int, bytes], int] = {}
    for edges in pages:
        for i, slot in edges:
            text = texts[i]
            if len(text) <= _MAX_FURNITURE:
                slot_key = (slot, _key(text))
                counts[slot_key] = counts.get(slot_key, 0) + 1
                entries.append((i, text, slot_key))
    threshold = max(2, (len(pages) + 1) // 2)
    for i, text, slot_key in entries:
        if _page_number(text):
            furniture = True
        else:
            furniture = counts[slot_key] >= threshold and not _continues_prose(texts, i)
        if furniture and not _protected(text):
            texts[i] = PAGE_MARK


def _layout(texts: list[str]) -> tuple[int, int, int]:
    """(blank lines ending a paragraph, short-line limit or 0, non-blank lines)."""
    # The lengths of the non-blank lines, sorted (in C).
    lengths = sorted(map(len, filter(None, texts)))
    count = len(lengths)
    blanks = len(texts) - count
    if count < 2:
        return 1, 0, count
    width = lengths[int(count * 0.9)]
    # Double spacing (a blank line after every wrapped line) only counts in wrapped text:
    # paragraphs separated by blank lines (as in normalized text) are not double spaced.
    double_spaced = count >= 6 and width <= 200 and 0.6 * (count - 1) <= blanks <= 3 * count
    short_limit = 0
    if count >= 8 and 40 <= width <= 200:
        long_lines = count - bisect_left(lengths, 0.75 * width)
        if long_lines >= 0.4 * count:
            short_limit = int(width * 0.6)
    return (2 if double_spaced else 1), short_limit, count


def _trailing_spaces(raw_lines: list[str]) -> int:
    """How many lines kept a trailing space (lines of a single space are blank, not wrapped)."""
    trailing = 0
    for line in raw_lines:
        if line.endswith(" ") and line != " ":
            trailing += 1
    return trailing


def _trailing_hint(raw_lines: list[str], count: int) -> bool:
    """Whether 30-95% of the ``count`` non-blank lines kept a trailing space (asked lazily)."""
    if count < 2:
        return False
    ratio = _trailing_spaces(raw_lines) / count
    return 0.3 <= ratio <= 0.95


def _glue(parts: list[str], nxt: str) -> None:
    """Append ``nxt`` to the logical line ``parts``, repairing hyphenation."""
    last = parts[-1]
    end = last[-1]
    if end == SOFT_HYPHEN:
        parts[-1] = last[:-1]
    elif end == "-" and len(last) >= 2 and nxt[0].isalnum():
        before = last[-2]
        if before.isdigit():
            pass
        elif before.isalpha() and nxt[0].islower():
            if HYPHEN_SUFFIX.match(nxt):
                parts[-1] = last[:-1]
        else:
            parts.append(" ")
    else:
        parts.append(" ")
    parts.append(nxt)


def _split_pages(raw: str) -> list[str]:
    """The lines of ``raw``, each page break on a line of its own (not as a blank line beside it)."""
    if PAGE_MARK not in raw:
        return raw.split("\n")
    return raw.replace("\n\f", "\f").replace("\f\n", "\f").replace("\f", "\n\f\n").split("\n")


def logical_lines(raw: str) -> tuple[list[str], bool]:
    """Split cleaned text (pages separated by form feeds) into logical lines.

    Also says whether the text looked hard-wrapped (fixed-width or double-spaced lines).
    """
    raw_lines = _split_pages(raw)
    texts = [line.strip(" ") for line in raw_lines]
    _drop_page_furniture(texts)
    blank_threshold, short_limit, line_count = _layout(texts)
    trailing_hint: bool | None = None  # _trailing_hint, once needed

    out: list[str] = []
    cur: list[str] = []
    cur_heading = False
    prev = ""
    prev_index = -1
    blanks = 0
    for index, text in enumerate(texts):
        if not text:
            blanks += 1
            continue
        first = text[0]
        # Fast path: a line starting in lower case continues the current paragraph, unless
        # the paragraph just ended (blank lines, heading, ":" intro, decision, hyphen).
        if (
            blanks < blank_threshold
            and first.islower()
            and cur
            and not cur_heading
            and (first != "c" or text[:3] != "cc:")
        ):
            last = prev[-1]
            if last not in ":-\x02dD.*" or (last in "dD.*" and not ends_with_decision(prev)):
                cur.append(" ")
                cur.append(text)
                prev = text
                prev_index = index
                blanks = 0
                continue
        if first == PAGE_MARK:
            continue
        size = len(text)
        if size <= 24 and EXPLICIT_PAGE_NUMBER.match(text):
            continue
        decision_only = _is_decision_only(text)
        heading = is_heading(text)
        if not cur:
            new = True
        elif decision_only:
            new = blanks > 2 or ends_with_decision(prev) or _is_decision_only(prev)
        elif blanks >= blank_threshold:
            new = True
        elif cur_heading and heading and not _known_heading(cur):
            new = False  # a heading wrapped across lines
        elif (first == "/" and size <= 6) or is_label(text):
            new = True
        elif heading:
            new = not cur_heading or _known_heading(cur)
        elif cur_heading:
            new = True
        else:
            last = prev[-1]
            if last == ":":
                # Both tests read only the end of the logical line (80 and 25 characters),
                # which ``prev`` (its last part) holds when long enough: no join then.
                new = _intro_end(prev if len(prev) >= 80 else "".join(cur[-5:]))
            elif last in "dD*. " and ends_with_decision(prev if len(prev) >= 25 else "".join(cur[-3:])):
                new = True
            elif last in ".!?" or (last in "'\")]" and ends_sentence(prev)):
                if short_limit > 0 and len(prev) < short_limit:
                    new = True
                else:
                    if trailing_hint is None:
                        trailing_hint = _trailing_hint(raw_lines, line_count)
                    new = (
                        trailing_hint
                        and raw_lines[prev_index][-1:] != " "
                        and (first.isupper() or first.isdigit())
                    )
            else:
                new = False
        if new:
            if cur:
                out.append("".join(cur))
            cur = [text]
            cur_heading = heading
        else:
            _glue(cur, text)
        prev = text
        prev_index = index
        blanks = 0
    if cur:
        out.append("".join(cur))
    if SOFT_HYPHEN in raw:
        out = [line.replace(SOFT_HYPHEN, "") for line in out]
    return out, blank_threshold > 1 or short_limit > 0

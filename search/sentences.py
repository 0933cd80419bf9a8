"""Sentences of a text, for same-sentence proximity (``/s``): each sentence is one value of a
sentence array, and values stay apart by the index's position gap (``search.indexes.SENTENCE_GAP``).

A sentence ends

- at an end mark (``.``, ``!`` or ``?``) with any closing brackets and quotes after it (``.)``,
  ``."``, ``.)"``, ``?)``, ``!"``), followed by white space and what starts a sentence: a capital
  letter or a digit, possibly after an opening quote or bracket;
- at a blank line.

It does not end, although an end mark is there,

- after an abbreviation: one of ``ABBREVIATIONS`` (``Dr.``, ``No. 3``, ``vs.``) or single letters
  joined by periods (``e.g.``, ``i.e.``, ``q.d.``, ``b.i.d.``, ``C.C.R. 9792.24.4``);
- after a list number that opens the sentence or follows a colon or semicolon
  (``criteria: 1. Physical therapy``, ``as follows: 1). Skilled care``).

A decimal (``2.5 mg``) or a section number (``9792.24.4``) has no white space after its periods, so
it never looks like an end. ``etc.`` before a capital ends a sentence in IMR letters ("... severe
cardiac disease etc. These criteria are not met."), so it is no abbreviation here.
"""

from __future__ import annotations

import re

# Words that take a period and are followed by a capital or a number inside a sentence.
ABBREVIATIONS = frozenset(
    {"Dr", "Drs", "Mr", "Mrs", "Ms", "Jr", "Sr", "St", "No", "Nos", "Fig", "vs", "p", "pp", "approx"}
)
_CLOSING = "\"')]\u2019\u201d"
_OPENING = "\"'([\u2018\u201c"
_CLOSING_CLASS = f"[{re.escape(_CLOSING)}]"
_OPENING_CLASS = f"[{re.escape(_OPENING)}]"
# Where a sentence may end. The pattern starts with the end mark itself, so ``re`` skips through the
# text in C to the next . ! ? or newline; ``_ends_here`` then checks each candidate.
_CANDIDATE = re.compile(
    rf"[.!?]{_CLOSING_CLASS}*"  # an end mark and its closing marks,
    r"(?P<space>[^\S\n]+|[^\S\n]*\n[^\S\n]*)"  # white space over one line break at most,
    rf"(?={_OPENING_CLASS}?[A-Z0-9])"  # and what starts a sentence;
    r"|\n\s*\n"  # or a blank line
)
_INITIALISM = re.compile(r"(?:[A-Za-z]\.)+[A-Za-z]")  # e.g, i.e, q.d, b.i.d, C.C.R (before the last .)
_LIST_NUMBER = re.compile(r"\(?\d{1,2}\)?")  # 1, (1), 1)


def split_sentences(text: str) -> list[str]:
    """Sentences of a text, stripped, in order, for same-sentence proximity."""
    if not text:
        return []
    parts = []
    start = 0
    for match in _CANDIDATE.finditer(text):
        if match.group("space") is None:  # a blank line
            end = match.start()
        elif _ends_here(text, start, match.start()):
            end = match.start("space")  # after the end mark and its closing marks
        else:
            continue
        parts.append(text[start:end])
        start = match.end()
    parts.append(text[start:])
    return [stripped for part in parts if (stripped := part.strip())]


def _ends_here(text: str, start: int, mark: int) -> bool:
    """Whether the end mark at ``mark`` ends the sentence that began at ``start``."""
    begin = mark
    while begin > start and not text[begin - 1].isspace():
        begin -= 1
    word = text[begin:mark].lstrip(_OPENING)
    if word in ABBREVIATIONS or _INITIALISM.fullmatch(word):
        return False
    if _LIST_NUMBER.fullmatch(word):
        return not _opens_a_list_item(text, start, begin)
    return True


def _opens_a_list_item(text: str, start: int, begin: int) -> bool:
    """Whether the word at ``begin`` opens its sentence or follows a colon or semicolon."""
    before = begin
    while before > start and text[before - 1].isspace():
        before -= 1
    return before == start or text[before - 1] in ":;"


_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


def split_paragraphs(text: str) -> list[str]:
    """Paragraphs of a text (the parser keeps a blank line between them), for same-passage proximity."""
    return [stripped for part in _PARAGRAPH_BREAK.split(text or "") if (stripped := part.strip())]

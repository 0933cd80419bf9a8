"""Sentences of a text, for same-sentence proximity (``/s``): each sentence is one value of a
sentence array, and values stay apart by the index's position gap (``search.indexes.SENTENCE_GAP``)."""

from __future__ import annotations

import re

_ABBREVIATIONS = ("Dr", "Mr", "Ms", "Mrs", "No", "p", "pp", "vs", "e.g", "i.e", "etc", "Fig", "St")
_NOT_AFTER = "".join(rf"(?<!\b{re.escape(a)}\.)" for a in _ABBREVIATIONS)
# A sentence ends at . ! or ? (not an abbreviation's) before white space and a capital or digit, or at
# a blank line. The pattern starts with the end mark itself, so `re` skips through the text in C to
# the next . ! ? or newline (a leading look-behind would be tried at every position).
_SENTENCE_END = re.compile(rf"[.!?]{_NOT_AFTER}\s+(?=[\"'(\[]?[A-Z0-9])|\n\s*\n")


def split_sentences(text: str) -> list[str]:
    """Sentences (and paragraph breaks) of a text, for same-sentence proximity."""
    if not text:
        return []
    parts = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        end = match.start() if text[match.start()] == "\n" else match.start() + 1  # keep the . ! ?
        parts.append(text[start:end])
        start = match.end()
    parts.append(text[start:])
    return [stripped for part in parts if (stripped := part.strip())]

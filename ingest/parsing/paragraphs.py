"""Prose fields as paragraphs: the case summary and each decision rationale.

A prose field arrives as logical lines (:mod:`lines`): wrapped lines already joined, one logical
line per paragraph the letter wrote, and a few more lines split off for other reasons. Those other
splits fall inside a sentence (a line that starts with a label's words, as in "The MTUS Chronic
Pain" / "Medical Treatment Guidelines 2016 is silent"; blank lines around a page break) or inside
a list ("Criteria for ordering imaging studies are: Emergence of a red flag." / "Physiologic
evidence of tissue insult..."), so they join with a space, as wrapped lines do.

A paragraph break is kept where the line before it ends a sentence, the next line starts one,
and the sentence before it does not open a list with a colon. It is written as
:data:`PARAGRAPH_BREAK`; replacing every break with a space gives the lines joined by spaces.
"""

from __future__ import annotations

from collections.abc import Iterable

from ingest.parsing.lines import ends_sentence

PARAGRAPH_BREAK = "\n\n"
# Words whose full stop ends an abbreviation, not a sentence (lower case, without the last ".").
ABBREVIATIONS = frozenset(
    {"dr", "mr", "mrs", "ms", "st", "vs", "no", "e.g", "i.e", "approx", "inc", "jr", "sr"}
)
_CLOSERS = "'\")]"
_OPENERS = ('"', "'")


def starts_sentence(text: str) -> bool:
    """``text`` starts like a sentence: a capital letter, a digit or an opening quote."""
    first = text[:1]
    return first.isupper() or first.isdigit() or first in _OPENERS


def _last_sentence(text: str) -> str:
    """The last sentence of ``text``, which ends one (``"... Preface. Myalgia ...: 9 visits."``)."""
    body = text.rstrip(_CLOSERS)[:-1]  # without its last full stop, closing quotes and brackets
    start = max(body.rfind(". "), body.rfind("? "), body.rfind("! "))
    return body[start + 1 :]


def ends_paragraph(text: str) -> bool:
    """``text`` may end a paragraph: it ends a sentence, not an abbreviation, and opens no list."""
    text = text.rstrip()
    if not ends_sentence(text):
        return False
    last = _last_sentence(text)
    last_word = last.rsplit(" ", 1)[-1].lstrip("\"'(").lower()
    return last_word not in ABBREVIATIONS and ": " not in last


def is_paragraph_break(before: str, after: str) -> bool:
    """Whether the break between the logical lines ``before`` and ``after`` is a paragraph break."""
    return ends_paragraph(before) and starts_sentence(after)


def join_paragraphs(lines: Iterable[str]) -> str:
    """The lines of a prose field as one text, paragraphs apart by :data:`PARAGRAPH_BREAK`."""
    parts: list[str] = []
    for line in lines:
        if parts:
            parts.append(PARAGRAPH_BREAK if is_paragraph_break(parts[-1], line) else " ")
        parts.append(line)
    return "".join(parts)

"""Query terms marked in a letter's full text, and the <mark> elements numbered for hit navigation.

The engine's ``highlight_letter`` (same analyzers as the search) is preferred;
``TermMarker`` is the plain fallback: words, prefixes and phrases of the query,
case-insensitive, with a light plural/-ing/-ed tolerance. Text is escaped
first; only <mark> is added.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

OPERATORS = {"and", "or", "not", "to"}
_TOKEN = re.compile(r'(?P<neg>-)?(?:(?P<field>[A-Za-z_]+):)?(?:"(?P<phrase>[^"]*)"?|(?P<word>[^\s"()]+))')
_PROXIMITY = re.compile(r"^(?:w|n|near|pre)?/(?:\d+|s|p)$", re.IGNORECASE)
_WORD = re.compile(r"[\w][\w\-./]*", re.UNICODE)
_MARK_OPEN = re.compile(r"<mark\b[^>]*>")
_SUFFIX = r"(?:s|es|ed|ing|d)?"
MAX_TERMS = 40


@dataclass(frozen=True, slots=True)
class TermMarker:
    pattern: re.Pattern[str] | None

    @classmethod
    def from_query(cls, q: str) -> TermMarker:
        parts: list[str] = []
        for match in _TOKEN.finditer(q[:2000]):
            if match["neg"]:
                continue
            if match["phrase"] is not None:
                words = _WORD.findall(match["phrase"])
                if words:
                    parts.append(r"\b" + r"\W+".join(re.escape(w) for w in words) + r"\b")
                continue
            word = (match["word"] or "").strip(".,;:!?")
            if not word or word.lower() in OPERATORS or _PROXIMITY.match(word):
                continue
            if word.endswith("*"):
                stem = word.rstrip("*")
                if len(stem) >= 2:
                    parts.append(r"\b" + re.escape(stem) + r"\w*")
                continue
            if _WORD.fullmatch(word):
                parts.append(r"\b" + re.escape(word) + _SUFFIX + r"\b")
        parts = sorted(set(parts), key=len, reverse=True)[:MAX_TERMS]
        return cls(re.compile("|".join(parts), re.IGNORECASE) if parts else None)

    def __bool__(self) -> bool:
        return self.pattern is not None

    def mark(self, text: str) -> SafeString:
        """Escaped text with the query terms wrapped in <mark>."""
        if not text or self.pattern is None:
            return escape(text or "")
        out, last = [], 0
        for match in self.pattern.finditer(text):
            if match.end() == match.start():
                continue
            out.append(escape(text[last : match.start()]))
            out.append(f"<mark>{escape(match.group(0))}</mark>")
            last = match.end()
        out.append(escape(text[last:]))
        return mark_safe("".join(out))


class HitCounter:
    """Gives each <mark> of the page, in document order, an id ``hit-N``."""

    def __init__(self) -> None:
        self.count = 0

    def number(self, html: str) -> SafeString:
        def repl(_: re.Match[str]) -> str:
            self.count += 1
            return f'<mark class="term-hit" id="hit-{self.count}">'

        return mark_safe(_MARK_OPEN.sub(repl, html))


def paragraphs(html: str) -> SafeString:
    """Safe HTML (escaped text with marks) as <p> paragraphs; single newlines become <br>."""
    blocks = [b.strip() for b in re.split(r"\n\s*\n", html) if b.strip()]
    return mark_safe("".join(f"<p>{b.replace(chr(10), '<br>')}</p>" for b in blocks))


def has_text_query(q: str, ignore: Iterable[str] = ()) -> bool:
    return bool(q and q.strip() and q.strip() not in ignore)

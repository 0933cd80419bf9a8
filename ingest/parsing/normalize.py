"""Raw extracted text to the normalized text every parsing step reads."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from ingest.parsing.extract import looks_like_html
from ingest.parsing.lines import logical_lines
from ingest.parsing.markup import clean_chars, strip_html, strip_markdown


@dataclass(slots=True)
class Normalized:
    text: str  # logical lines separated by blank lines
    lines: list[str]
    had_markup: bool  # HTML tags or ``**`` bold were removed
    wrapped: bool = False  # the text had hard line wraps (fixed width or double spaced)


def normalize(raw: str, kind: str = "text") -> Normalized:
    """Clean characters, strip markup, drop page furniture and repair wraps."""
    text = clean_chars(raw)
    had_markup = False
    if kind == "html" or (kind != "pdf" and "<" in text and looks_like_html(text)):
        text = strip_html(text)
        had_markup = True
    stripped = strip_markdown(text)
    had_markup = had_markup or stripped != text
    text = stripped
    lines, wrapped = logical_lines(text)
    return Normalized(text="\n\n".join(lines), lines=lines, had_markup=had_markup, wrapped=wrapped)


def fingerprint(text: str) -> str:
    """sha256 of the whitespace-collapsed text."""
    return hashlib.sha256(" ".join(text.split()).encode("utf-8", "surrogatepass")).hexdigest()


def fingerprint_lines(lines: list[str]) -> str:
    """:func:`fingerprint` of normalized text, from its logical lines (single-spaced, stripped)."""
    collapsed = " ".join(lines)
    if not collapsed.isprintable():  # whitespace other than single spaces: collapse it
        return fingerprint(collapsed)
    return hashlib.sha256(collapsed.encode("utf-8", "surrogatepass")).hexdigest()

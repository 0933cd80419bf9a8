"""IMR final determination letter parser (plain Python, no Django).

Public API::

    parse_file(path) -> ParsedLetter
    parse_bytes(data, source) -> ParsedLetter
    parse_text(text, source) -> ParsedLetter

Every ``parse_*`` function raises :class:`ParseError` (and nothing else) when
its input cannot be read as an IMR letter; the message says what was missing.
"""

from __future__ import annotations

import os
from pathlib import Path

from ingest.parsing import dates, guidelines, taxonomy_bridge
from ingest.parsing.extract import Extracted, extract_bytes, looks_like_html
from ingest.parsing.letter import build_letter
from ingest.parsing.normalize import normalize
from ingest.parsing.result import Guideline, ParsedLetter, ParseError, Treatment

__all__ = [
    "Guideline",
    "ParseError",
    "ParsedLetter",
    "Treatment",
    "clear_caches",
    "parse_bytes",
    "parse_file",
    "parse_text",
]

MAX_INPUT_BYTES = 64 * 1024 * 1024


def _layout(extracted: Extracted, had_markup: bool, wrapped: bool) -> str:
    if extracted.kind == "pdf":
        return "pdf"
    if had_markup:
        return "html"
    return "pdf-text" if wrapped else "text"


def _parse_extracted(extracted: Extracted, source: str) -> ParsedLetter:
    norm = normalize(extracted.text, extracted.kind)
    return build_letter(norm, source, _layout(extracted, norm.had_markup, norm.wrapped))


def _guard(source: str, exc: BaseException) -> ParseError:
    return ParseError(f"{source}: internal parser error ({type(exc).__name__}: {exc})")


def parse_text(text: str, source: str = "<text>") -> ParsedLetter:
    """Parse a letter already decoded to text (plain text or HTML)."""
    try:
        if not isinstance(text, str):
            raise ParseError(f"expected text (str), got {type(text).__name__}")
        kind = "html" if looks_like_html(text) else "text"
        return _parse_extracted(Extracted(text=text, kind=kind), str(source))
    except ParseError:
        raise
    except Exception as exc:
        raise _guard(str(source), exc) from exc


def parse_bytes(data: bytes, source: str = "<bytes>") -> ParsedLetter:
    """Parse a letter from PDF, HTML or text bytes (any encoding)."""
    try:
        if not isinstance(data, bytes | bytearray | memoryview):
            raise ParseError(f"expected bytes, got {type(data).__name__}")
        data = bytes(data)
        if len(data) > MAX_INPUT_BYTES:
            raise ParseError(f"input too large: {len(data)} bytes (limit {MAX_INPUT_BYTES})")
        return _parse_extracted(extract_bytes(data), str(source))
    except ParseError:
        raise
    except Exception as exc:
        raise _guard(str(source), exc) from exc


def clear_caches() -> None:
    """Empty the parser's caches (taxonomy look-ups, guideline citations, dates).

    They only save work: results are the same with or without them. Benchmarks clear
    them to measure a stream of letters never seen before.
    """
    for cached in (
        taxonomy_bridge.read_request,
        taxonomy_bridge.canonical_specialty,
        taxonomy_bridge.state_code,
        dates.parse_date,
    ):
        cached.cache_clear()
    guidelines.clear_caches()


def parse_file(path: str | os.PathLike[str]) -> ParsedLetter:
    """Parse the letter stored at ``path``."""
    source = str(path)
    try:
        file_path = Path(path)
        if file_path.stat().st_size > MAX_INPUT_BYTES:
            raise ParseError(f"file too large: {file_path.stat().st_size} bytes (limit {MAX_INPUT_BYTES})")
        data = file_path.read_bytes()
    except ParseError:
        raise
    except (OSError, TypeError, ValueError) as exc:
        raise ParseError(f"cannot read {source}: {exc}") from exc
    return parse_bytes(data, source)

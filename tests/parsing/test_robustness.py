"""Layout robustness: the same letters re-laid out at run time parse to the same fields.

The letters (seeds and real PDFs from ../shared) are transformed in memory:
hard-wrapped at another width, headings wrapped across lines, page breaks
right after headings, running headers and page numbers, HTML markup, smart
quotes. Nothing read from ../shared is written to the repository.
"""

from __future__ import annotations

import html
import textwrap
from pathlib import Path

import pytest

from ingest.parsing import ParsedLetter, parse_bytes, parse_file, parse_text
from ingest.parsing.lines import is_heading
from tests.parsing.conftest import SEEDS, real_pdfs

SAMPLES: list[Path] = sorted(SEEDS.glob("*.txt")) + real_pdfs()[::4]


def _key(letter: ParsedLetter) -> dict[str, object]:
    data = letter.to_json()
    for name in ("source", "layout", "fingerprint", "case_summary", "warnings"):
        data.pop(name)
    for item in data["treatments"]:
        item["rationale"] = " ".join(item["rationale"].split())
    return data


def _rewrap(letter: ParsedLetter, width: int) -> str:
    """Hard-wrapped text with wrapped headings, page breaks after headings, running furniture."""
    out: list[str] = []
    for line in letter.text.split("\n\n"):
        if is_heading(line) and " " in line:
            words = line.split(" ")
            out.extend([" ".join(words[: len(words) // 2]), " ".join(words[len(words) // 2 :]), "\f"])
        else:
            out.extend(f"{piece} " for piece in textwrap.wrap(line, width))
    pages = "\n".join(out).split("\f")
    return "\f".join(
        f"CONFIDENTIAL IMR LETTER\n{page.strip(chr(10))}\nPage {n} of {len(pages)}"
        for n, page in enumerate(pages, start=1)
    )


def _html(letter: ParsedLetter) -> str:
    parts = ["<html><body>"]
    for line in letter.text.split("\n\n"):
        if is_heading(line):
            parts.append(f"<h3>{html.escape(line)}</h3>")
        elif ":" in line[:40]:
            label, _, rest = line.partition(":")
            parts.append(f"<p><b>{html.escape(label)}:</b> {html.escape(rest.strip())}</p>")
        else:
            parts.append(f"<p>{html.escape(line)}</p>")
    parts.append("</body></html>")
    return "\n".join(parts)


@pytest.fixture(params=SAMPLES, ids=lambda p: p.name)
def letter(request: pytest.FixtureRequest) -> ParsedLetter:
    path: Path = request.param
    if not path.exists():
        pytest.skip(f"{path.resolve()} is absent")
    return parse_file(path)


@pytest.mark.parametrize("width", [60, 97])
def test_rewrapped_letter_parses_the_same(letter: ParsedLetter, width: int) -> None:
    again = parse_text(_rewrap(letter, width), letter.source)
    assert _key(again) == _key(letter)


def test_html_rendering_parses_the_same(letter: ParsedLetter) -> None:
    again = parse_bytes(_html(letter).encode("utf-8"), letter.source)
    assert again.layout == "html"
    assert _key(again) == _key(letter)


def test_smart_quotes_and_crlf_parse_the_same(letter: ParsedLetter) -> None:
    text = letter.text.replace("'", "\u2019").replace("\n", "\r\n")
    again = parse_bytes(text.encode("utf-16"), letter.source)
    assert _key(again) == _key(letter)


def test_double_spaced_extraction_parses_the_same(letter: ParsedLetter) -> None:
    """Like the PDF-extracted seed: a blank line (of spaces) after every wrapped line."""
    wrapped = _rewrap(letter, 90).replace("\f", "\n \n \n")
    again = parse_text(wrapped.replace("\n", "\n \n"), letter.source)
    assert _key(again) == _key(letter)

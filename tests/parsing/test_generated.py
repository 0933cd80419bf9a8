"""Generated letters (``ingest.generator``, another engineer's module) against their ground truth.

Covers every layout the generator renders (pdf-text, HTML, PDF, cp1252 text, 2013
notices): all COUNT letters of the text layouts, and the PDFs among the first
PDF_WINDOW of them (rendering a PDF costs ~0.6 s, 200 times a text letter).
Skipped when the generator is not available. Free-text fields are
compared after the parser's documented normalization (typographic quotes become
ASCII quotes, paragraph breaks read as spaces); warnings are not part of the
generator's truth.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from ingest.parsing import parse_bytes
from ingest.parsing.paragraphs import PARAGRAPH_BREAK

corpus = pytest.importorskip("ingest.generator.corpus", reason="ingest.generator is not available")

SKIPPED = {"source", "text", "fingerprint", "warnings"}
COUNT = 2000
PDF_WINDOW = 1000  # about 120 PDFs


def _keep(index: int, kind: str) -> bool:
    return kind != "pdf" or index < PDF_WINDOW


def _without_paragraph_breaks(data: dict[str, Any]) -> dict[str, Any]:
    """The generator's truth joins paragraphs with spaces; the parser keeps them (``PARAGRAPH_BREAK``)."""
    data = dict(data)
    if data.get("case_summary"):
        data["case_summary"] = data["case_summary"].replace(PARAGRAPH_BREAK, " ")
    data["treatments"] = [
        {**item, "rationale": item["rationale"].replace(PARAGRAPH_BREAK, " ")} for item in data["treatments"]
    ]
    return data


def _ascii_quotes(data: dict[str, Any]) -> dict[str, Any]:
    text = json.dumps(data).replace("\\u201c", '\\"').replace("\\u201d", '\\"').replace("\\u2019", "'")
    return json.loads(text)


@pytest.fixture(scope="module")
def letters() -> list[Any]:
    try:
        return list(corpus.iter_letters(COUNT, seed=20261124, keep=_keep))
    except ImportError as exc:  # fpdf2 missing for the PDF layout
        pytest.skip(f"generator cannot render: {exc}")


@pytest.mark.slow
def test_generated_letters_match_their_truth(letters: list[Any]) -> None:
    mismatches: list[str] = []
    for letter in letters:
        got = _without_paragraph_breaks(parse_bytes(letter.content, letter.filename).to_json())
        want = _ascii_quotes(letter.truth)
        for key, value in want.items():
            if key in SKIPPED or key not in got:
                continue
            if got[key] != value:
                mismatches.append(f"{letter.filename} ({letter.kind}) {key}: {got[key]!r} != {value!r}")
    assert not mismatches, "\n".join(mismatches[:10])


@pytest.mark.slow  # shares the 2,000-letter fixture
def test_every_layout_was_generated(letters: list[Any]) -> None:
    assert {letter.kind for letter in letters} >= set(corpus.LAYOUTS)

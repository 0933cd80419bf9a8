"""Property-based tests: arbitrary, truncated, shuffled and mangled inputs.

The contract: ``parse_*`` returns a ParsedLetter or raises ParseError, never
anything else; and parsing time grows linearly with input size (checked as a
ratio of timings on inputs of size N and 8N, with generous bounds).
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ingest.parsing import ParsedLetter, ParseError, parse_bytes, parse_text
from ingest.parsing.extract import extract_pdf
from tests.parsing.conftest import SEEDS, real_pdfs
from tests.parsing.test_layout2013 import LETTER_2013


def _letters() -> list[str]:
    texts = [path.read_text(encoding="utf-8") for path in sorted(SEEDS.glob("*.txt"))]
    texts += [extract_pdf(path.read_bytes()).text for path in real_pdfs()[:6]]
    return [*texts, LETTER_2013]


LETTERS = _letters()
PDF_BYTES = [path.read_bytes() for path in real_pdfs()[:3]]
FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _parse_ok(call: Callable[[], ParsedLetter]) -> ParsedLetter | None:
    try:
        letter = call()
    except ParseError as exc:
        message = str(exc)  # must say what was missing
        letter = None
    if letter is None:
        assert message
        return None
    assert isinstance(letter, ParsedLetter)
    assert letter.treatments, "a parsed letter has at least one disputed item"
    for item in letter.treatments:
        assert isinstance(item.decision, str)
    letter.to_json()
    return letter


@FAST
@given(st.text(max_size=4000))
def test_random_text(text: str) -> None:
    _parse_ok(lambda: parse_text(text, "random"))


@FAST
@given(st.binary(max_size=4000))
def test_random_bytes(data: bytes) -> None:
    _parse_ok(lambda: parse_bytes(data, "random"))


@FAST
@given(st.binary(max_size=2000))
def test_random_bytes_behind_a_pdf_magic(data: bytes) -> None:
    _parse_ok(lambda: parse_bytes(b"%PDF-1.4\n" + data, "fake.pdf"))


@FAST
@given(st.sampled_from(LETTERS), st.floats(0.0, 1.0))
def test_truncated_letters(text: str, fraction: float) -> None:
    _parse_ok(lambda: parse_text(text[: int(len(text) * fraction)], "truncated"))


@FAST
@given(st.sampled_from(LETTERS), st.randoms(use_true_random=False))
def test_shuffled_lines(text: str, rnd: object) -> None:
    lines = text.splitlines()
    rnd.shuffle(lines)  # type: ignore[attr-defined]
    _parse_ok(lambda: parse_text("\n".join(lines), "shuffled"))


@FAST
@given(
    st.sampled_from(LETTERS),
    st.lists(
        st.tuples(st.floats(0.0, 1.0), st.integers(0, 40), st.text(max_size=12)),
        max_size=25,
    ),
)
def test_mangled_letters(text: str, edits: list[tuple[float, int, str]]) -> None:
    """Random deletions and insertions (control characters, markup, decisions, page breaks...)."""
    for where, delete, insert in edits:
        at = int(len(text) * where)
        text = text[:at] + insert + text[at + delete :]
    _parse_ok(lambda: parse_text(text, "mangled"))
    _parse_ok(lambda: parse_bytes(text.encode("utf-8", "surrogatepass"), "mangled"))


MARKERS = st.sampled_from(
    [
        "\f",
        "\r",
        "\x00",
        "\u00ad",
        "**",
        "<b>",
        "</p>",
        "<!--",
        ": Upheld",
        "Overturned",
        "Decision rationale:",
        "Claims Administrator guideline:",
        "IMR ISSUES, DECISIONS AND RATIONALES",
        "1) MAXIMUS Federal Services, Inc. has determined the request for ",
        "was the original request.",
        "Page 2 of 3",
        "-\n",
        "\n\n\n",
    ]
)


@FAST
@given(st.sampled_from(LETTERS), st.lists(st.tuples(st.floats(0.0, 1.0), MARKERS), max_size=20))
def test_letters_with_structural_noise(text: str, inserts: list[tuple[float, str]]) -> None:
    for where, marker in inserts:
        at = int(len(text) * where)
        text = text[:at] + marker + text[at:]
    _parse_ok(lambda: parse_text(text, "noisy"))


@settings(max_examples=15, deadline=None)
@given(st.data())
def test_truncated_and_corrupted_pdfs(data: st.DataObject) -> None:
    if not PDF_BYTES:
        pytest.skip("no real PDFs in ../shared")
    pdf = data.draw(st.sampled_from(PDF_BYTES))
    cut = data.draw(st.integers(0, len(pdf)))
    flips = data.draw(st.lists(st.integers(0, max(0, len(pdf) - 1)), max_size=8))
    corrupted = bytearray(pdf)
    for index in flips:
        corrupted[index] ^= 0x5A
    _parse_ok(lambda: parse_bytes(pdf[:cut], "truncated.pdf"))
    _parse_ok(lambda: parse_bytes(bytes(corrupted), "corrupted.pdf"))


def test_wrong_argument_types_raise_parse_error() -> None:
    with pytest.raises(ParseError):
        parse_text(b"bytes", "x")  # type: ignore[arg-type]
    with pytest.raises(ParseError):
        parse_bytes("text", "x")  # type: ignore[arg-type]


# --- linear time -------------------------------------------------------------------------------

BLOCKS: dict[str, str] = {
    "letters": "\n".join(LETTERS) + "\n",
    "one long line": "word " * 400,
    "decisions": "X: Upheld\nDecision rationale: Y. Z is: Overturned\n" * 20,
    "headings": "ABCDEF GHIJ\n" * 100,
    "labels": "Decision rationale: Claims Administrator guideline: MAXIMUS guideline: " * 20,
    "markup": "<b>**<br <!-- <p>" * 100,
    "numbered": "1) MAXIMUS Federal Services, Inc. has determined the request for x is " * 30,
    "sentences": "Word. Word. Dr. Who. " * 150 + ": Upheld\n",
    "hyphens": "treat-\nment follow-\nup 10-\n16 " * 100,
    "pages": "Page 1 of 2\fCM16-0000000\nline\f" * 100,
    "dates": "Date of Injury: 99/99/9999 Decision Date: " * 50,
    "spaces": " \n \n\t\u00a0\n" * 300,
    "reviewer": "Board Certified in Medicine and Surgery and " * 60 + "licensed to practice in " * 60,
    "summary": "diagnoses include a, b, and " * 80 + "mechanism of injury was " * 80,
}


def _best_time(text: str, repeats: int = 3) -> float:
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        with contextlib.suppress(ParseError):
            parse_text(text, "timing")
        best = min(best, time.perf_counter() - start)
    return best


@pytest.mark.parametrize("name", sorted(BLOCKS))
def test_parse_time_is_linear(name: str) -> None:
    block = BLOCKS[name]
    base = block * max(1, 20_000 // len(block))
    small = _best_time(base)
    large = _best_time(base * 16)
    # Linear would be 16x and quadratic 256x: a limit of 64x tells them apart with 4x to spare for a
    # noisy, shared host (each time is the best of its repeats), so it never fails by chance.
    assert large <= max(small * 64, 0.2), f"{name}: {small:.4f}s for N, {large:.4f}s for 16N"

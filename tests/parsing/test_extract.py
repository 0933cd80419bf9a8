"""Bytes to text: encodings, PDF sniffing, bad input."""

from __future__ import annotations

import pytest

from ingest.parsing import ParseError
from ingest.parsing.extract import decode_bytes, extract_bytes, is_pdf, looks_like_html
from ingest.parsing.markup import clean_chars, strip_html, strip_markdown

SAMPLE = "Decision rationale: the patient\u2019s \u201cpain\u201d \u2013 5\u00a0mg caf\u00e9"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "cp1252"])
def test_decode_bytes_of_any_encoding(encoding: str) -> None:
    assert decode_bytes(SAMPLE.encode(encoding)) == SAMPLE


def test_decode_latin1_guess_never_fails() -> None:
    data = "Caf\u00e9 r\u00e9sum\u00e9 na\u00efve, ni\u00f1o. " * 20
    assert "r\u00e9sum\u00e9" in decode_bytes(data.encode("latin-1"))
    assert isinstance(decode_bytes(bytes(range(256)) * 3), str)


def test_clean_chars() -> None:
    text = clean_chars("a\r\nb\rc\t d\u2019e \u201cq\u201d \ufb01ne x\u00a0y 10\u201312 \x00\x07z  w\u00adv")
    assert text == 'a\nb\nc d\'e "q" fine x y 10-12 z w\x02v'
    assert clean_chars("only\rcarriage\rreturns") == "only\ncarriage\nreturns"


def test_strip_html_and_markdown() -> None:
    html = (
        "<html><head><style>p {color: red}</style><script>alert('x')</script></head><body>"
        "<!-- comment --><table><tr><td><b>Case Number:</b></td><td>CM16-0000001</td></tr></table>"
        "<p>A &amp; B&nbsp;C<br>next</p></body></html>"
    )
    text = strip_html(html)
    assert "Case Number: CM16-0000001" in " ".join(text.split())
    assert "A & B C\nnext" in text
    assert "alert" not in text
    assert "color" not in text
    assert "comment" not in text
    assert strip_markdown("### HEADING\n**Decision rationale:** text") == "HEADING\nDecision rationale: text"


def test_sniffing() -> None:
    assert is_pdf(b"%PDF-1.7\n...")
    assert is_pdf(b"\x00garbage\n%PDF-1.4")
    assert not is_pdf(b"plain text")
    assert looks_like_html("<html><body><p>x</p></body></html>")
    assert not looks_like_html("a < b and c > d")


def test_empty_and_broken_pdf_inputs() -> None:
    with pytest.raises(ParseError, match="empty"):
        extract_bytes(b"")
    with pytest.raises(ParseError, match="PDF"):
        extract_bytes(b"%PDF-1.4 this is not really a pdf")


def test_pdf_without_text_layer() -> None:
    pdfium = pytest.importorskip("pypdfium2")
    doc = pdfium.PdfDocument.new()
    doc.new_page(612, 792)
    import io

    buffer = io.BytesIO()
    doc.save(buffer)
    with pytest.raises(ParseError, match="no text layer"):
        extract_bytes(buffer.getvalue())

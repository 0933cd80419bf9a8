"""Bytes to text: PDF (pypdfium2), HTML and plain text in any encoding.

Nothing here raises anything but :class:`ParseError`; bad bytes are decoded
with replacement characters rather than rejected.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from typing import Any

from ingest.parsing.result import ParseError

PAGE_BREAK = "\f"
_HIGH_BYTES = bytes(range(128, 256))
_DETECT_SAMPLE = 32_768

_PDF_MAGIC = b"%PDF-"
_HTML_SNIFF = re.compile(
    r"<(?:html|body|head|p|br|div|table|tr|td|th|b|strong|span|h[1-6]|!doctype)\b",
    re.IGNORECASE,
)
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


@dataclass(slots=True)
class Extracted:
    """Raw text of a document and how it was obtained."""

    text: str
    kind: str  # "pdf", "html" or "text"
    pages: int = 1


def is_pdf(data: bytes) -> bool:
    return _PDF_MAGIC in data[:1024]


def looks_like_html(text: str) -> bool:
    if "<" not in text:
        return False
    matches = _HTML_SNIFF.finditer(text, 0, 20000)
    return next(matches, None) is not None and next(matches, None) is not None


def decode_bytes(data: bytes) -> str:
    """Decode text bytes of unknown encoding; never fails."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data.decode(encoding, errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    if data.count(b"\x00") > len(data) // 4:
        # Probably UTF-16 without a BOM.
        even_zeros = data[0::2].count(b"\x00")
        odd_zeros = data[1::2].count(b"\x00")
        return data.decode("utf-16-le" if odd_zeros >= even_zeros else "utf-16-be", errors="replace")
    # Letters are English: a few accented letters or typographic quotes in cp1252 are by far
    # the commonest non-UTF-8 case, and charset_normalizer costs milliseconds per letter.
    high = len(data) - len(data.translate(None, _HIGH_BYTES))
    if high <= max(64, len(data) // 50):
        try:
            return data.decode("cp1252")
        except UnicodeDecodeError:
            pass
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(data[:_DETECT_SAMPLE]).best()
        if best is not None and best.encoding:
            return data.decode(best.encoding, errors="replace")
    except Exception:  # noqa: BLE001 - detection is best effort
        pass
    return data.decode("cp1252", errors="replace")


def pdf_page_count(data: bytes) -> int:
    """How many pages a PDF has (its page tree only: no page is loaded)."""
    doc = _open_pdf(data)
    try:
        return len(doc)
    finally:
        doc.close()


def _open_pdf(data: bytes) -> Any:
    try:
        return _pdfium().PdfDocument(data)
    except ParseError:
        raise
    except Exception as exc:
        raise ParseError(f"not a readable PDF: {exc}") from exc


def _pdfium() -> Any:
    try:
        import pypdfium2 as pdfium
    except ImportError as exc:  # pragma: no cover - dependency is pinned
        raise ParseError(f"cannot read PDF: pypdfium2 is not installed ({exc})") from exc
    return pdfium


def extract_pdf(data: bytes) -> Extracted:
    """Text of every page of a PDF, pages separated by form feeds."""
    doc = _open_pdf(data)
    pages: list[str] = []
    try:
        for index in range(len(doc)):
            page = doc[index]
            try:
                textpage = page.get_textpage()
                try:
                    pages.append(textpage.get_text_range())
                finally:
                    textpage.close()
            finally:
                page.close()
    except ParseError:
        raise
    except Exception as exc:
        raise ParseError(f"could not extract text from PDF: {exc}") from exc
    finally:
        doc.close()
    text = PAGE_BREAK.join(pages)
    if not text.strip():
        raise ParseError("PDF has no text layer (scanned image?): no text to parse")
    return Extracted(text=text, kind="pdf", pages=len(pages))


def extract_bytes(data: bytes) -> Extracted:
    """Raw text from PDF, HTML or text bytes."""
    if not data:
        raise ParseError("empty input: no bytes to parse")
    if is_pdf(data):
        return extract_pdf(data)
    text = decode_bytes(data)
    kind = "html" if looks_like_html(text) else "text"
    return Extracted(text=text, kind=kind, pages=text.count(PAGE_BREAK) + 1)

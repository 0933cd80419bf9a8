"""Step 1, detect: what kind of file this is, and refuse what can never be a letter."""

from __future__ import annotations

from dataclasses import dataclass

from ingest import conf

ZIP_MAGIC = b"PK\x03\x04"
_PDF_MAGIC = b"%PDF-"
_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"\x1f\x8b", "gzip"),
    (b"\x89PNG", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF8", "GIF image"),
    (b"7z\xbc\xaf", "7-Zip archive"),
    (b"Rar!", "RAR archive"),
    (b"\x7fELF", "executable"),
    (b"MZ", "executable"),
    (b"\xd0\xcf\x11\xe0", "legacy Office document"),
)
_TEXT_CONTROLS = {9, 10, 12, 13, 27}
_NOT_CONTROL = bytes(b for b in range(256) if b >= 32 or b in _TEXT_CONTROLS)


class Rejected(Exception):
    """The file cannot be ingested; the message is the reason recorded on its record."""


@dataclass(frozen=True, slots=True)
class Detected:
    kind: str  # "pdf", "html" or "text"
    size: int


def detect(data: bytes) -> Detected:
    """Classify `data` or raise Rejected with a reason a person can act on."""
    size = len(data)
    limit = conf.get("INGEST_MAX_FILE_BYTES")
    if size == 0 or not data.strip():
        raise Rejected("empty file")
    if size > limit:
        raise Rejected(f"file too large: {size:,} bytes (limit {limit:,}, setting INGEST_MAX_FILE_BYTES)")
    head = data[:1024]
    if data.startswith(ZIP_MAGIC):
        raise Rejected("a zip inside a zip: nested zips are not expanded; upload the inner zip by itself")
    if _PDF_MAGIC in head:
        return Detected("pdf", size)  # encrypted or corrupt PDFs: the parser says why it cannot read them
    for magic, what in _SIGNATURES:
        if data.startswith(magic):
            raise Rejected(f"unsupported file type ({what}): expected a PDF, HTML or text letter")
    if _looks_binary(data[:8192]):
        raise Rejected("binary data: not a PDF, HTML or text letter")
    lowered = data[:4096].lower()
    is_html = b"<html" in lowered or b"<!doctype" in lowered or b"<body" in lowered
    return Detected("html" if is_html else "text", size)


def _looks_binary(sample: bytes) -> bool:
    """Control bytes a text file in any common encoding would not contain (UTF-16 is allowed)."""
    if sample.startswith((b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf")):
        return False
    zeros = sample.count(0)
    if zeros > len(sample) // 4:
        # UTF-16 without a BOM puts its zeros on one side of every pair.
        even, odd = sample[0::2].count(0), sample[1::2].count(0)
        return min(even, odd) > len(sample) // 50
    controls = len(sample.translate(None, _NOT_CONTROL))  # the control bytes that remain
    return controls > max(8, len(sample) // 20)

"""Step detect: classification and refusals, without a database."""

from __future__ import annotations

import pytest

from ingest.pipeline.detect import Rejected, detect


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"%PDF-1.4\n...", "pdf"),
        (b"<!DOCTYPE html><html><body>IMR</body></html>", "html"),
        (b"Independent Medical Review\nFinal Determination Letter\n", "text"),
        ("Caf\u00e9 \u2013 r\u00e9sum\u00e9 letter".encode("cp1252"), "text"),
        ("IMR letter text".encode("utf-16"), "text"),
        ("IMR letter text".encode("utf-16-le"), "text"),
    ],
)
def test_detect_kinds(data: bytes, kind: str) -> None:
    assert detect(data).kind == kind


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty file"),
        (b"   \n\t ", "empty file"),
        (bytes(range(256)) * 40, "binary data"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, "PNG"),
        (b"PK\x03\x04rest", "nested zips are not expanded"),
    ],
)
def test_detect_refuses(data: bytes, reason: str) -> None:
    with pytest.raises(Rejected, match=reason):
        detect(data)


def test_detect_refuses_too_large(settings) -> None:
    settings.INGEST_MAX_FILE_BYTES = 100
    with pytest.raises(Rejected, match="file too large"):
        detect(b"x" * 101)

"""Hostile PDFs for the fault tests: a few KB each, the same bytes every time, no real letter in them.

* :func:`nested_xobjects`: the page draws a form XObject that draws ten copies of the next, ten
  levels deep. Loading that page makes pdfium parse every copy: memory grows by hundreds of MB a
  second (issue #13 saw a worker pass 16 GB in a minute).
* :func:`overprinted_text`: one content stream of tiny text operations drawn over a few hundred
  places again and again. pdfium's text page compares each character with those already at its
  place: quadratic, tens of seconds of CPU time at a few tens of MB.
* :func:`flate_bomb`: a page whose content stream, compressed twice, inflates to gigabytes of
  spaces. pdfium aborts the process when an allocation is refused (exit 134 under a memory limit).
* :func:`many_pages`: as many empty pages as asked, for the page limit.

Each file is written by hand, object by object, so that its structure is exactly the one named.
"""

from __future__ import annotations

import zlib

_HELVETICA = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
_MEDIA_BOX = b"[0 0 612 792]"


def pdf_file(objects: list[bytes]) -> bytes:
    """A PDF of these objects (object 1 is the catalog), with its cross-reference table."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    table = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, table)
    return bytes(out)


def stream(entries: bytes, data: bytes) -> bytes:
    return b"<< %s /Length %d >>\nstream\n%s\nendstream" % (entries, len(data), data)


def one_page(content: bytes, resources: bytes, extra: list[bytes] | None = None) -> bytes:
    """A one-page PDF: catalog 1, pages 2, page 3, font 4 (/F1), content 5, then `extra` from 6 on."""
    return pdf_file(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox %s /Contents 5 0 R /Resources %s >>"
            % (_MEDIA_BOX, resources),
            _HELVETICA,
            content,
            *(extra or []),
        ]
    )


def _heading(text: str) -> bytes:
    return b"BT /F1 12 Tf 72 720 Td (%s) Tj ET\n" % text.encode("ascii")


def nested_xobjects(depth: int = 10, copies: int = 10) -> bytes:
    """A page drawing form X0; form Xi draws `copies` copies of X(i+1); the last draws one letter."""
    first = 6  # the object number of X0
    forms = []
    for level in range(depth):
        if level < depth - 1:
            draws = b"".join(b"q 1 0 0 1 %d 0 cm /X Do Q\n" % n for n in range(copies))
            resources = b"/Resources << /XObject << /X %d 0 R >> >>" % (first + level + 1)
        else:
            draws = b"BT /F1 1 Tf (x) Tj ET"
            resources = b"/Resources << /Font << /F1 4 0 R >> >>"
        forms.append(stream(b"/Type /XObject /Subtype /Form /BBox %s %s" % (_MEDIA_BOX, resources), draws))
    content = stream(b"", _heading("Nested form XObjects") + b"/X0 Do")
    resources = b"<< /Font << /F1 4 0 R >> /XObject << /X0 %d 0 R >> >>" % first
    return one_page(content, resources, forms)


def _flate_twice(data: bytes) -> bytes:
    return zlib.compress(zlib.compress(data, 9), 9)


def overprinted_text(text_ops: int = 120_000, places: int = 400) -> bytes:
    """One letter drawn `text_ops` times, at `places` places in turn (each place again and again)."""
    ops = b"".join(b"1 0 0 1 %d 700 Tm (x) Tj\n" % (n % places) for n in range(places))
    rounds, rest = divmod(text_ops, places)
    draws = ops * rounds + ops[: len(ops) // places * rest]
    body = _heading("Overprinted text") + b"BT /F1 1 Tf\n" + draws + b"ET"
    content = stream(b"/Filter [/FlateDecode /FlateDecode]", _flate_twice(body))
    return one_page(content, b"<< /Font << /F1 4 0 R >> >>")


def flate_bomb(megabytes: int = 4096) -> bytes:
    """A page whose content stream inflates to `megabytes` MB of spaces (compressed twice: a few KB)."""
    chunk = b" " * (1024 * 1024)
    inner = zlib.compressobj(9)
    # A full flush after each chunk resets the window: every chunk after the first compresses to the
    # same bytes, so the inner stream is built from two compressed chunks, not `megabytes` of work.
    first = inner.compress(chunk) + inner.flush(zlib.Z_FULL_FLUSH)
    again = inner.compress(chunk) + inner.flush(zlib.Z_FULL_FLUSH)
    tail = inner.flush(zlib.Z_FINISH)[:-4] + _adler32_of_spaces(megabytes * len(chunk)).to_bytes(4, "big")
    outer = zlib.compressobj(9)
    packed = outer.compress(first)
    for _ in range(megabytes - 2):
        packed += outer.compress(again)
    packed += outer.compress(again + tail) + outer.flush()
    content = stream(b"/Filter [/FlateDecode /FlateDecode]", packed)
    return one_page(content, b"<< /Font << /F1 4 0 R >> >>")


def _adler32_of_spaces(count: int) -> int:
    """zlib's checksum of `count` spaces, in closed form (after each byte: a += 32, b += a)."""
    modulus, space = 65521, 32
    a = (1 + space * count) % modulus
    b = (count + space * count * (count + 1) // 2) % modulus
    return b << 16 | a


def many_pages(count: int) -> bytes:
    """`count` pages, each with one line of text."""
    page_numbers = range(4, 4 + count)
    kids = b" ".join(b"%d 0 R" % n for n in page_numbers)
    font = b"<< /Font << /F1 %d 0 R >> >>" % (4 + count)
    page = b"<< /Type /Page /Parent 2 0 R /MediaBox %s /Contents 3 0 R /Resources %s >>" % (_MEDIA_BOX, font)
    pages = [page] * count
    return pdf_file(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, count),
            stream(b"", _heading("One of many pages")),
            *pages,
            _HELVETICA,
        ]
    )

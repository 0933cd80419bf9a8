"""Character clean-up and markup removal (HTML tags, ``**`` bold, ``#`` headings).

All functions are linear in the size of their input: no regex here can
backtrack across more than a bounded window. The character clean-up works on
UTF-8 bytes (``bytes.translate``/``bytes.replace`` run in C), which is an
order of magnitude faster than ``str.translate`` with a mapping.
"""

from __future__ import annotations

import html
import re

SOFT_HYPHEN = "\x02"  # internal marker: a hyphen that exists only because of a line wrap

# Single-byte clean-up: tabs and vertical tabs, control characters deleted.
# Kept: \n (line), \f (page break), \x02 (pdfium's soft hyphen). \r is deleted from
# CRLF text and means a line end otherwise (old Mac files).
_BYTE_TABLE = bytes.maketrans(b"\t\x0b", b" \n")
_CR_TABLE = bytes.maketrans(b"\t\x0b\r", b" \n\n")
_BYTE_DELETE = bytes(c for c in range(32) if c not in (0x0A, 0x0C, 0x0D, 0x02, 0x09, 0x0B)) + b"\x7f"
_BYTE_DELETE_CR = _BYTE_DELETE + b"\r"
_ASCII = bytes(range(128))

_CHAR_MAP: dict[str, str] = {
    **dict.fromkeys("\u2018\u2019\u201a\u201b\u2032\u00b4", "'"),
    **dict.fromkeys("\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb", '"'),
    **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufffe", "-"),
    **dict.fromkeys(
        "\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000", " "
    ),
    **dict.fromkeys("\u200b\u200c\u200d\u2060\ufeff", ""),
    **dict.fromkeys("\u2028\u2029\u0085", "\n"),
    "\u00ad": SOFT_HYPHEN,
    "\u2022": "-",
    "\u25cf": "-",
    "\u2026": "...",
    "\ufb00": "ff",
    "\ufb01": "fi",
    "\ufb02": "fl",
    "\ufb03": "ffi",
    "\ufb04": "ffl",
}
_UTF8_MAP: dict[str, tuple[bytes, bytes]] = {
    src: (src.encode("utf-8"), dst.encode("utf-8")) for src, dst in _CHAR_MAP.items()
}

_BLOCK_TAG = re.compile(
    r"<\s*/?\s*(?:br|p|div|tr|h[1-6]|li|ul|ol|table|tbody|thead|hr|section|article|header|footer|title)\b"
    r"[^<>]{0,2000}>",
    re.IGNORECASE,
)
_CELL_TAG = re.compile(r"<\s*/?\s*(?:td|th)\b[^<>]{0,2000}>", re.IGNORECASE)
_ANY_TAG = re.compile(r"<[!/?]?[A-Za-z][^<>]{0,2000}>")
_MD_HEADING = re.compile(r"^[ \t]{0,3}#{1,6}[ \t]+", re.MULTILINE)
_MULTI_SPACE = re.compile(r"  +")
_SCRIPT_OR_STYLE = re.compile(r"<(?:script|style)", re.IGNORECASE)


def clean_chars(text: str) -> str:
    """Line endings, typographic characters, control characters, runs of spaces."""
    data = text.encode("utf-8", "surrogatepass")
    if b"\r" not in data:
        data = data.translate(_BYTE_TABLE, _BYTE_DELETE)
    elif data.count(b"\r") == data.count(b"\n"):  # CRLF line ends (single-byte counts are fast)
        data = data.translate(_BYTE_TABLE, _BYTE_DELETE_CR)
    else:  # lone CRs (old Mac files, or mixed): each CRLF or CR is a line end
        data = data.replace(b"\r\n", b"\n").translate(_CR_TABLE, _BYTE_DELETE)
    if not data.isascii():
        # Only the non-ASCII bytes, decoded: the few distinct characters to map.
        rare = data.translate(None, _ASCII).decode("utf-8", "ignore")
        for char in set(rare).intersection(_UTF8_MAP):
            src, dst = _UTF8_MAP[char]
            data = data.replace(src, dst)
    return _collapse_spaces(data.decode("utf-8", "replace"))


def _collapse_spaces(text: str) -> str:
    """Every run of spaces as one space (texts hold few such runs, if any)."""
    return _MULTI_SPACE.sub(" ", text) if "  " in text else text


def _drop_between(text: str, start: str, end: str, *, ignore_case: bool = False) -> str:
    """Remove every ``start ... end`` span (linear; an unclosed span runs to the end)."""
    haystack = text.lower() if ignore_case else text
    parts: list[str] = []
    pos = 0
    while True:
        begin = haystack.find(start, pos)
        if begin < 0:
            break
        parts.append(text[pos:begin])
        finish = haystack.find(end, begin + len(start))
        if finish < 0:
            pos = len(text)
            break
        pos = finish + len(end)
    parts.append(text[pos:])
    return "".join(parts)


def strip_html(text: str) -> str:
    """Plain text of an HTML document: tags out, entities decoded, block tags as line breaks."""
    text = _drop_between(text, "<!--", "-->")
    if _SCRIPT_OR_STYLE.search(text):  # (most pages have neither: spares lower-casing the text twice)
        text = _drop_between(text, "<script", "</script>", ignore_case=True)
        text = _drop_between(text, "<style", "</style>", ignore_case=True)
    text = _BLOCK_TAG.sub("\n", text)
    text = _CELL_TAG.sub(" ", text)
    text = _ANY_TAG.sub("", text)
    return clean_chars(html.unescape(text))


def _strip_md_headings(text: str) -> str:
    """``_MD_HEADING.sub("", text)``, trying the pattern only at the starts of lines that may match.

    A match starts a line and has at most three spaces or tabs before its first ``#``;
    quantities (``Norco #60``) put a ``#`` in most letters, and looking at each one is
    much cheaper than the line-anchored regex over the whole text.
    """
    parts: list[str] = []
    pos = 0  # start of the text not yet copied
    at = text.find("#")
    while at >= 0:
        start = text.rfind("\n", 0, at) + 1
        if at - start <= 3 and not text[start:at].strip(" \t"):
            match = _MD_HEADING.match(text, start)
            if match is not None:
                parts.append(text[pos:start])
                pos = match.end()
        # The first "#" of a line decides: go on with the next line.
        end = text.find("\n", at)
        if end < 0:
            break
        at = text.find("#", end)
    if not parts:
        return text
    parts.append(text[pos:])
    return "".join(parts)


def strip_markdown(text: str) -> str:
    """Bold markers and heading hashes (``**Decision rationale:**``, ``### HEADING``)."""
    if "**" in text:
        text = _collapse_spaces(text.replace("**", ""))
    return _strip_md_headings(text) if "#" in text else text

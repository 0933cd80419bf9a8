"""Character clean-up and markup removal (HTML tags, ``**`` bold, ``#`` headings).

All functions are linear in the size of their input: no regex here can
backtrack across more than a bounded window.
"""

from __future__ import annotations

import html
import re

SOFT_HYPHEN = "\x02"  # internal marker: a hyphen that exists only because of a line wrap

_CHAR_MAP: dict[int, str | None] = {
    **{ord(c): "'" for c in "\u2018\u2019\u201a\u201b\u2032\u00b4"},
    **{ord(c): '"' for c in "\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb"},
    **{ord(c): "-" for c in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufffe"},
    **{
        ord(c): " "
        for c in "\t\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
        "\u202f\u205f\u3000"
    },
    **{ord(c): None for c in "\u200b\u200c\u200d\u2060\ufeff"},
    **{ord(c): "\n" for c in "\u2028\u2029\x0b\x85"},
    ord("\u00ad"): SOFT_HYPHEN,
    ord("\u2022"): "-",
    ord("\u25cf"): "-",
    ord("\u2026"): "...",
    ord("\ufb00"): "ff",
    ord("\ufb01"): "fi",
    ord("\ufb02"): "fl",
    ord("\ufb03"): "ffi",
    ord("\ufb04"): "ffl",
}
_CONTROL = re.compile(r"[\x00\x01\x03-\x08\x0e-\x1f\x7f]+")

_BLOCK_TAG = re.compile(
    r"<\s*/?\s*(?:br|p|div|tr|h[1-6]|li|ul|ol|table|tbody|thead|hr|section|article|header|footer|title)\b[^<>]{0,2000}>",
    re.IGNORECASE,
)
_CELL_TAG = re.compile(r"<\s*/?\s*(?:td|th)\b[^<>]{0,2000}>", re.IGNORECASE)
_ANY_TAG = re.compile(r"<[!/?]?[A-Za-z][^<>]{0,2000}>")
_MD_HEADING = re.compile(r"^[ \t]{0,3}#{1,6}[ \t]+", re.MULTILINE)


def clean_chars(text: str) -> str:
    """Line endings, typographic characters and control characters."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.translate(_CHAR_MAP)
    return _CONTROL.sub("", text)


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
    text = _drop_between(text, "<script", "</script>", ignore_case=True)
    text = _drop_between(text, "<style", "</style>", ignore_case=True)
    text = _BLOCK_TAG.sub("\n", text)
    text = _CELL_TAG.sub(" ", text)
    text = _ANY_TAG.sub("", text)
    return clean_chars(html.unescape(text))


def strip_markdown(text: str) -> str:
    """Bold markers and heading hashes (``**Decision rationale:**``, ``### HEADING``)."""
    if "**" in text:
        text = text.replace("**", "")
    if "#" in text:
        text = _MD_HEADING.sub("", text)
    return text

"""Marked text: the engine's fragments read as text and marked ranges, combined, written as safe HTML.

A fragment comes back HTML-encoded with ``<mark>`` tags. ``Marked.read`` turns it into plain text
and the ranges marked in it; ``html`` writes it back escaped, with ``<mark>`` as the only tag, so
only ``<mark>`` survives even if the engine's encoding changed.

Marks of one field come from more than one place: a same-sentence search is highlighted on the
sentence array (each value one sentence of the request or rationale), and its marks are placed
where that sentence stands in the field's text (``with_marks_of``). Marks next to each other
(only white space between them: the words of a phrase, or of a span whose terms touch) are
written as one.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

PRE, POST = "<mark>", "</mark>"
_TAG = re.compile(r"(</?mark>)")

Range = tuple[int, int]


@dataclass(frozen=True)
class Marked:
    text: str  # plain text
    ranges: tuple[Range, ...] = ()  # marked [start, end) ranges, sorted, apart

    @classmethod
    def read(cls, fragment: str) -> Marked:
        """A fragment (escaped text with ``<mark>`` tags, possibly unbalanced) as text and ranges."""
        text: list[str] = []
        ranges: list[Range] = []
        length = depth = start = 0
        for part in _TAG.split(fragment):
            if part == PRE:
                if depth == 0:
                    start = length
                depth += 1
            elif part == POST:
                if depth == 1:
                    ranges.append((start, length))
                depth = max(0, depth - 1)
            else:
                plain = html.unescape(part)
                text.append(plain)
                length += len(plain)
        if depth:
            ranges.append((start, length))
        return cls("".join(text), _joined(ranges, "".join(text)))

    def with_marks_of(self, other: Marked) -> Marked | None:
        """This text with ``other``'s marks added wherever ``other``'s text stands in it; None if nowhere."""
        at = self.text.find(other.text) if other.text else -1
        if at < 0:
            return None
        added: list[Range] = []
        while at >= 0:
            added += [(at + start, at + end) for start, end in other.ranges]
            at = self.text.find(other.text, at + 1)
        return Marked(self.text, _joined([*self.ranges, *added], self.text))

    def union(self, other: Marked) -> Marked:
        """The same text with the marks of both (``other`` must have the same text)."""
        return Marked(self.text, _joined([*self.ranges, *other.ranges], self.text))

    def html(self) -> str:
        """Safe HTML: the text escaped, each range in ``<mark>``."""
        out: list[str] = []
        done = 0
        for start, end in self.ranges:
            out += [_escape(self.text[done:start]), PRE, _escape(self.text[start:end]), POST]
            done = end
        out.append(_escape(self.text[done:]))
        return "".join(out)


def _joined(ranges: list[Range], text: str) -> tuple[Range, ...]:
    """Ranges sorted, overlapping ones merged, and ones with only white space between joined."""
    out: list[Range] = []
    for start, end in sorted(r for r in ranges if r[0] < r[1]):
        if out and (start <= out[-1][1] or not text[out[-1][1] : start].strip()):
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return tuple(out)


def _escape(text: str) -> str:
    return html.escape(text, quote=False)

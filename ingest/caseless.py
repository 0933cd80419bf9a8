"""Faster ``search`` for case-insensitive patterns, same results (shared by the parser and the taxonomy).

``re`` cannot skip ahead to a pattern's possible first characters when the
pattern is ``IGNORECASE`` and starts with a letter or with ``\\b``: it tries the
whole pattern at every position, folding case as it goes. :class:`Caseless`
first scans the lower-cased text (ASCII only) with a case-sensitive copy of the
pattern, with the ``\\b`` in front of each top-level alternative removed, which
``re`` scans in C to the next possible first character; every position it finds
is then checked with the original pattern's ``match``. The positions the scan
finds include every position where the original matches (a looser pattern on
equivalently cased text), in order, so the first one confirmed is exactly what
``pattern.search`` returns, as the same match object.

Text that is not ASCII (where lower-casing can change lengths or case folding
has special cases) goes straight to ``pattern.search``.
"""

from __future__ import annotations

import re


def _top_level_alternatives(source: str) -> list[str]:
    """``source`` split at the ``|`` outside groups and character classes."""
    parts: list[str] = []
    depth = 0
    in_class = False
    start = 0
    index = 0
    while index < len(source):
        char = source[index]
        if char == "\\":
            index += 2
            continue
        if in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
            if source[index + 1 : index + 2] == "^":
                index += 1
            if source[index + 1 : index + 2] == "]":  # "[]...]" / "[^]...]": a literal ]
                index += 1
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "|" and depth == 0:
            parts.append(source[start:index])
            start = index + 1
        index += 1
    parts.append(source[start:])
    return parts


def _scan_source(source: str) -> str | None:
    """The looser, lower-cased source, or None when lower-casing would change its meaning."""
    # Upper-case escapes (\S, \W, \B, \D, \A, \Z) and escaped backslashes must not be lower-cased.
    if "\\\\" in source or re.search(r"\\[A-Z]", source):
        return None
    parts = [part[2:] if part.startswith("\\b") else part for part in _top_level_alternatives(source)]
    if not all(parts):
        return None
    return "|".join(parts).lower().replace("(?p<", "(?P<").replace("(?p=", "(?P=")


class Caseless:
    """``Caseless(pattern).search(text)`` is ``pattern.search(text)``, found faster."""

    __slots__ = ("_match", "_scan", "pattern", "scan")

    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.pattern = pattern
        self._match = pattern.match
        source = _scan_source(pattern.pattern) if pattern.flags & re.IGNORECASE else None
        self._scan = re.compile(source, pattern.flags & ~re.IGNORECASE).search if source else None
        # The looser scan's ``search`` on lower-cased ASCII text, or None: where it finds
        # nothing, ``search`` finds nothing (callers may test it first, skipping a call).
        self.scan = self._scan

    def search(
        self, text: str, pos: int = 0, endpos: int | None = None, low: str | None = None
    ) -> re.Match[str] | None:
        """``pattern.search(text, pos, endpos)``; ``low`` may pass ``text.lower()`` if already made."""
        if endpos is None:
            endpos = len(text)
        scan = self._scan
        if scan is None or not text.isascii():
            return self.pattern.search(text, pos, endpos)
        if low is None:
            low = text.lower()
        match = self._match
        while True:
            candidate = scan(low, pos, endpos)
            if candidate is None:
                return None
            start = candidate.start()
            found = match(text, start, endpos)
            if found is not None:
                return found
            pos = start + 1


class Anchored:
    """``pattern.search`` for a pattern whose every match has ``anchor`` (lower case) near its start.

    Every match starting at ``s`` must hold ``anchor`` (case-insensitively) at
    ``s + k`` with ``0 <= k <= before``; then no match starts before the first
    occurrence of the anchor minus ``before``, and the search starts there.
    """

    __slots__ = ("anchor", "before", "pattern")

    def __init__(self, pattern: re.Pattern[str], anchor: str, before: int) -> None:
        self.pattern = pattern
        self.anchor = anchor
        self.before = before

    def search(self, text: str, low: str | None = None) -> re.Match[str] | None:
        """``pattern.search(text)``; ``low`` may pass ``text.lower()`` if already made."""
        if not text.isascii():
            return self.pattern.search(text)
        at = (text.lower() if low is None else low).find(self.anchor)
        if at < 0:
            return None
        return self.pattern.search(text, max(0, at - self.before))

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


_MAX_LITERALS = 400


def _exact_strings(items: list) -> set[str] | None:
    """Every string the parsed ``items`` can match, when they are literals and groups of literals only."""
    from re import _constants as sre

    out = {""}
    for op, av in items:
        if op is sre.LITERAL:
            out = {prefix + chr(av) for prefix in out}
        elif op is sre.SUBPATTERN or op is sre.BRANCH:
            alternatives = [av[-1].data] if op is sre.SUBPATTERN else [branch.data for branch in av[1]]
            tails: set[str] = set()
            for alternative in alternatives:
                strings = _exact_strings(alternative)
                if strings is None:
                    return None
                tails |= strings
            out = {prefix + tail for prefix in out for tail in tails}
            if len(out) > _MAX_LITERALS:
                return None
        else:
            return None
    return out


def _required(items: list) -> set[str] | None:
    """Strings one of which every match of the parsed ``items`` contains, or None if none is known."""
    from re import _constants as sre

    candidates: list[set[str]] = []
    run = {""}  # the strings the literal run read so far can be (every match holds one of them)

    def cut() -> None:
        nonlocal run
        if "" not in run:
            candidates.append(run)
        run = {""}

    for op, av in items:
        if op is sre.AT:  # \b, ^...: zero width, the run goes on
            continue
        strings = _exact_strings([(op, av)])
        if strings is not None and len(run) * len(strings) <= _MAX_LITERALS:
            run = {prefix + tail for prefix in run for tail in strings}
            continue
        cut()
        if op is sre.SUBPATTERN or op is sre.BRANCH:
            alternatives = [av[-1].data] if op is sre.SUBPATTERN else [branch.data for branch in av[1]]
            union: set[str] | None = set()
            for alternative in alternatives:
                found = _required(alternative)
                if found is None:
                    union = None
                    break
                union |= found
            if union:
                candidates.append(union)
        elif (op is sre.MAX_REPEAT or op is sre.MIN_REPEAT) and av[0] >= 1:
            found = _required(av[2].data)
            if found:
                candidates.append(found)
    cut()
    if not candidates:
        return None
    # The most selective: the longest shortest string, then the fewest strings.
    return max(candidates, key=lambda strings: (min(map(len, strings)), -len(strings)))


def required_literals(source: str) -> tuple[str, ...] | None:
    """Literal strings one of which every match of the (case-sensitive) pattern ``source`` contains.

    None when no such set is found (the pattern's matches may hold no fixed text).
    """
    try:
        from re import _parser

        found = _required(_parser.parse(source).data)
    except Exception:  # noqa: BLE001 - a private module: without it there is no prefilter
        return None
    if not found or "" in found:
        return None
    return tuple(sorted(found))


def literal_alternation(literals: list[str]) -> re.Pattern[str]:
    """One regex finding any of ``literals``: a trie of alternatives, which ``re`` scans fast."""

    def build(words: list[str]) -> str:
        if "" in words:
            rest = [word for word in words if word]
            return f"(?:{build(rest)})?" if rest else ""
        groups: dict[str, list[str]] = {}
        for word in words:
            groups.setdefault(word[0], []).append(word[1:])
        alternatives = [re.escape(first) + build(tails) for first, tails in sorted(groups.items())]
        return alternatives[0] if len(alternatives) == 1 else "(?:" + "|".join(alternatives) + ")"

    return re.compile(build(sorted(set(literals))))


class Caseless:
    """``Caseless(pattern).search(text)`` is ``pattern.search(text)``, found faster."""

    __slots__ = ("_match", "_scan", "literals", "pattern", "scan")

    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.pattern = pattern
        self._match = pattern.match
        source = _scan_source(pattern.pattern) if pattern.flags & re.IGNORECASE else None
        self._scan = re.compile(source, pattern.flags & ~re.IGNORECASE).search if source else None
        # The looser scan's ``search`` on lower-cased ASCII text, or None: where it finds
        # nothing, ``search`` finds nothing (callers may test it first, skipping a call).
        self.scan = self._scan
        # Strings one of which the lower-cased ASCII text holds wherever the pattern matches
        # (from the looser scan's source), or None.
        self.literals = required_literals(source) if source else None

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


class FirstOf:
    """``FirstOf(patterns).index(text)``: index of the first pattern (in order) found in ``text``, or None.

    The same answer as trying each ``Caseless.search`` in turn, found faster on ASCII text:
    the literals the patterns' matches must hold (:func:`required_literals`), looked for
    in the lower-cased text with one trie-shaped regex, say which patterns can match at
    all, and only those are searched. Falls back to trying each pattern when some pattern
    has no such literals.
    """

    __slots__ = ("_finder", "_owners", "patterns")

    def __init__(self, patterns: list[Caseless]) -> None:
        self.patterns = patterns
        literal_sets = [pattern.literals for pattern in patterns]
        self._finder = None
        self._owners: dict[str, tuple[int, ...]] = {}
        if not patterns or any(literals is None for literals in literal_sets):
            return
        every = sorted({literal for literals in literal_sets for literal in literals})  # type: ignore[union-attr]
        # The scan finds, at each position, the longest literal starting there; the literals
        # starting there are that one and those of them that are its prefixes.
        for literal in every:
            self._owners[literal] = tuple(
                index
                for index, literals in enumerate(literal_sets)
                if literal.startswith(tuple(literals))  # type: ignore[arg-type]
            )
        self._finder = literal_alternation(every).search

    def index(self, text: str, low: str | None = None) -> int | None:
        """Index of the first pattern whose ``search`` finds ``text``; ``low`` may pass ``text.lower()``."""
        finder = self._finder
        if finder is None or not text.isascii():
            for index, pattern in enumerate(self.patterns):
                if pattern.search(text, low=low):
                    return index
            return None
        if low is None:
            low = text.lower()
        owners = self._owners
        candidates: set[int] = set()
        # Each position holding a literal (``re`` skips to them in C); literals may overlap.
        found = finder(low)
        while found is not None:
            candidates.update(owners[found.group()])
            found = finder(low, found.start() + 1)
        patterns = self.patterns
        for index in sorted(candidates):
            if patterns[index].search(text, low=low):
                return index
        return None

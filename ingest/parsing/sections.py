"""Find the sections of a letter among its logical lines.

Headings are matched on whitespace-collapsed, case-folded lines, so a heading
wrapped across lines (rejoined by :mod:`lines`) or followed by a page break is
still found. A heading may share its logical line with the first words of its
section; that remainder is kept as the section's first line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

HOW = "how"
SUMMARY = "summary"
ISSUES = "issues"

_HEADINGS = {
    HOW: r"how\s{1,3}the\s{1,3}imr\s{1,3}final\s{1,3}determination\s{1,3}was\s{1,3}made\b:?",
    SUMMARY: r"clinical\s{1,3}case\s{1,3}summary\b:?",
    ISSUES: r"imr\s{1,3}issues?\s{0,3},?\s{1,3}decisions?\s{0,3},?\s{1,3}(?:and\s{1,3})?rationales?\b:?",
}
# One pattern, a named group per heading (each starts with its own word: a line matches one at most).
_HEADING = re.compile("|".join(f"(?P<{name}>{source})" for name, source in _HEADINGS.items()), re.IGNORECASE)


@dataclass(slots=True)
class Section:
    name: str
    start: int  # index of the first line of the section body
    end: int  # index one past its last line
    first: str | None = None  # text sharing the heading's line, if any


def find_sections(lines: list[str]) -> dict[str, Section]:
    """Sections by name; each runs until the next recognised heading."""
    found: list[tuple[int, str, str | None]] = []
    seen: set[str] = set()
    for index, line in enumerate(lines):
        if line[:1] not in "HhCcIi":  # the first letters of the headings
            continue
        match = _HEADING.match(line)
        if match and match.lastgroup not in seen:
            name = str(match.lastgroup)
            found.append((index, name, line[match.end() :].strip(" :") or None))
            seen.add(name)
    sections: dict[str, Section] = {}
    for position, (index, name, rest) in enumerate(found):
        end = found[position + 1][0] if position + 1 < len(found) else len(lines)
        sections[name] = Section(name=name, start=index + 1, end=end, first=rest)
    return sections


def section_lines(lines: list[str], section: Section) -> list[str]:
    body = lines[section.start : section.end]
    return [section.first, *body] if section.first else body

"""The 2013 layout ("Notice of Independent Medical Review Determination").

Decisions are a numbered list, repeated in the notice and in the decision
section::

    1) MAXIMUS Federal Services, Inc. has determined the request for <treatment>
       is not medically necessary and appropriate.

followed by "Medical Qualifications of the Expert Reviewer", a "Case Summary"
and, per item, "1) Regarding the request for <treatment>:" with the guidelines
relied upon by the claims administrator and the expert reviewer and a
"Rationale for the Decision".
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from ingest.parsing.dates import parse_date
from ingest.parsing.guidelines import CLAIMS_ADMINISTRATOR, MAXIMUS, parse_guidelines
from ingest.parsing.lines import is_heading
from ingest.parsing.paragraphs import join_paragraphs
from ingest.parsing.patterns import DATE_TEXT
from ingest.parsing.result import Treatment

_DETECT = re.compile(
    r"Notice\s{1,3}of\s{1,3}Independent\s{1,3}Medical\s{1,3}Review\s{1,3}Determination"
    r"|has\s{1,3}determined\s{1,3}(?:that\s{1,3})?the\s{1,3}request",
    re.IGNORECASE,
)
_DETERMINED = re.compile(
    r"^(?:(?P<num>\d{1,2})\s?[.)]\s{1,3})?MAXIMUS\s{1,3}Federal\s{1,3}Services,?\s{1,3}(?:Inc\.?\s{1,3})?"
    r"has\s{1,3}determined\s{1,3}(?:that\s{1,3})?the\s{1,3}request(?:ed)?\s{1,3}(?:for\s{1,3})?",
    re.IGNORECASE,
)
_NECESSITY = re.compile(
    r"\s(?:is|are|was)\s{0,3}(?P<neg>not\s{0,2})?medically\s{0,2}necessary\b[^\n]{0,60}$", re.IGNORECASE
)
_REGARDING = re.compile(
    r"^(?:(?P<num>\d{1,2})\s?[.)]\s{1,3})?Regarding\s{1,3}the\s{1,3}request(?:ed)?\s{1,3}(?:for\s{1,3})?",
    re.IGNORECASE,
)
_NUMBERED = re.compile(r"^(?P<num>\d{1,2})\s?[.)]\s{1,3}")
_WHO_CA = r"Claims\s{1,3}Administrator"
_WHO_MX = r"(?:Expert|Independent\s{1,3}Medical|Physician)?\s{0,3}Reviewer"
_GUIDELINES_BY = (
    r"^(?:Medical\s{1,3}Treatment\s{1,3})?Guidelines?(?:\(s\))?\s{1,3}"
    r"(?:Relied\s{1,3}Upon|Used)\s{1,3}by\s{1,3}the\s{1,3}"
)
_CA = re.compile(_GUIDELINES_BY + _WHO_CA + r"\b[^:\n]{0,80}:?\s{0,3}", re.IGNORECASE)
_MX = re.compile(_GUIDELINES_BY + _WHO_MX + r"\b[^:\n]{0,40}:?\s{0,3}", re.IGNORECASE)
_RATIONALE = re.compile(
    r"^Rationale\s{1,3}(?:for\s{1,3}the\s{1,3}Decision|Used\s{1,3}by\s{1,3}the\s{1,3}"
    + _WHO_MX
    + r")\s{0,3}:?\s{0,3}",
    re.IGNORECASE,
)
_QUALIFICATIONS = re.compile(
    r"^Medical\s{1,3}Qualifications\s{1,3}of\s{1,3}the\s{1,3}Expert\s{1,3}Reviewer", re.I
)
_SUMMARY = re.compile(
    r"^(?:Expert\s{1,3}Reviewer\s{1,3})?(?:Clinical\s{1,3})?Case\s{1,3}Summary\s{0,3}:?\s{0,3}", re.I
)
_SUMMARY_ENDS = re.compile(
    r"^(?:Documents\s{1,3}Reviewed|IMR\s{1,3}ISSUES|INDEPENDENT\s{1,3}MEDICAL\s{1,3}REVIEW\s{1,3}DECISION"
    r"|HOW\s{1,3}THE\s{1,3}IMR)",
    re.IGNORECASE,
)
_CLOSING = re.compile(r"^(?:cc\s{0,3}:|/[A-Za-z\[\]]{1,14}$|Sincerely\b|Enclosure)", re.IGNORECASE)
_DATED = re.compile(rf"\bDated\s{{0,3}}:\s{{0,3}}(?P<v>{DATE_TEXT})", re.IGNORECASE)
_FILED = re.compile(
    rf"application\s{{1,3}}for\s{{1,3}}Independent\s{{1,3}}Medical\s{{1,3}}Review\s{{1,3}}was\s{{1,3}}filed"
    rf"\s{{1,3}}on\s{{1,3}}(?P<v>{DATE_TEXT})",
    re.IGNORECASE,
)
_UR_DATED = re.compile(
    rf"Utilization\s{{1,3}}Review\s{{1,3}}(?:Denial|Decision|determination)\s{{1,3}}dated\s{{1,3}}(?P<v>{DATE_TEXT})",
    re.IGNORECASE,
)
_ASSIGNED = re.compile(
    rf"Notice\s{{1,3}}of\s{{1,3}}Assignment\s{{1,3}}and\s{{1,3}}Request\s{{1,3}}for\s{{1,3}}Information\s{{1,3}}"
    rf"was\s{{1,3}}(?:provided|sent|mailed)\s{{1,3}}to\s{{1,3}}the\s{{1,3}}above\s{{1,3}}parties\s{{1,3}}on"
    rf"\s{{1,3}}(?P<v>{DATE_TEXT})",
    re.IGNORECASE,
)


def is_2013(text: str) -> bool:
    """The 2013 notice: its title near the top, or MAXIMUS's numbered determinations."""
    head = text[:4000].lower()
    if "notice of independent medical review" in head:
        return True
    if text.find("has determined", 0, 30000) < 0 and text.find("HAS DETERMINED", 0, 30000) < 0:
        return False
    return _DETECT.search(text, 0, 30000) is not None


@dataclass(slots=True)
class Parsed2013:
    treatments: list[Treatment] = field(default_factory=list)
    dates: dict[str, dt.date | None] = field(default_factory=dict)
    reviewer_text: str = ""
    summary_lines: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def _decision(rest: str) -> tuple[str, str, str | None]:
    """(request, decision, warning) from the text after "the request for"."""
    rest = rest.strip()
    match = _NECESSITY.search(rest)
    if match:
        return rest[: match.start()].strip(" ,"), ("upheld" if match.group("neg") else "overturned"), None
    cut = rest.rfind(" is ")
    if cut > 0:
        verdict = rest[cut + 4 :].strip(" .")
        return rest[:cut].strip(" ,"), verdict, f"unrecognised decision {verdict!r} kept verbatim"
    return rest.strip(" ."), "", "no decision found in determination"


def _items(lines: list[str], out: Parsed2013) -> dict[str, int]:
    keys: dict[str, int] = {}
    for line in lines:
        match = _DETERMINED.match(line)
        if not match:
            continue
        request, decision, warning = _decision(line[match.end() :])
        key = match.group("num") or request.lower()
        if key in keys:
            continue
        keys[key] = len(out.treatments)
        out.treatments.append(Treatment(request=" ".join(request.split()), decision=decision))
        if warning:
            out.warnings.append(f"item {len(out.treatments)}: {warning}")
    return keys


def _section_start(line: str, out: Parsed2013, keys: dict[str, int], order: int) -> int | None:
    """Index of the treatment whose rationale section starts at ``line``, if it does."""
    match = _REGARDING.match(line)
    if match:
        request = line[match.end() :].strip(" :").lower()
        return keys.get(match.group("num") or "", keys.get(request, order))
    match = _NUMBERED.match(line)
    if match is None or _DETERMINED.match(line):
        return None
    index = keys.get(match.group("num"))
    if index is None or index < order:
        return None
    # "2. Follow-up visit ... is not medically necessary and appropriate.": the item's own words.
    head = out.treatments[index].request.lower()[:24]
    return index if head and line[match.end() :].lower().startswith(head) else None


def _rationales(lines: list[str], out: Parsed2013, keys: dict[str, int]) -> None:
    parts: dict[int, dict[str, list[str]]] = {}
    current: int | None = None
    target: list[str] | None = None
    order = 0
    for line in lines:
        start = _section_start(line, out, keys, order)
        if start is not None:
            order = start + 1
            current = start if 0 <= start < len(out.treatments) else None
            target = None
            if current is not None:
                parts.setdefault(current, {"ca": [], "mx": [], "rationale": []})
            continue
        if current is None:
            continue
        if _CLOSING.match(line) or is_heading(line):
            current = None
            continue
        slot = parts[current]
        for key, pattern in (("ca", _CA), ("mx", _MX), ("rationale", _RATIONALE)):
            label = pattern.match(line)
            if label:
                target = slot[key]
                line = line[label.end() :]
                break
        if target is not None and line.strip():
            target.append(line.strip())
    for index, slot in parts.items():
        treatment = out.treatments[index]
        treatment.guidelines = parse_guidelines(" ".join(slot["ca"]), CLAIMS_ADMINISTRATOR)
        treatment.guidelines.extend(parse_guidelines(" ".join(slot["mx"]), MAXIMUS))
        treatment.rationale = join_paragraphs(slot["rationale"])


def _date(pattern: re.Pattern[str], text: str, low: str, anchor: str, before: int) -> dt.date | None:
    """The date ``pattern`` finds just around an occurrence of ``anchor`` (lower case)."""
    at = low.find(anchor)
    tries = 0
    while at >= 0 and tries < 5:
        match = pattern.search(text, max(0, at - before), at + len(anchor) + 100)
        if match:
            return parse_date(match.group("v"))
        at = low.find(anchor, at + len(anchor))
        tries += 1
    return None


def parse_2013(lines: list[str], text: str) -> Parsed2013:
    out = Parsed2013()
    keys = _items(lines, out)
    _rationales(lines, out, keys)
    window = text[:20000]
    low = window.lower()
    out.dates = {
        "decision_date": _date(_DATED, window, low, "dated", 0),
        "application_received": _date(_FILED, window, low, "was filed on", 90),
        "ur_denial_date": _date(_UR_DATED, window, low, "utilization review", 0),
        "date_assigned": _date(_ASSIGNED, window, low, "request for information", 40),
    }
    reviewer: list[str] = []
    collecting: list[str] | None = None
    for line in lines:
        if _QUALIFICATIONS.match(line):
            collecting = reviewer
        elif (match := _SUMMARY.match(line)) is not None:
            collecting = out.summary_lines
            line = line[match.end() :]
        elif _SUMMARY_ENDS.match(line) or _section_start(line, out, keys, 0) is not None:
            if out.summary_lines:
                break
            collecting = None
        if collecting is not None and line.strip():
            collecting.append(line)
    out.reviewer_text = "\n".join(reviewer)
    for number, treatment in enumerate(out.treatments, start=1):
        if not treatment.rationale:
            out.warnings.append(f"item {number}: no rationale for the decision")
    return out

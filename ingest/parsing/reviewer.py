"""The expert reviewer's specialties and license states.

Two phrasings exist:

* newer: ``Certification(s)/Specialty: Physical Medicine & Rehabilitation, Pain
  Management`` and ``State(s) of Licensure: California,Washington``;
* older: ``The expert reviewer is Board Certified in Occupational Medicine and is
  licensed to practice in California``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ingest.parsing import taxonomy_bridge

_SPECIALTY_LINE = re.compile(
    r"Certifications?(?:\(s\))?\s{0,3}/\s{0,3}Specialt(?:y|ies)(?:\(ies\))?\s{0,3}:\s{0,3}(?P<v>[^\n]{1,400})",
    re.IGNORECASE,
)
_LICENSE_LINE = re.compile(
    r"States?(?:\(s\))?\s{1,3}of\s{1,3}Licensure\s{0,3}:\s{0,3}(?P<v>[^\n]{1,400})", re.IGNORECASE
)
_BOARD_CERTIFIED = re.compile(
    r"\bBoard[\s-]{1,3}Certified\s{1,3}in\s{1,3}(?P<v>[^\n.;]{2,200}?)"
    r"(?=\s{1,3}and\s{1,3}(?:is\s{1,3})?(?:licensed|has)\b|,?\s{1,3}(?:has|with)\s|\s{0,3}[.;]|\s{0,3}$)",
    re.IGNORECASE,
)
_SUBSPECIALTY = re.compile(
    r"\b(?:has\s{1,3}a\s{1,3})?sub-?specialty\s{1,3}(?:certification\s{1,3})?in\s{1,3}(?P<v>[^\n.;,]{2,120}?)"
    r"(?=\s{1,3}and\s{1,3}(?:is\s{1,3})?(?:licensed|has)\b|\s{0,3}[.;,]|\s{0,3}$)",
    re.IGNORECASE,
)
_PROFESSION = re.compile(
    r"\bexpert\s{1,3}reviewer\s{1,3}is\s{1,3}an?\s{1,3}(?:licensed\s{1,3})?(?P<v>Doctor\s{1,3}of\s{1,3}Chiropractic"
    r"|Chiropractor|Psychologist|Acupuncturist|Registered\s{1,3}Nurse|Podiatrist|Dentist|Optometrist)\b",
    re.IGNORECASE,
)
_LICENSED_IN = re.compile(
    r"\blicensed\s{1,3}to\s{1,3}practice\s{1,3}in\s{1,3}(?:the\s{1,3}states?\s{1,3}of\s{1,3})?"
    r"(?P<v>[A-Z][A-Za-z ,&]{1,200}?)(?=\s{0,3}(?:\.|;|$|\n|He/she|She/he))",
)
_LIST_SPLIT = re.compile(r"\s{0,3}(?:,|;|/|\band\b|&)\s{0,3}", re.IGNORECASE)
_SPECIALTY_SPLIT = re.compile(r"\s{0,3}[,;]\s{0,3}")
_PROFESSIONS = {
    "doctor of chiropractic": "Chiropractic",
    "chiropractor": "Chiropractic",
    "psychologist": "Psychologist",
    "acupuncturist": "Oriental Medicine",
    "registered nurse": "Registered Nurse",
    "podiatrist": "Podiatrist",
    "dentist": "Dentist",
    "optometrist": "Optometry",
}


@dataclass(slots=True)
class Reviewer:
    specialties: list[str] = field(default_factory=list)
    license_states: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def _canonical(name: str) -> str | None:
    found = taxonomy_bridge.canonical_specialty(name)
    if found is None and " and " in name.lower():
        found = taxonomy_bridge.canonical_specialty(re.sub(r"\s+and\s+", " & ", name, flags=re.I))
    return found


def _add_specialties(raw: str, reviewer: Reviewer, *, split_and: bool) -> None:
    raw = raw.strip().rstrip(".")
    whole = _canonical(raw)
    if whole:
        parts = [raw]
    else:
        parts = [p for p in _SPECIALTY_SPLIT.split(raw) if p]
        if split_and and len(parts) == 1 and " and " in raw.lower():
            halves = re.split(r"\s+and\s+", raw, flags=re.I)
            if all(_canonical(h) for h in halves):
                parts = halves
    for part in parts:
        name = " ".join(part.split()).strip(" .")
        if not name:
            continue
        canonical = _canonical(name)  # (a typo that is unambiguous reads as the specialty it misspells)
        if canonical is None:
            reviewer.warnings.append(
                f"reviewer specialty {name!r} is not on the state's list: kept as written"
            )
        value = canonical or name
        if value not in reviewer.specialties:
            reviewer.specialties.append(value)


def _add_states(raw: str, reviewer: Reviewer) -> None:
    for part in _LIST_SPLIT.split(raw.strip().rstrip(".")):
        name = part.strip(" .")
        if not name:
            continue
        code = taxonomy_bridge.state_code(name)
        if code is None and len(name) == 2 and name.isalpha() and name.isupper():
            code = name
        if code is None:
            reviewer.warnings.append(f"unknown license state {name!r}")
        elif code not in reviewer.license_states:
            reviewer.license_states.append(code)


def _near(pattern: re.Pattern[str], text: str, low: str, anchor: str, before: int) -> re.Match[str] | None:
    """``pattern.search`` started just before each occurrence of ``anchor`` (cheap on long texts)."""
    at = low.find(anchor)
    tries = 0
    while at >= 0 and tries < 5:
        match = pattern.search(text, max(0, at - before), at + len(anchor) + 1000)
        if match:
            return match
        at = low.find(anchor, at + len(anchor))
        tries += 1
    return None


def parse_reviewer(text: str) -> Reviewer:
    """Reviewer credentials from the part of the letter describing the review."""
    reviewer = Reviewer()
    low = text.lower()
    match = _near(_SPECIALTY_LINE, text, low, "specialt", 40)
    if match:
        _add_specialties(match.group("v"), reviewer, split_and=False)
    else:
        match = _near(_BOARD_CERTIFIED, text, low, "board", 0)
        if match:
            _add_specialties(match.group("v"), reviewer, split_and=True)
        if "specialty" in low:
            for sub in _SUBSPECIALTY.finditer(text):
                _add_specialties(sub.group("v"), reviewer, split_and=True)
        prof = _near(_PROFESSION, text, low, "expert reviewer is a", 0)
        if prof:
            value = _PROFESSIONS.get(" ".join(prof.group("v").lower().split()))
            value = (_canonical(value) or value) if value else None
            if value and value not in reviewer.specialties:
                reviewer.specialties.append(value)
    match = _near(_LICENSE_LINE, text, low, "licensure", 30) or _near(
        _LICENSED_IN, text, low, "licensed to practice", 0
    )
    if match:
        _add_states(match.group("v"), reviewer)
    if not reviewer.specialties:
        reviewer.warnings.append("no reviewer specialty stated")
    if not reviewer.license_states:
        reviewer.warnings.append("no reviewer license state stated")
    return reviewer

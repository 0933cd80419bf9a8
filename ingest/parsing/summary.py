"""Clinical case summary: the summary text, patient age and sex, mechanism of injury, diagnoses."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ingest.parsing.paragraphs import join_paragraphs

_INTRO = re.compile(
    r"^(?:the\s{1,3}expert\s{1,3}(?:\w{1,20}\s{1,3})?reviewer\s{1,3}developed\s{1,3}the\s{1,3}following[^:]{0,200}:"
    r"|disclaimer\s{0,3}:[^\n]{0,300}?dated\s{1,3}[^.]{1,40}\.)\s{0,3}",
    re.IGNORECASE,
)
_AGE = re.compile(
    r"\b(?P<age>\d{1,3})\s{0,2}-?\s{0,2}(?:years?|yrs?|y/o)\s{0,2}-?\s{0,2}old\b", re.IGNORECASE
)
_Y_O = re.compile(r"\b(?P<age>\d{1,3})\s{0,2}(?:y/o|yo)\b", re.IGNORECASE)
_SEX_WORDS = r"(?P<sex>male|female|man|woman|gentleman|lady)"
_AGE_SEX = re.compile(
    r"\b\d{1,3}\s{0,2}-?\s{0,2}(?:years?|yrs?)\s{0,2}-?\s{0,2}old\s{1,3}"
    r"(?:(?:injured|white|black|hispanic|asian|caucasian|right-handed|left-handed|now|obese)\s{1,3}){0,3}"
    + _SEX_WORDS
    + r"\b"
)
_IS_A_SEX = re.compile(
    r"\b(?:is|was)\s{1,3}an?(?:\(n\))?\s{1,3}(?:\d{1,3}\s{0,2}-?\s{0,2}(?:years?|yrs?)\s{0,2}-?\s{0,2}old\s{1,3})?"
    + _SEX_WORDS
    + r"\b"
)
_SEX_NOUN = re.compile(
    _SEX_WORDS + r"\s{1,3}(?:injured\s{1,3}worker|patient|claimant|applicant|employee|individual|worker)\b"
)
_SEX_VALUES = {
    "male": "male",
    "man": "male",
    "gentleman": "male",
    "female": "female",
    "woman": "female",
    "lady": "female",
}
_MECHANISM = re.compile(
    r"\bmechanism\s{1,3}of\s{1,3}(?:the\s{1,3})?injury\s{0,3}(?::|(?:was|is|has\s{1,3}been|being)\b)\s{0,3}"
    r"(?:(?:noted|detailed|described|documented|reported|listed|stated|identified|indicated|given|cited|said)"
    r"\s{1,3}(?:as|to\s{1,3}(?:be|have\s{1,3}been))\s{1,3}|as\s{1,3}|that\s{1,3})?"
    r"(?P<m>[^.\n]{3,250})",
    re.IGNORECASE,
)
_DIAGNOSES = re.compile(
    r"(?:diagnos[ie]s\s{1,3}"
    r"(?:(?:are|were|include[sd]?|included|consist(?:s|ed)?\s{1,3}of|has\s{1,3}been|have\s{1,3}been|is|was)\s{1,3})"
    r"|diagnosed\s{1,3}(?:as\s{1,3}having|with)\s{1,3}|being\s{1,3}treated\s{1,3}for\s{1,3})"
    r"(?:(?:documented|noted|listed|reported|given)\s{1,3}(?:as|is)\s{1,3}|as\s{1,3})?:?\s{0,3}"
    r"(?P<d>[^.\n]{3,400})",
    re.IGNORECASE,
)
_AGE_SEX_WINDOW = 800  # age and sex are stated in the opening sentences
_DIAGNOSIS_SPLIT = re.compile(r"\s{0,3}[;,]\s{0,3}(?:and\s{1,3})?|\s{1,3}and\s{1,3}(?=[^,;]{0,80}$)")
_MAX_DIAGNOSES = 20


@dataclass(slots=True)
class Summary:
    text: str | None = None  # paragraphs apart by a blank line (:mod:`paragraphs`)
    patient_age: int | None = None
    patient_sex: str | None = None
    mechanism_of_injury: str | None = None
    diagnoses: list[str] = field(default_factory=list)


def _age(text: str) -> int | None:
    match = _AGE.search(text)
    if match is None and ("y/o" in text or "yo" in text):
        match = _Y_O.search(text)
    if not match:
        return None
    age = int(match.group("age"))
    return age if 14 <= age <= 110 else None


def _sex(text: str) -> str | None:
    # The three patterns are lower case, searched in the lowercased text: half the time of
    # IGNORECASE searches in the text as it is (the three scan up to 800 characters each).
    low = text.lower()
    for pattern in (_AGE_SEX, _IS_A_SEX, _SEX_NOUN):
        match = pattern.search(low)
        if match:
            return _SEX_VALUES[match.group("sex")]
    return None


def _diagnoses(text: str, low: str) -> list[str]:
    match = None
    at = low.find("diagnos")
    tries = 0
    while at >= 0 and match is None and tries < 8:
        match = _DIAGNOSES.match(text, at, at + 500)
        at = low.find("diagnos", at + 7)
        tries += 1
    if match is None:
        at = low.find("being treated for")
        match = _DIAGNOSES.match(text, at, at + 500) if at >= 0 else None
    if match is None:
        return []
    out: list[str] = []
    for part in _DIAGNOSIS_SPLIT.split(match.group("d")):
        item = part.strip(" \"'()")
        if len(item) >= 3 and item not in out:
            out.append(item)
        if len(out) >= _MAX_DIAGNOSES:
            break
    return out


def parse_summary(lines: list[str]) -> Summary:
    """Fields of the case summary section (lines of that section only)."""
    body = [line for line in lines if line.strip()]
    if body:
        # (``_INTRO`` is anchored: ``_INTRO.sub("", body[0], count=1)``; only that line can
        # become blank.)
        intro = _INTRO.match(body[0])
        if intro is not None:
            body[0] = body[0][intro.end() :]
            if not body[0].strip():
                del body[0]
    # The fields are read from the words of the summary joined by spaces, paragraph breaks included:
    # keeping the paragraphs changes none of them.
    text = " ".join(body)
    if not text:
        return Summary()
    low = text.lower()
    at = low.find("mechanism of")
    mechanism = _MECHANISM.search(text, at, at + 320) if at >= 0 else None
    opening = text[:_AGE_SEX_WINDOW]
    return Summary(
        text=join_paragraphs(body),
        patient_age=_age(opening),
        patient_sex=_sex(opening),
        mechanism_of_injury=mechanism.group("m").strip(" ,;:\"'") if mechanism else None,
        diagnoses=_diagnoses(text, low),
    )

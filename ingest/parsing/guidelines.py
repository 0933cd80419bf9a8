"""Guideline citations ("Claims Administrator guideline: Decision based on ...")."""

from __future__ import annotations

import re
from functools import lru_cache

from ingest.parsing.result import Guideline
from ingest.taxonomy.guideline_sections import guideline_sections

CLAIMS_ADMINISTRATOR = "claims_administrator"
MAXIMUS = "maximus"

_LABEL = re.compile(
    r"^(?:claims\s{1,3}administrator\s{1,3}guideline|maximus\s{1,3}guideline"
    r"|medical\s{1,3}treatment\s{1,3}guidelines?(?:\(s\))?\s{1,3}relied\s{1,3}upon\s{1,3}by\s{1,3}the"
    r"\s{1,3}(?:claims\s{1,3}administrator|expert\s{1,3}reviewer))\s{0,3}:?\s{0,3}",
    re.IGNORECASE,
)
_NO_CITATION = re.compile(
    r"\bdid\s{1,3}not\s{1,3}cite\b|\bno\s{1,3}guidelines?\s{1,3}(?:were\s{1,3})?cited\b", re.I
)
_BASED_ON = "decision based on "  # normalized text has single spaces
_NON_MTUS = re.compile(r"^Non-?\s{0,2}MTUS\s{1,3}(?:Citation\s{0,3}:?\s{0,3})?", re.IGNORECASE)
_BASED_ITS = re.compile(
    r"\b(?:based\s{1,3}(?:its|his/her|his|her|their)\s{1,3}decision\s{1,3}on|relied\s{1,3}(?:up)?on|(?:also\s{1,3})?cited)\s{1,3}(?:the\s{1,3})?",
    re.IGNORECASE,
)
_PART_OF_MTUS = re.compile(
    r",?\s{0,3}which\s{1,3}(?:is|are)\s{1,3}(?P<neg>not\s{1,3})?(?:a\s{1,3})?part\s{1,3}of\s{1,3}(?:the\s{1,3})?MTUS\.?",
    re.IGNORECASE,
)
_PAGES = re.compile(
    r"[,;]?\s{0,3}\bPages?\s{0,3}(?:\(s\))?\s{0,3}:?\s{0,3}"
    r"(?P<p>\d{1,4}(?:\s{0,3}(?:-|,|and|to|&)\s{0,3}\d{1,4}){0,20})",
    re.IGNORECASE,
)
_SENTENCE = re.compile(r"(?<=[.;])\s{1,5}(?=[A-Z])")
_BOILERPLATE = re.compile(
    r"^The\s{1,3}(?:Claims\s{1,3}Administrator|Expert\s{1,3}Reviewer)\s{1,3}based\s{1,3}(?:its|their|his/her)"
    r"\s{1,3}decision\s{1,3}on\s{1,3}recommendation",
    re.IGNORECASE,
)
_GUIDELINE_WORDS = re.compile(
    r"MTUS|ACOEM|ODG|Official\s{1,3}Disability|Guideline|Chapter|Pages?\b|UpToDate|FDA|Medicare|Citation",
    re.IGNORECASE,
)
_ODG = re.compile(r"\bODG\b|Official\s{1,3}Disability\s{1,3}Guidelines", re.IGNORECASE)
_ACOEM = re.compile(r"\bACOEM\b|American\s{1,3}College\s{1,3}of\s{1,3}Occupational", re.IGNORECASE)
_MTUS_BOOKS = re.compile(
    r"^(?:the\s{1,3})?(?:Chronic\s{1,3}Pain\s{1,3}Medical\s{1,3}Treatment|Acupuncture\s{1,3}Medical\s{1,3}Treatment"
    r"|Post-?\s{0,2}Surgical\s{1,3}Treatment)\s{1,3}Guidelines",
    re.IGNORECASE,
)


def _source(citation: str, *, non_mtus: bool) -> str:
    low = citation.lower()
    if ("acoem" in low or "american college" in low) and _ACOEM.search(citation):
        return "ACOEM"
    if not non_mtus and (
        "mtus" in low or "medical treatment utilization" in low or _MTUS_BOOKS.match(citation)
    ):
        return "MTUS"
    if ("odg" in low or "official disability" in low) and _ODG.search(citation):
        return "ODG"
    return "other"


def _clean(citation: str) -> str:
    if "  " in citation or "\n" in citation:
        citation = " ".join(citation.split())
    return citation.strip(" .,;:")


# A citation as cached: (source, citation, pages, its normalized sections).
Citation = tuple[str, str, str | None, tuple[str, ...]]
# Letters cite the same guidelines over and over: paragraphs and citations already read are
# looked up (bounded caches, cleared with ``clear_caches``).
_PARAGRAPH_CACHE = 4096
_CITATION_CACHE = 8192


@lru_cache(maxsize=_CITATION_CACHE)
def _citation(piece: str) -> Citation | None:
    piece = piece.strip()
    non_mtus = False
    match = _NON_MTUS.match(piece) if piece[:3].lower() == "non" else None
    if match:
        non_mtus = True
        piece = piece[match.end() :]
    part = _PART_OF_MTUS.search(piece) if "part of" in piece else None
    if part:
        non_mtus = non_mtus or bool(part.group("neg"))
        is_mtus = not part.group("neg")
        piece = piece[: part.start()] + piece[part.end() :]
    else:
        is_mtus = False
    pages: str | None = None
    match = _PAGES.search(piece) if "age" in piece or "AGE" in piece else None
    if match:
        pages = " ".join(match.group("p").split())
        piece = piece[: match.start()] + piece[match.end() :]
    citation = _clean(piece)
    if not citation:
        return None
    source = _source(citation, non_mtus=non_mtus)
    if is_mtus and source == "other":
        source = "MTUS"
    return source, citation, pages, tuple(guideline_sections(citation))


@lru_cache(maxsize=_PARAGRAPH_CACHE)
def _citations(text: str) -> tuple[Citation, ...]:
    """The citations of one guideline paragraph (label included or not)."""
    label = _LABEL.match(text)
    if label:
        text = text[label.end() :]
    text = text.strip()
    if not text or ("cite" in text[:300] and _NO_CITATION.search(text[:300])):
        return ()
    low = text.lower()
    starts: list[int] = []
    at = low.find(_BASED_ON)
    while at >= 0:
        starts.append(at)
        at = low.find(_BASED_ON, at + len(_BASED_ON))
    pieces: list[str] = []
    if starts:
        bounds = [*starts[1:], len(text)]
        pieces = [text[start + len(_BASED_ON) : end] for start, end in zip(starts, bounds, strict=True)]
    else:
        # Older letters: "The Claims Administrator based its decision on the ..., which is part of the MTUS."
        for sentence in _SENTENCE.split(text):
            if _BOILERPLATE.match(sentence) or not _GUIDELINE_WORDS.search(sentence):
                continue
            match = _BASED_ITS.search(sentence)
            pieces.append(sentence[match.end() :] if match else sentence)
    return tuple(found for found in map(_citation, pieces) if found is not None)


def parse_guidelines(text: str, cited_by: str) -> list[Guideline]:
    """Citations in one guideline paragraph (label included or not)."""
    return [
        Guideline(source=source, citation=citation, cited_by=cited_by, pages=pages, sections=list(sections))
        for source, citation, pages, sections in _citations(text)
    ]


def clear_caches() -> None:
    """Forget the paragraphs and citations already read."""
    _citations.cache_clear()
    _citation.cache_clear()

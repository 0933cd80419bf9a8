"""Classify a disputed treatment into the canonical taxonomy, from its request and, when that
does not settle it, from the rest of the decision.

``read_request`` reads the request alone: the drugs it names (``medications``) and the keyword
rules (``request_rules``); it runs on every treatment of every letter, so it is one search and a
few dictionary look-ups. ``classify_decision`` reads the rest of the decision only when the request
names no category or only a family ("surgery", "a cream", "medication"): the rationale's
definition of the item, the reviewer's guideline sections, the claims administrator's, and the
rationale's first sentences, in that order (``Basis`` records which decided).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import NamedTuple

from .categories import PHARMACEUTICALS
from .drugs import fuzzy_drug
from .medications import Found, find_drugs, medication_row
from .rationale import TOPIC_SENTENCES, definitions, sentences
from .regions import body_regions
from .request_rules import Match, first_rule
from .rows import INJECTION, LAB, MEDICAL, OPEN_SURGERY, PSYCH_EVAL, SPINE, SURGICAL_CONSULT, Row
from .topics import citation_row, topic_row

PHARMA = PHARMACEUTICALS


class Basis(StrEnum):
    """What in a decision named its category."""

    REQUEST = "request"
    GUIDELINE = "guideline"
    RATIONALE = "rationale"


@dataclass(frozen=True, slots=True)
class Classification:
    category: str | None = None
    subcategory: str | None = None
    drug_class: str | None = None
    drug_name: str | None = None
    strength: str | None = None
    quantity: str | None = None
    sessions: int | None = None
    body_regions: tuple[str, ...] = ()
    basis: str = ""  # what decided the category: a Basis value, "" when nothing did


class RequestReading(NamedTuple):
    found: Classification
    settled: bool  # the request alone names the row (not only a family of rows, nor nothing)


_STRENGTH_RE = re.compile(
    r"(?<![\w.])(\d+(?:\.\d+)?(?:\s?(?:mg|mcg|%))?(?:\s?/\s?\d+(?:\.\d+)?)*\s?(?:mg|mcg|meq|g|gm|ml|%|units?|mcg/hr|mcg/h|mg/ml)(?:/(?:hr|h|ml|patch))?)(?![a-z])"
)
_QTY_RE = re.compile(
    r"(?:#\s?(\d+)|\b(?:qty|quantity|count)[:.]?\s*(?:of\s+)?(\d+)|\((\d+)\s*(?:tablets?|tabs?|capsules?|caps?|patch(?:es)?|pills?)\)|\b(\d+)\s+(?:tablets?|tabs|capsules?|caps|patch(?:es)?|pills|bottles?|tubes?))"
)
_SESS_RE = re.compile(
    r"\b(\d+)\s*(?:additional\s+|more\s+|initial\s+|\w+\s+)?(?:sessions?|visits?|treatments?)\b"
    r"|\bx\s?(\d+)\b(?!\s*(?:hours?|days?|weeks?|months?|mg))"
    r"|\b(\d+)\s?(?:x|times (?:a|per) week for)\s?(\d+)\b"
)
_WORD_RE = re.compile(r"[A-Za-z][A-Za-z0-9\-]*")
_DOTTED = re.compile(r"\b(?:[a-z]\.){2,}")  # an abbreviation written with stops: "p.t.", "e.m.g."
# Regions of the spine: an operation there is spine surgery ("L4-5 decompression", "lumbar surgery").
_SPINE_REGIONS = frozenset({"Cervical spine", "Thoracic spine", "Lumbar spine", "Spine"})
_NO_SESSIONS = frozenset({"Surgery", "Diagnostic Testing", PHARMA})
# What a visit or an evaluation not named further may turn out to be, from the rest of the decision.
_VISITS = frozenset({PSYCH_EVAL, SURGICAL_CONSULT})


def _undotted(low: str) -> str:
    return _DOTTED.sub(lambda m: m.group().replace(".", ""), low) if "." in low else low


def _sessions(low: str) -> int | None:
    m = _SESS_RE.search(low)
    if m is None:
        return None
    if m.group(1):
        return int(m.group(1))
    if m.group(2):
        return int(m.group(2))
    return int(m.group(3)) * int(m.group(4))


def _dose(request: str, low: str) -> tuple[str | None, str | None]:
    """(strength, quantity) of a medication request; the strength keeps the request's letters."""
    strength = quantity = None
    m = _STRENGTH_RE.search(low)
    if m is not None:
        text = request[m.start(1) : m.end(1)] if len(request) == len(low) else m.group(1)
        strength = text.replace(" ", "")
    q = _QTY_RE.search(low)
    if q is not None:
        quantity = next(g for g in q.groups() if g)
    return strength, quantity


def _with_row(found: Classification, row: Row, basis: str) -> Classification:
    return replace(found, category=row[0], subcategory=row[1], drug_class=row[2], basis=basis)


def _drug_first(drugs: list[Found], match: Match | None) -> bool:
    """Whether the request is the drug it names: a drug named before any rule's words (or with an
    injection's) is; a drug's level or screen is a lab test ("Vitamin D level", "testosterone level")."""
    if not drugs:
        return False
    if match is None or match.rule.weak or match.rule.row == INJECTION:
        return True
    if match.rule.row == LAB and match.start <= drugs[0].start < match.end:
        return False
    return drugs[0].start <= match.start


def read_request(request: str) -> RequestReading:
    """Classify one disputed item from its request alone, e.g. ``"Norco 10/325mg #60"``."""
    low = request.lower()
    words = _undotted(low)  # "P.T. 3x4" reads as "PT 3x4"
    regions = body_regions(request)
    drugs = find_drugs(words)
    match = first_rule(words)
    row: Row | None = None
    drug_name = strength = quantity = None
    sessions = None
    settled = True
    if _drug_first(drugs, match):
        row = medication_row([f.drug for f in drugs], words)
        drug_name = drugs[0].drug.name
    elif match is not None:
        row, settled = match.rule.row, match.rule.settles and not match.rule.weak
        if row == OPEN_SURGERY and regions and _SPINE_REGIONS.issuperset(regions):
            row, settled = SPINE, True
    else:
        fuzzy = next((d for w in _WORD_RE.findall(request) if (d := fuzzy_drug(w)) is not None), None)
        if fuzzy is not None:
            row, drug_name = medication_row([fuzzy], low), fuzzy.name
    if row is None:
        return RequestReading(Classification(body_regions=regions), False)
    if row[0] == PHARMA or drug_name is not None:
        strength, quantity = _dose(request, low)
    elif row[0] not in _NO_SESSIONS:
        sessions = _sessions(low)
    found = Classification(
        category=row[0],
        subcategory=row[1],
        drug_class=row[2],
        drug_name=drug_name,
        strength=strength,
        quantity=quantity,
        sessions=sessions,
        body_regions=regions,
        basis=Basis.REQUEST,
    )
    return RequestReading(found, settled)


def classify_treatment(request: str) -> Classification:
    """Classify one disputed item from its request alone, e.g. ``"Norco 10/325mg #60"``."""
    return read_request(request).found


def _context(
    request: str, reviewer: Sequence[str], administrator: Sequence[str], rationale: str
) -> Iterator[tuple[Row, str, str | None]]:
    """Rows the rest of the decision names, best first, with their basis and any drug named."""
    for definition in definitions(request, rationale):
        found = read_request(definition).found
        if found.category is not None:
            yield (found.category, found.subcategory, found.drug_class), Basis.RATIONALE, found.drug_name
    for citations in (reviewer, administrator):
        for citation in citations:
            row = citation_row(citation)
            if row is None:
                drugs = find_drugs(citation.lower())
                row = medication_row([drugs[0].drug], "") if drugs else None
            if row is not None:
                yield row, Basis.GUIDELINE, None
    for sentence in sentences(rationale, TOPIC_SENTENCES):
        row = topic_row(sentence)
        if row is not None:
            yield row, Basis.RATIONALE, None


def classify_decision(
    request: str,
    *,
    reviewer_citations: Sequence[str] = (),
    administrator_citations: Sequence[str] = (),
    rationale: str = "",
    reading: RequestReading | None = None,
) -> Classification:
    """Classify one decision: its request, and when that names no category or only a family,
    the rationale's definition of the item, the reviewer's and then the claims administrator's
    guideline sections, and the rationale's first sentences. ``reading`` is the request's
    ``read_request`` when the caller has it."""
    found, settled = reading if reading is not None else read_request(request)
    if settled:
        return found
    for row, basis, drug_name in _context(request, reviewer_citations, administrator_citations, rationale):
        if found.category is None:
            refined = _with_row(found, row, basis)
        elif (row[0] == found.category and row[1] is not None) or (
            (found.category, found.subcategory, found.drug_class) == MEDICAL and row in _VISITS
        ):
            if row == (found.category, found.subcategory, found.drug_class):
                return found  # the decision says what the request said
            refined = _with_row(found, row, basis)  # the request named the family, this its leaf
        else:
            continue
        if refined.category == PHARMA:
            strength, quantity = _dose(request, request.lower())
            refined = replace(
                refined, drug_name=found.drug_name or drug_name, strength=strength, quantity=quantity
            )
        return refined
    return found

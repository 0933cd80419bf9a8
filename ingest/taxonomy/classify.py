# ruff: noqa: E501  (keyword-rule tables: one rule per line reads best)
"""Classify a disputed treatment request into the canonical taxonomy.

Fast path only: one tokenizing regex, dict lookups for drugs, and a short
list of precompiled keyword rules. Runs on every treatment of every letter.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from enum import StrEnum

from .drugs import DRUGS, MAX_WORDS, Drug, fuzzy_drug
from .regions import body_regions

PHARMA = "Pharmaceuticals"


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


_I = re.IGNORECASE
# Ordered (pattern, category, subcategory); the first match wins.
_PROCEDURE_RULES: list[tuple[re.Pattern[str], str, str]] = [
    (re.compile(p, _I), c, s)
    for p, c, s in [
        (r"\b(?:facet|medial branch|radiofrequency|rhizotomy|neurotomy|RFA)\b", "Injection", "Facet Injection"),
        (r"\barthroscop\w*|\bmeniscectom\w*|\bchondroplast\w*|\bdebridement\b.*\b(?:knee|shoulder)\b|\bACL reconstruction\b|\bsubacromial decompression\b|\blabral repair\b",
         "Surgery", "Arthroscopic Surgery"),
        (r"\b(?:fusion|laminectomy|laminotomy|discectomy|microdiscectomy|foraminotomy|kyphoplasty|vertebroplasty|disc replacement|ACDF|TLIF|PLIF|spinal cord stimulator|SCS)\b",
         "Surgery", "Spine"),
        (r"\b(?:assistant surgeon|surgical assistant|pre-?operative (?:labs?|clearance|EKG|ECG|testing|evaluation)|anesthesia|inpatient stay|length of stay|hospital stay|medical clearance)\b",
         "Surgery", "Adjunct Surgical Services"),
        (r"\b(?:(?:orthopedic |spine |spinal |hand |neurosurgical )?surg\w* consult\w*|consult\w* with (?:an? )?(?:orthopedic |spine |hand )?surgeon|surgical evaluation)\b",
         "Surgery", "Surgical Consult"),
        (r"\b(?:arthroplasty|replacement|carpal tunnel release|release|repair|excision|ORIF|internal fixation|open reduction|osteotomy|tenotomy|surgery|amputation|manipulation under anesthesia|-?ectomy)\b",
         "Surgery", "Non-arthroscopic Surgery"),
        (r"\b(?:epidural|ESI|trigger point|nerve block|injections?|SI joint|sacroiliac|PRP|platelet|botox|cortisone shot)\b",
         "Injection", "Injection"),
    ]
]  # fmt: skip

_OTHER_RULES: list[tuple[re.Pattern[str], str, str]] = [
    (re.compile(p, _I), c, s)
    for p, c, s in [
        (r"\b(?:MRI|MRA|CT scan|CT|x-?rays?|radiographs?|ultrasound|bone scan|imaging|arthrogram|myelogram|discogram|DEXA|SPECT|PET)\b",
         "Diagnostic Testing", "Imaging/Radiology"),
        (r"\b(?:EMG|NCV|NCS|electromyograph\w*|nerve conduction)\b", "Diagnostic Testing", "EMG/NCV/NCS"),
        (r"\b(?:urine drug|drug screen\w*|drug test\w*|toxicology|lab\w*|blood work|CBC|panel|genetic|urinalysis|hepatic|renal function)\b",
         "Diagnostic Testing", "Lab & Pathology"),
        (r"\b(?:sleep study|polysomnogra\w*|functional capacity evaluation|FCE|computerized range|muscle testing|ECG|EKG|echocardiogra\w*|stress test|videonystagmograph\w*|audiogra\w*|sudoscan)\b",
         "Diagnostic Testing", "Other Diagnostic Tests"),
        (r"\b(?:TENS|H-?wave|interferential|IF unit|NMES|neuromuscular electrical|electrical (?:muscle )?stimulat\w*|EMS unit|muscle stimulator|galvanic)\b",
         "DMEPOS", "Electrical Stimulation"),
        (r"\b(?:brace|orthotics?|orthosis|splint|insoles?|shoe inserts?|collar|prosthe\w*|lumbar support|LSO|TLSO|knee sleeve)\b",
         "DMEPOS", "Prosthetics/Orthotics"),
        (r"\b(?:electrodes|batteries|supplies|lead wires|dressing|bandage|compression stockings|gloves)\b", "DMEPOS", "Supplies"),
        (r"\b(?:wheelchair|walker|cane|hot/?cold|cold therapy|cryotherapy unit|heating pad|bed|mattress|chair|pillow|CPM|continuous passive motion|shower|commode|traction unit|home traction|scooter|treadmill|exercise equipment|gym membership|pool membership|DVT|compression device|pneumatic|DME|durable medical|raised toilet|grabber|reacher|ice unit)\b",
         "DMEPOS", "DME"),
        (r"\bacupunct\w*|\belectroacupunct\w*", "Rehabilitation", "Acupuncture"),
        (r"\b(?:chiropract\w*|manipulation|spinal adjustment|CMT|manual therapy)\b", "Rehabilitation", "Chiropractic"),
        (r"\b(?:physical therapy|physiotherapy|occupational therapy|PT|OT|therapeutic exercise|work hardening|work conditioning|aquatic therapy|pool therapy|home exercise)\b",
         "Rehabilitation", "Physical Therapy/Occupational Therapy (PT/OT)"),
        (r"\b(?:massage|myofascial release|shockwave|ESWT|laser therapy|traction|biofeedback|kinesio)\b",
         "Rehabilitation", "Other Therapies"),
        (r"\b(?:functional restoration|FRP|HELP program|multidisciplinary|detox\w*|weight loss program|pain program|chronic pain program|work rehabilitation program)\b",
         "Programs", "Programs"),
        (r"\b(?:psychotherap\w*|cognitive behavioral|CBT|counseling|psychological treatment|hypnotherapy|relaxation training|group therapy)\b",
         "Psych Services", "Therapies"),
        (r"\b(?:psycholog\w*|psychiatr\w*|psychometric|mental health)\b", "Psych Services", "Evaluation & Management"),
        (r"\b(?:home health|home care|home assistance|nursing care|caregiver|housekeeping|aide|attendant care)\b", "Home Health", "Home Health"),
        (r"\b(?:transportation|taxi|ambulance|travel)\b", "Transportation", "Transportation"),
        (r"\b(?:dental|dentist|teeth|tooth|oral appliance|TMJ splint)\b", "Evaluation & Management", "Dental Services"),
        (r"\b(?:consult\w*|evaluation|referral|follow[- ]?up|office visits?|visits?|specialist|second opinion|management)\b",
         "Evaluation & Management", "Medical Specialties"),
    ]
]  # fmt: skip

_WORD_RE = re.compile(r"[A-Za-z][A-Za-z0-9\-]*(?:/[A-Za-z][A-Za-z0-9\-]*)*")
_STRENGTH_RE = re.compile(
    r"(?<![\w.])(\d+(?:\.\d+)?(?:\s?(?:mg|mcg|%))?(?:\s?/\s?\d+(?:\.\d+)?)*\s?(?:mg|mcg|mEq|g|gm|ml|mL|%|units?|mcg/hr|mcg/h|mg/ml)(?:/(?:hr|h|ml|mL|patch))?)(?![A-Za-z])",
    _I,
)
_QTY_RE = re.compile(
    r"(?:#\s?(\d+)|\b(?:qty|quantity|count)[:.]?\s*(?:of\s+)?(\d+)|\((\d+)\s*(?:tablets?|tabs?|capsules?|caps?|patch(?:es)?|pills?)\)|\b(\d+)\s+(?:tablets?|tabs|capsules?|caps|patch(?:es)?|pills|bottles?|tubes?))",
    _I,
)
_SESS_RE = re.compile(
    r"\b(\d+)\s*(?:additional\s+|more\s+|initial\s+|\w+\s+)?(?:sessions?|visits?|treatments?)\b"
    r"|\bx\s?(\d+)\b(?!\s*(?:hours?|days?|weeks?|months?|mg))"
    r"|\b(\d+)\s?(?:x|times (?:a|per) week for)\s?(\d+)\b",
    _I,
)
_TOPICAL_RE = re.compile(
    r"\b(?:cream|gel|patch(?:es)?|ointment|lotion|topical|compound\w*|rub|spray|liniment)\b", _I
)
_COMPOUND_RE = re.compile(r"\bcompound\w*|\d+(?:\.\d+)?\s?%.*\d+(?:\.\d+)?\s?%", _I)


def _lowered(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """The pattern, lower-cased and case-sensitive: on lower-cased ASCII text it finds what ``pattern``
    finds in the text itself (same spans; groups lower-cased), several times faster than IGNORECASE.
    """
    if re.search(r"\\[A-Z]", pattern.pattern) or "(?P" in pattern.pattern:  # (\S, \B... or group names)
        raise RuntimeError(f"{pattern.pattern[:40]!r} cannot be lower-cased")
    return re.compile(pattern.pattern.lower(), pattern.flags & ~re.IGNORECASE)


_PROCEDURE_LOW = [(_lowered(p), c, s) for p, c, s in _PROCEDURE_RULES]
_OTHER_LOW = [(_lowered(p), c, s) for p, c, s in _OTHER_RULES]
_STRENGTH_LOW = _lowered(_STRENGTH_RE)
_QTY_LOW = _lowered(_QTY_RE)
_SESS_LOW = _lowered(_SESS_RE)
_TOPICAL_LOW = _lowered(_TOPICAL_RE)
_COMPOUND_LOW = _lowered(_COMPOUND_RE)

# First words of the multi-word drug names: a phrase can only be a name if it starts with one.
_FIRST_WORDS = frozenset(key.split(" ", 1)[0] for key in DRUGS if " " in key)


def _find_drugs(text: str, low: str | None = None) -> list[tuple[str, Drug]]:
    # Words are ASCII (``_WORD_RE``): lower-casing each word is lower-casing the phrase.
    # In ASCII text they are the words of the lower-cased text (``low``), already lower case.
    if low is not None and text.isascii():
        words = _WORD_RE.findall(low)
    else:
        words = [word.lower() for word in _WORD_RE.findall(text)]
    found: list[tuple[str, Drug]] = []
    get = DRUGS.get
    i, n = 0, len(words)
    while i < n:
        word = words[i]
        size, drug = 1, None
        if word in _FIRST_WORDS:  # longest phrase first
            for size in range(min(MAX_WORDS, n - i), 1, -1):
                drug = get(" ".join(words[i : i + size]))
                if drug is not None:
                    break
        if drug is None:
            size = 1
            drug = get(word)
            if drug is None and "/" in word:
                drug = get(word.split("/")[0])
        if drug is not None:
            found.append((drug.name, drug))
            i += size
        else:
            i += 1
    return found


def _sessions(text: str, low: str | None = None) -> int | None:
    """Sessions asked for; ``low`` may pass ``text.lower()`` when ``text`` is ASCII (the groups are digits)."""
    m = _SESS_LOW.search(low) if low is not None else _SESS_RE.search(text)
    if m is None:
        return None
    if m.group(1):
        return int(m.group(1))
    if m.group(2):
        return int(m.group(2))
    return int(m.group(3)) * int(m.group(4))


def _first_rule(rules: list[tuple[re.Pattern[str], str, str]], text: str) -> tuple[str, str] | None:
    """(category, subcategory) of the first rule whose pattern is found in ``text``."""
    for pattern, category, subcategory in rules:
        if pattern.search(text):
            return category, subcategory
    return None


def classify_treatment(request: str) -> Classification:
    """Classify one disputed item, e.g. ``"Norco 10/325mg #60"``."""
    low = request.lower()
    is_ascii = request.isascii()
    category = subcategory = drug_class = drug_name = strength = quantity = None
    sessions = None
    found = _first_rule(_PROCEDURE_LOW, low) if is_ascii else _first_rule(_PROCEDURE_RULES, request)
    if found is not None:
        category, subcategory = found
    drugs = _find_drugs(request, low) if category is None or subcategory == "Injection" else []
    if not drugs and category is None:
        found = _first_rule(_OTHER_LOW, low) if is_ascii else _first_rule(_OTHER_RULES, request)
        if found is not None:
            category, subcategory = found
        if category is None:
            fuzzy = [(d.name, d) for w in _WORD_RE.findall(request) if (d := fuzzy_drug(w))]
            drugs = fuzzy[:1]
    if drugs:
        name, drug = drugs[0]
        cls = drug.drug_class
        if _TOPICAL_LOW.search(low) if is_ascii else _TOPICAL_RE.search(request):
            if len(drugs) > 1 or (_COMPOUND_LOW.search(low) if is_ascii else _COMPOUND_RE.search(request)):
                cls = "Topical Compounds"
            elif cls in ("NSAIDs", "Miscellaneous Analgesics", "Muscle Relaxants", "Anti-epilepsy Drugs"):
                cls = "Topical Analgesics"
        if subcategory == "Injection" and cls not in ("Adrenal Corticosteroids", "Viscosupplementation"):
            cls = "Injectable Medications" if cls != "Antimigraine Agents" else cls
        category, subcategory, drug_class, drug_name = PHARMA, cls, cls, name
        # In ASCII requests the lower-case patterns find the same spans in ``low``; the
        # strength keeps the request's own letters (its span), the quantity is digits.
        if is_ascii:
            if (m := _STRENGTH_LOW.search(low)) is not None:
                strength = request[m.start(1) : m.end(1)].replace(" ", "")
            q = _QTY_LOW.search(low)
        else:
            if (m := _STRENGTH_RE.search(request)) is not None:
                strength = m.group(1).replace(" ", "")
            q = _QTY_RE.search(request)
        if q is not None:
            quantity = next(g for g in q.groups() if g)
    elif category is not None and category not in ("Surgery", "Diagnostic Testing"):
        sessions = _sessions(request, low if is_ascii else None)
    return Classification(
        category=category,
        subcategory=subcategory,
        drug_class=drug_class,
        drug_name=drug_name,
        strength=strength,
        quantity=quantity,
        sessions=sessions,
        body_regions=body_regions(request),
        basis=Basis.REQUEST if category is not None else "",
    )


def classify_decision(
    request: str,
    *,
    reviewer_citations: Sequence[str] = (),
    administrator_citations: Sequence[str] = (),
    rationale: str = "",
) -> Classification:
    """Classify one decision from its request, then (when the request alone does not say) the
    reviewer's and the claims administrator's guideline citations and the rationale."""
    found = classify_treatment(request)
    if found.category is not None:
        return found
    return replace(found, basis="")

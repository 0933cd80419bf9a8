# ruff: noqa: E501  (vocabulary tables)
"""A random IMR case: header dates, reviewer, patient, treatments, and its ground truth.

The case is layout-independent; renderers in :mod:`ingest.generator.layouts`
and :mod:`ingest.generator.pdf` turn it into letter bytes.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from ingest.taxonomy import STATES, Classification, canonical_specialties, classify_decision, state_code
from ingest.taxonomy.guideline_sections import guideline_sections

from .prose import Citation, citation, rationale
from .story import other_care
from .terms import decision_terms
from .treatments import random_request

# Specialty as a letter may spell it (weights favour the usual IMR boards).
SPECIALTY_SPELLINGS: list[tuple[str, int]] = [
    ("Physical Medicine and Rehabilitation", 12), ("Physical Medicine & Rehabilitation", 6),
    ("Pain Management", 6), ("Pain Medicine", 4), ("Orthopedic Surgery", 10), ("Orthopaedic Surgery", 4),
    ("Occupational Medicine", 8), ("Preventive Medicine", 5), ("Family Practice", 6), ("Family Medicine", 3),
    ("Internal Medicine", 6), ("Anesthesiology", 5), ("Chiropractic", 3), ("Neurology", 3),
    ("Neurological Surgery", 2), ("Psychology", 2), ("Psychiatry", 2), ("Emergency Medicine", 2),
    ("Sports Medicine", 2), ("Acupuncture", 1), ("Hand Surgery", 1), ("Rheumatology", 1),
    ("Pulmonary Diseases", 1), ("Dentist", 1), ("Podiatric Surgery", 1), ("Plastic Surgery", 1),
]  # fmt: skip
_SPEC_NAMES = [s for s, _ in SPECIALTY_SPELLINGS]
_SPEC_W = [w for _, w in SPECIALTY_SPELLINGS]
_STATE_NAMES = [n for c, n in STATES.items() if len(n) < 20 and c not in {"PR", "GU", "AS", "MP", "VI", "DC"}]
MECHANISMS = (
    "a slip and fall", "lifting a heavy box", "a motor vehicle accident", "repetitive work duties",
    "a fall from a ladder", "pulling a pallet jack", "being struck by a falling object", "cumulative trauma",
    "twisting while carrying a load", "a trip over a hose",
)  # fmt: skip
DIAGNOSES = (
    "lumbar strain", "cervical strain", "lumbar radiculopathy", "cervical radiculopathy", "left knee strain",
    "right shoulder impingement", "carpal tunnel syndrome", "lumbar degenerative disc disease", "myofascial pain",
    "chronic pain syndrome", "depression", "insomnia", "right knee medial meniscus tear", "lateral epicondylitis",
    "thoracic sprain", "post-laminectomy syndrome", "rotator cuff tear", "sacroiliac joint dysfunction",
)  # fmt: skip
COMPLAINTS = (
    "ongoing low back pain radiating to the left leg", "neck pain with headaches", "bilateral knee pain",
    "right shoulder pain with overhead activity", "numbness and tingling in both hands", "mid and low back pain",
    "pain rated 7 out of 10 without medications and 4 out of 10 with medications", "difficulty sleeping due to pain",
)  # fmt: skip
FINDINGS = (
    "tenderness to palpation over the paralumbar muscles with spasm", "decreased range of motion of the lumbar spine",
    "a positive straight leg raise on the left at 45 degrees", "diminished sensation in the L5 distribution",
    "a positive Spurling's test on the right", "an antalgic gait", "no muscle spasm",
    "a positive Hawkins and Neer sign", "a positive Tinel's sign at the wrist", "normal motor strength",
    "crepitus of the knee with medial joint line tenderness",
)  # fmt: skip


@lru_cache(maxsize=200_000)  # requests repeat a lot, and so do their citations
def _classify(
    request: str, reviewer: tuple[str, ...], administrator: tuple[str, ...], rationale: str
) -> Classification:
    return classify_decision(
        request, reviewer_citations=reviewer, administrator_citations=administrator, rationale=rationale
    )


# Decision years per layout era; fixed (not "today") so that a seed always gives the same corpus,
# and never in the future.
ERAS = {"2013": (2013, 2014), "2014": (2014, 2015), "2016": (2016, 2025)}
DateSpan = tuple[dt.date, dt.date]  # first and last day, both included


@dataclass(slots=True)
class Item:
    request: str
    decision: str
    topic: str
    original_request: str | None = None
    authorized: str | None = None
    variant: str = "plain"  # plain, remaining, leaving
    ca: list[Citation] = field(default_factory=list)
    mx: list[Citation] = field(default_factory=list)
    rationale: str = ""


@dataclass(slots=True)
class Case:
    era: str
    case_number: str | None
    date_of_injury: dt.date
    ur_denial_date: dt.date
    application_received: dt.date
    date_assigned: dt.date
    decision_date: dt.date
    priority: str
    specialties_written: list[str]
    states_written: list[str]
    age: int | None
    sex: str | None
    summary: list[str]  # paragraphs after the boilerplate intro
    mechanism: str | None
    diagnoses: list[str]
    items: list[Item]
    others: frozenset[str] = frozenset()  # treatment words the summary names and no decision does


def _n_items(rng: random.Random) -> int:
    r = rng.random()
    if r < 0.55:
        return 1
    if r < 0.78:
        return 2
    if r < 0.9:
        return 3
    return rng.randint(4, 20) if rng.random() < 0.3 else rng.randint(4, 7)


def _dates(rng: random.Random, era: str, decided: DateSpan | None = None) -> tuple[dt.date, ...]:
    if decided is None:
        lo, hi = ERAS[era]
        decision = dt.date(lo, 1, 20) + dt.timedelta(days=rng.randint(0, (hi - lo + 1) * 365 - 40))
    else:
        first, last = decided
        decision = first + dt.timedelta(days=rng.randint(0, (last - first).days))
    assigned = decision - dt.timedelta(days=rng.randint(3, 45))
    received = assigned - dt.timedelta(days=rng.randint(1, 20))
    ur = received - dt.timedelta(days=rng.randint(2, 40))
    injury = ur - dt.timedelta(days=rng.randint(20, 365 * 15))
    return injury, ur, received, assigned, decision


def fmt_date(d: dt.date, rng: random.Random | None = None) -> str:
    if rng is not None and rng.random() < 0.4:
        return f"{d.month}/{d.day}/{d.year}"
    return f"{d.month:02d}/{d.day:02d}/{d.year}"


def _summary(rng: random.Random, age: int | None, sex: str | None, injury: dt.date, ur: dt.date,
             mech: str | None, dx: list[str], items: list[Item]) -> tuple[list[str], frozenset[str]]:  # fmt: skip
    """The summary's paragraphs, and the treatment words its other care names (see ``story``)."""
    who = {"male": rng.choice(("male", "man")), "female": rng.choice(("female", "woman"))}.get(
        sex or "", "individual"
    )
    inj = fmt_date(injury, rng)
    if age is not None:
        first = rng.choice((
            f"The injured worker is a {age} year old {who} who sustained an industrial injury on {inj}.",
            f"This {age}-year-old {who} was reportedly injured on {inj}.",
            f"The patient is a {age}-year-old {who} with a date of injury of {inj}.",
        ))  # fmt: skip
    else:
        first = f"Injured worker is a {who} with date of injury {inj}."
    sents = [first]
    if mech:
        sents.append(
            f"The mechanism of injury was {rng.choice(('noted as', 'reported as', 'described as'))} {mech}."
        )
    if dx:
        joined = dx[0] if len(dx) == 1 else ", ".join(dx[:-1]) + " and " + dx[-1]
        sents.append(f"The injured worker was diagnosed as having {joined}.")
    visit = fmt_date(ur - dt.timedelta(days=rng.randint(5, 60)), rng)
    sents.append(
        f"Per the progress report dated {visit}, the injured worker complains of {rng.choice(COMPLAINTS)}."
    )
    f1, f2 = rng.sample(FINDINGS, 2)
    sents.append(f"On examination there was {f1} and {f2}.")
    own = frozenset().union(*(item_terms(it) for it in items))
    care, others = other_care(rng, own, fmt_date(ur - dt.timedelta(days=rng.randint(60, 400)), rng))
    sents.extend(care)
    reqs = "; ".join(i.original_request or i.request for i in items[:3])
    ur_sent = f"The Utilization Review dated {fmt_date(ur, rng)} non-certified the request for {reqs}."
    paras = [" ".join(sents)]
    if rng.random() < 0.5:
        paras.append(ur_sent)
    else:
        paras[0] += " " + ur_sent
    return paras, others


def random_case(rng: random.Random, era: str, decided: DateSpan | None = None) -> Case:
    """A case of ``era``'s layout, decided on a day of ``decided`` (first, last) when given, else
    within the era's years."""
    injury, ur, received, assigned, decision = _dates(rng, era, decided)
    prefix = f"CM{received.year % 100:02d}"
    case_number = f"{prefix}-{rng.randint(1, 260000):07d}" if rng.random() > 0.04 else None
    n_spec = 1 if era != "2016" else rng.choices((1, 2, 3), weights=(6, 3, 1))[0]
    specs: list[str] = []
    while len(specs) < n_spec:
        s = rng.choices(_SPEC_NAMES, weights=_SPEC_W)[0]
        if canonical_specialties(s)[0] not in canonical_specialties(", ".join(specs)):
            specs.append(s)
    n_states = 1 if era != "2016" else rng.choices((1, 2, 3), weights=(6, 3, 1))[0]
    states = ["California"] if rng.random() < 0.7 else []
    while len(states) < n_states:
        s = rng.choice(_STATE_NAMES)
        if s not in states:
            states.append(s)
    sex = rng.choice(("male", "female", None)) if rng.random() < 0.95 else None
    age = rng.randint(19, 78) if rng.random() < 0.9 else None
    mech = rng.choice(MECHANISMS) if rng.random() < 0.6 else None
    dx = rng.sample(DIAGNOSES, rng.randint(1, 4)) if rng.random() < 0.7 else []
    items = [_item(rng, era) for _ in range(_n_items(rng))]
    summary, others = _summary(rng, age, sex, injury, ur, mech, dx, items)
    return Case(
        era=era, case_number=case_number, date_of_injury=injury, ur_denial_date=ur,
        application_received=received, date_assigned=assigned, decision_date=decision,
        priority="expedited" if rng.random() < 0.03 else "standard",
        specialties_written=specs, states_written=states, age=age, sex=sex,
        summary=summary, mechanism=mech, diagnoses=dx, items=items, others=others,
    )  # fmt: skip


def _item(rng: random.Random, era: str) -> Item:
    request, topic = random_request(rng)
    upheld = rng.random() < 0.9
    item = Item(request=request, decision="upheld" if upheld else "overturned", topic=topic)
    if era == "2016" and rng.random() < 0.12:
        item.variant = rng.choice(("remaining", "leaving"))
        item.original_request = request
        if item.variant == "remaining" and "#" in request:
            head, _, tail = request.rpartition("#")
            qty = "".join(ch for ch in tail if ch.isdigit())
            if qty and int(qty) > 2:
                part = rng.randint(1, int(qty) - 1)
                item.authorized = f"{head}#{part}"
                item.request = f"{head}#{int(qty) - part}"
        if item.authorized is None:
            item.variant = "leaving"
    style = "2013" if era == "2013" else "modern"
    if rng.random() < 0.85:
        item.ca = [citation(rng, topic, era) for _ in range(rng.choice((1, 1, 1, 2)))]
    item.mx = [citation(rng, topic, era) for _ in range(rng.choice((1, 1, 1, 2)))]
    item.rationale = rationale(rng, topic, item.request, upheld, style)
    return item


def truth(case: Case, source: str, layout: str, *, header: bool = True) -> dict[str, Any]:
    """The ground truth, in the shape of ``ParsedLetter.to_json()`` (fingerprint not compared)."""

    def iso(d: dt.date) -> str | None:
        return d.isoformat() if header else None

    treatments = [treatment_truth(it) for it in case.items]
    return {
        "source": source,
        "case_number": case.case_number if header else None,
        "date_assigned": iso(case.date_assigned) if case.era != "2013" else None,
        "date_of_injury": iso(case.date_of_injury),
        "decision_date": iso(case.decision_date),
        "ur_denial_date": iso(case.ur_denial_date),
        "application_received": iso(case.application_received),
        "priority": (case.priority if header else None) if case.era != "2013" else None,
        "reviewer_specialties": canonical_specialties(", ".join(case.specialties_written)),
        "reviewer_license_states": [state_code(s) for s in case.states_written],
        "patient_age": case.age,
        "patient_sex": case.sex,
        "case_summary": " ".join(" ".join(case.summary).split()),
        "mechanism_of_injury": case.mechanism,
        "diagnoses": list(case.diagnoses),
        "treatments": treatments,
        "layout": layout,
        "fingerprint": "",
        "warnings": [],
        "error": None,
    }


def treatment_truth(it: Item) -> dict[str, Any]:
    """The ground truth of one disputed treatment (a parsed ``Treatment`` as JSON)."""
    rationale = " ".join(it.rationale.split())
    c = _classify(it.request, tuple(g.citation for g in it.mx), tuple(g.citation for g in it.ca), rationale)
    guides = [
        {
            "source": g.source,
            "citation": g.citation,
            "cited_by": who,
            "pages": g.pages,
            "sections": guideline_sections(g.citation),
        }
        for who, group in (("claims_administrator", it.ca), ("maximus", it.mx))
        for g in group
    ]
    return {
        "request": it.request, "original_request": it.original_request, "decision": it.decision,
        "category": c.category, "subcategory": c.subcategory, "drug_class": c.drug_class,
        "drug_name": c.drug_name, "strength": c.strength, "quantity": c.quantity,
        "sessions": c.sessions, "body_regions": list(c.body_regions), "basis": c.basis, "guidelines": guides,
        "rationale": rationale,
    }  # fmt: skip


def item_terms(it: Item) -> frozenset[str]:
    """The treatment words of one decision (``terms.decision_terms`` of its truth)."""
    return decision_terms(treatment_truth(it))

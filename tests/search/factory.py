"""A small factory for letters with known ground truth (used when the corpus generator is absent)."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from typing import Any

from ingest.models import Letter, Treatment
from ingest.parsing.guidelines import CLAIMS_ADMINISTRATOR, MAXIMUS

SUBCATEGORIES: list[tuple[str, str, str, tuple[str, ...]]] = [
    # (category, subcategory, request template, the body regions it names)
    (
        "Physical Medicine",
        "Massage Therapy",
        "{n} sessions of massage therapy for the lumbar spine",
        ("Lumbar spine",),
    ),
    (
        "Physical Medicine",
        "Acupuncture",
        "{n} sessions of acupuncture for the cervical spine",
        ("Cervical spine",),
    ),
    (
        "Physical Medicine",
        "Physical Therapy",
        "{n} sessions of physical therapy for the right shoulder and knee",
        ("Shoulder", "Knee"),
    ),
    ("Diagnostic Imaging", "MRI", "MRI of the lumbar spine without contrast", ("Lumbar spine",)),
    ("Diagnostic Testing", "EMG/NCS", "EMG/NCS of the bilateral upper extremities", ("Upper extremity",)),
    (
        "Injections",
        "Epidural Steroid Injection",
        "Lumbar epidural steroid injection at L4-L5",
        ("Lumbar spine",),
    ),
    ("Pharmaceuticals", "Opioids", "{drug} 10mg #60", ()),
    ("Pharmaceuticals", "NSAIDs", "{drug} 550mg #90", ()),
]
UNCLASSIFIED = [("", "", "Purchase of a hot tub for home use", ())]  # nothing in it names a category
DRUGS = {
    "Opioids": ["Oxycodone", "Hydrocodone", "Tramadol"],
    "NSAIDs": ["Naproxen", "Ibuprofen", "Diclofenac"],
}
SPECIALTIES = ["Orthopedic Surgery", "Physical Medicine & Rehabilitation", "Pain Medicine", "Chiropractic"]
STATES = ["CA", "NY", "TX", "FL"]
SOURCES = ["MTUS", "ACOEM", "ODG"]
FINDINGS = [
    "No muscle spasm was documented on examination.",
    "The examination documented paravertebral muscle spasm and tenderness.",
    "There was no documentation of functional improvement from prior sessions.",
    "Objective functional improvement was documented after prior treatment.",
    "The patient has radiculopathy corroborated by imaging.",
    "The records do not show a failure of conservative care.",
]


@dataclass
class TreatmentSpec:
    request: str
    decision: str
    category: str
    subcategory: str
    drug_class: str = ""
    drug_name: str = ""
    sessions: int | None = None
    sources: list[str] = field(default_factory=list)  # the IMR reviewer's guideline sources
    rationale: str = ""
    admin_sources: list[str] = field(default_factory=list)  # the claims administrator's
    body_regions: list[str] = field(default_factory=list)
    basis: str = "request"  # what named the category ("" for an unclassified decision)

    @property
    def sections(self) -> list[str]:
        """The reviewer's guideline sections: one a source, on the subcategory (the source alone without)."""
        return [f"{s}: {self.subcategory}" if self.subcategory else s for s in self.sources]

    def guidelines(self) -> list[dict[str, Any]]:
        """The saved citations: the claims administrator's, then the IMR reviewer's (as letters list them)."""
        topic = self.subcategory or "home equipment"
        administrator = [
            {"source": s, "citation": f"{s} guideline on {topic}", "cited_by": CLAIMS_ADMINISTRATOR}
            for s in self.admin_sources
        ]
        reviewer = [
            {"source": s, "citation": f"{s} guideline on {topic}", "cited_by": MAXIMUS, "sections": [section]}
            for s, section in zip(self.sources, self.sections, strict=True)
        ]
        return [*administrator, *reviewer]


@dataclass
class LetterSpec:
    case_number: str
    decision_date: dt.date
    priority: str
    specialties: list[str]
    states: list[str]
    summary: str
    treatments: list[TreatmentSpec]
    pk: int | None = None


Kind = tuple[str, str, str, tuple[str, ...]]


def random_treatment(rng: random.Random, kinds: list[Kind] = SUBCATEGORIES) -> TreatmentSpec:
    category, subcategory, template, regions = rng.choice(kinds)
    drug = rng.choice(DRUGS[subcategory]) if subcategory in DRUGS else ""
    sessions = rng.choice([6, 8, 12]) if "{n}" in template else None
    findings = rng.sample(FINDINGS, 2)
    decision = rng.choice(["upheld", "overturned"])
    sources = sorted(rng.sample(SOURCES, rng.randint(1, 2)))
    verdict = "is not medically necessary" if decision == "upheld" else "is medically necessary"
    rationale = (
        f"The {', '.join(sources)} guidelines address {(subcategory or 'home equipment').lower()}. "
        f"{findings[0]} {findings[1]} Therefore the request {verdict}."
    )
    return TreatmentSpec(
        request=template.format(n=sessions, drug=drug),
        decision=decision,
        category=category,
        subcategory=subcategory,
        drug_class=subcategory if drug else "",
        drug_name=drug,
        sessions=sessions,
        sources=sources,
        rationale=rationale,
        admin_sources=sorted(rng.sample(SOURCES, rng.randint(0, 2))),
        body_regions=list(regions),
        basis="request" if category else "",
    )


def random_letter(rng: random.Random, number: int, kinds: list[Kind] = SUBCATEGORIES) -> LetterSpec:
    injury = rng.choice(
        ["a lifting injury", "a fall from a ladder", "repetitive keyboard work", "a car accident"]
    )
    return LetterSpec(
        case_number=f"CM{rng.choice([13, 14, 15, 16])}-{number:07d}",
        decision_date=dt.date(2013, 1, 1) + dt.timedelta(days=rng.randint(0, 4 * 365)),
        priority=rng.choice(["standard", "standard", "expedited"]),
        specialties=rng.sample(SPECIALTIES, rng.choice([1, 1, 2])),
        states=rng.sample(STATES, rng.choice([1, 1, 2])),
        summary=f"The patient is a worker injured in {injury}. Treatment has included medications.",
        treatments=[random_treatment(rng, kinds) for _ in range(rng.choice([1, 1, 2, 3]))],
    )


def save_letter(spec: LetterSpec) -> Letter:
    letter = Letter.objects.create(
        case_number=spec.case_number,
        fingerprint=f"fp-{spec.case_number}",
        content_sha256=f"sha-{spec.case_number}",
        decision_date=spec.decision_date,
        priority=spec.priority,
        reviewer_specialties=spec.specialties,
        reviewer_license_states=spec.states,
        case_summary=spec.summary,
    )
    Treatment.objects.bulk_create(
        Treatment(
            letter=letter,
            position=i,
            request=t.request,
            decision=t.decision,
            category=t.category,
            subcategory=t.subcategory,
            drug_class=t.drug_class,
            drug_name=t.drug_name,
            sessions=t.sessions,
            body_regions=t.body_regions,
            basis=t.basis,
            guidelines=t.guidelines(),
            rationale=t.rationale,
        )
        for i, t in enumerate(spec.treatments, start=1)
    )
    spec.pk = letter.pk
    return letter


def build_corpus(count: int, seed: int = 7, *, unclassified: bool = False) -> list[LetterSpec]:
    """``count`` random letters, saved; ``unclassified``: some of their decisions have no category."""
    rng = random.Random(seed)
    kinds = [*SUBCATEGORIES, *UNCLASSIFIED] if unclassified else SUBCATEGORIES
    specs = [random_letter(rng, 100000 + i, kinds) for i in range(count)]
    for spec in specs:
        save_letter(spec)
    return specs

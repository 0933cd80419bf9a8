# ruff: noqa: E501  (sentence banks)
"""The other treatments a case summary names: prior care, earlier studies, current medications.

Real summaries name much more care than the letter disputes ("Treatment to date has included
physical therapy, chiropractic care and acupuncture"; "An MRI of the lumbar spine showed ...";
"Medications include tramadol and gabapentin"). ``other_care`` writes such sentences, naming only
treatment words (``terms.TERMS``) that none of the letter's decisions names, and returns the
words it named: a search for one of them finds the letter, but none of its decisions.
"""

from __future__ import annotations

import random
from collections.abc import Sequence

from .terms import mentions

# Prior care: (term, ways of writing it). None: care with no treatment word of terms.TERMS.
PRIOR: tuple[tuple[str | None, tuple[str, ...]], ...] = (
    ("physical therapy", ("physical therapy", "a course of physical therapy", "12 sessions of physical therapy")),
    ("chiropractic", ("chiropractic care", "chiropractic treatment", "chiropractic manipulation")),
    ("acupuncture", ("acupuncture", "acupuncture sessions", "a trial of acupuncture")),
    ("massage", ("massage therapy", "massage")),
    ("TENS", ("a TENS unit", "TENS")),
    ("psychotherapy", ("psychotherapy", "supportive psychotherapy")),
    ("occupational therapy", ("occupational therapy",)),
    (None, ("medications",)),
    (None, ("a home exercise program",)),
    (None, ("epidural steroid injections",)),
    (None, ("activity modification",)),
    (None, ("bracing",)),
    (None, ("ice and heat",)),
    (None, ("work restrictions",)),
)  # fmt: skip

# Earlier studies: (term, sentence templates).
STUDIES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("MRI", ("An MRI of the {spine} dated {date} showed {disc}.", "A prior MRI of the {spine} revealed {disc}.")),
    ("x-ray", ("X-rays of the {side} {joint} were unremarkable.", "X-rays of the {spine} dated {date} showed {xray}.")),
    ("EMG", ("EMG/NCV studies of the {limbs} were {emg}.", "Electromyography of the {limbs} dated {date} was {emg}.")),
    ("CT", ("A CT scan of the {spine} showed {disc}.",)),
)  # fmt: skip
# Findings of a spine study, by region.
DISCS: dict[str, tuple[str, ...]] = {
    "lumbar spine": ("a 3 mm disc protrusion at L4-5", "a 4 mm disc bulge at L5-S1", "multilevel degenerative changes"),
    "cervical spine": ("mild foraminal narrowing at C5-6", "a 2 mm disc bulge at C6-7", "no acute abnormality"),
    "thoracic spine": ("no acute abnormality", "mild spondylosis"),
}  # fmt: skip
XRAYS = ("mild degenerative changes", "no fracture", "loss of the normal lordosis")
EMGS = ("normal", "consistent with mild carpal tunnel syndrome", "consistent with chronic L5 radiculopathy")
LIMBS = ("bilateral upper extremities", "bilateral lower extremities")
JOINT = ("knee", "shoulder", "wrist", "ankle", "hip")

# Current medications: (term, name as written). None: a drug with no treatment word of terms.TERMS.
MEDICATIONS: tuple[tuple[str | None, str], ...] = (
    ("tramadol", "tramadol"), ("tramadol", "Tramadol ER"), ("gabapentin", "gabapentin"),
    ("cyclobenzaprine", "cyclobenzaprine"), (None, "ibuprofen"), (None, "omeprazole"), (None, "Norco"),
    (None, "naproxen"), (None, "Lidoderm patches"), (None, "meloxicam"),
)  # fmt: skip


def _join(names: Sequence[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def other_care(rng: random.Random, own: frozenset[str], date: str) -> tuple[list[str], frozenset[str]]:
    """Sentences on the case's other care, and the treatment words they name.

    ``own`` holds the treatment words of the letter's decisions: none is named here. ``date`` is a
    date written before the Utilization Review, for the studies.
    """
    prior = [rng.choice(ways) for term, ways in PRIOR if term not in own]
    sentences = [f"Treatment to date has included {_join(rng.sample(prior, 3))}."]
    studies = [templates for term, templates in STUDIES if term not in own]
    for templates in rng.sample(studies, min(len(studies), rng.choice((0, 1, 1, 2)))):
        spine = rng.choice(list(DISCS))
        sentences.append(
            rng.choice(templates).format(
                spine=spine, disc=rng.choice(DISCS[spine]), side=rng.choice(("left", "right")),
                joint=rng.choice(JOINT), limbs=rng.choice(LIMBS), date=date, xray=rng.choice(XRAYS),
                emg=rng.choice(EMGS),
            )
        )  # fmt: skip
    if rng.random() < 0.6:
        drugs = [name for term, name in MEDICATIONS if term not in own]
        names = rng.sample(drugs, rng.randint(1, 3))
        lead = rng.choice(
            ("Current medications include", "Medications have included", "Medications were listed as")
        )
        sentences.append(f"{lead} {_join(names)}.")
    return sentences, mentions(*sentences)

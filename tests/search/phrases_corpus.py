"""The letters of the phrase tests (``search.outcomes.phrases``, GET /outcomes/phrases): factory
letters whose rationales carry a finding that goes with their outcome, and a decision kept verbatim.
The ``phrases_corpus`` fixture (tests/search/conftest.py) saves and indexes them."""

from __future__ import annotations

import datetime as dt
import random

from tests.search.factory import LetterSpec, TreatmentSpec, random_letter

OVERTURNED_FINDING = "The injured worker failed conservative care including a home exercise program."
UPHELD_FINDING = "There is no documentation of objective functional improvement."
LETTERS = 160
SEED = 1505


def with_findings(specs: list[LetterSpec]) -> None:
    """A finding that goes with each outcome, in most of its rationales (every fifth goes without)."""
    n = 0
    for spec in specs:
        for t in spec.treatments:
            n += 1
            if n % 5:
                finding = OVERTURNED_FINDING if t.decision == "overturned" else UPHELD_FINDING
                t.rationale = f"{t.rationale} {finding}"


def verbatim_letter() -> LetterSpec:
    """A decision whose outcome was kept verbatim: matching, but neither upheld nor overturned."""
    treatment = TreatmentSpec(
        "Acupuncture, 6 sessions", "partially certified", "Physical Medicine", "Acupuncture",
        sources=["MTUS"], rationale=f"{UPHELD_FINDING} {OVERTURNED_FINDING} Six sessions are enough.",
    )  # fmt: skip
    return LetterSpec(
        "CM98-0000015", dt.date(2016, 3, 1), "standard", ["Pain Medicine"], ["CA"], "A fall.", [treatment]
    )


def phrase_letters() -> list[LetterSpec]:
    rng = random.Random(SEED)
    specs = [random_letter(rng, 150000 + i) for i in range(LETTERS)]
    with_findings(specs)
    specs.append(verbatim_letter())
    return specs

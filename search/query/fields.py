"""Where each query field searches: scope (inside one treatment, or the letter) and index fields."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Scope = Literal["treatment", "letter"]


@dataclass(frozen=True)
class Target:
    scope: Scope
    text: tuple[str, ...]  # analyzed (stemming + synonyms)
    exact: tuple[str, ...]  # unstemmed, for phrases and wildcards
    proximity: tuple[str, ...]  # w/N and /p
    sentences: str  # /s: sentence arrays with a large position gap


T = "treatments."
# Plain words match anywhere in a treatment: its request, rationale, drug name, guideline citations
# and its letter's story (``context``), all copied into ``treatments.text`` where they are matched
# (search.query.matching). Scores come from the treatment's own text: these fields.
DEFAULT = Target(
    "treatment",
    text=(f"{T}request^2", f"{T}rationale", f"{T}drug_name^2"),
    exact=(f"{T}request.exact", f"{T}rationale.exact"),
    proximity=(f"{T}request", f"{T}rationale", f"{T}context"),
    sentences=f"{T}sentences",
)
TARGETS: dict[str | None, Target] = {
    None: DEFAULT,
    "treatment": Target(
        "treatment",
        text=(f"{T}request", f"{T}drug_name"),
        exact=(f"{T}request.exact",),
        proximity=(f"{T}request",),
        sentences=f"{T}sentences",
    ),
    "rationale": Target(
        "treatment",
        text=(f"{T}rationale",),
        exact=(f"{T}rationale.exact",),
        proximity=(f"{T}rationale",),
        sentences=f"{T}sentences",
    ),
    "guideline": Target(
        "treatment",
        text=(f"{T}guideline_citations",),
        exact=(f"{T}guideline_citations.exact",),
        proximity=(f"{T}guideline_citations",),
        sentences=f"{T}sentences",
    ),
    "drug": Target(
        "treatment",
        text=(f"{T}drug_name", f"{T}request"),
        exact=(f"{T}drug_name", f"{T}request.exact"),
        proximity=(f"{T}request",),
        sentences=f"{T}sentences",
    ),
    "summary": Target(
        "letter",
        text=("summary", "mechanism_of_injury", "diagnoses"),
        exact=("summary.exact", "mechanism_of_injury.exact", "diagnoses.exact"),
        proximity=("summary",),
        sentences="summary_sentences",
    ),
    "case": Target("letter", text=("case_number",), exact=("case_number",), proximity=(), sentences=""),
}


def target(field: str | None) -> Target:
    return TARGETS.get(field, DEFAULT)


def bare(name: str) -> str:
    """A field name without its boost."""
    return name.split("^", 1)[0]

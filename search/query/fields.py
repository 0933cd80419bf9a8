"""Where each query field searches: scope (inside one treatment, or the letter) and index fields.

A word without a field searches where the search's scope says (``search.scopes``): the
decision's own text (``DEFAULT``), its request (the ``treatment:`` field), or anywhere in the
letter (``ANYWHERE``: the decision's own text and its letter's story, ``treatments.context``).

Every text field is analyzed alike (search.indexes: ``ENGLISH`` at index time, ``ENGLISH_SEARCH``
with the vocabulary's synonyms at query time; ``.exact`` for phrases, prefixes and wildcards), so a
word means the same with a field prefix as without: ``drug:hydrocodone`` finds Norco, and
``treatment:chiropractic`` finds a chiropractor, as ``hydrocodone`` and ``chiropractic`` do.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Level = Literal["treatment", "letter"]  # where a field is searched: in one treatment, or the letter


@dataclass(frozen=True)
class Target:
    level: Level
    text: tuple[str, ...]  # analyzed (stemming + synonyms), as every text field is
    exact: tuple[str, ...]  # unstemmed, for phrases and wildcards
    proximity: tuple[str, ...]  # w/N and /p
    sentences: tuple[str, ...]  # /s: sentence arrays with a large position gap


T = "treatments."
# The decision's own text: its request, rationale, drug name and guideline citations, all copied
# into ``treatments.text`` where words are matched (search.query.matching). Scores come from
# these fields.
DEFAULT = Target(
    "treatment",
    text=(f"{T}request^2", f"{T}rationale", f"{T}drug_name^2"),
    exact=(f"{T}request.exact", f"{T}rationale.exact"),
    proximity=(f"{T}paragraphs", f"{T}guideline_citations"),
    sentences=(f"{T}sentences",),
)
ANYWHERE = "anywhere"  # not a field users type: the letter scope's target for words without a field
TARGETS: dict[str | None, Target] = {
    None: DEFAULT,
    ANYWHERE: Target(
        "treatment",
        text=(*DEFAULT.text, f"{T}context"),
        exact=(*DEFAULT.exact, f"{T}context.exact"),
        proximity=(*DEFAULT.proximity, f"{T}context"),
        sentences=(f"{T}sentences", f"{T}context_sentences"),
    ),
    "treatment": Target(
        "treatment",
        text=(f"{T}request", f"{T}drug_name"),
        exact=(f"{T}request.exact",),
        proximity=(f"{T}request",),
        sentences=(f"{T}request",),  # a request is about a sentence long
    ),
    "rationale": Target(
        "treatment",
        text=(f"{T}rationale",),
        exact=(f"{T}rationale.exact",),
        proximity=(f"{T}rationale",),
        sentences=(f"{T}sentences",),
    ),
    "guideline": Target(
        "treatment",
        text=(f"{T}guideline_citations",),
        exact=(f"{T}guideline_citations.exact",),
        proximity=(f"{T}guideline_citations",),
        sentences=(f"{T}guideline_citations",),
    ),
    "drug": Target(
        "treatment",
        text=(f"{T}drug_name", f"{T}request"),
        exact=(f"{T}drug_name.exact", f"{T}request.exact"),
        proximity=(f"{T}request",),
        sentences=(f"{T}request",),
    ),
    # The body regions a request names: the canonical regions its words name (``region_names``),
    # matched on the treatment's ``body_regions``, or the words in the request (search.query.builder).
    "region": Target(
        "treatment",
        text=(f"{T}request",),
        exact=(f"{T}request.exact",),
        proximity=(f"{T}request",),
        sentences=(f"{T}request",),
    ),
    "summary": Target(
        "letter",
        text=("summary", "mechanism_of_injury", "diagnoses"),
        exact=("summary.exact", "mechanism_of_injury.exact", "diagnoses.exact"),
        proximity=("summary",),
        sentences=("summary_sentences",),
    ),
    "case": Target("letter", text=("case_number",), exact=("case_number",), proximity=(), sentences=()),
}


def target(field: str | None) -> Target:
    return TARGETS.get(field, DEFAULT)


def bare(name: str) -> str:
    """A field name without its boost."""
    return name.split("^", 1)[0]

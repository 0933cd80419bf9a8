"""The parser's look-ups in ``ingest.taxonomy``, cached: letters name the same requests,
specialties and states again and again (``clear_caches`` empties the caches)."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from ingest import taxonomy
from ingest.parsing.guidelines import MAXIMUS
from ingest.parsing.result import Guideline
from ingest.taxonomy import Classification


@lru_cache(maxsize=4096)
def canonical_specialty(name: str) -> str | None:
    return taxonomy.canonical_specialty(name)


@lru_cache(maxsize=1024)
def state_code(name: str) -> str | None:
    return taxonomy.state_code(name)


@lru_cache(maxsize=8192)
def classify_treatment(request: str) -> Classification:
    return taxonomy.classify_treatment(request)


def classify_decision(request: str, guidelines: Sequence[Guideline], rationale: str) -> Classification:
    """The decision's classification: its request's (cached) when that names a category, else read
    from its citations and rationale too."""
    found = classify_treatment(request)
    if found.category is not None:
        return found
    return taxonomy.classify_decision(
        request,
        reviewer_citations=[g.citation for g in guidelines if g.cited_by == MAXIMUS],
        administrator_citations=[g.citation for g in guidelines if g.cited_by != MAXIMUS],
        rationale=rationale,
    )

"""The parser's look-ups in ``ingest.taxonomy``, cached: letters name the same requests,
specialties and states again and again (``clear_caches`` empties the caches)."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from ingest import taxonomy
from ingest.parsing.guidelines import MAXIMUS
from ingest.parsing.result import Guideline
from ingest.taxonomy import Classification
from ingest.taxonomy.classify import RequestReading
from ingest.taxonomy.classify import read_request as taxonomy_read_request


@lru_cache(maxsize=4096)
def canonical_specialty(name: str) -> str | None:
    return taxonomy.canonical_specialty(name)


@lru_cache(maxsize=1024)
def state_code(name: str) -> str | None:
    return taxonomy.state_code(name)


@lru_cache(maxsize=8192)
def read_request(request: str) -> RequestReading:
    """The request's classification alone, and whether it settles the decision."""
    return taxonomy_read_request(request)


def classify_decision(request: str, guidelines: Sequence[Guideline], rationale: str) -> Classification:
    """The decision's classification: its request's (cached) when that settles it, else read from
    its guideline citations (the reviewer's, then the claims administrator's) and rationale too."""
    reading = read_request(request)
    if reading.settled:
        return reading.found
    return taxonomy.classify_decision(
        request,
        reviewer_citations=[g.citation for g in guidelines if g.cited_by == MAXIMUS],
        administrator_citations=[g.citation for g in guidelines if g.cited_by != MAXIMUS],
        rationale=rationale,
        reading=reading,
    )

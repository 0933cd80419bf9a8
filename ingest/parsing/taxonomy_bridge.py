"""The parser's look-ups in ``ingest.taxonomy``, cached: letters name the same requests,
specialties and states again and again (``clear_caches`` empties the caches)."""

from __future__ import annotations

from functools import lru_cache

from ingest import taxonomy
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

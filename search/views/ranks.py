"""Which letters a search page showed, remembered briefly so the letter page finds its neighbours.

The search page stores the case numbers of each results page it renders (Redis cache, 30 min);
the letter page's previous/next result then usually costs a cache read instead of two searches.
Any cache problem just means the searches run.
"""

from __future__ import annotations

import contextlib
import hashlib

from django.conf import settings
from django.core.cache import cache
from redis.exceptions import RedisError

from search.engine import PER_PAGE

TTL_SECONDS = 30 * 60


def _key(querystring: str, page: int) -> str:
    digest = hashlib.sha256(querystring.encode()).hexdigest()[:32]
    return f"search-ranks:{settings.OPENSEARCH_INDEX_PREFIX}:{digest}:{page}"


def remember(querystring: str, page: int, case_numbers: list[str], total: int) -> None:
    with contextlib.suppress(RedisError):
        cache.set(_key(querystring, page), {"cases": case_numbers, "total": total}, TTL_SECONDS)


def recall(querystring: str, rank: int) -> tuple[str | None, int] | None:
    """(case number at ``rank``, total letters) from a remembered page, or None when unknown."""
    if rank < 1:
        return None, 0
    page, index = divmod(rank - 1, PER_PAGE)
    try:
        entry = cache.get(_key(querystring, page + 1))
    except RedisError:
        return None
    if not entry:
        return None
    cases = entry["cases"]
    return (cases[index] if index < len(cases) else None), int(entry["total"])

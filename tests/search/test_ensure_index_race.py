"""Processes racing to create the letters index end up on one index behind the alias."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

from search import indexes
from search.indexing import ensure_index

pytestmark = pytest.mark.integration


def test_concurrent_ensure_index_converges_on_one_index(opensearch_client, settings) -> None:
    settings.OPENSEARCH_INDEX_PREFIX = "test-race"
    opensearch_client.indices.delete(index=indexes.concrete_pattern(), ignore_unavailable=True)
    try:
        with ThreadPoolExecutor(max_workers=4) as pool:
            names = set(pool.map(lambda _: ensure_index(), range(8)))
        aliased = opensearch_client.indices.get_alias(name=indexes.alias_name())
        assert names == set(aliased) == {indexes.first_index_name()}
    finally:
        opensearch_client.indices.delete(index=indexes.concrete_pattern(), ignore_unavailable=True)

"""Saved-query fixtures: two members, the module's letter index emptied, a clean cache."""

from __future__ import annotations

import pytest
from django.core.cache import cache


@pytest.fixture
def search_index(index_prefix, opensearch_client):
    """The module's letter index, emptied: database rows roll back between tests, index documents do not."""
    from search.indexes import alias_name
    from search.indexing import ensure_index

    ensure_index()
    opensearch_client.delete_by_query(
        index=alias_name(), body={"query": {"match_all": {}}}, refresh=True, conflicts="proceed"
    )
    return index_prefix


@pytest.fixture(autouse=True)
def _clean_cache():
    cache.clear()


def _member(username: str):
    from accounts.services import create_account

    return create_account(username, f"{username}@example.com", f"{username} long passphrase")


@pytest.fixture
def alice(db):
    return _member("alice")


@pytest.fixture
def bob(db):
    return _member("bob")

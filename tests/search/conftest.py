"""Fixtures for search tests: a private index prefix per test module, dropped afterwards."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
from django.conf import settings


@pytest.fixture(scope="module")
def index_prefix(opensearch_client) -> Iterator[str]:
    """Point the search code at a fresh alias for this module and clean up after it."""
    old = settings.OPENSEARCH_INDEX_PREFIX
    prefix = f"{old}-{uuid.uuid4().hex[:8]}"
    settings.OPENSEARCH_INDEX_PREFIX = prefix
    try:
        yield prefix
    finally:
        settings.OPENSEARCH_INDEX_PREFIX = old
        opensearch_client.indices.delete(index=f"{prefix}-letters*", ignore=[404])

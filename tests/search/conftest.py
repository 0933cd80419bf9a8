"""Fixtures for search tests: a private index prefix per test module, dropped afterwards."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
from django.conf import settings
from django.test import override_settings


@pytest.fixture(scope="module")
def index_prefix(opensearch_client) -> Iterator[str]:
    """Point the search code at a fresh alias for this module and clean up after it."""
    prefix = f"{settings.OPENSEARCH_INDEX_PREFIX}-{uuid.uuid4().hex[:8]}"
    override = override_settings(OPENSEARCH_INDEX_PREFIX=prefix)
    override.enable()
    try:
        yield prefix
    finally:
        override.disable()
        opensearch_client.indices.delete(index=f"{prefix}-letters-*", ignore=[404])

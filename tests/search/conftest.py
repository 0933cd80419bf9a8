"""Fixtures for search tests: a private index prefix per test module, dropped afterwards, and the
phrase tests' letters indexed into it."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
from django.conf import settings
from django.test import override_settings

from ingest.models import Letter
from search import indexing
from tests.search.factory import save_letter
from tests.search.phrases_corpus import phrase_letters


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


@pytest.fixture(scope="module")
def phrases_corpus(index_prefix, django_db_setup, django_db_blocker) -> Iterator[list[int]]:
    """The phrase tests' letters (``tests.search.phrases_corpus``) saved and indexed into the module's
    index; their ids. Shared by the engine's tests and the Outcomes page's (tests/views)."""
    specs = phrase_letters()
    with django_db_blocker.unblock():
        for spec in specs:
            save_letter(spec)
        ids = [s.pk for s in specs if s.pk is not None]
        assert indexing.index_letters(ids, refresh=True) == len(ids)
    yield ids
    with django_db_blocker.unblock():
        Letter.objects.filter(pk__in=ids).delete()

"""Fixtures for search tests: the phrase tests' letters indexed into the module's private index
(``index_prefix``, tests/conftest.py)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.search.outcome_corpus import indexed
from tests.search.phrases_corpus import phrase_letters


@pytest.fixture(scope="module")
def phrases_corpus(index_prefix, django_db_setup, django_db_blocker) -> Iterator[list[int]]:
    """The phrase tests' letters (``tests.search.phrases_corpus``) saved and indexed into the module's
    index; their ids. Shared by the engine's tests and the Outcomes page's (tests/views)."""
    yield from indexed(phrase_letters(), django_db_blocker)

"""Fixtures for the search UI's Django client tests: a generated corpus in a private index."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.search.conftest import phrases_corpus  # noqa: F401  (the phrase tests' letters)
from tests.views.corpus import Corpus, module_corpus


@pytest.fixture(scope="module")
def corpus_module(
    django_db_setup, django_db_blocker, opensearch_client, tmp_path_factory
) -> Iterator[Corpus]:
    yield from module_corpus(django_db_blocker, opensearch_client, tmp_path_factory)


@pytest.fixture
def corpus(corpus_module: Corpus, db) -> Corpus:
    corpus_module.restore()
    return corpus_module

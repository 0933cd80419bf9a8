"""Browser tests: pytest-playwright driving Debian's Chromium against pytest-django's live server."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import SCREENSHOTS
from tests.views.corpus import Corpus, module_corpus


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict) -> dict:
    return {**browser_context_args, "viewport": {"width": 1360, "height": 900}, "accept_downloads": True}


@pytest.fixture(scope="module")
def corpus_module(
    django_db_setup, django_db_blocker, opensearch_client, tmp_path_factory
) -> Iterator[Corpus]:
    yield from module_corpus(django_db_blocker, opensearch_client, tmp_path_factory, count=40, seed=5)


@pytest.fixture
def site(corpus_module: Corpus, live_server, settings) -> str:
    """The live server's base URL, with the corpus in the database and search open to anonymous users."""
    settings.SEARCH_REQUIRES_LOGIN = False
    corpus_module.restore()
    return live_server.url


@pytest.fixture
def shot():
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def take(page, name: str, *, full_page: bool = True) -> Path:
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=full_page)
        return path

    return take

from __future__ import annotations

import pytest
from django.core.cache import cache

from tests.accounts.callers import world  # noqa: F401  (the role tests' callers)
from tests.saved.conftest import search_index  # noqa: F401


@pytest.fixture(autouse=True)
def _clean_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def member(db):
    from accounts.services import create_account

    return create_account("alice", "alice@example.com", "correct horse battery")


@pytest.fixture
def staff(db):
    from accounts.services import create_account

    return create_account("sam", "sam@example.com", "staff horse battery", staff=True)

from __future__ import annotations

import pytest
from django.core.cache import cache


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

"""Fixtures for the search UI's Django client tests; the generated corpus (``corpus``) is defined in
tests/conftest.py."""

from __future__ import annotations

from tests.search.conftest import phrases_corpus  # noqa: F401  (the phrase tests' letters)

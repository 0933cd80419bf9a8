"""Fixtures of the API tests: the UI tests' generated corpus (a private index) and a member."""

from __future__ import annotations

from tests.views.conftest import corpus, corpus_module  # noqa: F401  (the generated letters)

"""The alert tests share the saved-query fixtures (members, private index prefix, clean cache)."""

from tests.saved.conftest import _clean_cache, alice, bob, search_index  # noqa: F401

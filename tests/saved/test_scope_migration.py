"""Queries saved before scopes existed keep the letter scope they were made with (migration 0002)."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps

from search.models import SavedQuery

migration = importlib.import_module("search.migrations.0002_saved_queries_keep_letter_scope")

pytestmark = pytest.mark.django_db


def test_saved_queries_with_words_keep_the_letter_scope_and_the_rest_is_untouched(alice):
    words = SavedQuery.objects.create(owner=alice, name="words", params="q=acupuncture&decision=upheld")
    filters = SavedQuery.objects.create(owner=alice, name="filters", params="decision=upheld")
    scoped = SavedQuery.objects.create(owner=alice, name="scoped", params="q=massage&scope=request")
    migration.keep_letter_scope(apps, None)
    words.refresh_from_db()
    filters.refresh_from_db()
    scoped.refresh_from_db()
    assert words.params == "q=acupuncture&decision=upheld&scope=letter"
    assert filters.params == "decision=upheld"
    assert scoped.params == "q=massage&scope=request"
    migration.drop_letter_scope(apps, None)
    words.refresh_from_db()
    assert words.params == "q=acupuncture&decision=upheld"

"""Odd letter identifiers in URLs are a 404, never a database error."""

from __future__ import annotations

import pytest
from django.http import Http404

from search.lookup import get_letter


@pytest.mark.django_db
@pytest.mark.parametrize("public_id", ["a\x00b", "CM16-0221706\x00", "x" * 200, "\u202e"])
def test_unprintable_or_overlong_ids_are_not_found(public_id: str) -> None:
    with pytest.raises(Http404):
        get_letter(public_id)

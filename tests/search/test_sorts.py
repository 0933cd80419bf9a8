"""The sort registry is the one list of sort orders: the form, the request body and the OpenAPI read it."""

from __future__ import annotations

import pytest

from search.api.site import openapi_document
from search.dsl import hits_request
from search.forms import validate
from search.query import compile_query
from search.sorts import DEFAULT, SORTS


@pytest.mark.parametrize("sort", SORTS, ids=lambda s: s.value)
def test_each_sort_is_accepted_and_sent(sort):
    query = validate({"sort": sort.value.upper()})
    assert query.params.sort == sort.value
    assert query.messages == []
    body = hits_request(query.params, compile_query(query.params.q), start=0, size=20)
    assert body["sort"] == list(sort.dsl)
    assert sort.dsl[-1] in ({"letter_id": "desc"}, {"letter_id": "asc"})  # pages never overlap


def test_an_unknown_sort_falls_back_to_the_default_with_a_message():
    query = validate({"sort": "bogus"})
    assert query.params.sort == DEFAULT.value
    assert query.messages == ["Unknown sort order; sorted by relevance."]


def test_openapi_enumerates_the_registry():
    params = openapi_document()["paths"]["/api/search"]["get"]["parameters"]
    (sort,) = [p for p in params if p["name"] == "sort"]
    assert sort["schema"]["enum"] == [s.value for s in SORTS]
    assert sort["schema"]["default"] == DEFAULT.value

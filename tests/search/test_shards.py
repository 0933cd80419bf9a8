"""Counts are exact on any number of shards: the same letters indexed on one shard and on three give
the same totals, facet counts and overturn rates. Against the real OpenSearch and PostgreSQL."""

from __future__ import annotations

from typing import Any

import pytest

from search import dsl, indexes, indexing
from search.engine import run_search
from search.facets import TERMS_SIZE
from search.forms import SearchForm
from tests.search.factory import build_corpus

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

SEARCHES: list[dict[str, Any]] = [
    {},
    {"q": "therapy"},
    {"q": "pain", "decision": ["overturned"]},
    {"q": "", "sort": "newest", "page": "2"},
]


def _answers(params: dict[str, Any]) -> tuple[Any, ...]:
    found = run_search(SearchForm(params).params(), page=int(params.get("page", 1)))
    facets = {
        name: sorted((f.value, f.count, f.decided, f.overturned) for f in values)
        for name, values in found.facets.items()
    }
    return found.total_letters, found.total_decisions, found.upheld, found.overturned, facets


def _shards(client: Any) -> int:
    settings = client.indices.get_settings(index=indexes.alias_name())
    (index,) = settings.values()
    return int(index["settings"]["index"]["number_of_shards"])


def test_counts_are_the_same_on_one_shard_and_on_three(index_prefix, opensearch_client, settings):
    build_corpus(90, seed=17)
    settings.OPENSEARCH_SHARDS = 1
    indexing.rebuild_index()
    assert _shards(opensearch_client) == 1
    one = [_answers(params) for params in SEARCHES]
    settings.OPENSEARCH_SHARDS = 3
    indexing.rebuild_index()
    assert _shards(opensearch_client) == 3
    assert [_answers(params) for params in SEARCHES] == one
    assert one[0][0] == 90


def test_every_facet_asks_each_shard_for_all_its_values() -> None:
    """A shard that reports only its own top values would leave a value's count short wherever the
    value was not among them."""
    params = SearchForm({"q": "therapy", "category": ["Injections"]}).params()
    body = dsl.facets_request(params, dsl.compiled_query(params))
    terms: list[dict[str, Any]] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if "terms" in node and isinstance(node["terms"], dict) and "field" in node["terms"]:
                terms.append(node["terms"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(body["aggs"])
    assert terms
    assert all(t.get("shard_size", 0) >= TERMS_SIZE for t in terms), [
        t for t in terms if "shard_size" not in t
    ]

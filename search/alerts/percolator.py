"""The alert percolator index: every alerting saved query, registered as an OpenSearch percolator query.

The index ``<prefix>-alerts`` (an alias on one concrete index) copies the letter
index's analysis and mappings (``search.indexes.index_body``) and adds a
``query`` percolator field, so a registered query matches a letter document exactly
as the live search would. When the letter mapping changes, a new concrete index is
built, every alerting query is registered again, and the alias is swapped.
"""

from __future__ import annotations

import copy
import datetime as dt
import logging
import time
from collections.abc import Iterable, Iterator
from typing import Any

from opensearchpy import OpenSearch, helpers

from ingest.models import Letter
from search import indexes
from search.documents import letter_source
from search.dsl import full_query
from search.forms import validate_querystring
from search.indexing import aliased_indices, get_client, stored_fingerprint, swap_alias
from search.models import AlertFrequency, SavedQuery

log = logging.getLogger(__name__)

PERCOLATE_CHUNK = 100
_checked: dict[str, float] = {}  # alias -> monotonic time of the last successful ensure
CHECK_EVERY = 60.0


def alias_name() -> str:
    return f"{indexes.prefix()}-alerts"


def index_body() -> tuple[dict[str, Any], str]:
    """The percolator index body and its fingerprint (stored in the mapping's ``_meta``)."""
    letters = indexes.index_body()
    mappings = copy.deepcopy(letters["mappings"])
    mappings.pop("_source", None)
    properties = mappings.setdefault("properties", {})
    properties["query"] = {"type": "percolator"}
    properties["alert"] = {
        "properties": {
            "saved_query_id": {"type": "long"},
            "owner_id": {"type": "long"},
            "frequency": {"type": "keyword"},
        }
    }
    source_settings = letters["settings"]
    settings = {
        "number_of_shards": 1,
        "number_of_replicas": source_settings.get("number_of_replicas", 0),
        "analysis": source_settings.get("analysis", {}),
    }
    fingerprint = indexes.fingerprint({"settings": settings, "mappings": mappings})
    mappings["_meta"] = {"fingerprint": fingerprint}
    return {"settings": settings, "mappings": mappings}, fingerprint


def ensure_index(*, force: bool = False) -> str:
    """The concrete percolator index, rebuilt (queries re-registered) when the letter mapping changed."""
    alias = alias_name()
    client = get_client()
    body, fingerprint = index_body()
    current = aliased_indices(client, alias)
    if current and not force:
        last = _checked.get(alias)
        if last is not None and time.monotonic() - last < CHECK_EVERY:
            return current[0]
        if stored_fingerprint(client, current[0]) == fingerprint:
            _checked[alias] = time.monotonic()
            return current[0]
    name = f"{alias}-{dt.datetime.now(dt.UTC):%Y%m%d%H%M%S%f}"
    client.indices.create(index=name, body=body)
    client.cluster.health(index=name, wait_for_status="yellow")
    _bulk_register(client, name, _alerting_queries())
    swap_alias(client, alias, name)
    client.indices.refresh(index=name)
    _checked[alias] = time.monotonic()
    log.info("percolator index %s ready (%s)", name, fingerprint)
    return name


def _alerting_queries() -> Iterator[SavedQuery]:
    yield from SavedQuery.objects.exclude(alert_frequency=AlertFrequency.OFF).iterator()


def _document(saved_query: SavedQuery) -> dict[str, Any] | None:
    try:
        query = full_query(validate_querystring(saved_query.params).params, mentions=False)
    except Exception:  # a query the engine cannot express must not block the others
        log.exception("saved query %s cannot be registered for alerts", saved_query.pk)
        return None
    return {
        "query": query,
        "alert": {
            "saved_query_id": saved_query.pk,
            "owner_id": saved_query.owner_id,
            "frequency": saved_query.alert_frequency,
        },
    }


def _bulk_register(client: OpenSearch, index: str, saved_queries: Iterable[SavedQuery]) -> int:
    actions = (
        {"_index": index, "_id": str(sq.pk), "_source": doc}
        for sq in saved_queries
        if (doc := _document(sq)) is not None
    )
    ok, _ = helpers.bulk(client, actions, chunk_size=200, raise_on_error=True)
    return int(ok)


def register(saved_query: SavedQuery) -> bool:
    """Register (or replace) one saved query; unregister it when its alerts are off."""
    if not saved_query.alerting:
        unregister(saved_query.pk)
        return False
    ensure_index()
    doc = _document(saved_query)
    if doc is None:
        unregister(saved_query.pk)
        return False
    get_client().index(index=alias_name(), id=str(saved_query.pk), body=doc, refresh="wait_for")
    return True


def unregister(saved_query_id: int) -> None:
    client = get_client()
    if aliased_indices(client, alias_name()):
        client.delete(index=alias_name(), id=str(saved_query_id), refresh="wait_for", ignore=[404])


def percolate(letters: list[Letter]) -> list[tuple[int, int]]:
    """(letter id, saved query id) for every alerting query each letter matches."""
    if not letters:
        return []
    ensure_index()
    client = get_client()
    matches: list[tuple[int, int]] = []
    for start in range(0, len(letters), PERCOLATE_CHUNK):
        chunk = letters[start : start + PERCOLATE_CHUNK]
        body = {
            "query": {
                "percolate": {
                    "field": "query",
                    "documents": [letter_source(x, x.treatments.all()) for x in chunk],
                }
            },
            "_source": ["alert.saved_query_id"],
        }
        for hit in helpers.scan(client, index=alias_name(), query=body, size=500, preserve_order=False):
            saved_query_id = int(hit["_source"]["alert"]["saved_query_id"])
            for slot in hit.get("fields", {}).get("_percolator_document_slot", []):
                matches.append((chunk[int(slot)].pk, saved_query_id))
    return matches


def registered_ids() -> set[int]:
    client = get_client()
    if not aliased_indices(client, alias_name()):
        return set()
    hits = helpers.scan(client, index=alias_name(), query={"query": {"match_all": {}}, "_source": False})
    return {int(hit["_id"]) for hit in hits}

"""Writes to the letter index: bulk indexing by id, deletes, full rebuilds with an alias swap.

Connection and transport errors propagate (``opensearchpy.exceptions.ConnectionError``,
``TransportError``) so that Celery tasks calling these functions retry.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q
from django.utils import timezone
from opensearchpy import OpenSearch, helpers
from opensearchpy.connection.connections import connections
from opensearchpy.exceptions import NotFoundError, RequestError

from ingest.models import Letter
from search import indexes
from search.documents import letter_source

log = logging.getLogger(__name__)

CHUNK = 500
FORCEMERGE_TIMEOUT = 3600  # seconds: the merge call blocks until the index is one segment


def get_client() -> OpenSearch:
    return connections.get_connection()


def _chunks(ids: list[int], size: int = CHUNK) -> Iterator[list[int]]:
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def _aliased_indices(client: OpenSearch) -> list[str]:
    try:
        return sorted(client.indices.get_alias(name=indexes.alias_name()).keys())
    except NotFoundError:
        return []


def _create_index(client: OpenSearch, name: str, *, bulk_load: bool = False) -> None:
    body = indexes.index_body()
    if bulk_load:
        body["settings"] = {**body["settings"], "refresh_interval": "-1"}
    client.indices.create(index=name, body=body)


def ensure_index() -> str:
    """Create the alias and a concrete index when absent; return the concrete index name."""
    client = get_client()
    current = _aliased_indices(client)
    if current:
        return current[0]
    alias = indexes.alias_name()
    actions: list[dict[str, Any]] = []
    if client.indices.exists(index=alias):  # a concrete index squatting the alias name
        actions.append({"remove_index": {"index": alias}})
    # The first index has a fixed name, so processes racing here create (or find) the same index
    # and alias it idempotently: none of them can end up writing into an index that gets dropped.
    name = indexes.first_index_name()
    try:
        _create_index(client, name)
    except RequestError as exc:
        if exc.error != "resource_already_exists_exception":
            raise
    actions.append({"add": {"index": name, "alias": alias}})
    client.indices.update_aliases(body={"actions": actions})
    # Should an older state have left several indices behind the alias, converge on the oldest.
    current = _aliased_indices(client)
    if len(current) > 1:
        keep, drop = current[0], current[1:]
        client.indices.update_aliases(
            body={"actions": [{"remove": {"index": d, "alias": alias}} for d in drop]}, ignore=[404]
        )
        client.indices.delete(index=",".join(drop), ignore=[404])
        return keep
    client.cluster.health(index=name, wait_for_status="yellow")
    return name


def mapping_is_stale() -> bool:
    """Whether the aliased index was built with other analyzers or mappings than this code's.

    An upgrade that changes the mapping needs ``manage.py reindex`` (``make run`` runs
    ``reindex --if-stale``): the new fields are empty in documents indexed before.
    """
    client = get_client()
    current = _aliased_indices(client)
    if not current:
        return False  # ensure_index creates it with this code's mapping
    return stored_fingerprint(client, current[0]) != indexes.mapping_fingerprint()


def stored_fingerprint(client: OpenSearch, index: str) -> str | None:
    """The fingerprint an index was built with (its mapping's ``_meta``), if any."""
    mapping = client.indices.get_mapping(index=index)
    return (mapping.get(index, {}).get("mappings", {}).get("_meta") or {}).get("fingerprint")


def _actions(letters: Iterable[Letter], index: str) -> Iterator[dict[str, Any]]:
    for letter in letters:
        yield {"_op_type": "index", "_index": index, "_id": str(letter.pk), "_source": letter_source(letter)}


def _bulk(client: OpenSearch, actions: list[dict[str, Any]], refresh: bool) -> set[str]:
    """Send actions in one bulk request; return the ids that failed (logged)."""
    if not actions:
        return set()
    _, errors = helpers.bulk(
        client, actions, chunk_size=len(actions), max_chunk_bytes=50 * 1024 * 1024,
        raise_on_error=False, refresh=refresh,
    )  # fmt: skip
    failed: set[str] = set()
    for item in errors:
        op, info = next(iter(item.items()))
        if op == "delete" and info.get("status") == 404:
            continue
        failed.add(str(info.get("_id")))
        log.error("index %s of letter %s failed: %s", op, info.get("_id"), info.get("error"))
    return failed


def index_letters(ids: Iterable[int], *, refresh: bool = False, index: str | None = None) -> int:
    """Index the given letters in bulk, mark them indexed; return how many were written.

    Ids that no longer exist in the database are removed from the index.
    """
    wanted = list(dict.fromkeys(int(i) for i in ids))
    if not wanted:
        return 0
    client = get_client()
    target = index or ensure_index()
    written = 0
    for chunk in _chunks(wanted):
        letters = list(Letter.objects.filter(pk__in=chunk).prefetch_related("treatments"))
        found = {letter.pk for letter in letters}
        actions = list(_actions(letters, target))
        actions += [
            {"_op_type": "delete", "_index": target, "_id": str(pk)} for pk in chunk if pk not in found
        ]
        failed = _bulk(client, actions, refresh)
        ok = [pk for pk in found if str(pk) not in failed]
        Letter.objects.filter(pk__in=ok).update(indexed_at=timezone.now())
        written += len(ok)
    return written


def delete_letters(ids: Iterable[int], *, refresh: bool = False) -> int:
    """Remove letters from the index (missing ones are fine); return how many ids were sent."""
    wanted = list(dict.fromkeys(int(i) for i in ids))
    if not wanted:
        return 0
    client = get_client()
    target = ensure_index()
    for chunk in _chunks(wanted):
        _bulk(client, [{"_op_type": "delete", "_index": target, "_id": str(pk)} for pk in chunk], refresh)
        Letter.objects.filter(pk__in=chunk).update(indexed_at=None)
    return len(wanted)


def refresh() -> None:
    get_client().indices.refresh(index=indexes.alias_name())


@dataclass
class RebuildReport:
    index: str
    indexed: int = 0
    failed: int = 0
    caught_up: int = 0
    removed: int = 0
    dropped: list[str] = field(default_factory=list)


def _stream_into(client: OpenSearch, index: str, progress: Any = None) -> tuple[int, int]:
    """Index every letter from the database into ``index``, streaming by chunks."""
    indexed = failed = 0
    batch: list[Letter] = []
    queryset = Letter.objects.order_by("pk").prefetch_related("treatments").iterator(chunk_size=CHUNK)

    def flush() -> None:
        nonlocal indexed, failed
        bad = _bulk(client, list(_actions(batch, index)), False)
        ok = [letter.pk for letter in batch if str(letter.pk) not in bad]
        Letter.objects.filter(pk__in=ok).update(indexed_at=timezone.now())
        indexed += len(ok)
        failed += len(bad)
        if progress:
            progress(indexed, failed)
        batch.clear()

    for letter in queryset:
        batch.append(letter)
        if len(batch) >= CHUNK:
            flush()
    flush()
    return indexed, failed


def rebuild_index(progress: Any = None) -> RebuildReport:
    """Build a new concrete index from the database, swap the alias atomically, drop the old one.

    Search keeps answering from the old index until the swap. Letters changed
    while the rebuild ran are indexed again into the new index afterwards.
    """
    client = get_client()
    alias = indexes.alias_name()
    started = timezone.now()
    name = indexes.new_index_name()
    _create_index(client, name, bulk_load=True)
    report = RebuildReport(index=name)
    try:
        report.indexed, report.failed = _stream_into(client, name, progress)
        client.indices.put_settings(
            index=name, body={"index": {"refresh_interval": indexes.index_settings()["refresh_interval"]}}
        )
        client.indices.refresh(index=name)
        # One segment before it takes traffic: at 100k letters a search over 8 bulk-load segments
        # took about twice as long (terms aggregations map per-segment ordinals, every clause runs
        # once per segment). Merging 100k letters takes about 45 s.
        client.indices.forcemerge(index=name, max_num_segments=1, request_timeout=FORCEMERGE_TIMEOUT)
    except BaseException:
        client.indices.delete(index=name, ignore=[404])
        raise
    old = _aliased_indices(client)
    actions: list[dict[str, Any]] = [{"remove": {"index": o, "alias": alias}} for o in old]
    if not old and client.indices.exists(index=alias):
        actions.append({"remove_index": {"index": alias}})
    actions.append({"add": {"index": name, "alias": alias}})
    client.indices.update_aliases(body={"actions": actions})
    for stale in old:
        client.indices.delete(index=stale, ignore=[404])
    report.dropped = old
    changed = Letter.objects.filter(Q(updated_at__gte=started) | Q(created_at__gte=started))
    report.caught_up = index_letters(changed.values_list("pk", flat=True), index=name)
    extra = _index_ids(client, name) - set(Letter.objects.values_list("pk", flat=True))
    if extra:
        _bulk(client, [{"_op_type": "delete", "_index": name, "_id": str(pk)} for pk in extra], False)
        report.removed = len(extra)
    client.indices.refresh(index=name)
    return report


def _index_ids(client: OpenSearch, index: str) -> set[int]:
    hits = helpers.scan(client, index=index, query={"_source": False, "query": {"match_all": {}}}, size=5000)
    return {int(hit["_id"]) for hit in hits}


@dataclass
class Consistency:
    db_count: int
    index_count: int
    missing_ids: list[int]
    extra_ids: list[int]
    not_marked: int  # letters with indexed_at null

    @property
    def ok(self) -> bool:
        return self.db_count == self.index_count and not self.missing_ids and not self.extra_ids


def consistency(*, sample: int = 1000) -> Consistency:
    """Compare the database with the index: counts, and ids on one side only (first ``sample``)."""
    client = get_client()
    alias = indexes.alias_name()
    client.indices.refresh(index=alias)
    index_count = int(client.count(index=alias)["count"])
    in_index = _index_ids(client, alias)
    in_db = set(Letter.objects.values_list("pk", flat=True))
    return Consistency(
        db_count=len(in_db),
        index_count=index_count,
        missing_ids=sorted(in_db - in_index)[:sample],
        extra_ids=sorted(in_index - in_db)[:sample],
        not_marked=Letter.objects.filter(indexed_at__isnull=True).count(),
    )

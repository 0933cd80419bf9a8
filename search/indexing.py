"""Writes to the letter index, the only ones: bulk indexing by id, deletes, full rebuilds with an alias swap
(resumable: a rebuild that stops keeps its index, and the next ``rebuild_index(resume=True)`` goes on
from its last letter); and the comparison of the index with the database, letter by letter and content
digest by digest.

Every write is one ``_bulk`` body built here from ``search.documents.letter_source``.

Connection and transport errors propagate (``opensearchpy.exceptions.ConnectionError``,
``TransportError``) so that Celery tasks calling these functions retry.
"""

from __future__ import annotations

import collections
import contextlib
import datetime as dt
import json
import logging
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, transaction
from django.db.models import F, Q
from django.utils import timezone
from opensearchpy import OpenSearch, helpers
from opensearchpy.connection.connections import connections
from opensearchpy.exceptions import NotFoundError, RequestError

from ingest.models import Letter, Treatment
from search import indexes
from search.documents import LETTER_COLUMNS, TREATMENT_COLUMNS, content_digest, letter_source

log = logging.getLogger(__name__)

CHUNK = 500  # letters per bulk request
IN_FLIGHT = 2  # a rebuild's bulk requests at a time (the engine indexes each on one thread)
# The bulk response reduced to what is checked: no per-item body unless something failed.
_FILTER_PATH = "errors,items.*._id,items.*.status,items.*.error"
_ALIAS_LOCK = 0x1D6E5  # PostgreSQL advisory lock key of the alias creation
_REBUILD_LOCK = 0x1D6E6  # PostgreSQL advisory lock key of a rebuild: one at a time
_dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
Progress = Callable[[int, int], None]  # called with (indexed, failed) so far
FORCEMERGE_TIMEOUT = 3600  # seconds: the merge call blocks until the index is one segment


def get_client() -> OpenSearch:
    return connections.get_connection()


def _chunks(ids: list[int], size: int = CHUNK) -> Iterator[list[int]]:
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def aliased_indices(client: OpenSearch, alias: str | None = None) -> list[str]:
    """The concrete indices behind an alias (the letter alias unless given), sorted; none if it is missing."""
    try:
        return sorted(client.indices.get_alias(name=alias or indexes.alias_name()).keys())
    except NotFoundError:
        return []


def swap_alias(client: OpenSearch, alias: str, new: str) -> list[str]:
    """Point `alias` at the index `new` alone, in one atomic update (a concrete index squatting the
    alias's name goes too), then drop the indices it pointed at before; returns their names."""
    old = aliased_indices(client, alias)
    actions: list[dict[str, Any]] = [{"remove": {"index": o, "alias": alias}} for o in old]
    if not old and client.indices.exists(index=alias):
        actions.append({"remove_index": {"index": alias}})
    actions.append({"add": {"index": new, "alias": alias}})
    client.indices.update_aliases(body={"actions": actions})
    for stale in old:
        client.indices.delete(index=stale, ignore=[404])
    return old


def _create_index(client: OpenSearch, name: str, *, rebuild_started: dt.datetime | None = None) -> None:
    """A new concrete index; a rebuild's (``rebuild_started``, kept in its ``_meta`` for a resumed
    rebuild's catch-up) without refreshes while it loads."""
    body = indexes.index_body()
    if rebuild_started is not None:
        body["settings"] = {**body["settings"], "refresh_interval": "-1"}
        body["mappings"]["_meta"]["rebuild_started"] = rebuild_started.isoformat()
    client.indices.create(index=name, body=body)


def ensure_index() -> str:
    """Create the alias and a concrete index when absent; return the concrete index name."""
    client = get_client()
    current = aliased_indices(client)
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
    current = aliased_indices(client)
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
    current = aliased_indices(client)
    if not current:
        return False  # ensure_index creates it with this code's mapping
    return stored_fingerprint(client, current[0]) != indexes.mapping_fingerprint()


# The index settings a site may change on a live index (the others need a rebuild).
_SITE_SETTINGS = ("refresh_interval", "number_of_replicas")


def apply_site_settings() -> dict[str, str]:
    """Give the aliased index this site's refresh interval and replica count, where they differ
    (an upgrade that changed a default, or a site that changed its environment); return those set."""
    client = get_client()
    current = aliased_indices(client)
    if not current:
        return {}
    name = current[0]
    stored = client.indices.get_settings(index=name, name=[f"index.{key}" for key in _SITE_SETTINGS])
    have = stored.get(name, {}).get("settings", {}).get("index", {})
    wanted = {key: str(indexes.index_settings()[key]) for key in _SITE_SETTINGS}
    changed = {key: value for key, value in wanted.items() if have.get(key) != value}
    if changed:
        client.indices.put_settings(index=name, body={"index": changed})
    return changed


def _meta(client: OpenSearch, index: str) -> dict[str, Any]:
    mapping = client.indices.get_mapping(index=index)
    return dict(mapping.get(index, {}).get("mappings", {}).get("_meta") or {})


def stored_fingerprint(client: OpenSearch, index: str) -> str | None:
    """The fingerprint an index was built with (its mapping's ``_meta``), if any."""
    return _meta(client, index).get("fingerprint")


def _letters(ids: list[int]) -> list[tuple[Letter, list[Treatment]]]:
    """Letters with their treatments, without the columns no document uses (the full text above all).

    The treatments are read in one query and grouped here: ``prefetch_related`` builds a queryset
    per letter to hold them, which cost more worker time than the two queries together.
    """
    treatments: dict[int, list[Treatment]] = collections.defaultdict(list)
    for treatment in Treatment.objects.filter(letter_id__in=ids):
        treatments[treatment.letter_id].append(treatment)
    letters = Letter.objects.filter(pk__in=ids).order_by("pk").defer("text", "warnings")
    return [(letter, treatments[letter.pk]) for letter in letters]


def _letters_after(after: int) -> Iterator[list[tuple[Letter, list[Treatment]]]]:
    """Every letter after the id ``after``, with its treatments, CHUNK letters at a time in id order."""
    ids = Letter.objects.order_by("pk").values_list("pk", flat=True)
    while chunk := list(ids.filter(pk__gt=after)[:CHUNK]):
        yield _letters(chunk)
        after = chunk[-1]


def _body(
    index: str, letters: Iterable[tuple[Letter, list[Treatment]]] = (), deletes: Iterable[int] = ()
) -> bytes:
    """One ``_bulk`` body: an index action and document per letter, a delete action per id."""
    target = _dumps(index)
    lines = []
    for letter, treatments in letters:
        lines.append(f'{{"index":{{"_index":{target},"_id":"{letter.pk}"}}}}')
        lines.append(_dumps(letter_source(letter, treatments)))
    lines += [f'{{"delete":{{"_index":{target},"_id":"{pk}"}}}}' for pk in deletes]
    lines.append("")
    return "\n".join(lines).encode("utf-8", "surrogatepass")


def _send(
    client: OpenSearch, body: bytes, *, refresh: bool = False, alias: bool = True
) -> tuple[set[str], bool]:
    """Send one ``_bulk`` body; return (the ids that failed, logged; whether the alias was missing).

    Writes through the alias require it (``require_alias``): a missing alias is reported, never
    replaced by a concrete index created by accident. Connection errors propagate.
    """
    if not body.strip():
        return set(), False
    params: dict[str, Any] = {"filter_path": _FILTER_PATH, "refresh": "true" if refresh else "false"}
    if alias:
        params["require_alias"] = "true"
    response = client.bulk(body=body, params=params)
    if not response.get("errors"):
        return set(), False
    failed: set[str] = set()
    missing = False
    for item in response.get("items", []):
        op, info = next(iter(item.items()))
        error = info.get("error")
        if not error:
            continue  # a delete of a document that is not there: nothing to do
        failed.add(str(info.get("_id")))
        if isinstance(error, dict) and error.get("type") == "index_not_found_exception":
            missing = True
        else:
            log.error("index %s of letter %s failed: %s", op, info.get("_id"), error)
    return failed, missing


def _send_to_alias(client: OpenSearch, body: bytes, *, refresh: bool = False) -> set[str]:
    failed, missing = _send(client, body, refresh=refresh)
    if missing:  # no alias yet (a fresh install, or the index was dropped): create it, send again
        ensure_alias()
        failed, _ = _send(client, body, refresh=refresh)
    return failed


def ensure_alias() -> str:
    """ensure_index, one process at a time (what every write through the alias uses).

    Two processes creating the first index at once can each add an index to the alias, and
    the loser's clean-up may drop the index the winner has already written to (letters
    marked indexed, then gone). The lock is the database's (a PostgreSQL advisory lock held until
    the transaction ends); whoever comes second finds the alias and returns.
    """
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_ALIAS_LOCK])
        return ensure_index()


def index_letters(ids: Iterable[int], *, refresh: bool = False, index: str | None = None) -> int:
    """Index the given letters in bulk (through the alias, or into ``index``), stamp ``indexed_at``;
    return how many were written. Ids that no longer exist in the database are removed from the index.

    A letter changed by someone else after it was read here is not stamped: its own index
    task (or the catch-up) writes the newer version.
    """
    wanted = list(dict.fromkeys(int(i) for i in ids))
    client = get_client()
    written = 0
    for chunk in _chunks(wanted):
        letters = _letters(chunk)
        found = {letter.pk for letter, _ in letters}
        body = _body(index or indexes.alias_name(), letters, [pk for pk in chunk if pk not in found])
        if index is None:
            failed = _send_to_alias(client, body, refresh=refresh)
        else:
            failed, _ = _send(client, body, refresh=refresh, alias=False)
        written += _stamp([letter for letter, _ in letters], failed)
    return written


def _stamp(letters: list[Letter], failed: set[str]) -> int:
    """Stamp ``indexed_at`` on the letters written (not in ``failed``); returns how many were written.

    A letter saved again since it was read (its ``updated_at`` is no longer the one read for the
    document sent) is marked not indexed instead: the index may hold the older version, and the
    catch-up (or the new version's own index task) writes the newer one. The UPDATE comes first, so
    the transaction holds the rows (their row locks) while it compares.
    """
    read = {letter.pk: letter.updated_at for letter in letters if str(letter.pk) not in failed}
    with transaction.atomic():
        Letter.objects.filter(pk__in=read).update(indexed_at=timezone.now())
        now_stored = Letter.objects.filter(pk__in=read).values_list("pk", "updated_at")
        changed = [pk for pk, updated_at in now_stored if updated_at != read[pk]]
        if changed:
            Letter.objects.filter(pk__in=changed).update(indexed_at=None)
    return len(read)


def current_ids(ids: Iterable[int]) -> list[int]:
    """Those of these letters whose index copy is current (indexed since their last change)."""
    return sorted(
        Letter.objects.filter(pk__in=list(ids), indexed_at__gte=F("updated_at")).values_list("pk", flat=True)
    )


def stale_ids(limit: int, *, after: int = 0) -> list[int]:
    """Letters whose index copy is missing or older than the letter, by id from ``after``."""
    stale = Q(indexed_at__isnull=True) | Q(indexed_at__lt=F("updated_at"))
    return list(
        Letter.objects.filter(stale, pk__gt=after).order_by("pk").values_list("pk", flat=True)[:limit]
    )


def delete_letters(ids: Iterable[int], *, refresh: bool = False) -> int:
    """Remove letters from the index (missing ones are fine); return how many ids were sent."""
    wanted = list(dict.fromkeys(int(i) for i in ids))
    client = get_client()
    for chunk in _chunks(wanted):
        _send_to_alias(client, _body(indexes.alias_name(), deletes=chunk), refresh=refresh)
        Letter.objects.filter(pk__in=chunk).update(indexed_at=None)
    return len(wanted)


def refresh() -> None:
    get_client().indices.refresh(index=indexes.alias_name())


@dataclass
class RebuildReport:
    index: str
    indexed: int = 0  # letters in the new index (a resumed rebuild's earlier ones included)
    failed: int = 0
    caught_up: int = 0
    removed: int = 0
    dropped: list[str] = field(default_factory=list)
    resumed_after: int | None = None  # a resumed rebuild went on after this letter id
    resumed_with: int = 0  # the letters up to it


class RebuildRunning(RuntimeError):
    """Another process is rebuilding the index."""


@contextlib.contextmanager
def _one_rebuild() -> Iterator[None]:
    """Hold the rebuild lock (a PostgreSQL session advisory lock) or raise RebuildRunning."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [_REBUILD_LOCK])
        (locked,) = cursor.fetchone() or (False,)
    if not locked:
        raise RebuildRunning("another rebuild of the index is running")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [_REBUILD_LOCK])


def unfinished_rebuilds(client: OpenSearch) -> list[str]:
    """This portal's concrete indices that no alias points at, oldest first: rebuilds that stopped
    before their swap (while no rebuild runs, nothing else leaves one)."""
    names = client.indices.get(index=indexes.concrete_pattern(), params={"expand_wildcards": "open,closed"})
    aliased = set(aliased_indices(client))
    return sorted(name for name in names if name not in aliased)


def _resumable(client: OpenSearch, names: list[str]) -> tuple[str, dt.datetime] | None:
    """The newest of ``names`` built by this code's mapping, and when its rebuild started."""
    for name in reversed(names):
        meta = _meta(client, name)
        if meta.get("fingerprint") == indexes.mapping_fingerprint() and meta.get("rebuild_started"):
            return name, dt.datetime.fromisoformat(meta["rebuild_started"])
    return None


def _last_letter(client: OpenSearch, index: str) -> int:
    """The highest letter id in ``index`` (0 when empty)."""
    client.indices.refresh(index=index)
    body = {"size": 0, "aggs": {"last": {"max": {"field": "letter_id"}}}}
    response = client.search(index=index, body=body)
    return int(response["aggregations"]["last"]["value"] or 0)


def _stream_into(
    client: OpenSearch, index: str, report: RebuildReport, progress: Progress | None = None
) -> None:
    """Index every letter from the database after ``report.resumed_after`` into ``index``, by chunks
    in id order, ``IN_FLIGHT`` ``_bulk`` requests at a time while the next chunk's documents are
    built: the engine indexes a request on one thread, so one at a time left a core idle."""
    in_flight: collections.deque[tuple[Future[tuple[set[str], bool]], list[Letter]]] = collections.deque()

    def settle_oldest() -> None:
        answer, sent = in_flight.popleft()
        bad, _ = answer.result()
        report.indexed += _stamp(sent, bad)
        report.failed += len(bad)
        if progress:
            progress(report.indexed, report.failed)

    with ThreadPoolExecutor(max_workers=IN_FLIGHT, thread_name_prefix="rebuild-bulk") as sender:
        for batch in _letters_after(report.resumed_after or 0):
            body = _body(index, batch)
            if len(in_flight) == IN_FLIGHT:
                settle_oldest()
            sent = [letter for letter, _ in batch]
            in_flight.append((sender.submit(_send, client, body, alias=False), sent))
        while in_flight:
            settle_oldest()


def _resume_after(client: OpenSearch, index: str) -> int:
    """The letter id a resumed rebuild of ``index`` goes on after: its highest letter id, less the
    chunks that may have been in flight when it stopped (sent again: indexing is idempotent)."""
    last = _last_letter(client, index)
    before = Letter.objects.filter(pk__lte=last).order_by("-pk").values_list("pk", flat=True)
    return next(iter(before[IN_FLIGHT * CHUNK : IN_FLIGHT * CHUNK + 1]), 0)


def rebuild_index(progress: Progress | None = None, *, resume: bool = False) -> RebuildReport:
    """Build a new concrete index from the database, swap the alias atomically, drop the old one.

    Search keeps answering from the old index until the swap. Letters changed while the rebuild
    ran are indexed again into the new index afterwards. A rebuild that stops (an error, the
    process stopped) keeps its index: ``resume`` goes on from its last letter, otherwise it is
    dropped and a new one begun. One rebuild at a time (``RebuildRunning``).
    """
    client = get_client()
    with _one_rebuild():
        leftovers = unfinished_rebuilds(client)
        found = _resumable(client, leftovers) if resume else None
        for stale in leftovers:
            if found is None or stale != found[0]:
                client.indices.delete(index=stale, ignore=[404])
        if found is None:
            name, started = indexes.new_index_name(), timezone.now()
            _create_index(client, name, rebuild_started=started)
            report = RebuildReport(index=name)
        else:
            name, started = found
            report = RebuildReport(index=name)
            report.resumed_after = _resume_after(client, name)
            report.resumed_with = report.indexed = Letter.objects.filter(pk__lte=report.resumed_after).count()
        try:
            _stream_into(client, name, report, progress)
        except BaseException:
            log.warning("rebuild stopped: index %s kept for `manage.py reindex --resume`", name)
            raise
        _finish(client, name, started, report)
    return report


def _finish(client: OpenSearch, name: str, started: dt.datetime, report: RebuildReport) -> None:
    """Merge the new index, swap the alias to it, and index what changed meanwhile."""
    client.indices.put_settings(
        index=name, body={"index": {"refresh_interval": indexes.index_settings()["refresh_interval"]}}
    )
    client.indices.refresh(index=name)
    # One segment before it takes traffic: at 100k letters a search over 8 bulk-load segments
    # took about twice as long (terms aggregations map per-segment ordinals, every clause runs
    # once per segment). Merging 100k letters takes about 45 s.
    client.indices.forcemerge(index=name, max_num_segments=1, request_timeout=FORCEMERGE_TIMEOUT)
    report.dropped = swap_alias(client, indexes.alias_name(), name)
    changed = Letter.objects.filter(Q(updated_at__gte=started) | Q(created_at__gte=started))
    report.caught_up = index_letters(changed.values_list("pk", flat=True), index=name)
    extra = _index_ids(client, name) - set(Letter.objects.values_list("pk", flat=True))
    if extra:
        _send(client, _body(name, deletes=sorted(extra)), alias=False)
        report.removed = len(extra)
    client.indices.refresh(index=name)


def _index_ids(client: OpenSearch, index: str) -> set[int]:
    hits = helpers.scan(client, index=index, query={"_source": False, "query": {"match_all": {}}}, size=5000)
    return {int(hit["_id"]) for hit in hits}


def index_digests(client: OpenSearch, index: str | None = None) -> dict[int, str | None]:
    """Every document's id and content digest (None for a document indexed before digests), by one scan."""
    query = {"_source": ["digest"], "query": {"match_all": {}}}
    hits = helpers.scan(client, index=index or indexes.alias_name(), query=query, size=5000)
    return {int(hit["_id"]): hit.get("_source", {}).get("digest") for hit in hits}


def database_digests(size: int = 2000) -> Iterator[tuple[int, str]]:
    """Every letter's id and the digest its document should carry, read from the database in id order:
    plain column values (no model instances), a chunk of letters and their treatments at a time."""
    letters = Letter.objects.order_by("pk").values_list("pk", *LETTER_COLUMNS)
    treatments = Treatment.objects.order_by("letter_id", "position").values_list(
        "letter_id", *TREATMENT_COLUMNS
    )
    last = 0
    while rows := list(letters.filter(pk__gt=last)[:size]):
        first, last = rows[0][0], rows[-1][0]
        by_letter: dict[int, list[tuple[Any, ...]]] = {}
        for row in treatments.filter(letter_id__gte=first, letter_id__lte=last):
            by_letter.setdefault(row[0], []).append(row[1:])
        for row in rows:
            yield row[0], content_digest(row[1:], by_letter.get(row[0], ()))


@dataclass
class Consistency:
    db_count: int
    index_count: int
    missing_ids: list[int]  # in the database, not in the index
    extra_ids: list[int]  # in the index, not in the database
    differing_ids: list[int]  # in both, the index copy built from other content than the row's
    not_marked: int  # letters with indexed_at null

    @property
    def ok(self) -> bool:
        return (
            self.db_count == self.index_count
            and not self.missing_ids
            and not self.extra_ids
            and not self.differing_ids
        )


def consistency() -> Consistency:
    """Compare the database with the index: every letter's id and content digest on both sides."""
    client = get_client()
    alias = indexes.alias_name()
    client.indices.refresh(index=alias)
    index_count = int(client.count(index=alias)["count"])
    in_index = index_digests(client, alias)
    in_db = dict(database_digests())
    return Consistency(
        db_count=len(in_db),
        index_count=index_count,
        missing_ids=sorted(in_db.keys() - in_index.keys()),
        extra_ids=sorted(in_index.keys() - in_db.keys()),
        differing_ids=sorted(pk for pk, digest in in_db.items() if pk in in_index and in_index[pk] != digest),
        not_marked=Letter.objects.filter(indexed_at__isnull=True).count(),
    )

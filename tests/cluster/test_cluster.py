"""A node of the three-node cluster stopped while the portal works: nothing is lost, searches answer.

The letter index has one replica; its two copies are on the two nodes that are not the cluster
manager, and the node stopped (by its pid) is the one holding the primary (tests.cluster.shards).
The manager promotes the replica; the index stays yellow while the node is away and is green again
once it has returned and recovered its copy.
"""

from __future__ import annotations

import io
import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client
from opensearchpy import OpenSearch

from ingest import entry, runner, tasks
from ingest.models import IngestRecord, Letter
from search import indexing
from search.engine import run_search
from search.forms import SearchForm
from stack import cluster as local_cluster
from tests.cluster import shards
from tests.conftest import wait_until
from tests.ingest.conftest import index_ids, make_letters
from tests.search.factory import build_corpus

pytestmark = [pytest.mark.integration, pytest.mark.slow, pytest.mark.cluster]

LETTERS = 120  # ingested, in chunks of CHUNK: the batch is still running when the node stops
CHUNK = 4
STOP_AFTER = 12  # records processed when the node is stopped
CORPUS = 150  # letters searched
QUERIES = ["massage", "acupuncture OR MRI", "spasm", "lumbar epidural", "naproxen"]


def nodes_in_cluster(client: OpenSearch) -> int:
    return int(client.cluster.health()["number_of_nodes"])


def check_index_output() -> str:
    out = io.StringIO()
    call_command("check_index", stdout=out)
    return out.getvalue()


def test_a_node_stopped_in_the_middle_of_an_ingest_batch_loses_no_letter(
    tmp_path: Path, settings, letters_index: str, cluster_worker, cluster_client: OpenSearch
) -> None:
    settings.INGEST_CHUNK_SIZE = CHUNK
    node = shards.primary_node(cluster_client, letters_index)
    batch = entry.create_batch("cluster test")
    entry.add_paths(batch, make_letters(tmp_path / "letters", LETTERS, seed=13))
    tasks.queue_batch(batch.pk)
    records = IngestRecord.objects.filter(batch=batch)
    processed = records.exclude(outcome=IngestRecord.Outcome.PENDING)
    wait_until(lambda: processed.count() >= STOP_AFTER, timeout=90, what=f"{STOP_AFTER} records processed")

    assert local_cluster.stop_node(node), f"node {node} was not running"
    at_stop = (processed.count(), records.filter(outcome=IngestRecord.Outcome.INDEXED).count())
    assert at_stop[0] < LETTERS, "the node stopped after the batch had ended: make the batch bigger"
    wait_until(lambda: nodes_in_cluster(cluster_client) == 2, timeout=30, what="the cluster to see two nodes")

    # The batch ends on the two nodes left: the replica, promoted, takes the letters still to come.
    # Index writes the closing node refused (node_closed_exception) leave their letters saved, not
    # indexed; the batch's stall re-queue (the beat's sweep and catch-up in production) sends them again.
    out = io.StringIO()
    progress = runner.wait(batch.pk, out, timeout=150, stall_seconds=10)
    assert progress["finished"], progress
    assert cluster_client.cluster.health(index=letters_index)["status"] == "yellow"  # one copy of each shard
    holders = {name for _, _, name in shards.copies(cluster_client, letters_index)}
    assert local_cluster.node_name(node) not in holders
    requeued = [line for line in out.getvalue().splitlines() if "re-queued" in line]
    print(
        f"node {node} (primary; manager: node {shards.manager_node(cluster_client)}) stopped with "
        f"{at_stop[0]} of {LETTERS} records processed and {at_stop[1]} indexed; the batch ended with "
        f"the node away; stall re-queues: {requeued or 'none'}"
    )

    local_cluster.start_node(node)
    shards.wait_green(cluster_client, letters_index)

    assert set(records.values_list("outcome", flat=True)) == {IngestRecord.Outcome.INDEXED}
    assert at_stop[1] < LETTERS, "letters were indexed after the node stopped"
    in_db = sorted(str(pk) for pk in Letter.objects.values_list("pk", flat=True))
    assert len(in_db) == LETTERS
    assert sorted(index_ids(cluster_client, letters_index)) == in_db  # each letter once, nothing else
    assert "database and index agree" in check_index_output()


def search_totals(client: Client) -> dict[str, tuple[int, int]]:
    """Each query's letters found, through the engine and through the JSON API (the web path)."""
    totals = {}
    for query in QUERIES:
        engine = run_search(SearchForm({"q": query}).params(), per_page=10).total_letters
        response = client.get("/api/search", {"q": query})
        assert response.status_code == 200, (query, response.status_code, response.content[:300])
        totals[query] = (engine, response.json()["total_letters"])
    return totals


def test_searches_keep_answering_while_a_node_stops_and_returns(
    db, settings, letters_index: str, cluster_client: OpenSearch
) -> None:
    settings.SEARCH_REQUIRES_LOGIN = False
    specs = build_corpus(CORPUS, seed=21)
    assert indexing.index_letters([spec.pk for spec in specs], refresh=True) == CORPUS
    client = Client()
    expected = search_totals(client)
    assert all(engine > 0 and engine == api for engine, api in expected.values()), expected
    node = shards.primary_node(cluster_client, letters_index)
    rounds: dict[str, int] = {}

    def search_while(phase: str, busy: Callable[[], bool], at_least: int = 1) -> None:
        count = 0
        while busy() or count < at_least:
            assert search_totals(client) == expected, f"a search answered otherwise while {phase}"
            count += 1
        rounds[phase] = count

    stopping = threading.Thread(target=local_cluster.stop_node, args=(node,))
    stopping.start()
    search_while("the node stops", stopping.is_alive)
    stopping.join()
    search_while("the node is away", lambda: nodes_in_cluster(cluster_client) != 2, at_least=10)

    starting = threading.Thread(target=local_cluster.start_node, args=(node,))
    starting.start()
    search_while("the node starts and rejoins", starting.is_alive)
    starting.join()
    search_while(
        "the node recovers its copy",
        lambda: cluster_client.cluster.health(index=letters_index)["status"] != "green",
    )
    shards.wait_green(cluster_client, letters_index)
    assert search_totals(client) == expected
    print(f"search rounds of {len(QUERIES)} queries, engine and API, by phase: {rounds}")

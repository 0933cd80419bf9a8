"""Fixtures for the cluster tests: the three-node cluster of stack/cluster.py, and the portal on it.

The session starts the cluster (the nodes not running already) and stops, after the last test, the
nodes it started. The portal's code in this process and the worker processes it starts talk to the
cluster only (OPENSEARCH_URL lists its three nodes), never to the shared single node, under a
private index prefix, with one replica of every shard (OPENSEARCH_REPLICAS=1).
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest
from django.conf import settings
from django.test import override_settings
from opensearchpy import OpenSearch
from opensearchpy.connection.connections import connections

from stack import cluster as local_cluster
from tests.cluster import shards
from tests.conftest import WorkerProcess

REPLICAS = 1


@pytest.fixture(scope="session")
def cluster() -> Iterator[list[str]]:
    """The three nodes' URLs, every node running and in the cluster."""
    ours = [n for n in local_cluster.NODES if n not in local_cluster.running()]
    local_cluster.start()
    yield [local_cluster.node_url(n) for n in local_cluster.NODES]
    for n in ours:
        local_cluster.stop_node(n)


@pytest.fixture(scope="session")
def cluster_client(cluster: list[str]) -> Iterator[OpenSearch]:
    """A client of the cluster for the tests' own checks (it skips a node that is down). The indices
    an earlier session left behind under this run's prefix go first: counts of shards start at 0."""
    client = OpenSearch(hosts=cluster, timeout=30, max_retries=len(cluster))
    client.indices.delete(index=f"{settings.OPENSEARCH_INDEX_PREFIX}-cluster-*", ignore=[404])
    yield client
    client.close()


@pytest.fixture(scope="module")
def on_cluster(cluster: list[str], cluster_client: OpenSearch) -> Iterator[str]:
    """Point the portal at the cluster for a module (settings, the search connection, the environment
    workers inherit); its private index prefix is returned and its indices dropped afterwards."""
    prefix = f"{settings.OPENSEARCH_INDEX_PREFIX}-cluster-{uuid.uuid4().hex[:8]}"
    dsl = {"default": {**settings.OPENSEARCH_DSL["default"], "hosts": cluster}}
    override = override_settings(
        OPENSEARCH_URL=",".join(cluster),
        OPENSEARCH_HOSTS=cluster,
        OPENSEARCH_DSL=dsl,
        OPENSEARCH_INDEX_PREFIX=prefix,
        OPENSEARCH_REPLICAS=REPLICAS,
    )
    saved_replicas = os.environ.get("OPENSEARCH_REPLICAS")
    override.enable()
    os.environ["OPENSEARCH_REPLICAS"] = str(REPLICAS)
    connections.configure(**dsl)
    try:
        yield prefix
    finally:
        override.disable()
        connections.configure(**settings.OPENSEARCH_DSL)
        if saved_replicas is None:
            os.environ.pop("OPENSEARCH_REPLICAS", None)
        else:
            os.environ["OPENSEARCH_REPLICAS"] = saved_replicas
        cluster_client.indices.delete(index=f"{prefix}-*", ignore=[404])


@pytest.fixture
def cluster_worker(transactional_db, on_cluster: str) -> Iterator[WorkerProcess]:
    """A real Celery worker on the cluster (its environment comes from the settings above)."""
    from portal.celery import app

    app.control.purge()
    worker = WorkerProcess(log_name="celery-worker-cluster.log")
    worker.start()
    yield worker
    worker.stop()
    app.control.purge()


@pytest.fixture
def letters_index(on_cluster: str, cluster_client: OpenSearch) -> Iterator[str]:
    """The portal's letter index, made by its own code (one replica), its two copies pinned off the
    cluster manager (tests.cluster.shards); the alias is returned."""
    from search import indexes, indexing

    alias = indexes.alias_name()
    cluster_client.indices.delete(index=f"{alias}*", ignore=[404])
    name = indexing.ensure_index()
    index_settings = cluster_client.indices.get_settings(index=name)[name]["settings"]["index"]
    assert int(index_settings["number_of_replicas"]) == REPLICAS
    shards.pin_off_the_manager(cluster_client, name)
    yield alias
    cluster_client.indices.delete(index=f"{alias}*", ignore=[404])

"""/healthz on the three-node cluster: green is ok, yellow is degraded but serving, red is down (503)."""

from __future__ import annotations

import pytest
from django.test import Client
from opensearchpy import OpenSearch

from stack import cluster as local_cluster
from tests.cluster import shards

pytestmark = [pytest.mark.integration, pytest.mark.slow, pytest.mark.cluster]

STOPPED = 3


def opensearch_health(client: Client) -> tuple[int, str, dict]:
    """/healthz's code, status and OpenSearch entry; every other service must be up."""
    response = client.get("/healthz")
    body = response.json()
    others = {name: service for name, service in body["services"].items() if name != "opensearch"}
    assert all(service["ok"] for service in others.values()), others
    return response.status_code, body["status"], body["services"]["opensearch"]


def facts(opensearch: dict) -> tuple[str, int, int]:
    return opensearch["cluster_status"], opensearch["nodes"], opensearch["unassigned_shards"]


def test_healthz_reports_the_cluster_colour_nodes_and_unassigned_shards(
    settings, on_cluster: str, cluster_worker, cluster_client: OpenSearch
) -> None:
    settings.DEBUG = True  # the details, as staff see them
    client = Client()
    code, status, opensearch = opensearch_health(client)
    assert (code, status) == (200, "ok"), opensearch
    assert facts(opensearch) == (
        "green",
        3,
        0,
    )
    assert opensearch["degraded"] is False

    # An index without replicas on node 3 alone (red without it), one with a replica there (yellow).
    red, yellow = f"{on_cluster}-health-red", f"{on_cluster}-health-yellow"
    cluster_client.indices.create(index=red, body={"settings": {"number_of_replicas": 0}})
    cluster_client.indices.create(index=yellow, body={"settings": {"number_of_replicas": 1}})
    shards.pin(cluster_client, red, [STOPPED])
    shards.pin(cluster_client, yellow, [n for n in local_cluster.NODES if n != 1])
    assert local_cluster.stop_node(STOPPED)
    try:
        cluster_client.cluster.health(wait_for_nodes="2", **shards.server_wait(30))
        code, status, opensearch = opensearch_health(client)
        assert (code, status) == (503, "unavailable"), opensearch
        assert opensearch["ok"] is False
        # Both shards of the two indices that were on node 3 are unassigned: the red one's only copy,
        # the yellow one's replica.
        assert facts(opensearch) == (
            "red",
            2,
            2,
        )

        cluster_client.indices.delete(index=red)
        code, status, opensearch = opensearch_health(client)
        assert (code, status) == (200, "degraded"), opensearch
        assert opensearch["ok"] is True
        assert opensearch["degraded"] is True
        assert facts(opensearch) == (
            "yellow",
            2,
            1,
        )

        settings.DEBUG = False  # anonymous callers see the status and which service is degraded
        body = client.get("/healthz").json()
        assert body["status"] == "degraded"
        assert body["services"]["opensearch"] == {"ok": True, "degraded": True}
        settings.DEBUG = True
    finally:
        local_cluster.start_node(STOPPED)
    shards.wait_green(cluster_client, yellow)
    code, status, opensearch = opensearch_health(client)
    assert (code, status) == (200, "ok"), opensearch
    assert facts(opensearch) == (
        "green",
        3,
        0,
    )
    cluster_client.indices.delete(index=yellow)

"""Where the cluster keeps a letter index's copies, and which node to stop, decided beforehand.

A test pins the index's two copies to the two nodes that are not the elected cluster manager, then
stops the one holding the primary: the manager stays up to promote the replica, the same case on
every run (never the manager by chance one run and not the next).
"""

from __future__ import annotations

import time

from opensearchpy import OpenSearch

from stack import cluster as local_cluster


def number(name: str) -> int:
    """imr-node-2 -> 2."""
    return next(n for n in local_cluster.NODES if local_cluster.node_name(n) == name)


def manager_node(client: OpenSearch) -> int:
    rows = client.cat.nodes(format="json", h="name,cluster_manager")
    return number(next(row["name"] for row in rows if row["cluster_manager"] == "*"))


def pin(client: OpenSearch, index: str, nodes: list[int], timeout: float = 60) -> None:
    """Keep the index's shard copies on `nodes` only, and wait until every copy is started there
    (a health wait alone can return before the relocation has begun)."""
    names = {local_cluster.node_name(n) for n in nodes}
    client.indices.put_settings(index=index, body={"index.routing.allocation.include._name": ",".join(names)})
    deadline = time.monotonic() + timeout
    while not all(state == "STARTED" and node in names for _, state, node in copies(client, index)):
        assert time.monotonic() < deadline, f"{index} is not on {sorted(names)}: {copies(client, index)}"
        time.sleep(0.2)


def pin_off_the_manager(client: OpenSearch, index: str) -> None:
    manager = manager_node(client)
    pin(client, index, [n for n in local_cluster.NODES if n != manager])


def primary_node(client: OpenSearch, index: str) -> int:
    rows = client.cat.shards(index=index, format="json", h="prirep,state,node")
    return number(next(row["node"] for row in rows if row["prirep"] == "p" and row["state"] == "STARTED"))


def copies(client: OpenSearch, index: str) -> list[tuple[str, str, str]]:
    """(primary or replica, state, node) of every copy: for failure messages."""
    rows = client.cat.shards(index=index, format="json", h="prirep,state,node")
    return [(row["prirep"], row["state"], row["node"] or "-") for row in rows]


def server_wait(seconds: int) -> dict[str, object]:
    """How long the engine waits for a health condition (`timeout`, a query parameter only when the
    client is given its own `request_timeout`: opensearch-py takes a lone `timeout` as the latter)."""
    return {"timeout": f"{seconds}s", "request_timeout": seconds + 10}


def wait_green(client: OpenSearch, index: str, seconds: int = 90) -> dict:
    wait = server_wait(seconds)
    health = client.cluster.health(index=index, wait_for_status="green", wait_for_nodes="3", **wait)
    assert health["status"] == "green", (health, copies(client, index))
    return dict(health)

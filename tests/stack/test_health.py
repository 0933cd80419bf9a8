"""/healthz's verdict (ok, degraded, unavailable) and its OpenSearch check against the single node."""

from __future__ import annotations

import socket

import pytest

from portal import health


def service(ok: bool = True, degraded: bool = False) -> dict[str, object]:
    return {"ok": ok, "degraded": degraded}


def test_every_service_up_is_ok() -> None:
    assert health.overall({"database": service(), "opensearch": service()}) == ("ok", 200)


def test_a_degraded_service_is_said_but_still_serves() -> None:
    assert health.overall({"database": service(), "opensearch": service(degraded=True)}) == ("degraded", 200)


def test_a_service_down_makes_it_unavailable_whatever_else_is_degraded() -> None:
    services = {"database": service(ok=False), "opensearch": service(degraded=True)}
    assert health.overall(services) == ("unavailable", 503)


def closed_port() -> int:
    """A loopback port nothing listens on (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.mark.integration
def test_the_single_node_reports_its_colour_nodes_and_unassigned_shards(opensearch_client) -> None:
    reading = health.run_check(health.check_opensearch)
    assert reading["ok"] is True, reading
    assert reading["nodes"] == 1
    # Parallel test runs may hold an index with replicas on the shared node: yellow, then, is degraded.
    assert reading["cluster_status"] in ("green", "yellow")
    assert reading["degraded"] is (reading["cluster_status"] == "yellow")
    assert reading["unassigned_shards"] >= 0
    assert str(reading["detail"]).startswith(f"cluster {reading['cluster_status']}: 1 node(s), ")


@pytest.mark.integration
def test_an_unreachable_engine_is_down(settings) -> None:
    settings.OPENSEARCH_HOSTS = [f"http://127.0.0.1:{closed_port()}"]
    reading = health.run_check(health.check_opensearch)
    assert reading["ok"] is False
    assert "ConnectionError" in str(reading["detail"])


@pytest.mark.integration
def test_a_listed_node_that_does_not_answer_is_skipped(settings, opensearch_client) -> None:
    # The client shuffles its hosts: whichever comes first, the check ends on the one that answers.
    settings.OPENSEARCH_HOSTS = [f"http://127.0.0.1:{closed_port()}", *settings.OPENSEARCH_HOSTS]
    reading = health.run_check(health.check_opensearch)
    assert reading["ok"] is True, reading

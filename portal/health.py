"""/healthz: the state of every service the portal needs, as JSON.

Each service is up, degraded (serving, but something is wrong: an OpenSearch cluster in yellow, a
replica unassigned) or down. The answer is 503 only when a service is down (an OpenSearch cluster in
red counts as down: some letters cannot be found); a degraded service keeps it 200, with the status
"degraded" said in the JSON.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

import redis
from django.conf import settings
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from opensearchpy import OpenSearch

from portal.celery import app as celery_app

CHECK_TIMEOUT = 2.0


@dataclass(frozen=True)
class Reading:
    """What a check saw: a line for people, whether the service is degraded, and facts for tools."""

    detail: str
    up: bool = True
    degraded: bool = False
    facts: dict[str, object] = field(default_factory=dict)


def check_database() -> Reading:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return Reading(connection.vendor)


def check_redis() -> Reading:
    client = redis.Redis.from_url(
        settings.REDIS_URL, socket_timeout=CHECK_TIMEOUT, socket_connect_timeout=CHECK_TIMEOUT
    )
    try:
        client.ping()
        return Reading("redis " + str(client.info("server").get("redis_version", "?")))
    finally:
        client.close()


def check_opensearch() -> Reading:
    """The cluster's health colour, nodes and unassigned shards, from any node of OPENSEARCH_URL.

    Green is up; yellow is degraded (every letter is searchable, some replica is missing); red is
    down (a primary shard is unassigned: some letters cannot be found). A node that does not answer
    is skipped for the next one listed.
    """
    hosts = settings.OPENSEARCH_HOSTS
    client = OpenSearch(hosts=hosts, timeout=CHECK_TIMEOUT, max_retries=len(hosts) - 1, retry_on_timeout=True)
    try:
        health = client.cluster.health()
    finally:
        client.close()
    status = str(health["status"])
    nodes, unassigned = int(health["number_of_nodes"]), int(health["unassigned_shards"])
    return Reading(
        f"cluster {status}: {nodes} node(s), {unassigned} unassigned shard(s)",
        up=status != "red",
        degraded=status == "yellow",
        facts={"cluster_status": status, "nodes": nodes, "unassigned_shards": unassigned},
    )


def check_celery() -> Reading:
    replies = celery_app.control.ping(timeout=CHECK_TIMEOUT, limit=1)  # the first reply is enough
    if not replies:
        raise RuntimeError("no Celery worker answered the ping")
    return Reading(f"{len(replies)} worker(s)")


CHECKS: dict[str, Callable[[], Reading]] = {
    "database": check_database,
    "redis": check_redis,
    "opensearch": check_opensearch,
    "celery": check_celery,
}


def run_check(check: Callable[[], Reading]) -> dict[str, object]:
    started = time.perf_counter()
    try:
        reading = check()
    except Exception as exc:  # noqa: BLE001 - any failure means the service is down
        reading = Reading(f"{type(exc).__name__}: {exc}"[:300], up=False)
    return {
        "ok": reading.up,
        "degraded": reading.degraded,
        "detail": reading.detail,
        "ms": round((time.perf_counter() - started) * 1000, 1),
        **reading.facts,
    }


def overall(services: dict[str, dict[str, object]]) -> tuple[str, int]:
    """The report's status and HTTP code: unavailable (503) when a service is down, else degraded
    when one is degraded, else ok (both 200)."""
    if not all(service["ok"] for service in services.values()):
        return "unavailable", 503
    if any(service["degraded"] for service in services.values()):
        return "degraded", 200
    return "ok", 200


def _report(checks: dict[str, Callable[[], Reading]], request: HttpRequest) -> JsonResponse:
    services = {name: run_check(check) for name, check in checks.items()}
    status, code = overall(services)
    if not (settings.DEBUG or request.user.is_staff):
        # Anonymous callers learn what is up, degraded or down, not hostnames, versions or error texts.
        services = {
            name: {"ok": service["ok"], **({"degraded": True} if service["degraded"] else {})}
            for name, service in services.items()
        }
    return JsonResponse({"status": status, "services": services}, status=code)


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """Readiness: every service the portal needs (database, Redis, OpenSearch, a Celery worker)."""
    return _report(CHECKS, request)


@never_cache
def healthz_live(request: HttpRequest) -> JsonResponse:
    """Liveness of this web process (and its database): what a container health check wants.

    The site keeps serving letters when OpenSearch or the workers are down, so their state
    belongs to /healthz, not to whether the web container should be restarted.
    """
    return _report({"database": check_database}, request)

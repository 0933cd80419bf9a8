"""/healthz: the state of every service the portal needs, as JSON.

Each service is up, degraded (serving, but something is wrong: an OpenSearch cluster in yellow, a
replica unassigned) or down. The answer is 503 only when a service is down (an OpenSearch cluster in
red counts as down: some letters cannot be found); a degraded service keeps it 200, with the status
"degraded" said in the JSON.

Staff (and development) get every check, Celery's ping included, with details. Anonymous callers get
the cheap checks (database, Redis, OpenSearch: no Celery ping) as up/degraded/down only, answered from
this process's memory for HEALTHZ_CACHE_SECONDS: a load balancer polling it costs a few queries per
interval, however often it asks. Redis and OpenSearch are asked through clients kept for the process.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

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


@lru_cache(maxsize=4)
def redis_client(url: str) -> redis.Redis:
    """One client (and connection pool) per Redis URL for the process."""
    return redis.Redis.from_url(url, socket_timeout=CHECK_TIMEOUT, socket_connect_timeout=CHECK_TIMEOUT)


@lru_cache(maxsize=4)
def opensearch_client(hosts: tuple[str, ...]) -> OpenSearch:
    """One client per list of nodes for the process (a node that does not answer is skipped)."""
    return OpenSearch(
        hosts=list(hosts), timeout=CHECK_TIMEOUT, max_retries=len(hosts) - 1, retry_on_timeout=True
    )


def check_redis() -> Reading:
    client = redis_client(settings.REDIS_URL)
    client.ping()
    return Reading("redis " + str(client.info("server").get("redis_version", "?")))


def check_opensearch() -> Reading:
    """The cluster's health colour, nodes and unassigned shards, from any node of OPENSEARCH_URL.

    Green is up; yellow is degraded (every letter is searchable, some replica is missing); red is
    down (a primary shard is unassigned: some letters cannot be found). A node that does not answer
    is skipped for the next one listed.
    """
    health = opensearch_client(tuple(settings.OPENSEARCH_HOSTS)).cluster.health()
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


CHEAP_CHECKS: dict[str, Callable[[], Reading]] = {
    "database": check_database,
    "redis": check_redis,
    "opensearch": check_opensearch,
}
CHECKS: dict[str, Callable[[], Reading]] = {**CHEAP_CHECKS, "celery": check_celery}


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


def detailed(request: HttpRequest) -> bool:
    return bool(settings.DEBUG or request.user.is_staff)


def report(checks: dict[str, Callable[[], Reading]], *, details: bool) -> tuple[dict[str, object], int]:
    services = {name: run_check(check) for name, check in checks.items()}
    status, code = overall(services)
    if not details:
        # Anonymous callers learn what is up, degraded or down, not hostnames, versions or error texts.
        services = {
            name: {"ok": service["ok"], **({"degraded": True} if service["degraded"] else {})}
            for name, service in services.items()
        }
    return {"status": status, "services": services}, code


def now() -> float:
    """The clock of the anonymous answer's cache (tests move it)."""
    return time.monotonic()


_anonymous_lock = threading.Lock()
_anonymous: dict[str, tuple[float, dict[str, object], int]] = {}  # "healthz" -> (until, body, code)


def anonymous_report() -> tuple[dict[str, object], int]:
    """The cheap checks' verdict, computed at most once per HEALTHZ_CACHE_SECONDS in this process."""
    with _anonymous_lock:
        cached = _anonymous.get("healthz")
        if cached and cached[0] > now():
            return cached[1], cached[2]
        body, code = report(CHEAP_CHECKS, details=False)
        _anonymous["healthz"] = (now() + settings.HEALTHZ_CACHE_SECONDS, body, code)
        return body, code


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """Readiness: every service the portal needs (database, Redis, OpenSearch, a Celery worker for
    staff; the first three, cached for a few seconds, for anyone else)."""
    body, code = report(CHECKS, details=True) if detailed(request) else anonymous_report()
    return JsonResponse(body, status=code)


@never_cache
def healthz_live(request: HttpRequest) -> JsonResponse:
    """Liveness of this web process (and its database): what a container health check wants.

    The site keeps serving letters when OpenSearch or the workers are down, so their state
    belongs to /healthz, not to whether the web container should be restarted.
    """
    body, code = report({"database": check_database}, details=detailed(request))
    return JsonResponse(body, status=code)

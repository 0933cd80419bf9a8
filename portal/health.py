"""/healthz: the state of every service the portal needs, as JSON (503 when any is down)."""

from __future__ import annotations

import time
from collections.abc import Callable

import redis
from django.conf import settings
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from opensearchpy import OpenSearch

from portal.celery import app as celery_app

CHECK_TIMEOUT = 2.0


def check_database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return connection.vendor


def check_redis() -> str:
    client = redis.Redis.from_url(
        settings.REDIS_URL, socket_timeout=CHECK_TIMEOUT, socket_connect_timeout=CHECK_TIMEOUT
    )
    try:
        client.ping()
        return "redis " + str(client.info("server").get("redis_version", "?"))
    finally:
        client.close()


def check_opensearch() -> str:
    client = OpenSearch(hosts=[settings.OPENSEARCH_URL], timeout=CHECK_TIMEOUT, max_retries=0)
    try:
        health = client.cluster.health()
    finally:
        client.close()
    status = health["status"]
    if status == "red":
        raise RuntimeError("cluster status is red")
    return f"cluster {status}"


def check_celery() -> str:
    replies = celery_app.control.ping(timeout=CHECK_TIMEOUT, limit=1)  # the first reply is enough
    if not replies:
        raise RuntimeError("no Celery worker answered the ping")
    return f"{len(replies)} worker(s)"


CHECKS: dict[str, Callable[[], str]] = {
    "database": check_database,
    "redis": check_redis,
    "opensearch": check_opensearch,
    "celery": check_celery,
}


def run_check(check: Callable[[], str]) -> dict[str, object]:
    started = time.perf_counter()
    try:
        detail = check()
        ok = True
    except Exception as exc:  # noqa: BLE001 - any failure means the service is down
        detail, ok = f"{type(exc).__name__}: {exc}"[:300], False
    return {"ok": ok, "detail": detail, "ms": round((time.perf_counter() - started) * 1000, 1)}


def _report(checks: dict[str, Callable[[], str]], request: HttpRequest) -> JsonResponse:
    services = {name: run_check(check) for name, check in checks.items()}
    healthy = all(service["ok"] for service in services.values())
    if not (settings.DEBUG or request.user.is_staff):
        # Anonymous callers learn what is up or down, not hostnames, versions or error texts.
        services = {name: {"ok": service["ok"]} for name, service in services.items()}
    return JsonResponse(
        {"status": "ok" if healthy else "unavailable", "services": services},
        status=200 if healthy else 503,
    )


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

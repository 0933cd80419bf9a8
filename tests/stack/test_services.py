"""The stack is real: OpenSearch with its modules, Redis, a Celery worker, /healthz."""

from __future__ import annotations

import pytest
from django.test import Client

from portal import health
from portal.celery import ping
from stack import opensearch as local_opensearch

pytestmark = pytest.mark.integration


def test_opensearch_node_has_the_modules_the_portal_needs(opensearch_client) -> None:
    modules = local_opensearch.modules_of(opensearch_client.nodes.info(metric="plugins"))
    assert {"analysis-common", "percolator", "mapper-extras", "reindex"} <= modules


def test_percolator_matches_a_registered_query(opensearch_client) -> None:
    index = "test-stack-percolator"
    opensearch_client.indices.delete(index=index, ignore_unavailable=True)
    mappings = {"properties": {"query": {"type": "percolator"}, "rationale": {"type": "text"}}}
    opensearch_client.indices.create(index=index, body={"mappings": mappings})
    try:
        query = {"query": {"match": {"rationale": "spasm"}}}
        opensearch_client.index(index=index, id="q1", body=query, refresh=True)
        percolate = {"query": {"percolate": {"field": "query", "document": {"rationale": "no spasm noted"}}}}
        hits = opensearch_client.search(index=index, body=percolate)["hits"]["hits"]
        assert [hit["_id"] for hit in hits] == ["q1"]
    finally:
        opensearch_client.indices.delete(index=index)


def test_opensearch_english_analysis_and_synonyms_work(opensearch_client) -> None:
    body = {
        "tokenizer": "standard",
        "filter": [
            "lowercase",
            {"type": "synonym_graph", "synonyms": ["tens => transcutaneous"]},
            "porter_stem",
        ],
        "text": "TENS units",
    }
    tokens = [t["token"] for t in opensearch_client.indices.analyze(body=body)["tokens"]]
    assert tokens == ["transcutan", "unit"]  # synonym applied, then stemmed


def test_celery_task_round_trip_through_real_broker_and_worker(celery_worker_process) -> None:
    assert ping.delay().get(timeout=30) == "pong"


def test_health_answers_200_with_every_service_up(celery_worker_process, settings) -> None:
    settings.DEBUG = True  # the details, as staff see them
    response = Client().get("/healthz")
    body = response.json()
    assert response.status_code == 200, body
    assert set(body["services"]) == {"database", "redis", "opensearch", "celery"}
    assert all(service["ok"] for service in body["services"].values())
    # The shared node is yellow while a parallel run holds an index with a replica: degraded, serving.
    yellow = body["services"]["opensearch"]["cluster_status"] == "yellow"
    assert body["status"] == ("degraded" if yellow else "ok")


@pytest.mark.faults
def test_health_goes_503_without_opensearch_and_recovers(
    celery_worker_process, settings, monkeypatch
) -> None:
    if local_opensearch.NODE.pid() is None:
        pytest.skip("OpenSearch was not started by this project (no pid file): not stopping it")
    # Every answer computed afresh: a node that restarts within the anonymous answer's cache window
    # (a fast host) would otherwise get the outage's cached 503 (the cache: test_health_cache.py).
    settings.HEALTHZ_CACHE_SECONDS = 0
    monkeypatch.setattr(health, "_anonymous", {})
    client = Client()
    local_opensearch.stop()
    try:
        response = client.get("/healthz")
        body = response.json()
        assert response.status_code == 503
        assert body["status"] == "unavailable"
        assert body["services"]["opensearch"]["ok"] is False
        assert body["services"]["redis"]["ok"] is True
    finally:
        local_opensearch.start()
    response = client.get("/healthz")
    assert response.status_code == 200, response.json()


def test_index_search_round_trip(transactional_db, opensearch_client) -> None:
    import datetime as dt

    from ingest.models import Letter, Treatment
    from search.indexes import alias_name
    from search.indexing import ensure_index, index_letters

    ensure_index()
    letter = Letter.objects.create(
        case_number="CM99-0000001",
        fingerprint="f" * 64,
        content_sha256="c" * 64,
        decision_date=dt.date(2016, 12, 21),
        case_summary="Injured worker with frequent paralumbar spasm after lifting boxes.",
    )
    Treatment.objects.create(
        letter=letter,
        position=1,
        request="Massage therapy, 8 sessions",
        decision="upheld",
        rationale="No spasm.",
    )
    try:
        assert index_letters([letter.pk], refresh=True) == 1
        body = {"query": {"match": {"summary": "spasms"}}, "_source": ["case_number_display"]}
        hits = opensearch_client.search(index=alias_name(), body=body)["hits"]["hits"]
        assert [hit["_source"]["case_number_display"] for hit in hits] == ["CM99-0000001"]
        letter.refresh_from_db()
        assert letter.indexed_at is not None
    finally:
        opensearch_client.delete_by_query(
            index=alias_name(),
            body={"query": {"term": {"letter_id": letter.pk}}},
            refresh=True,
        )


def test_health_hides_details_from_anonymous_callers_in_production(db, settings) -> None:
    settings.DEBUG = False
    body = Client().get("/healthz/live").json()
    assert body["services"] == {"database": {"ok": True}}

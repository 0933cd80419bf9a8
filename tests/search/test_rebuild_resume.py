"""A rebuild that stops keeps its index and a resumed one goes on from its last letter; one rebuild at
a time. Against the real OpenSearch and PostgreSQL."""

from __future__ import annotations

import psycopg
import pytest
from django.core.management import call_command
from django.db import connection

from ingest.models import Letter
from search import indexes, indexing
from tests.search.factory import build_corpus

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


class Stopped(Exception):
    """The process stopped while the rebuild ran."""


def _stop_after(letters: int):
    def progress(indexed: int, failed: int) -> None:
        if indexed >= letters:
            raise Stopped

    return progress


def _stopped_rebuild(letters: int) -> str:
    """A rebuild stopped once ``letters`` are in its index; returns the index kept."""
    with pytest.raises(Stopped):
        indexing.rebuild_index(progress=_stop_after(letters))
    (kept,) = indexing.unfinished_rebuilds(indexing.get_client())
    return kept


def test_a_stopped_rebuild_keeps_its_index_and_a_resumed_one_finishes_it(
    index_prefix, opensearch_client, monkeypatch
):
    ids = sorted(spec.pk for spec in build_corpus(23, seed=4))
    indexing.index_letters(ids, refresh=True)
    old = indexing.aliased_indices(opensearch_client)
    monkeypatch.setattr(indexing, "CHUNK", 5)
    kept = _stopped_rebuild(10)  # two chunks answered, the third in flight (IN_FLIGHT = 2)
    assert indexing.aliased_indices(opensearch_client) == old  # search still answers from the old index
    opensearch_client.indices.refresh(index=kept)
    assert opensearch_client.count(index=kept)["count"] == 15

    sent: list[int] = []
    report = indexing.rebuild_index(progress=lambda indexed, failed: sent.append(indexed), resume=True)
    # From the last letter in the index back by the chunks that may have been in flight (2 of 5):
    # letters 6 to 15 are sent again.
    assert (report.index, report.resumed_after, report.resumed_with) == (kept, ids[4], 5)
    assert sent == [10, 15, 20, 23]
    assert report.indexed == 23
    assert report.dropped == old
    assert indexing.aliased_indices(opensearch_client) == [kept]
    assert indexing.unfinished_rebuilds(opensearch_client) == []
    assert indexing.consistency().ok


def test_a_resumed_rebuild_catches_up_letters_changed_since_it_first_began(
    index_prefix, opensearch_client, monkeypatch
):
    ids = sorted(spec.pk for spec in build_corpus(12, seed=6))
    monkeypatch.setattr(indexing, "CHUNK", 4)
    _stopped_rebuild(8)
    Letter.objects.filter(pk=ids[0]).update(case_summary="A summary written after the rebuild began.")
    Letter.objects.get(pk=ids[0]).save()  # updated_at moves on
    indexing.rebuild_index(resume=True)
    assert indexing.consistency().ok


def test_without_resume_a_stopped_rebuild_is_dropped_and_begun_anew(
    index_prefix, opensearch_client, monkeypatch
):
    build_corpus(9, seed=8)
    monkeypatch.setattr(indexing, "CHUNK", 3)
    kept = _stopped_rebuild(3)
    report = indexing.rebuild_index()
    assert report.index != kept
    assert report.resumed_after is None
    assert not opensearch_client.indices.exists(index=kept)
    assert opensearch_client.count(index=indexes.alias_name())["count"] == 9


def test_a_rebuild_built_with_another_mapping_is_not_resumed(index_prefix, opensearch_client, monkeypatch):
    build_corpus(6, seed=9)
    monkeypatch.setattr(indexing, "CHUNK", 2)
    kept = _stopped_rebuild(2)
    opensearch_client.indices.put_mapping(
        index=kept, body={"_meta": {"fingerprint": "older", "rebuild_started": "2026-01-01T00:00:00+00:00"}}
    )
    report = indexing.rebuild_index(resume=True)
    assert report.index != kept
    assert report.resumed_after is None
    assert indexing.consistency().ok


def test_one_rebuild_at_a_time(index_prefix, opensearch_client):
    build_corpus(3, seed=10)
    settings = connection.settings_dict
    other = psycopg.connect(
        host=settings["HOST"], port=settings["PORT"], user=settings["USER"],
        password=settings["PASSWORD"] or None, dbname=settings["NAME"], autocommit=True,
    )  # fmt: skip
    with other:
        other.execute("SELECT pg_advisory_lock(%s)", [indexing._REBUILD_LOCK])
        with pytest.raises(indexing.RebuildRunning):
            indexing.rebuild_index()
        with pytest.raises(Exception, match="another rebuild"):
            call_command("reindex")
        other.execute("SELECT pg_advisory_unlock(%s)", [indexing._REBUILD_LOCK])
    call_command("reindex", "--resume")  # nothing to resume: a new rebuild
    assert opensearch_client.count(index=indexes.alias_name())["count"] == 3


def test_a_chunk_lost_in_flight_is_sent_again(index_prefix, opensearch_client, monkeypatch):
    """Two requests in flight when the rebuild stopped: the later one arrived, the earlier did not."""
    ids = sorted(spec.pk for spec in build_corpus(17, seed=12))
    monkeypatch.setattr(indexing, "CHUNK", 5)
    kept = _stopped_rebuild(10)
    lost = "\n".join(f'{{"delete":{{"_index":"{kept}","_id":"{pk}"}}}}' for pk in ids[5:10]) + "\n"
    opensearch_client.bulk(body=lost, params={"refresh": "true"})
    indexing.rebuild_index(resume=True)
    assert indexing.consistency().ok

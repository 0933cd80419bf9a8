"""Indexing against the real OpenSearch: bulk index, search, rebuild with alias swap, consistency."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from ingest.models import Letter
from search import indexes, indexing
from search.documents import letter_source
from search.facets import LETTER_FIELDS_ON_DECISIONS, UNCLASSIFIED
from tests.search.factory import LetterSpec, TreatmentSpec, build_corpus, save_letter

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


def _search(client, query: dict) -> list[str]:
    body = {"query": query, "size": 100, "_source": ["case_number_display"]}
    hits = client.search(index=indexes.alias_name(), body=body)["hits"]["hits"]
    return sorted(hit["_source"]["case_number_display"] for hit in hits)


def test_index_search_rebuild_consistency(index_prefix, opensearch_client):
    specs = build_corpus(12, seed=3)
    ids = [s.pk for s in specs]
    concrete = indexing.ensure_index()
    assert indexing.ensure_index() == concrete  # idempotent
    assert indexing.index_letters(ids, refresh=True) == 12
    assert Letter.objects.filter(indexed_at__isnull=True).count() == 0

    # Synonyms at query time: "physical therapy" finds "PT" and the reverse.
    pt = [s.case_number for s in specs if any("physical therapy" in t.request for t in s.treatments)]
    got = _search(
        opensearch_client,
        {"nested": {"path": "treatments", "query": {"match": {"treatments.request": "PT"}}}},
    )
    assert got == sorted(pt)

    # Nested: decision and subcategory hold for the same treatment.
    same = sorted(
        s.case_number
        for s in specs
        if any(t.decision == "overturned" and t.subcategory == "MRI" for t in s.treatments)
    )
    query = {
        "nested": {
            "path": "treatments",
            "query": {"bool": {"filter": [{"term": {"treatments.decision": "overturned"}},
                                          {"term": {"treatments.subcategory": "MRI"}}]}},
        }
    }  # fmt: skip
    assert _search(opensearch_client, query) == same

    report = indexing.consistency()
    assert report.ok, report
    Letter.objects.filter(pk=ids[0]).delete()
    extra = indexing.consistency()
    assert extra.extra_ids == [ids[0]]

    rebuilt = indexing.rebuild_index()
    assert rebuilt.index != concrete
    assert rebuilt.dropped == [concrete]
    assert not opensearch_client.indices.exists(index=concrete)
    assert indexing.consistency().ok
    assert opensearch_client.count(index=indexes.alias_name())["count"] == 11

    indexing.delete_letters([ids[1]], refresh=True)
    assert indexing.consistency().missing_ids == [ids[1]]
    assert Letter.objects.get(pk=ids[1]).indexed_at is None
    call_command("check_index", "--fix")
    assert indexing.consistency().ok


def test_reindex_command(index_prefix, opensearch_client):
    build_corpus(3, seed=5)
    call_command("reindex")
    assert opensearch_client.count(index=indexes.alias_name())["count"] == 3
    call_command("check_index")


def test_an_index_built_with_another_mapping_is_stale_until_rebuilt(index_prefix, opensearch_client):
    """After an upgrade that changes the mapping, `reindex --if-stale` rebuilds; otherwise it does not."""
    assert indexing.mapping_is_stale() is False  # no index yet: ensure_index will build a current one
    concrete = indexing.ensure_index()
    assert indexing.mapping_is_stale() is False
    opensearch_client.indices.put_mapping(index=concrete, body={"_meta": {"fingerprint": "older-mapping"}})
    assert indexing.mapping_is_stale() is True
    call_command("reindex", "--if-stale", stdout=io.StringIO())
    assert indexing.mapping_is_stale() is False
    assert indexing.ensure_index() != concrete  # rebuilt into a new index behind the alias
    out = io.StringIO()
    call_command("reindex", "--if-stale", stdout=out)
    assert "mapping is current" in out.getvalue()


def test_the_catch_up_indexes_what_an_outage_left_and_reports_it(index_prefix, monkeypatch):
    """search.tasks.catch_up: every stale letter indexed, announced to ingest (letters_indexed)."""
    from ingest.signals import letters_indexed
    from search import tasks

    specs = build_corpus(5, seed=7)
    monkeypatch.setattr(tasks.percolate_letters, "delay", lambda ids: None)
    reported: list[int] = []

    def receiver(sender, letter_ids, **kwargs) -> None:
        reported.extend(letter_ids)

    letters_indexed.connect(receiver, dispatch_uid="test_catch_up")
    try:
        assert tasks.catch_up(30) == (5, False)
    finally:
        letters_indexed.disconnect(dispatch_uid="test_catch_up")
    assert sorted(reported) == sorted(s.pk for s in specs)
    assert indexing.stale_ids(100) == []
    assert tasks.catch_up(30) == (0, False)


def test_an_inline_index_with_the_engine_down_leaves_the_letters_waiting(index_prefix, monkeypatch):
    """A --sync run with the engine down: the receiver logs, the letters stay stale for the catch-up."""
    from opensearchpy.exceptions import ConnectionError as EngineConnectionError

    from search import tasks

    specs = build_corpus(2, seed=8)

    def down(*args, **kwargs):
        raise EngineConnectionError("N/A", "engine down", None)

    monkeypatch.setattr(indexing, "index_letters", down)
    tasks.on_letters_saved(Letter, letter_ids=[s.pk for s in specs], inline=True)  # does not raise
    assert indexing.stale_ids(100) == sorted(s.pk for s in specs)


def test_a_letter_changed_after_it_was_read_is_not_stamped(index_prefix, monkeypatch):
    """Stamping compares each letter's updated_at with the one read, not with the chunk's latest."""
    early, late = (s.pk for s in build_corpus(2, seed=9))
    now = timezone.now()
    Letter.objects.filter(pk=early).update(updated_at=now - dt.timedelta(hours=2), indexed_at=None)
    Letter.objects.filter(pk=late).update(updated_at=now - dt.timedelta(hours=1), indexed_at=None)
    body = indexing._body

    def body_then_change(*args, **kwargs):  # another worker saves `early` once the documents are built
        built = body(*args, **kwargs)
        Letter.objects.filter(pk=early).update(updated_at=now - dt.timedelta(minutes=90))
        return built

    monkeypatch.setattr(indexing, "_body", body_then_change)
    assert indexing.index_letters([early, late], refresh=True) == 2
    assert indexing.stale_ids(100) == [early]  # its new version still waits for the index


def test_the_document_splits_guidelines_by_party_and_names_the_unclassified(index_prefix):
    """What the treatment facets read (issue #14): the IMR reviewer's sources and sections apart from
    the claims administrator's sources, the body regions and basis, and "Unclassified" for no category."""
    hot_tub = TreatmentSpec(
        "Hot tub for the knee", "upheld", "", "", sources=["MTUS"], admin_sources=["ODG", "MTUS"], basis="",
        body_regions=["Knee"],
    )  # fmt: skip
    spec = LetterSpec("CM99-0000404", dt.date(2016, 1, 4), "standard", [], [], "A fall.", [hot_tub])
    letter = Letter.objects.prefetch_related("treatments").get(pk=save_letter(spec).pk)
    first = letter_source(letter, letter.treatments.all())["treatments"][0]
    assert (first["category"], first["subcategory"], first["basis"]) == (UNCLASSIFIED, None, None)
    assert first["guideline_sources"] == ["MTUS"]
    assert first["administrator_guideline_sources"] == ["MTUS", "ODG"]
    assert first["guideline_sections"] == ["MTUS"]  # the factory's section: the source, without a subcategory
    assert first["body_regions"] == ["Knee"]
    assert len(first["guideline_citations"]) == 3  # every citation is searched, whoever made it


def test_each_decision_carries_the_letter_fields_it_is_grouped_by_mapped_as_the_letters(index_prefix):
    """The facet rates and the breakdowns group decisions by their letter's specialties, states,
    priority and decision date (search.facets.LETTER_FIELDS_ON_DECISIONS): each decision copies them."""
    treatment = TreatmentSpec("MRI of the knee", "overturned", "Diagnostic Imaging", "MRI")
    spec = LetterSpec(
        "CM99-0000405", dt.date(2016, 2, 5), "expedited", ["Orthopedic Surgery", "Pain Medicine"], ["CA"],
        "A fall.", [treatment, treatment],
    )  # fmt: skip
    letter = save_letter(spec)
    document = letter_source(letter, letter.treatments.all())
    copied = {name: document[name] for name in LETTER_FIELDS_ON_DECISIONS}
    assert copied == {
        "reviewer_specialties": ["Orthopedic Surgery", "Pain Medicine"],
        "reviewer_license_states": ["CA"],
        "priority": "expedited",
        "decision_date": "2016-02-05",
    }
    assert all({k: t[k] for k in copied} == copied for t in document["treatments"])
    mapping = indexes.index_body()["mappings"]
    nested = mapping["properties"]["treatments"]["properties"]
    assert all(nested[name] == mapping["properties"][name] for name in LETTER_FIELDS_ON_DECISIONS)
    assert {f"treatments.{name}" for name in copied} <= set(mapping["_source"]["excludes"])

"""The pipeline in-process against the real OpenSearch: outcomes, exactly once, versions, hostile files."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from ingest import entry, runner
from ingest.models import IngestRecord, Letter, LetterVersion
from tests.ingest.conftest import index_ids, make_letters, zip_bytes

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def ingest_sync(paths: list[Path]) -> dict:
    batch = entry.create_batch("test")
    entry.add_paths(batch, paths)
    return runner.run_sync(batch.pk, io.StringIO())


def test_same_files_twice_are_duplicates_without_index_writes(
    tmp_path: Path, media_root: Path, clean_index: str, opensearch_client
) -> None:
    paths = make_letters(tmp_path / "in", 6)
    first = ingest_sync(paths)
    assert first["finished"], first
    assert first["counts"]["indexed"] == 6, first
    stamps = dict(Letter.objects.values_list("pk", "indexed_at"))
    opensearch_client.indices.refresh(index=clean_index)
    versions = {
        hit["_id"]: hit["_version"]
        for hit in opensearch_client.search(index=clean_index, body={"version": True, "size": 100})["hits"][
            "hits"
        ]
    }
    second = ingest_sync(paths)
    assert second["counts"]["duplicate"] == 6
    assert second["counts"]["indexed"] == 0
    assert dict(Letter.objects.values_list("pk", "indexed_at")) == stamps, "no index write for duplicates"
    after = opensearch_client.search(index=clean_index, body={"version": True, "size": 100})["hits"]["hits"]
    assert {hit["_id"]: hit["_version"] for hit in after} == versions
    assert sorted(index_ids(opensearch_client, clean_index)) == sorted(str(pk) for pk in stamps)


def test_new_version_of_a_case_updates_it(
    tmp_path: Path, media_root: Path, clean_index: str, opensearch_client
) -> None:
    (original,) = make_letters(tmp_path / "v1", 1, seed=11, layouts=("cp1252",))  # with a header
    ingest_sync([original])
    letter = Letter.objects.get()
    assert letter.case_number
    revised = tmp_path / "v2" / original.name
    revised.parent.mkdir()
    revised.write_bytes(
        original.read_bytes() + b"\r\nAddendum: this copy corrects a typographical error.\r\n"
    )
    result = ingest_sync([revised])
    assert result["counts"]["updated"] == 1, result
    letter.refresh_from_db()
    assert letter.version == 2
    assert "Addendum" in letter.text
    assert letter.indexed_at >= letter.updated_at
    assert LetterVersion.objects.filter(letter=letter, number=1, status="replaced").exists()
    again = ingest_sync([original])  # the old version seen again: a duplicate, not a flip back
    assert again["counts"]["duplicate"] == 1
    assert Letter.objects.get().version == 2
    assert index_ids(opensearch_client, clean_index) == [str(letter.pk)]


def encrypted_pdf() -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=12)
    pdf.cell(text="Independent Medical Review Final Determination")
    pdf.set_encryption(owner_password="owner", user_password="secret")
    return bytes(pdf.output())


def test_hostile_files_fail_with_reasons_and_the_rest_is_indexed(
    tmp_path: Path, media_root: Path, clean_index: str, opensearch_client, settings
) -> None:
    settings.INGEST_MAX_FILE_BYTES = 3 * 1024 * 1024
    good = make_letters(tmp_path / "good", 5, seed=3, layouts=("text", "html"))
    (cp1252,) = make_letters(tmp_path / "cp", 1, seed=5, layouts=("cp1252",))
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "empty.txt").write_bytes(b"")
    (bad / "junk.bin").write_bytes(bytes((i * 7919) % 256 for i in range(20000)))
    (bad / "encrypted.pdf").write_bytes(encrypted_pdf())
    (bad / "corrupt.pdf").write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog >> garbage\x00\xff" * 50)
    (bad / "huge.txt").write_bytes(good[0].read_bytes() * (3 * 1024 * 1024 // good[0].stat().st_size + 2))
    (bad / "bomb.zip").write_bytes(zip_bytes({"bomb.txt": b"\0" * (2 * 1024 * 1024)}))
    (bad / "escape.zip").write_bytes(zip_bytes({"../../escaped.txt": good[1].read_bytes()}))
    (bad / "nested.zip").write_bytes(zip_bytes({"inner.zip": zip_bytes({"a.txt": good[2].read_bytes()})}))
    result = ingest_sync([*good, cp1252, bad])
    records = {r.name: r for r in IngestRecord.objects.all()}
    reasons = {name: r.reason for name, r in records.items() if r.outcome == "failed"}
    expected_failed = {
        "empty.txt": "empty file",
        "junk.bin": "binary data",
        "encrypted.pdf": "password",
        "corrupt.pdf": "not a readable PDF",
        "huge.txt": "file too large",
        "bomb.zip/bomb.txt": "compression ratio",
        "escape.zip/../../escaped.txt": "unsafe path",
        "nested.zip/inner.zip": "nested zips are not expanded",
    }
    for name, words in expected_failed.items():
        assert name in reasons, f"{name} should fail: {records.get(name)}"
        assert reasons[name], name
        assert words in reasons[name], (name, reasons[name])
    assert records[cp1252.name].outcome == "indexed", records[cp1252.name].reason
    assert result["counts"]["indexed"] == 6
    assert result["finished"]
    assert not list(tmp_path.rglob("escaped.txt"))
    assert not list(media_root.parent.rglob("escaped.txt"))
    assert len(index_ids(opensearch_client, clean_index)) == 6


def test_documents_built_in_memory_match_the_database(
    tmp_path: Path, media_root: Path, clean_index: str, opensearch_client, monkeypatch
) -> None:
    """Saved letters reach the index through search's one bulk path: the documents of the database."""
    import json

    from search import indexing
    from search.documents import letter_source

    sent: dict[str, dict] = {}
    send = indexing._send

    def capture(client, body: bytes, **kwargs):
        lines = body.decode().splitlines()
        for action, source in zip(lines[::2], lines[1::2], strict=True):
            sent[json.loads(action)["index"]["_id"]] = json.loads(source)
        return send(client, body, **kwargs)

    monkeypatch.setattr(indexing, "_send", capture)
    result = ingest_sync(make_letters(tmp_path / "in", 30, seed=5))
    assert result["counts"]["indexed"] == 30, result
    letters = Letter.objects.prefetch_related("treatments")
    from_db = {
        str(letter.pk): json.loads(json.dumps(letter_source(letter, letter.treatments.all())))
        for letter in letters
    }
    assert sent == from_db
    assert all(letter.indexed_at >= letter.updated_at for letter in Letter.objects.all())
    assert sorted(index_ids(opensearch_client, clean_index)) == sorted(from_db)


@pytest.mark.slow
def test_a_queued_batch_is_saved_by_ingest_and_indexed_by_search(
    tmp_path: Path, clean_index: str, opensearch_client, celery_worker_process, settings
) -> None:
    """The worker saves (ingest.process_chunk), search indexes (search.update_index) and reports back.

    No media_root fixture: the worker process reads the files from the default storage.
    """
    from ingest import tasks

    settings.INGEST_CHUNK_SIZE = 4
    paths = make_letters(tmp_path / "in", 10, seed=31)
    batch = entry.create_batch("queued")
    entry.add_paths(batch, paths)
    assert tasks.queue_batch(batch.pk) == 10
    progress = runner.wait(batch.pk, io.StringIO(), timeout=120, stall_seconds=30)
    assert progress["finished"], progress
    assert progress["counts"]["indexed"] == 10, progress
    letters = Letter.objects.all()
    assert all(letter.indexed_at and letter.indexed_at >= letter.updated_at for letter in letters)
    assert sorted(index_ids(opensearch_client, clean_index)) == sorted(str(letter.pk) for letter in letters)

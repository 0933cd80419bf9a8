"""Entry: files, folders and zips become records; zips are expanded safely (one level)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from ingest import entry
from ingest.models import IngestRecord
from tests.ingest.conftest import zip_bytes

pytestmark = pytest.mark.django_db
LETTER = b"Independent Medical Review Final Determination\n" * 20


def records(batch) -> dict[str, IngestRecord]:
    return {r.name: r for r in batch.records.all()}


def test_folder_files_are_streamed_to_storage(tmp_path: Path, media_root: Path) -> None:
    (tmp_path / "in" / "sub").mkdir(parents=True)
    (tmp_path / "in" / "a.txt").write_bytes(LETTER)
    (tmp_path / "in" / "sub" / "b.html").write_bytes(b"<html>" + LETTER)
    batch = entry.create_batch("folder")
    assert entry.add_paths(batch, [tmp_path / "in"]) == 2
    found = records(batch)
    assert set(found) == {"a.txt", "b.html"}
    record = found["a.txt"]
    assert record.outcome == "pending"
    assert record.size == len(LETTER)
    assert len(record.content_sha256) == 64
    stored = media_root / record.stored_file.name
    assert stored.read_bytes() == LETTER
    assert stored.is_relative_to(media_root)


def test_zip_with_unsafe_paths_writes_nothing_outside_storage(tmp_path: Path, media_root: Path) -> None:
    data = zip_bytes({"../../evil.txt": LETTER, "/etc/abs.txt": LETTER, "ok/good.txt": LETTER})
    (tmp_path / "x.zip").write_bytes(data)
    batch = entry.create_batch("zip")
    entry.add_paths(batch, [tmp_path / "x.zip"])
    found = records(batch)
    assert found["x.zip/../../evil.txt"].outcome == "failed"
    assert "unsafe path" in found["x.zip/../../evil.txt"].reason
    assert found["x.zip//etc/abs.txt"].outcome == "failed"
    assert found["x.zip/ok/good.txt"].outcome == "pending"
    assert not list(tmp_path.glob("**/evil.txt"))
    assert not (media_root.parent.parent / "evil.txt").exists()
    assert all(
        (media_root / r.stored_file.name).resolve().is_relative_to(media_root)
        for r in found.values()
        if r.stored_file
    )


def test_zip_bomb_is_refused(tmp_path: Path, media_root: Path, settings) -> None:
    settings.INGEST_MAX_FILE_BYTES = 5 * 1024 * 1024
    settings.INGEST_MAX_ZIP_BYTES = 6 * 1024 * 1024
    members = {"bomb.txt": b"\0" * (4 * 1024 * 1024)}  # ratio ~1000:1
    members |= {f"fill{i}.txt": bytes(range(256)) * 4096 for i in range(8)}  # 1 MiB each, 8 MiB in all
    (tmp_path / "bomb.zip").write_bytes(zip_bytes(members))
    batch = entry.create_batch("bomb")
    entry.add_paths(batch, [tmp_path / "bomb.zip"])
    found = records(batch)
    assert "compression ratio" in found["bomb.zip/bomb.txt"].reason
    over_total = [r for r in found.values() if "unpacks to over" in r.reason]
    assert over_total, "the total uncompressed size cap applies"
    stored = sum(r.size for r in found.values() if r.outcome == "pending")
    assert stored <= settings.INGEST_MAX_ZIP_BYTES


def test_nested_zip_is_recorded_failed(tmp_path: Path, media_root: Path) -> None:
    inner = zip_bytes({"letter.txt": LETTER})
    (tmp_path / "outer.zip").write_bytes(zip_bytes({"inner.zip": inner, "letter.txt": LETTER}))
    batch = entry.create_batch("nested")
    entry.add_paths(batch, [tmp_path / "outer.zip"])
    found = records(batch)
    assert found["outer.zip/inner.zip"].outcome == "failed"
    assert "nested zips are not expanded" in found["outer.zip/inner.zip"].reason
    assert found["outer.zip/letter.txt"].outcome == "pending"


def test_too_large_and_corrupt_and_encrypted_zip(tmp_path: Path, media_root: Path, settings) -> None:
    settings.INGEST_MAX_FILE_BYTES = 1000
    (tmp_path / "big.txt").write_bytes(b"x" * 5000)
    (tmp_path / "broken.zip").write_bytes(b"PK\x03\x04" + b"garbage" * 100)
    data = bytearray(zip_bytes({"secret.txt": b"y" * 10}, zipfile.ZIP_STORED))
    data[6] |= 0x1  # set the "encrypted" flag of the local header...
    central = data.rfind(b"PK\x01\x02")
    data[central + 8] |= 0x1  # ...and of the central directory entry
    (tmp_path / "locked.zip").write_bytes(bytes(data))
    batch = entry.create_batch("bad")
    entry.add_paths(batch, [tmp_path / "big.txt", tmp_path / "broken.zip", tmp_path / "locked.zip"])
    found = records(batch)
    assert "file too large" in found["big.txt"].reason
    assert not any(media_root.rglob("*big.txt")), "a partial file is removed"
    assert "not a readable zip" in found["broken.zip"].reason
    assert "encrypted zip member" in found["locked.zip/secret.txt"].reason


def _store(batch, name: str, data: bytes) -> str:
    return entry.store_upload(batch, name, io.BytesIO(data))


@pytest.mark.parametrize("name", ["#", "@@@", "..", "", "   "])
def test_names_without_a_valid_file_name_are_stored_as_file(name: str) -> None:
    assert entry.safe_filename(name, "file") == "file"
    assert entry.safe_filename(f"dir/{name}" if name else "@", "upload.zip") == "upload.zip"
    assert entry.safe_filename("dir/ok letter.pdf", "file") == "ok_letter.pdf"


def test_zip_member_with_an_unusable_name_does_not_stop_the_batch(
    media_root: Path, monkeypatch, django_capture_on_commit_callbacks
) -> None:
    from ingest import tasks
    from ingest.models import IngestBatch

    queued: list[list[int]] = []
    monkeypatch.setattr(tasks.process_chunk, "delay", lambda ids: queued.append(ids))
    batch = entry.create_batch("odd names")
    stored = [_store(batch, "letters.zip", zip_bytes({"letters/@@@": LETTER, "letters/good.txt": LETTER}))]
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.expand_uploads(batch.pk, stored) == 2
    found = records(batch)
    assert set(found) == {"letters.zip/letters/@@@", "letters.zip/letters/good.txt"}
    good = found["letters.zip/letters/good.txt"]
    assert good.outcome == "pending"
    assert good.queued_at is not None
    assert good.pk in [pk for chunk in queued for pk in chunk], "the good letter goes to the pipeline"
    odd = found["letters.zip/letters/@@@"]
    assert odd.outcome == "pending"
    assert odd.stored_file.name.endswith("-file")
    batch.refresh_from_db()
    assert batch.status != IngestBatch.Status.RECEIVING


def test_a_member_that_cannot_be_stored_is_recorded_failed_and_the_rest_go_on(
    media_root: Path, monkeypatch
) -> None:
    from django.core.exceptions import SuspiciousFileOperation

    real_save = entry.default_storage.save

    def save(name, content, *args, **kwargs):
        if name.endswith("-bad.txt"):
            raise SuspiciousFileOperation("Detected path traversal attempt")
        return real_save(name, content, *args, **kwargs)

    monkeypatch.setattr(entry.default_storage, "save", save)
    batch = entry.create_batch("bad member")
    stored = [_store(batch, "x.zip", zip_bytes({"bad.txt": LETTER, "good.txt": LETTER}))]
    assert entry.expand_stored_uploads(batch.pk, stored) == 2
    found = records(batch)
    assert found["x.zip/bad.txt"].outcome == "failed"
    assert "name cannot be stored" in found["x.zip/bad.txt"].reason
    assert found["x.zip/good.txt"].outcome == "pending"


def test_a_plain_upload_named_dot_dot_is_stored(media_root: Path) -> None:
    batch = entry.create_batch("dots")
    writer = entry.BatchWriter(batch)
    writer.add_upload("..", io.BytesIO(LETTER))
    writer.add_stream("#", io.BytesIO(LETTER))
    writer.flush()
    found = records(batch)
    assert found[".."].outcome == "pending"
    assert found["#"].outcome == "pending"
    assert (media_root / found[".."].stored_file.name).read_bytes() == LETTER


def test_two_uploaded_zips_with_the_same_name_are_both_expanded(media_root: Path) -> None:
    batch = entry.create_batch("same names")
    stored = [
        _store(batch, "letters.zip", zip_bytes({"a.txt": LETTER, "b.txt": LETTER})),
        _store(batch, "letters.zip", zip_bytes({"a.txt": LETTER + b"2", "c.txt": LETTER})),
    ]
    assert entry.expand_stored_uploads(batch.pk, stored) == 4
    assert set(records(batch)) == {
        "letters.zip/a.txt",
        "letters.zip/b.txt",
        "letters.zip (2)/a.txt",
        "letters.zip (2)/c.txt",
    }
    assert entry.expand_stored_uploads(batch.pk, stored) == 0, "a redelivered task adds nothing"
    assert batch.records.count() == 4


def test_expansion_redelivered_after_a_crash_records_the_rest(media_root: Path, monkeypatch) -> None:
    members = {f"m{i:02d}.txt": LETTER + bytes([i]) for i in range(7)}
    members["nested.zip"] = zip_bytes({"x.txt": LETTER})
    batch = entry.create_batch("crash")
    stored = [_store(batch, "big.zip", zip_bytes(members))]
    monkeypatch.setattr(entry, "_FLUSH_EVERY", 3)
    real_add_stream = entry.BatchWriter.add_stream

    def dying(self, name, handle, **kwargs):
        if name.endswith("m05.txt"):
            raise SystemExit("worker killed")
        return real_add_stream(self, name, handle, **kwargs)

    monkeypatch.setattr(entry.BatchWriter, "add_stream", dying)
    with pytest.raises(SystemExit):
        entry.expand_stored_uploads(batch.pk, stored)
    assert batch.records.count() == 3  # one flush of three, the rest lost with the worker
    monkeypatch.setattr(entry.BatchWriter, "add_stream", real_add_stream)
    assert entry.expand_stored_uploads(batch.pk, stored) == 5
    assert sorted(records(batch)) == sorted(f"big.zip/{name}" for name in members)
    assert entry.expand_stored_uploads(batch.pk, stored) == 0

"""Entry: files, folders and zips become an IngestBatch with one IngestRecord per file.

Bytes are streamed into Django storage in chunks (hashing and counting on the way),
never held whole in memory. Storage names are generated (`ingest/<date>/b<batch>/<uuid>-<name>`):
names from a zip are only labels, so `../` paths cannot write outside the storage folder.

Zips: expanded one level. A zip inside a zip is recorded `failed` ("nested zips are not
expanded"), as are members with unsafe paths, encrypted members, members over
INGEST_MAX_FILE_BYTES or with a compression ratio over INGEST_MAX_ZIP_RATIO, and every
member after the zip's total uncompressed size passed INGEST_MAX_ZIP_BYTES.

File names are only labels: a name that makes no valid file name (``#``, ``@@@``, ``..``,
blank) is stored as "file". A member that still cannot be stored is recorded ``failed``
and the rest of the zip goes on.

Expanding stored uploads is idempotent per member: a redelivered task (a worker died
mid-expansion) records only the members not recorded yet, and two uploaded zips with the
same name get distinct labels (``letters.zip``, ``letters.zip (2)``), so neither is dropped.
"""

from __future__ import annotations

import hashlib
import io
import os
import uuid
import zipfile
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path, PurePosixPath
from typing import IO

from django.contrib.auth.models import User
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.base import File
from django.core.files.storage import default_storage
from django.utils import timezone
from django.utils.text import get_valid_filename

from ingest import conf
from ingest.models import IngestBatch, IngestRecord
from ingest.pipeline.detect import ZIP_MAGIC

Outcome = IngestRecord.Outcome
CHUNK = 256 * 1024
_FLUSH_EVERY = 500
_RATIO_MIN_SIZE = 1024 * 1024  # small members may compress very well (repeated letterhead)


class TooLarge(Exception):
    pass


class _CappedStream(File):
    """A File whose chunks() hashes and counts the bytes, and stops past a limit."""

    def __init__(self, source: IO[bytes], limit: int) -> None:
        super().__init__(source)
        self.source = source
        self.limit = limit
        self.size_read = 0
        self.sha = hashlib.sha256()

    def chunks(self, chunk_size: int | None = None) -> Iterator[bytes]:
        while block := self.source.read(CHUNK):
            self.size_read += len(block)
            if self.size_read > self.limit:
                raise TooLarge(self.size_read)
            self.sha.update(block)
            yield block

    def __bool__(self) -> bool:
        return True


class BatchWriter:
    """Collects records of one batch and writes them with bulk_create."""

    def __init__(self, batch: IngestBatch) -> None:
        self.batch = batch
        self.pending: list[IngestRecord] = []
        self.count = 0
        self.zip_total = 0
        # Names already in the batch, when resuming an expansion (see expand_stored_uploads).
        self.recorded: Counter[str] = Counter()

    # -- inputs -------------------------------------------------------------------------------------
    def add_path(self, path: Path) -> None:
        if path.is_dir():
            for root, dirs, files in os.walk(path):
                dirs.sort()
                for name in sorted(files):
                    self.add_path(Path(root) / name)
            return
        if not path.is_file():
            self.fail(str(path), "no such file")
            return
        if _is_zip_path(path):
            with path.open("rb") as handle:
                self.add_zip(path.name, handle)
            return
        with path.open("rb") as handle:
            self.add_stream(path.name, handle)

    def add_upload(self, name: str, handle: IO[bytes]) -> None:
        """A file of an admin upload or a command argument: zip or letter, told by its bytes."""
        head = handle.read(4)
        handle.seek(0)
        if head == ZIP_MAGIC:
            self.add_zip(name, handle)
        else:
            self.add_stream(name, handle)

    def add_bytes(self, name: str, data: bytes) -> None:
        self.add_stream(name, io.BytesIO(data))

    def add_stream(self, name: str, handle: IO[bytes], *, limit: int | None = None) -> int:
        """Stream one letter file into storage as a pending record; returns the bytes stored."""
        limit = conf.get("INGEST_MAX_FILE_BYTES") if limit is None else limit
        storage_name = self._storage_name(name)
        stream = _CappedStream(handle, limit)
        try:
            saved_name = default_storage.save(storage_name, stream)
        except TooLarge:
            default_storage.delete(storage_name)
            self.fail(name, f"file too large: over {limit:,} bytes (setting INGEST_MAX_FILE_BYTES)")
            return 0
        self._append(
            IngestRecord(
                batch=self.batch,
                name=name[:512],
                stored_file=saved_name,
                size=stream.size_read,
                content_sha256=stream.sha.hexdigest(),
            )
        )
        return stream.size_read

    def add_zip(self, name: str, handle: IO[bytes]) -> None:
        try:
            archive = zipfile.ZipFile(handle)
            members = archive.infolist()
        except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError) as exc:
            if not self._already_recorded(name):
                self.fail(name, f"not a readable zip file ({exc})")
            return
        max_members = conf.get("INGEST_MAX_ZIP_MEMBERS")
        self.zip_total = 0
        with archive:
            for position, info in enumerate(members):
                if position >= max_members:
                    if not self._already_recorded(name):
                        self.fail(name, f"zip has over {max_members:,} members: the rest were not read")
                    break
                if not info.is_dir():
                    self._add_member(archive, name, info)

    def _add_member(self, archive: zipfile.ZipFile, zip_name: str, info: zipfile.ZipInfo) -> None:
        label = f"{zip_name}/{info.filename}"
        if self._already_recorded(label):
            if not member_problem(info, self.zip_total):
                self.zip_total += info.file_size  # as it counted when it was stored
            return
        reason = member_problem(info, self.zip_total)
        if reason:
            self.fail(label, reason)
            return
        max_total = conf.get("INGEST_MAX_ZIP_BYTES")
        limit = min(conf.get("INGEST_MAX_FILE_BYTES"), max_total - self.zip_total)
        try:
            with archive.open(info) as member:
                head = member.read(4)
                if head == ZIP_MAGIC:
                    self.fail(label, "a zip inside a zip: nested zips are not expanded; upload it by itself")
                    return
            with archive.open(info) as member:
                self.zip_total += self.add_stream(label, member, limit=limit)
        except (zipfile.BadZipFile, OSError, EOFError, RuntimeError, NotImplementedError) as exc:
            self.fail(label, f"corrupt zip member ({type(exc).__name__}: {exc})")
        except SuspiciousFileOperation as exc:
            self.fail(label, f"the member's name cannot be stored ({exc})")

    def _already_recorded(self, name: str) -> bool:
        """True for a name recorded by an earlier delivery of the expansion (each occurrence once)."""
        name = name[:512]
        if self.recorded[name] > 0:
            self.recorded[name] -= 1
            return True
        return False

    # -- records ------------------------------------------------------------------------------------
    def fail(self, name: str, reason: str) -> None:
        now = timezone.now()
        self._append(
            IngestRecord(
                batch=self.batch, name=name[:512], outcome=Outcome.FAILED, reason=reason, finished_at=now
            )
        )

    def _append(self, record: IngestRecord) -> None:
        self.pending.append(record)
        self.count += 1
        if len(self.pending) >= _FLUSH_EVERY:
            self.flush()

    def flush(self) -> None:
        if self.pending:
            IngestRecord.objects.bulk_create(self.pending)
            self.pending = []

    def _storage_name(self, name: str) -> str:
        base = safe_filename(name, "file")
        day = timezone.now().strftime("%Y/%m/%d")
        return f"ingest/{day}/b{self.batch.pk}/{uuid.uuid4().hex[:12]}-{base}"


def safe_filename(name: str, default: str) -> str:
    """The last part of `name` as a storage-safe file name (at most 80 characters), or `default`.

    ``get_valid_filename`` raises SuspiciousFileOperation for names with nothing usable
    (``#``, ``@@@``, ``..``, blank): those become `default` instead.
    """
    base = PurePosixPath(name.replace("\\", "/")).name
    try:
        return get_valid_filename(base)[-80:] or default
    except SuspiciousFileOperation:
        return default


def member_problem(info: zipfile.ZipInfo, total_so_far: int) -> str:
    """Why a zip member must not be extracted, or "" when it may."""
    parts = PurePosixPath(info.filename.replace("\\", "/")).parts
    if info.filename.startswith(("/", "\\")) or ".." in parts or (parts and ":" in parts[0]):
        return f"unsafe path in zip ({info.filename!r}): not extracted"
    if info.flag_bits & 0x1:
        return "encrypted zip member: cannot be read without the password"
    max_file = conf.get("INGEST_MAX_FILE_BYTES")
    if info.file_size > max_file:
        return f"file too large: {info.file_size:,} bytes uncompressed (limit {max_file:,})"
    ratio = conf.get("INGEST_MAX_ZIP_RATIO")
    if info.file_size > _RATIO_MIN_SIZE and info.file_size > ratio * max(info.compress_size, 1):
        return f"zip bomb guard: compression ratio over {ratio}:1 ({info.file_size:,} bytes unpacked)"
    max_total = conf.get("INGEST_MAX_ZIP_BYTES")
    if total_so_far + info.file_size > max_total:
        return f"zip bomb guard: the zip unpacks to over {max_total:,} bytes (setting INGEST_MAX_ZIP_BYTES)"
    return ""


def _is_zip_path(path: Path) -> bool:
    with path.open("rb") as handle:
        return handle.read(4) == ZIP_MAGIC


def create_batch(label: str, user: object | None = None) -> IngestBatch:
    """A new batch, credited to `user` when it is a saved account (not anonymous)."""
    created_by = user if isinstance(user, User) and user.pk else None
    return IngestBatch.objects.create(label=label[:255], created_by=created_by)


def add_paths(batch: IngestBatch, paths: Iterable[Path]) -> int:
    writer = BatchWriter(batch)
    for path in paths:
        writer.add_path(Path(path))
    writer.flush()
    return writer.count


UPLOAD_PREFIX = "ingest/uploads"


def store_upload(batch: IngestBatch, name: str, handle: IO[bytes]) -> str:
    """Keep an uploaded zip as is (streamed) for the expand_uploads task; returns its storage name."""
    base = safe_filename(name, "upload.zip")
    return default_storage.save(f"{UPLOAD_PREFIX}/b{batch.pk}/{uuid.uuid4().hex[:12]}-{base}", File(handle))


def upload_label(stored: str) -> str:
    """The uploaded file's name, as kept in its storage name (`<uuid>-<name>`)."""
    return stored.rsplit("/", 1)[-1].split("-", 1)[-1]


def upload_labels(stored_names: list[str]) -> list[str]:
    """One label per stored upload; a repeated name becomes `name (2)`, `name (3)`...

    The same list gives the same labels, so a redelivered task finds its records again.
    """
    labels: list[str] = []
    used: set[str] = set()
    for stored in stored_names:
        base = label = upload_label(stored)
        number = 1
        while label in used:
            number += 1
            label = f"{base} ({number})"
        used.add(label)
        labels.append(label)
    return labels


def expand_stored_uploads(batch_id: int, stored_names: list[str]) -> int:
    """Expand stored upload zips into records (run by a task, so the upload returns at once).

    Safe to run again for the same uploads (a redelivered task): members recorded by an
    earlier run are skipped, the others are recorded. Returns the records written now.
    """
    batch = IngestBatch.objects.get(pk=batch_id)
    writer = BatchWriter(batch)
    for stored, label in zip(stored_names, upload_labels(stored_names), strict=True):
        names = batch.records.filter(name__startswith=f"{label}/").values_list("name", flat=True)
        writer.recorded = Counter(names)
        zip_level = batch.records.filter(name=label, outcome=Outcome.FAILED, stored_file="")
        writer.recorded.update(zip_level.values_list("name", flat=True))
        try:
            with default_storage.open(stored, "rb") as handle:
                writer.add_zip(label, handle)
        except FileNotFoundError:
            if not writer._already_recorded(label):
                writer.fail(label, "the uploaded file is missing from storage")
        writer.flush()  # this zip's records are in before the next zip is read
    writer.recorded = Counter()
    return writer.count

"""Step 2, read: the stored file's bytes, read with a cap (text extraction itself is the parser's)."""

from __future__ import annotations

from django.core.files.storage import default_storage

from ingest import conf
from ingest.pipeline.detect import Rejected


def read_stored(name: str) -> bytes:
    """The bytes of a stored input file, never more than INGEST_MAX_FILE_BYTES + 1."""
    if not name:
        raise Rejected("no stored file")
    limit = conf.get("INGEST_MAX_FILE_BYTES")
    try:
        with default_storage.open(name, "rb") as handle:
            data = handle.read(limit + 1)
    except FileNotFoundError as exc:
        raise Rejected(f"stored file is missing: {name}") from exc
    if len(data) > limit:
        raise Rejected(f"file too large: over {limit:,} bytes (setting INGEST_MAX_FILE_BYTES)")
    return data

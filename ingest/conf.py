"""Ingest limits and sizes: a Django setting when present, else the environment, else a default."""

from __future__ import annotations

import os

from django.conf import settings

DEFAULTS: dict[str, int] = {
    "INGEST_MAX_FILE_BYTES": 50 * 1024 * 1024,  # one letter file
    "INGEST_MAX_ZIP_BYTES": 4 * 1024 * 1024 * 1024,  # total uncompressed size of one zip
    "INGEST_MAX_ZIP_RATIO": 200,  # uncompressed / compressed size of one zip member
    "INGEST_MAX_ZIP_MEMBERS": 200_000,
    "INGEST_CHUNK_SIZE": 50,  # records per Celery task
    "INGEST_INDEX_BATCH": 500,  # letters per bulk index call of the catch-up task
    "INGEST_STALL_SECONDS": 120,  # no record finished for this long: re-queue the unfinished ones
    "INGEST_MAX_ATTEMPTS": 3,  # attempts at a file that all ended without an outcome: it fails for good
    # A PDF is read in a child process with these limits (ingest.parsing.sandbox)
    "INGEST_PDF_MAX_PAGES": 500,
    "INGEST_PDF_MEMORY_MB": 1024,  # the child's resident memory
    "INGEST_PDF_SECONDS": 60,  # wall-clock time to read one PDF (and as much CPU time)
}


def get(name: str) -> int:
    """The integer limit `name` (see DEFAULTS)."""
    value = getattr(settings, name, None)
    if value is None:
        raw = os.environ.get(name, "").strip()
        value = int(raw) if raw else DEFAULTS[name]
    return int(value)

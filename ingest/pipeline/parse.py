"""Step 3, parse: bytes to a ParsedLetter through ingest.parsing; every failure becomes a reason.

A PDF is read in a child process with limits on pages, memory and time (ingest.parsing.sandbox);
text and HTML letters are parsed in this process.
"""

from __future__ import annotations

import hashlib
import logging
import time
from dataclasses import dataclass

from celery.exceptions import SoftTimeLimitExceeded

from ingest import conf
from ingest.parsing import parse_bytes
from ingest.parsing.extract import is_pdf
from ingest.parsing.result import ParsedLetter, ParseError
from ingest.parsing.sandbox import LimitExceeded, Limits, parse_pdf
from ingest.pipeline.detect import Rejected

logger = logging.getLogger(__name__)
# The setting behind each limit of ingest.parsing.sandbox, named in the reason a file failed.
LIMIT_SETTINGS = {
    "pages": "INGEST_PDF_MAX_PAGES",
    "memory": "INGEST_PDF_MEMORY_MB",
    "seconds": "INGEST_PDF_SECONDS",
}


@dataclass(slots=True)
class Parsed:
    letter: ParsedLetter
    parse_ms: float


def pdf_limits() -> Limits:
    return Limits(
        memory_mb=conf.get("INGEST_PDF_MEMORY_MB"),
        seconds=conf.get("INGEST_PDF_SECONDS"),
        max_pages=conf.get("INGEST_PDF_MAX_PAGES"),
    )


def parse(data: bytes, source: str) -> Parsed:
    started = time.perf_counter()
    try:
        letter = parse_pdf(data, source, pdf_limits()) if is_pdf(data) else parse_bytes(data, source)
    except LimitExceeded as exc:
        setting = LIMIT_SETTINGS.get(exc.limit)
        raise Rejected(f"{exc} (setting {setting})" if setting else str(exc)) from exc
    except ParseError as exc:
        raise Rejected(f"not a readable IMR letter: {exc}") from exc
    except SoftTimeLimitExceeded:
        raise  # the task's time is up: the task decides what becomes of its records
    except (MemoryError, RecursionError) as exc:
        raise Rejected(f"parser gave up on this file ({type(exc).__name__})") from exc
    except Exception as exc:
        logger.exception("parser error on %s", source)
        raise Rejected(f"parser error ({type(exc).__name__}: {exc})") from exc
    if not letter.treatments:
        raise Rejected("no disputed treatment found: not an IMR final determination letter")
    if not letter.fingerprint:
        letter.fingerprint = hashlib.sha256(letter.text.encode("utf-8", "replace")).hexdigest()
    return Parsed(letter, (time.perf_counter() - started) * 1000)

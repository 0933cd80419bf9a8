"""Step 3, parse: bytes to a ParsedLetter through ingest.parsing; every failure becomes a reason."""

from __future__ import annotations

import hashlib
import logging
import time
from dataclasses import dataclass

from ingest.parsing import parse_bytes
from ingest.parsing.result import ParsedLetter, ParseError
from ingest.pipeline.detect import Rejected

logger = logging.getLogger(__name__)


@dataclass(slots=True)
class Parsed:
    letter: ParsedLetter
    parse_ms: float


def parse(data: bytes, source: str) -> Parsed:
    started = time.perf_counter()
    try:
        letter = parse_bytes(data, source)
    except ParseError as exc:
        raise Rejected(f"not a readable IMR letter: {exc}") from exc
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

"""The generated archive in a benchmark's database, loaded resumably.

``load_archive(count, seed)`` saves letters 0 to ``count`` of ``ingest.generator.archive`` in chunks
of ``CHUNK`` indices, ``workers`` processes at a time. Each chunk is one transaction that also adds
its row to ``bench_archive_chunks``, so a load that stops (stopped, killed, the machine restarted)
loses at most the chunks in flight, and the next run saves only the chunks still missing: a
two-million-letter build can span several sittings.

Rows are built from the generator's ground truth with ``bulk_create`` (a benchmark's fixture, not
the portal's write path, whose throughput ``bench_ingest.py`` measures). Django must be set up by
the caller (``bench_search.py``), on the benchmark's own database.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import time
from collections.abc import Iterable
from typing import Any

from django.db import connection, connections, transaction

from ingest.generator.archive import ArchiveLetter, iter_archive
from ingest.models import Letter, Treatment

CHUNK = 2000  # letters per transaction
PROGRESS = "bench_archive_chunks"
_CREATE = (
    f"CREATE TABLE IF NOT EXISTS {PROGRESS}"
    " (seed int, count int, chunk int, PRIMARY KEY (seed, count, chunk))"
)


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _letter(archived: ArchiveLetter, seed: int) -> Letter:
    d = archived.truth
    key = f"archive-{seed}-{archived.index}"
    return Letter(
        case_number=d.get("case_number") or None,  # unique when set
        fingerprint=key,
        content_sha256=key,
        decision_date=_date(d.get("decision_date")),
        date_assigned=_date(d.get("date_assigned")),
        date_of_injury=_date(d.get("date_of_injury")),
        ur_denial_date=_date(d.get("ur_denial_date")),
        application_received=_date(d.get("application_received")),
        priority=d.get("priority") or "",
        reviewer_specialties=d.get("reviewer_specialties") or [],
        reviewer_license_states=d.get("reviewer_license_states") or [],
        patient_age=d.get("patient_age"),
        patient_sex=d.get("patient_sex") or "",
        case_summary=d.get("case_summary") or "",
        mechanism_of_injury=d.get("mechanism_of_injury") or "",
        diagnoses=d.get("diagnoses") or [],
        layout=d.get("layout") or "",
        text=archived.text,
        source_name=d.get("source") or "",
    )


def _treatments(letter: Letter, d: dict[str, Any]) -> Iterable[Treatment]:
    for position, t in enumerate(d["treatments"], start=1):
        yield Treatment(
            letter=letter,
            position=position,
            request=t["request"],
            original_request=t.get("original_request") or "",
            decision=t["decision"],
            category=t.get("category") or "",
            subcategory=t.get("subcategory") or "",
            drug_class=t.get("drug_class") or "",
            drug_name=t.get("drug_name") or "",
            sessions=t.get("sessions"),
            body_regions=t.get("body_regions") or [],
            basis=t.get("basis") or "",
            guidelines=t.get("guidelines") or [],
            rationale=t.get("rationale") or "",
        )


def save_letters(letters: list[ArchiveLetter], seed: int) -> None:
    """Save ``letters`` (in the caller's transaction)."""
    rows = Letter.objects.bulk_create([_letter(a, seed) for a in letters])
    Treatment.objects.bulk_create(
        [t for row, a in zip(rows, letters, strict=True) for t in _treatments(row, a.truth)], batch_size=5000
    )


def _save_chunk(job: tuple[int, int, int]) -> int:
    count, seed, chunk = job
    letters = list(iter_archive(count, seed, chunk * CHUNK, (chunk + 1) * CHUNK))
    with transaction.atomic():
        save_letters(letters, seed)
        with connection.cursor() as cursor:
            cursor.execute(f"INSERT INTO {PROGRESS} VALUES (%s, %s, %s)", [seed, count, chunk])
    return len(letters)


def missing_chunks(count: int, seed: int) -> list[int]:
    with connection.cursor() as cursor:
        cursor.execute(_CREATE)
        cursor.execute(f"SELECT chunk FROM {PROGRESS} WHERE seed = %s AND count = %s", [seed, count])
        done = {row[0] for row in cursor.fetchall()}
    return [chunk for chunk in range(-(-count // CHUNK)) if chunk not in done]


def load_archive(count: int, seed: int, workers: int = 2, *, fresh: bool = False) -> float:
    """Save the chunks of the archive still missing (every chunk when ``fresh``); returns the seconds
    this run took. A database holds one archive: another count or seed is emptied out first."""
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(_CREATE)
        cursor.execute(f"SELECT count(*) FROM {PROGRESS} WHERE seed <> %s OR count <> %s", [seed, count])
        (others,) = cursor.fetchone() or (0,)
        if fresh or others or not _is_archive(seed):
            cursor.execute(f"TRUNCATE {Letter._meta.db_table}, {PROGRESS} CASCADE")
    todo = missing_chunks(count, seed)
    connections.close_all()  # each process opens its own
    saved = 0
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        jobs = [(count, seed, chunk) for chunk in todo]
        for done, letters in enumerate(pool.imap_unordered(_save_chunk, jobs), 1):
            saved += letters
            if done % 25 == 0 or done == len(todo):
                rate = saved / (time.perf_counter() - started)
                print(f"  saved {done}/{len(todo)} chunks ({saved} letters, {rate:.0f}/s)", flush=True)
    return time.perf_counter() - started


def _is_archive(seed: int) -> bool:
    """Whether the database holds no letters but this archive's (its first letter, if any, is one)."""
    first = Letter.objects.order_by("pk").values_list("fingerprint", flat=True).first()
    return first is None or first.startswith(f"archive-{seed}-")

"""Ingest benchmark: generated letters end to end (files -> Celery workers -> PostgreSQL -> OpenSearch).

    python bench/bench_ingest.py --letters 100000 [--pdf-letters 1000] [--workers 2] [--write]

Steps, each timed apart:
1. generate N text letters (text, HTML, cp1252 text layouts) to a folder (not timed in the rate);
2. `ingest` them: a batch of records (entry), queued on Celery, `--workers` pool processes
   (2: a 2-core machine) run the pipeline; letters/s from the first queued task to the batch done;
   peak RSS of a worker pool process and of the whole worker, sampled with psutil;
3. raw OpenSearch `_bulk` of the same documents (built from the database by search.documents,
   500 per request, one client) into a fresh index with the same mapping: docs/s of the bulk calls;
4. the same pipeline on `--pdf-letters` generated PDFs, reported apart, beside bare pypdfium2 text
   extraction of the same files in ``--workers`` processes (#17 item 3 asks the pipeline for 60% of
   it on both cores).

Runs in its own var folder (BENCH_INGEST_VAR), database, Redis database (BENCH_REDIS_URL) and index
prefix (BENCH_INDEX_PREFIX), so it never touches the portal's data. The database is `bench_ingest`
on the PostgreSQL that `python -m stack start` runs (bench/databases.py; BENCH_DATABASE_URL names
another), created empty at the start and dropped at the end.

    python bench/bench_ingest.py --save-only --letters 5000 [--rounds 3]

times the save stage alone: the writer (ingest.pipeline.save) with its hand-written SQL against
Django's bulk_create / bulk_update, alternated, on the same parsed letters.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.databases import bench_database_url, create_database, drop_database  # noqa: E402

BENCH_VAR = Path(os.environ.get("BENCH_INGEST_VAR", "/tmp/imr-bench-ingest"))
BENCH_DATABASE_URL = bench_database_url("bench_ingest")
os.environ.update(
    {
        "PORTAL_VAR_DIR": str(BENCH_VAR),
        "OPENSEARCH_INDEX_PREFIX": os.environ.get("BENCH_INDEX_PREFIX", "bench-ingest"),
        "REDIS_URL": os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6390/9"),
        "DJANGO_SETTINGS_MODULE": "portal.settings",
        "LOG_LEVEL": "WARNING",
        "DEBUG": "false",  # production-like: no query log in the workers
        "SECRET_KEY": "bench-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz-ABCDEFG",
        "EMAIL_URL": "locmem://",  # production settings ask for both; the bench sends no mail
        "PORTAL_BASE_URL": "http://127.0.0.1:8000",
    }
)


def setup(args: argparse.Namespace) -> None:
    shutil.rmtree(BENCH_VAR, ignore_errors=True)
    BENCH_VAR.mkdir(parents=True)
    os.environ["INGEST_CHUNK_SIZE"] = str(args.chunk)
    os.environ["DATABASE_URL"] = BENCH_DATABASE_URL  # the workers inherit it
    create_database(BENCH_DATABASE_URL, empty=True)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, skip_checks=True)


def teardown() -> None:
    from django.db import connections

    connections.close_all()
    drop_database(BENCH_DATABASE_URL)


def generate(folder: Path, count: int, layouts: tuple[str, ...], seed: int) -> float:
    from ingest.generator import iter_letters

    started = time.perf_counter()
    folder.mkdir(parents=True, exist_ok=True)
    for letter in iter_letters(count, seed, layouts):
        path = folder / letter.filename
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(letter.content)
    return time.perf_counter() - started


class RssSampler(threading.Thread):
    """Peak RSS of the worker process tree: the largest single process and the whole tree."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.peak_process = 0
        self.peak_total = 0
        self.cpu: dict[int, float] = {}  # last user+system seconds seen per process
        self.stop = threading.Event()

    def run(self) -> None:
        import psutil

        while not self.stop.is_set():
            try:
                root = psutil.Process(self.pid)
                procs = [root, *root.children(recursive=True)]
                sizes = [p.memory_info().rss for p in procs]
                for p in procs:
                    times = p.cpu_times()
                    self.cpu[p.pid] = times.user + times.system
            except psutil.Error:
                sizes = []
            if sizes:
                self.peak_process = max(self.peak_process, max(sizes[1:] or sizes))
                self.peak_total = max(self.peak_total, sum(sizes))
            self.stop.wait(0.5)


def start_worker(workers: int) -> subprocess.Popen[bytes]:
    celery = str(Path(sys.executable).with_name("celery"))
    log = (BENCH_VAR / "worker.log").open("ab")
    argv = [celery, "-A", "portal", "worker", "--loglevel", "WARNING", "--concurrency", str(workers),
            "--without-mingle", "--without-gossip", "--hostname", f"bench-{os.getpid()}@%h"]  # fmt: skip
    process = subprocess.Popen(argv, cwd=ROOT, env=os.environ.copy(), stdout=log, stderr=subprocess.STDOUT)
    from portal.celery import app

    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not app.control.ping(timeout=1.0):
        pass
    return process


def server_cpu_seconds() -> float:
    """CPU seconds used so far by the PostgreSQL server of the bench's database (the postmaster, its
    live processes and the backends it has reaped: the worker opens a connection per task)."""
    import psutil
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        postmaster = psutil.Process(psutil.Process(cursor.fetchone()[0]).ppid())
    connection.close()  # its own backend ends here, counted among the reaped
    times = postmaster.cpu_times()
    total = times.user + times.system + times.children_user + times.children_system
    for child in postmaster.children():
        with contextlib.suppress(psutil.Error):
            total += sum(child.cpu_times()[:2])
    return total


def run_pipeline(folder: Path, label: str, workers: int) -> dict:
    from ingest import entry, runner, tasks

    started = time.perf_counter()
    batch = entry.create_batch(label)
    files = entry.add_paths(batch, [folder])
    entry_s = time.perf_counter() - started
    worker = start_worker(workers)
    sampler = RssSampler(worker.pid)
    sampler.start()
    started = time.perf_counter()
    load_before = os.getloadavg()[0]
    server_before = server_cpu_seconds()
    try:
        tasks.queue_batch(batch.pk)
        progress = runner.wait(batch.pk, sys.stdout, stall_seconds=600)
        elapsed = time.perf_counter() - started
    finally:
        sampler.stop.set()
        worker.terminate()
        worker.wait(timeout=60)
    time.sleep(0.5)  # the worker's last backends exit and are reaped
    server_after = server_cpu_seconds()
    server_ms = round(1000 * (server_after - server_before) / max(files, 1), 2)
    return {
        "files": files,
        "entry_seconds": round(entry_s, 1),
        "seconds": round(elapsed, 1),
        "letters_per_second": round(
            (progress["counts"]["indexed"] + progress["counts"]["updated"]) / elapsed, 1
        ),
        "counts": progress["counts"],
        "peak_rss_worker_process_mb": round(sampler.peak_process / 2**20),
        "peak_rss_worker_total_mb": round(sampler.peak_total / 2**20),
        "worker_cpu_ms_per_letter": round(1000 * sum(sampler.cpu.values()) / max(files, 1), 2),
        "database_server_cpu_ms_per_letter": server_ms,
        "load_average": [round(load_before, 1), round(os.getloadavg()[0], 1)],
    }


def raw_bulk() -> dict:
    """_bulk of the same documents into a fresh index with the same mapping; only the bulk calls timed."""
    from opensearchpy import helpers

    from search import indexes, indexing
    from search.documents import letter_source

    client = indexing.get_client()
    name = f"{indexes.alias_name()}-raw"
    client.indices.delete(index=name, ignore=[404])
    client.indices.create(index=name, body=indexes.index_body())
    bulk_seconds, count, batch = 0.0, 0, []
    load_before = os.getloadavg()[0]

    def flush() -> None:
        nonlocal bulk_seconds, count
        started = time.perf_counter()
        helpers.bulk(client, batch, chunk_size=len(batch), max_chunk_bytes=50 * 2**20, refresh=False)
        bulk_seconds += time.perf_counter() - started
        count += len(batch)
        batch.clear()

    for letters in indexing._letters_after(0):  # the index task's and the rebuild's read-back
        for letter, treatments in letters:
            batch.append(
                {"_index": name, "_id": str(letter.pk), "_source": letter_source(letter, treatments)}
            )
        flush()
    client.indices.refresh(index=name)
    client.indices.delete(index=name, ignore=[404])
    return {
        "documents": count,
        "seconds": round(bulk_seconds, 1),
        "docs_per_second": round(count / bulk_seconds, 1),
        "load_average": [round(load_before, 1), round(os.getloadavg()[0], 1)],
    }


def bare_pdfium(folder: Path, workers: int) -> dict:
    """Bare pypdfium2 text extraction of every PDF of ``folder`` (open, text of every page, close)
    in ``workers`` processes: the ceiling of the PDF pipeline on the same cores."""
    from multiprocessing import get_context

    files = sorted(folder.rglob("*.pdf"))
    started = time.perf_counter()
    with get_context("fork").Pool(workers) as pool:
        for _ in pool.imap_unordered(_extract_text, files, chunksize=8):
            pass
    seconds = time.perf_counter() - started
    return {
        "files": len(files),
        "seconds": round(seconds, 1),
        "letters_per_second": round(len(files) / seconds, 1),
    }


def _extract_text(path: Path) -> int:
    from bench.bench_parser import bare_pdfium as extract

    return len(extract(path.read_bytes()))


def clean_index() -> None:
    from search import indexes
    from search.indexing import get_client

    get_client().indices.delete(index=f"{indexes.alias_name()}*", ignore=[404])


def markdown(args: argparse.Namespace, text: dict, raw: dict, pdf: dict | None) -> str:
    share = 100.0 * text["letters_per_second"] / raw["docs_per_second"]
    lines = [
        f"### {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}: {args.letters:,} text letters",
        "",
        f"`python bench/bench_ingest.py --letters {args.letters} --pdf-letters {args.pdf_letters}"
        f" --workers {args.workers}` on {os.cpu_count()} CPUs, PostgreSQL 15, OpenSearch 3.8 single node"
        f" (1 GB heap), Celery prefork with {args.workers} pool processes, {args.chunk} records per task.",
        "",
        "| measure | value |",
        "|---|---|",
        f"| text letters ingested end to end | {text['files']:,} files in {text['seconds']} s"
        f" ({text['counts']['indexed']:,} new, {text['counts']['updated']:,} same case number: updated) |",
        f"| **pipeline throughput (text)** | **{text['letters_per_second']} letters/s** |",
        f"| raw OpenSearch `_bulk` of the same documents (500/request) | {raw['docs_per_second']} docs/s |",
        f"| pipeline / raw | {share:.0f}% |",
        f"| entry (files to records, streamed to storage) | {text['entry_seconds']} s |",
        f"| peak RSS of one worker pool process | {text['peak_rss_worker_process_mb']} MB |",
        f"| worker CPU per letter (user + system, all processes) | {text['worker_cpu_ms_per_letter']} ms |",
        f"| PostgreSQL server CPU per letter | {text['database_server_cpu_ms_per_letter']} ms |",
        f"| peak RSS of the whole worker (main + pool) | {text['peak_rss_worker_total_mb']} MB |",
        "| 1-min load average before / after: pipeline run, raw run (the machine is shared) | "
        f"{text['load_average'][0]} / {text['load_average'][1]}, "
        f"{raw['load_average'][0]} / {raw['load_average'][1]} |",
    ]
    if pdf:
        bare = pdf["bare_pdfium"]
        share = 100.0 * pdf["letters_per_second"] / bare["letters_per_second"]
        lines += [
            f"| PDF letters end to end | {pdf['files']:,} at {pdf['letters_per_second']} letters/s |",
            f"| bare pypdfium2 extraction of the same files, {args.workers} processes"
            f" | {bare['letters_per_second']} letters/s |",
            f"| PDF pipeline / bare extraction | {share:.0f}% |",
        ]
    return "\n".join(lines) + "\n"


def write_section(section: str) -> None:
    """Put the run's subsection first under "## Ingest" in docs/benchmarks.md (earlier runs stay)."""
    path = ROOT / "docs" / "benchmarks.md"
    text = path.read_text() if path.exists() else "# Benchmarks\n"
    heading = "## Ingest\n"
    start = text.find(heading)
    if start == -1:
        text = text.rstrip("\n") + "\n\n" + heading
        start = text.find(heading)
    at = start + len(heading)
    path.write_text(text[:at] + "\n" + section + text[at:])


# --- the save stage alone: the writer's hand-written SQL against Django's bulk_create / bulk_update ---
def orm_insert_letters(letters: list[Any]) -> None:
    from ingest.models import Letter

    Letter.objects.bulk_create(letters)


def orm_insert_treatments(rows: list[Any]) -> None:
    from ingest.models import Treatment

    Treatment.objects.bulk_create(rows)


def orm_update_records(records: list[Any]) -> None:
    from ingest.models import IngestRecord
    from ingest.pipeline.save import _RECORD_FIELDS

    IngestRecord.objects.bulk_update(records, list(_RECORD_FIELDS))


def save_stage(args: argparse.Namespace) -> dict:
    """Parse --letters generated letters once, then save them in chunks of --chunk with each writer,
    alternated for --rounds rounds on an emptied database; the save calls alone are timed."""
    from ingest.generator import iter_letters
    from ingest.models import IngestBatch, IngestRecord, Letter, SupersededVersion, Treatment
    from ingest.pipeline import save
    from ingest.pipeline.parse import parse
    from ingest.signals import letters_saved

    letters_saved.receivers.clear()  # the save alone: nothing is announced to search
    layouts = ("text", "html", "cp1252")
    parsed = [parse(g.content, g.filename).letter for g in iter_letters(args.letters, args.seed, layouts)]
    sql = (save._insert_letters, save._insert_treatments, save._update_records)
    writers = {
        "orm": (orm_insert_letters, orm_insert_treatments, orm_update_records),
        "orm_insert_sql_update": (orm_insert_letters, orm_insert_treatments, sql[2]),
        "sql": sql,
    }
    seconds: dict[str, list[float]] = {name: [] for name in writers}
    for _ in range(args.rounds):
        for name, (letters, treatments, records) in writers.items():
            for model in (Treatment, SupersededVersion, Letter, IngestRecord, IngestBatch):
                model.objects.all().delete()
            batch = IngestBatch.objects.create(label=name, status=IngestBatch.Status.RUNNING)
            rows = IngestRecord.objects.bulk_create(
                [IngestRecord(batch=batch, name=f"{i}.txt") for i in range(len(parsed))]
            )
            items = [save.Item(r, p, "text", "0" * 64, 1.0) for r, p in zip(rows, parsed, strict=True)]
            save._insert_letters, save._insert_treatments, save._update_records = letters, treatments, records
            started = time.perf_counter()
            for start in range(0, len(items), args.chunk):
                save.save_chunk(items[start : start + args.chunk])
            seconds[name].append(time.perf_counter() - started)
            assert Letter.objects.count() == len({p.fingerprint for p in parsed})
    save._insert_letters, save._insert_treatments, save._update_records = sql
    best = {name: min(times) for name, times in seconds.items()}
    return {
        "letters": len(parsed),
        "seconds": {name: [round(t, 2) for t in times] for name, times in seconds.items()},
        "ms_per_letter_best": {name: round(1000 * t / len(parsed), 3) for name, t in best.items()},
        "gain_over_orm": {name: f"{100 * (best['orm'] - t) / best['orm']:.1f}%" for name, t in best.items()},
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--letters", type=int, default=100_000)
    parser.add_argument(
        "--pdf-letters", type=int, default=None, help="default: 2%% of --letters, at most 2000"
    )
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--chunk", type=int, default=100)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--write", action="store_true", help="write the Ingest section of docs/benchmarks.md")
    parser.add_argument(
        "--save-only", action="store_true", help="time the writer alone: its SQL against bulk_create"
    )
    parser.add_argument("--rounds", type=int, default=3, help="with --save-only: alternated rounds")
    args = parser.parse_args()
    if args.pdf_letters is None:
        args.pdf_letters = min(2000, max(20, args.letters // 50))
    setup(args)
    try:
        if args.save_only:
            print(json.dumps({"save_stage": save_stage(args)}), flush=True)
        else:
            end_to_end(args)
    finally:
        teardown()


def end_to_end(args: argparse.Namespace) -> None:
    clean_index()
    corpus = BENCH_VAR / "corpus"
    gen_s = generate(corpus / "text", args.letters, ("text", "html", "cp1252"), args.seed)
    print(f"generated {args.letters:,} text letters in {gen_s:.1f} s", flush=True)
    text = run_pipeline(corpus / "text", "bench: text letters", args.workers)
    print(json.dumps({"pipeline_text": text}), flush=True)
    raw = raw_bulk()
    print(json.dumps({"raw_bulk": raw}), flush=True)
    pdf = None
    if args.pdf_letters:
        generate(corpus / "pdf", args.pdf_letters, ("pdf",), args.seed + 1)
        pdf = run_pipeline(corpus / "pdf", "bench: PDF letters", args.workers)
        pdf["bare_pdfium"] = bare_pdfium(corpus / "pdf", args.workers)
        print(json.dumps({"pipeline_pdf": pdf}), flush=True)
    section = markdown(args, text, raw, pdf)
    print(section)
    if args.write:
        write_section(section)
    clean_index()


if __name__ == "__main__":
    main()

"""Running and watching a batch from a command: in-process (--sync) or queued with a live progress bar."""

from __future__ import annotations

import sys
import time
from typing import TextIO

from ingest import conf, dispatch, pipeline, services
from ingest.models import IngestBatch, IngestRecord
from ingest.progress import batch_progress, format_eta

Outcome = IngestRecord.Outcome
BAR_WIDTH = 30


def progress_line(progress: dict) -> str:
    counts = progress["counts"]
    filled = int(BAR_WIDTH * progress["percent"] / 100)
    bar = "#" * filled + "." * (BAR_WIDTH - filled)
    return (
        f"[{bar}] {progress['done']:,}/{progress['total']:,} {progress['percent']:5.1f}% "
        f"{progress['rate']:,.1f} files/s ETA {format_eta(progress['eta_seconds'])} | "
        f"indexed {counts[Outcome.INDEXED]:,} updated {counts[Outcome.UPDATED]:,} "
        f"duplicate {counts[Outcome.DUPLICATE]:,} failed {counts[Outcome.FAILED]:,}"
        + (f" awaiting index {counts[Outcome.SAVED]:,}" if counts[Outcome.SAVED] else "")
    )


class Reporter:
    """Prints the progress bar in place on a terminal, one line every few seconds otherwise."""

    def __init__(self, out: TextIO, quiet: bool = False) -> None:
        self.out = out
        self.quiet = quiet
        self.tty = hasattr(out, "isatty") and out.isatty()
        self.last = 0.0

    def show(self, progress: dict, *, final: bool = False) -> None:
        if self.quiet:
            return
        now = time.monotonic()
        if not final and not self.tty and now - self.last < 5:
            return
        self.last = now
        line = progress_line(progress)
        if self.tty:
            self.out.write("\r" + line + ("\n" if final else ""))
        else:
            self.out.write(line + "\n")
        self.out.flush()


def run_sync(batch_id: int, out: TextIO = sys.stdout, quiet: bool = False) -> dict:
    """Process every unfinished record of the batch in this process."""
    from opensearchpy.exceptions import ConnectionError as EngineConnectionError
    from opensearchpy.exceptions import TransportError

    services.open_batch_for_queueing(batch_id)
    reporter = Reporter(out, quiet)
    for chunk in dispatch._chunks(batch_id, (Outcome.PENDING, Outcome.SAVED)):
        try:
            pipeline.run_chunk(chunk)
        except (EngineConnectionError, TransportError) as exc:
            out.write(f"\nsearch engine unavailable ({exc}); letters saved, indexing later\n")
        reporter.show(batch_progress(IngestBatch.objects.get(pk=batch_id)))
    try:
        from ingest.pipeline.index import index_pending

        index_pending(time_budget=3600)
    except (EngineConnectionError, TransportError) as exc:
        out.write(f"search engine unavailable ({exc}): run `manage.py ingest --resume {batch_id}` later\n")
    services.refresh_batches([batch_id])
    progress = batch_progress(IngestBatch.objects.get(pk=batch_id))
    reporter.show(progress, final=True)
    return progress


def wait(
    batch_id: int,
    out: TextIO = sys.stdout,
    *,
    timeout: float | None = None,
    stall_seconds: float | None = None,
    quiet: bool = False,
) -> dict:
    """Watch a queued batch until it is done, re-queueing its work when it stalls."""
    from ingest.tasks import schedule_index_pending

    stall = stall_seconds if stall_seconds is not None else conf.get("INGEST_STALL_SECONDS")
    reporter = Reporter(out, quiet)
    deadline = None if timeout is None else time.monotonic() + timeout
    last_done, last_change = -1, time.monotonic()
    while True:
        batch = IngestBatch.objects.get(pk=batch_id)
        progress = batch_progress(batch)
        if progress["finished"]:
            reporter.show(progress, final=True)
            return progress
        reporter.show(progress)
        if progress["done"] + progress["counts"][Outcome.SAVED] != last_done:
            last_done, last_change = progress["done"] + progress["counts"][Outcome.SAVED], time.monotonic()
        elif time.monotonic() - last_change > stall:
            if progress["counts"][Outcome.PENDING]:
                count = dispatch.requeue_if_stalled(batch_id, stall_seconds=stall)
                if count and not quiet:
                    out.write(f"\nno progress for {stall:.0f}s: re-queued {count:,} unfinished files\n")
            elif progress["counts"][Outcome.SAVED]:
                schedule_index_pending(countdown=0)
            last_change = time.monotonic()
        if deadline is not None and time.monotonic() > deadline:
            reporter.show(progress, final=True)
            return progress
        time.sleep(1.0)

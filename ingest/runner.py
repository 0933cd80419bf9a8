"""Running and watching a batch from a command: in-process (--sync) or queued, with a progress bar."""

from __future__ import annotations

import sys
import time

from ingest import conf, pipeline, records, tasks
from ingest.models import IngestBatch, IngestRecord
from ingest.progress import BatchProgress, Display, Output, batch_progress, format_eta

Outcome = IngestRecord.Outcome
_BAR_FORMAT = "{percentage:3.0f}%|{bar}| {n_fmt}/{total_fmt}{postfix}"  # tqdm puts ", " before the postfix


def progress_line(progress: BatchProgress) -> str:
    """One plain line of progress (logs, pipes)."""
    counts = progress["counts"]
    return (
        f"{progress['done']:,}/{progress['total']:,} {progress['percent']:5.1f}% "
        f"{progress['rate']:,.1f} files/s ETA {format_eta(progress['eta_seconds'])} | "
        f"indexed {counts[Outcome.INDEXED]:,} updated {counts[Outcome.UPDATED]:,} "
        f"duplicate {counts[Outcome.DUPLICATE]:,} failed {counts[Outcome.FAILED]:,}"
        + (f" awaiting index {counts[Outcome.SAVED]:,}" if counts[Outcome.SAVED] else "")
    )


def _postfix(progress: BatchProgress) -> str:
    """Rate and ETA (the batch's, as on the admin page) and outcome counts: short enough for 80 columns
    at 100,000 files (the full counts are printed when the batch ends)."""
    counts = progress["counts"]
    ok = counts[Outcome.INDEXED] + counts[Outcome.UPDATED]
    text = (
        f"{progress['rate']:,.0f}/s eta {format_eta(progress['eta_seconds'])} | {ok:,} ok "
        f"{counts[Outcome.DUPLICATE]:,} dup {counts[Outcome.FAILED]:,} fail"
    )
    return text + (f" {counts[Outcome.SAVED]:,} wait" if counts[Outcome.SAVED] else "")


class Reporter:
    """A batch's progress on the command line (ingest.progress.Display)."""

    def __init__(self, out: Output, quiet: bool = False) -> None:
        self.display = Display(out, quiet=quiet, unit_scale=True, bar_format=_BAR_FORMAT)

    def show(self, progress: BatchProgress, *, final: bool = False) -> None:
        self.display.show(
            progress["done"],
            progress["total"],
            _postfix(progress),
            lambda: progress_line(progress),
            final=final,
        )


def run_sync(batch_id: int, out: Output = sys.stdout, quiet: bool = False) -> BatchProgress:
    """Process every unfinished record of the batch in this process; search indexes in it too."""
    records.open_batch_for_queueing(batch_id)
    reporter = Reporter(out, quiet)
    for chunk in records.chunks(batch_id, records.UNFINISHED):
        pipeline.run_chunk(chunk, inline=True)
        reporter.show(batch_progress(IngestBatch.objects.get(pk=batch_id)))
    records.finalize_already_indexed()
    records.refresh_batches([batch_id])
    progress = batch_progress(IngestBatch.objects.get(pk=batch_id))
    reporter.show(progress, final=True)
    waiting = progress["counts"][Outcome.SAVED]
    if waiting and not quiet:
        out.write(
            f"{waiting:,} letters saved but not indexed (search engine unavailable?): search indexes them "
            f"when it is back; `manage.py ingest --resume {batch_id}` asks again\n"
        )
    return progress


def wait(
    batch_id: int,
    out: Output = sys.stdout,
    *,
    timeout: float | None = None,
    stall_seconds: float | None = None,
    quiet: bool = False,
) -> BatchProgress:
    """Watch a queued batch until it is done, re-queueing its work when it stalls."""
    stall = stall_seconds if stall_seconds is not None else conf.get("INGEST_STALL_SECONDS")
    reporter = Reporter(out, quiet)
    deadline = None if timeout is None else time.monotonic() + timeout
    last_seen, last_change = -1, time.monotonic()
    while True:
        progress = batch_progress(IngestBatch.objects.get(pk=batch_id))
        if progress["finished"]:
            reporter.show(progress, final=True)
            return progress
        reporter.show(progress)
        seen = progress["done"] + progress["counts"][Outcome.SAVED]
        if seen != last_seen:
            last_seen, last_change = seen, time.monotonic()
        elif time.monotonic() - last_change > stall:
            count = tasks.requeue_if_stalled(batch_id, stall_seconds=stall)
            if count and not quiet:
                out.write(f"\nno progress for {stall:.0f}s: re-queued {count:,} unfinished files\n")
            last_change = time.monotonic()
        if deadline is not None and time.monotonic() > deadline:
            reporter.show(progress, final=True)
            return progress
        time.sleep(1.0)

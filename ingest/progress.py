"""Progress, from the database to the screen: a batch's progress (so every tab and every reload agrees)
and the command-line display of progress (a tqdm bar on a terminal, plain lines otherwise).

`Display` is the one command-line progress display: ``manage.py ingest`` and ``load_demo`` (through
ingest.runner) and search's ``manage.py reindex`` use it.
"""

from __future__ import annotations

import io
import time
from collections.abc import Callable
from typing import Any, Protocol, TypedDict

from django.core.management.base import OutputWrapper
from django.db.models import Count
from django.utils import timezone
from tqdm import tqdm  # type: ignore[import-untyped]  # tqdm ships no types (types-tqdm is not installed)

from ingest.models import IngestBatch, IngestRecord

Outcome = IngestRecord.Outcome
PLAIN_EVERY = 5.0  # seconds between two plain progress lines (not a terminal)


class Failure(TypedDict):
    id: int
    name: str
    reason: str


class BatchProgress(TypedDict):
    """A batch's progress: the admin's progress.json, and what the commands show."""

    id: int
    label: str
    status: str
    status_display: str
    total: int
    done: int  # finished records (not pending, not waiting for the index)
    percent: float
    counts: dict[str, int]  # records by outcome, every outcome present
    rate: float  # records processed per second since the batch started
    elapsed_seconds: float
    eta_seconds: float | None  # None while no rate is known
    finished: bool
    failures: list[Failure]  # the latest failures, newest first
    failures_total: int


def batch_progress(batch: IngestBatch, *, failures: int = 50) -> BatchProgress:
    rows = batch.records.values("outcome").annotate(n=Count("pk"))
    counts = {choice.value: 0 for choice in Outcome}
    counts.update({row["outcome"]: row["n"] for row in rows})
    total = sum(counts.values())
    done = total - counts[Outcome.PENDING] - counts[Outcome.SAVED]
    processed = total - counts[Outcome.PENDING]
    start = batch.started_at  # set when the first record is claimed
    end = batch.finished_at or timezone.now()
    elapsed = (end - start).total_seconds() if start else 0.0
    rate = processed / elapsed if elapsed > 0.5 else 0.0
    remaining = total - done
    eta = remaining / rate if rate and remaining else (0.0 if not remaining else None)
    failed = batch.records.filter(outcome=Outcome.FAILED).order_by("-finished_at", "-pk")[:failures]
    return {
        "id": batch.pk,
        "label": batch.label,
        "status": batch.status,
        "status_display": batch.get_status_display(),
        "total": total,
        "done": done,
        "percent": round(100.0 * done / total, 1) if total else 100.0,
        "counts": counts,
        "rate": round(rate, 2),
        "elapsed_seconds": round(elapsed, 1),
        "eta_seconds": None if eta is None else round(eta, 1),
        "finished": batch.status == IngestBatch.Status.DONE,
        "failures": [{"id": r.pk, "name": r.name, "reason": r.reason} for r in failed],
        "failures_total": counts[Outcome.FAILED],
    }


def format_eta(seconds: float | None) -> str:
    if seconds is None:
        return "--:--"
    seconds = int(seconds)
    hours, rest = divmod(seconds, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}" if hours else f"{rest // 60:02d}:{rest % 60:02d}"


class Output(Protocol):
    """Where progress goes: a text stream, or a management command's stdout."""

    def write(self, msg: str, /) -> object: ...

    def flush(self) -> None: ...


class _AsWritten(io.TextIOBase):
    """A command's OutputWrapper for tqdm: each write as it is (the wrapper ends every write with a
    newline unless told ``ending=""``, which would break a redraw in place)."""

    def __init__(self, wrapper: OutputWrapper) -> None:
        self.wrapper = wrapper

    def write(self, text: str, /) -> int:
        self.wrapper.write(text, ending="")
        return len(text)

    def flush(self) -> None:
        self.wrapper.flush()

    def isatty(self) -> bool:
        return self.wrapper.isatty()


class Display:
    """A tqdm bar redrawn in place on a terminal (it fits the terminal's width), a plain line every
    PLAIN_EVERY seconds otherwise (logs, pipes). ``quiet`` shows nothing."""

    def __init__(self, out: Output, *, quiet: bool = False, **bar_options: Any) -> None:
        self.out = out
        self.stream: Output = _AsWritten(out) if isinstance(out, OutputWrapper) else out
        self.quiet = quiet
        isatty = getattr(out, "isatty", None)
        self.tty = bool(isatty and isatty())
        self.bar_options = bar_options
        self.bar: Any = None
        self.last = 0.0

    def show(
        self, done: int, total: int, postfix: str, line: Callable[[], str], *, final: bool = False
    ) -> None:
        """Redraw the bar at done/total with `postfix`, or write `line()` if it is time for a plain line."""
        if self.quiet:
            return
        if self.tty:
            self._draw(done, total, postfix)
            if final:
                self.close()
            return
        now = time.monotonic()
        if final or now - self.last >= PLAIN_EVERY:
            self.last = now
            self.stream.write(line() + "\n")
            self.stream.flush()

    def _draw(self, done: int, total: int, postfix: str) -> None:
        if self.bar is None:
            self.bar = tqdm(total=total, file=self.stream, dynamic_ncols=True, **self.bar_options)
        self.bar.total = total
        self.bar.n = done
        self.bar.set_postfix_str(postfix, refresh=False)
        self.bar.refresh()

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None

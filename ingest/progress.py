"""Progress of a batch, computed from the database (so every tab and every reload agrees)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count
from django.utils import timezone

from ingest.models import IngestBatch, IngestRecord

Outcome = IngestRecord.Outcome


def batch_progress(batch: IngestBatch, *, failures: int = 50) -> dict[str, Any]:
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

"""python manage.py ingest PATH [PATH ...] | --resume BATCH  (files, folders and zips)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from celery import current_app
from django.core.management.base import BaseCommand, CommandError, CommandParser

from ingest import entry, runner, tasks
from ingest.models import IngestBatch
from ingest.progress import BatchProgress


def worker_answers() -> bool:
    try:
        return bool(current_app.control.ping(timeout=2.0))
    except Exception:  # noqa: BLE001 - no broker either
        return False


class Command(BaseCommand):
    help = "Ingest IMR letters (files, folders, zips) on Celery with a progress bar; --sync runs in-process."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paths", nargs="*", type=Path, help="files, folders or zip files")
        parser.add_argument("--sync", action="store_true", help="run the pipeline in this process")
        parser.add_argument("--resume", type=int, metavar="BATCH", help="finish an interrupted batch")
        parser.add_argument("--label", default="", help="batch label (default: the paths)")
        parser.add_argument("--no-wait", action="store_true", help="queue and return without waiting")
        parser.add_argument(
            "--timeout", type=float, default=None, help="stop waiting after this many seconds"
        )
        parser.add_argument("--stall-seconds", type=float, default=None, help="re-queue after no progress")

    def handle(self, *args: Any, **options: Any) -> None:
        paths: list[Path] = options["paths"]
        if options["resume"] is not None:
            if paths:
                raise CommandError("give either PATHs or --resume BATCH, not both")
            batch = IngestBatch.objects.filter(pk=options["resume"]).first()
            if batch is None:
                raise CommandError(f"no batch {options['resume']}")
            self.stdout.write(f"Resuming batch {batch.pk} ({batch.label})")
        else:
            if not paths:
                raise CommandError("give at least one PATH (file, folder or zip), or --resume BATCH")
            missing = [str(p) for p in paths if not p.exists()]
            if missing:
                raise CommandError(f"not found: {', '.join(missing)}")
            batch = entry.create_batch(options["label"] or " ".join(str(p) for p in paths))
            count = entry.add_paths(batch, paths)
            self.stdout.write(f"Batch {batch.pk}: {count:,} files received")
        if options["sync"]:
            progress = runner.run_sync(batch.pk, self.stdout)
        else:
            queued = tasks.queue_batch(batch.pk)
            self.stdout.write(f"Batch {batch.pk}: {queued:,} files queued on Celery")
            if not worker_answers():
                self.stderr.write(
                    "No Celery worker answered a ping: start one (`python -m stack start worker`, "
                    "or `make run`), or run with --sync. Waiting for one..."
                )
            if options["no_wait"]:
                return
            progress = runner.wait(
                batch.pk, self.stdout, timeout=options["timeout"], stall_seconds=options["stall_seconds"]
            )
        self._summary(progress)

    def _summary(self, progress: BatchProgress) -> None:
        for failure in progress["failures"][:20]:
            self.stdout.write(f"  failed: {failure['name']}: {failure['reason']}")
        state = "done" if progress["finished"] else "not finished"
        self.stdout.write(f"Batch {progress['id']} {state}: {progress['counts']}")

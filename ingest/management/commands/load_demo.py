"""python manage.py load_demo --generated N: the real letters (when present) plus N generated ones.

They take the same path as every other file (a batch, Celery, the pipeline). A
second run finds every letter already there: all duplicates, no index writes.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from ingest import entry, runner, tasks
from ingest.generator import iter_letters
from ingest.management.commands.ingest import worker_answers

LETTER_SUFFIXES = {".pdf", ".txt", ".html", ".htm"}


def real_letters_dir() -> Path:
    return Path(settings.BASE_DIR).parent / "shared" / "letters" / "real"


class Command(BaseCommand):
    help = "Load the demo set (real letters from ../shared when present, plus generated letters)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--generated", type=int, default=2000, help="number of generated letters")
        parser.add_argument("--seed", type=int, default=2016)
        parser.add_argument("--sync", action="store_true", help="run the pipeline in this process")
        parser.add_argument("--timeout", type=float, default=None)

    def handle(self, *args: Any, **options: Any) -> None:
        batch = entry.create_batch(f"demo: real letters + {options['generated']:,} generated")
        writer = entry.BatchWriter(batch)
        real = real_letters_dir()
        if real.is_dir():
            for path in sorted(real.iterdir()):
                if path.suffix.lower() in LETTER_SUFFIXES:
                    writer.add_path(path)
            self.stdout.write(f"Demo: {writer.count} real letters from {real}")
        if options["generated"] > 0:
            before = writer.count
            for letter in iter_letters(options["generated"], options["seed"]):
                writer.add_bytes(f"generated/{letter.filename}", letter.content)
            self.stdout.write(f"Demo: {writer.count - before:,} generated letters")
        writer.flush()
        sync = options["sync"] or not worker_answers()
        if sync and not options["sync"]:
            self.stdout.write("No Celery worker answered: running in this process.")
        if sync:
            progress = runner.run_sync(batch.pk, self.stdout)
        else:
            queued = tasks.queue_batch(batch.pk)
            self.stdout.write(f"Batch {batch.pk}: {queued:,} files queued on Celery")
            progress = runner.wait(batch.pk, self.stdout, timeout=options["timeout"])
        self.stdout.write(f"Demo batch {batch.pk}: {progress['counts']}")

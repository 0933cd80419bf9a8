"""Rebuild the letter index from the database into a new index and swap the alias."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand
from tqdm import tqdm  # type: ignore[import-untyped]  # tqdm ships no types (types-tqdm is not installed)

from ingest.models import Letter
from search import indexing

PLAIN_EVERY = 5.0  # seconds between two progress lines when the output is not a terminal


class Command(BaseCommand):
    help = "Rebuild the search index from the database (new index, atomic alias swap: search stays up)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--ensure", action="store_true", help="only create the index and alias if absent")
        parser.add_argument(
            "--if-stale",
            action="store_true",
            help="rebuild only when the index was built with another mapping (after an upgrade)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["ensure"]:
            self.stdout.write(f"index: {indexing.ensure_index()}")
            return
        if options["if_stale"] and not indexing.mapping_is_stale():
            self.stdout.write("index: mapping is current (or no index yet: it is created on first use)")
            return
        started = time.monotonic()
        tty = self.stdout.isatty()
        # tqdm writes to the stream itself: the command's OutputWrapper would add a newline to each redraw.
        bar = tqdm(
            total=Letter.objects.count(), unit="letter", file=getattr(self.stdout, "_out", self.stdout),
            dynamic_ncols=True, disable=not tty,
        )  # fmt: skip
        last_line = time.monotonic()

        def progress(indexed: int, failed: int) -> None:
            nonlocal last_line
            bar.n = indexed + failed
            bar.set_postfix_str(f"failed {failed}", refresh=False)
            bar.refresh()
            if not tty and time.monotonic() - last_line >= PLAIN_EVERY:
                last_line = time.monotonic()
                rate = indexed / max(last_line - started, 1e-6)
                self.stdout.write(f"{indexed:,} indexed, {failed:,} failed ({rate:,.0f}/s)")

        try:
            report = indexing.rebuild_index(progress=progress)
        finally:
            bar.close()
        elapsed = time.monotonic() - started
        self.stdout.write(
            self.style.SUCCESS(
                f"{report.index}: {report.indexed} letters in {elapsed:.1f}s, {report.failed} failed, "
                f"{report.caught_up} caught up, {report.removed} removed; "
                f"dropped {report.dropped or 'nothing'}"
            )
        )

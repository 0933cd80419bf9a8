"""Rebuild the letter index from the database into a new index and swap the alias."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from ingest.models import Letter
from ingest.progress import Display
from search import indexing


class Command(BaseCommand):
    help = "Rebuild the search index from the database (new index, atomic alias swap: search stays up)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--ensure", action="store_true", help="only create the index and alias if absent")
        parser.add_argument(
            "--if-stale",
            action="store_true",
            help="rebuild only when the index was built with another mapping (after an upgrade)",
        )
        parser.add_argument(
            "--resume",
            action="store_true",
            help="go on with a rebuild that stopped (its index is kept) instead of beginning anew",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["ensure"]:
            self.stdout.write(f"index: {indexing.ensure_index()}")
            self._apply_site_settings()
            return
        if options["if_stale"] and not indexing.mapping_is_stale():
            self.stdout.write("index: mapping is current (or no index yet: it is created on first use)")
            self._apply_site_settings()
            return
        started = time.monotonic()
        display = Display(self.stdout, unit="letter")
        total = Letter.objects.count()

        def progress(indexed: int, failed: int) -> None:
            def line() -> str:
                rate = indexed / max(time.monotonic() - started, 1e-6)
                return f"{indexed:,} indexed, {failed:,} failed ({rate:,.0f}/s)"

            display.show(indexed + failed, total, f"failed {failed}", line)

        try:
            report = indexing.rebuild_index(progress=progress, resume=options["resume"])
        except indexing.RebuildRunning as exc:
            raise CommandError(str(exc)) from exc
        finally:
            display.close()
        elapsed = time.monotonic() - started
        resumed = "" if report.resumed_after is None else f" (resumed after letter {report.resumed_after})"
        self.stdout.write(
            self.style.SUCCESS(
                f"{report.index}{resumed}: {report.indexed} letters in {elapsed:.1f}s, "
                f"{report.failed} failed, "
                f"{report.caught_up} caught up, {report.removed} removed; "
                f"dropped {report.dropped or 'nothing'}"
            )
        )

    def _apply_site_settings(self) -> None:
        changed = indexing.apply_site_settings()
        if changed:
            described = ", ".join(f"{key} {value}" for key, value in sorted(changed.items()))
            self.stdout.write(f"index: settings brought to this site's: {described}")

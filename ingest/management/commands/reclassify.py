"""python manage.py reclassify [--dry-run] [--sync] [--batch-size N] [--include-corrected]"""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ingest import reclassify
from ingest.progress import Display

_BAR_FORMAT = "{percentage:3.0f}%|{bar}| {n_fmt}/{total_fmt} letters{postfix}"


class Command(BaseCommand):
    help = (
        "Classify the stored treatments again with the current classifier, from their stored text "
        "(request, guideline citations, rationale), with their guidelines' sections and body regions; "
        "write the rows that changed and reindex their letters only. Prints what moved."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="report what would move; write nothing")
        parser.add_argument("--sync", action="store_true", help="index the changed letters in this process")
        parser.add_argument(
            "--batch-size",
            type=int,
            default=reclassify.BATCH,
            help="letters per transaction and index message",
        )
        parser.add_argument(
            "--include-corrected",
            action="store_true",
            help="reclassify letters corrected by hand too (otherwise their treatments stay as corrected)",
        )
        parser.add_argument("--quiet", action="store_true", help="no progress bar, the summary only")

    def handle(self, *args: Any, **options: Any) -> None:
        display = Display(self.stdout, quiet=options["quiet"], unit_scale=True, bar_format=_BAR_FORMAT)
        started = time.monotonic()

        def progress(summary: reclassify.Summary) -> None:
            def line() -> str:
                rate = summary.letters_read / max(time.monotonic() - started, 1e-6)
                changed = "to change" if summary.dry_run else "changed"
                return (
                    f"{summary.letters_read:,}/{summary.letters:,} letters, {summary.changed:,} treatments "
                    f"{changed} ({rate:,.0f} letters/s)"
                )

            done = summary.letters_read >= summary.letters
            postfix = f"changed {summary.changed:,}, failed {summary.failed:,}"
            display.show(summary.letters_read, summary.letters, postfix, line, final=done)

        try:
            summary = reclassify.reclassify(
                batch_size=options["batch_size"],
                dry_run=options["dry_run"],
                inline=options["sync"],
                include_corrected=options["include_corrected"],
                progress=progress,
            )
        finally:
            display.close()
        for line in report(summary, time.monotonic() - started, sync=options["sync"]):
            self.stdout.write(line)
        if summary.failed:
            raise CommandError(f"{summary.failed:,} treatments or batches failed (the others are done)")


def report(summary: reclassify.Summary, seconds: float, *, sync: bool) -> list[str]:
    """The run's summary: what moved (from, to, count), the columns changed, the totals, the failures."""
    would = "would change" if summary.dry_run else "changed"
    lines = [f"{'Dry run: ' if summary.dry_run else ''}Moved ({len(summary.moves)} kinds of move):"]
    if summary.moves:
        width = max(len(before) for before, _ in summary.moves)
        for (before, after), count in sorted(summary.moves.items(), key=lambda item: (-item[1], item[0])):
            lines.append(f"  {before:<{width}}  ->  {after}: {count:,}")
    else:
        lines.append("  nothing moved")
    if summary.columns:
        lines.append(
            "Columns "
            + would
            + ": "
            + ", ".join(f"{name} {n:,}" for name, n in summary.columns.most_common())
        )
    if summary.dry_run:
        where = "to reindex"
    else:
        where = "reindexed (in this process)" if sync else "queued for reindexing"
    lines.append(
        f"Treatments read: {summary.read:,} (of {summary.letters_read:,} letters); {would}: "
        f"{summary.changed:,}; letters {where}: {summary.reindexed:,} ({seconds:.1f} s)"
    )
    if summary.corrected:
        lines.append(
            f"Letters corrected by hand, left as corrected: {summary.corrected:,} (--include-corrected)"
        )
    if summary.failed:
        lines.append(f"Failed: {summary.failed:,} (the first {len(summary.failures)}):")
        for failure in summary.failures:
            which = f"treatment {failure.treatment_id}" if failure.treatment_id else "batch"
            lines.append(f"  letter {failure.letter_id}, {which}: {failure.error}")
    return lines

"""Compare the database with the search index, letter by letter and content by content; then report the
decisions no treatment facet names (unclassified) and their most frequent requests (informational)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from search import indexing, unclassified

SHOWN = 20  # ids listed per kind of difference


class Command(BaseCommand):
    help = (
        "Compare the database with the search index: every letter's id and the digest of its content "
        "(a copy indexed from other content than its row differs); exit 1 when they differ. Then, for "
        "information, the unclassified decisions (no category) and their most frequent requests."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--fix", action="store_true", help="index missing and differing letters, remove extra ones"
        )
        parser.add_argument(
            "--top",
            type=int,
            default=unclassified.TOP,
            help="how many of the unclassified decisions' most frequent requests to list (0: the count only)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        report = indexing.consistency()
        self._describe(report)
        if options["fix"] and not report.ok:
            indexing.index_letters([*report.missing_ids, *report.differing_ids])
            indexing.delete_letters(report.extra_ids)
            report = indexing.consistency()
            self.stdout.write("after the repair:")
            self._describe(report)
        self._unclassified(max(0, options["top"]))
        if not report.ok:
            raise CommandError("database and index differ")
        self.stdout.write(self.style.SUCCESS("database and index agree"))

    def _describe(self, report: indexing.Consistency) -> None:
        self.stdout.write(
            f"database: {report.db_count} letters, index: {report.index_count} documents, "
            f"not marked indexed: {report.not_marked}"
        )
        for ids, what in (
            (report.missing_ids, "missing from the index"),
            (report.extra_ids, "in the index but not the database"),
            (report.differing_ids, "indexed from other content than the database holds"),
        ):
            if ids:
                self.stdout.write(f"{what}: {len(ids)} ({ids[:SHOWN]}{' ...' if len(ids) > SHOWN else ''})")

    def _unclassified(self, top: int) -> None:
        found = unclassified.unclassified(top)
        self.stdout.write(
            f"unclassified decisions (no category): {found.decisions:,} of {found.total:,} "
            f"({found.share:.1%}), in {found.letters:,} letters"
        )
        if found.requests:
            self.stdout.write(
                f"their {len(found.requests)} most frequent requests (lower case, spaces collapsed):"
            )
            width = len(f"{found.requests[0][1]:,}")
            for text, count in found.requests:
                self.stdout.write(f"  {count:>{width},}  {text}")

"""Compare the database with the search index, letter by letter and content by content."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from search import indexing

SHOWN = 20  # ids listed per kind of difference


class Command(BaseCommand):
    help = (
        "Compare the database with the search index: every letter's id and the digest of its content "
        "(a copy indexed from other content than its row differs); exit 1 when they differ."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--fix", action="store_true", help="index missing and differing letters, remove extra ones"
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

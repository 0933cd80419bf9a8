"""Compare the database with the search index."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from search import indexing


class Command(BaseCommand):
    help = "Compare letter counts and ids between the database and the search index; exit 1 when they differ."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--fix", action="store_true", help="index missing letters, remove extra ones")

    def handle(self, *args: Any, **options: Any) -> None:
        report = indexing.consistency()
        self.stdout.write(
            f"database: {report.db_count} letters, index: {report.index_count} documents, "
            f"not marked indexed: {report.not_marked}"
        )
        if report.missing_ids:
            self.stdout.write(
                f"missing from the index ({len(report.missing_ids)} shown): {report.missing_ids[:20]}"
            )
        if report.extra_ids:
            self.stdout.write(f"in the index but not the database: {report.extra_ids[:20]}")
        if options["fix"] and (report.missing_ids or report.extra_ids):
            indexing.index_letters(report.missing_ids)
            indexing.delete_letters(report.extra_ids)
            report = indexing.consistency()
        if not report.ok:
            raise CommandError("database and index differ")
        self.stdout.write(self.style.SUCCESS("database and index agree"))

"""manage.py purge_audit [--days N]: delete audit events older than AUDIT_RETENTION_DAYS (or N days)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from accounts.retention import purge_audit, retention_days


class Command(BaseCommand):
    help = "Delete audit events older than AUDIT_RETENTION_DAYS (what the periodic task does)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--days", type=int, default=None, help="keep this many days instead")

    def handle(self, *args: Any, days: int | None = None, **options: Any) -> None:
        keep = retention_days() if days is None else max(1, days)
        deleted = purge_audit(days=keep)
        self.stdout.write(f"Deleted {deleted} audit event(s) older than {keep} days.")

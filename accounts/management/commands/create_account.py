from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from accounts.services import create_account


class Command(BaseCommand):
    help = "Create a member (or, with --staff, a staff user who reaches the admin and bulk upload)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--email", default="")
        parser.add_argument("--password", help="Omit to create the account without a usable password")
        parser.add_argument("--staff", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        user = create_account(
            options["username"], options["email"], options["password"], staff=options["staff"]
        )
        role = "staff" if user.is_staff else "member"
        self.stdout.write(self.style.SUCCESS(f"Created {role} {user.username}"))

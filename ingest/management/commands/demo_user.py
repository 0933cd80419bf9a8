"""python manage.py demo_user [--quiet-if-exists] [--reset]: a demo staff login, printed."""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandParser

USERNAME = "demo"


def _password_file() -> Path:
    return Path(settings.VAR_DIR) / "demo-login.txt"


class Command(BaseCommand):
    help = "Create (once) and print a demo staff login for the local portal."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--quiet-if-exists", action="store_true", help="only print the existing login")
        parser.add_argument("--reset", action="store_true", help="set a new password")

    def handle(self, *args: Any, **options: Any) -> None:
        user_model = get_user_model()
        user = user_model.objects.filter(username=USERNAME).first()
        stored = _password_file()
        password = stored.read_text().strip() if stored.exists() else ""
        if user is None or options["reset"] or not password:
            password = secrets.token_urlsafe(9)
            if user is None:
                user = user_model(username=USERNAME, email="demo@imr-portal.local")
            user.is_staff = user.is_superuser = user.is_active = True
            user.set_password(password)
            user.save()
            stored.parent.mkdir(parents=True, exist_ok=True)
            stored.write_text(password + "\n")
            stored.chmod(0o600)
            self.stdout.write(self.style.SUCCESS("Demo staff user ready."))
        elif not options["quiet_if_exists"]:
            self.stdout.write("Demo staff user exists (password unchanged).")
        self.stdout.write(f"Log in at {settings.PORTAL_BASE_URL or ''}/admin/ as  {USERNAME} / {password}")

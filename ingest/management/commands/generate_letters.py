"""``manage.py generate_letters --count N --out DIR --seed S [--layouts text,html,pdf,2013,cp1252]``.

A thin wrapper over :mod:`ingest.generator` (also ``python -m ingest.generator``).
"""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from ingest.generator.cli import add_arguments, run


class Command(BaseCommand):
    help = "Generate synthetic IMR letters with ground-truth JSON beside each."

    def add_arguments(self, parser: ArgumentParser) -> None:
        add_arguments(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            message = run(options["count"], options["out"], options["seed"], options["layouts"])
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(message)

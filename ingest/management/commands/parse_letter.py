"""``manage.py parse_letter PATH [PATH ...]``: one JSON object per file (JSON Lines).

A thin wrapper over :mod:`ingest.parsing`. Files that cannot be parsed still
get a line (all fields null, ``error`` set); the exit status is 1 if any failed.
"""

from __future__ import annotations

import json
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ingest.parsing import ParsedLetter, ParseError, parse_file


def letter_line(path: str, *, include_text: bool = False) -> tuple[dict[str, Any], bool]:
    """The JSON object printed for ``path`` and whether parsing succeeded."""
    try:
        return parse_file(path).to_json(include_text=include_text), True
    except ParseError as exc:
        data = ParsedLetter(source=path, error=str(exc)).to_json()
        data["fingerprint"] = None
        return data, False


class Command(BaseCommand):
    help = "Parse IMR determination letters (PDF, HTML or text) and print one JSON object per file."
    requires_system_checks: list[str] = []  # parsing needs neither the database nor URLs

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paths", nargs="+", metavar="PATH", help="letter files to parse")
        parser.add_argument("--text", action="store_true", help="include the normalized full text")

    def handle(self, *args: Any, **options: Any) -> None:
        failed = 0
        for path in options["paths"]:
            data, ok = letter_line(path, include_text=options["text"])
            failed += not ok
            self.stdout.write(json.dumps(data, ensure_ascii=False))
        self.stdout.flush()
        if failed:
            sys.stderr.write(f"{failed} of {len(options['paths'])} file(s) could not be parsed\n")
            raise CommandError(f"{failed} file(s) could not be parsed", returncode=1)

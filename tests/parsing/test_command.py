"""``manage.py parse_letter``: JSON Lines, a line for every file, exit status 1 on failures."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.parsing.test_layout2013 import LETTER_2013

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def files(tmp_path: Path) -> list[Path]:
    good = tmp_path / "letter.txt"
    good.write_text(LETTER_2013, encoding="cp1252")
    bad = tmp_path / "notes.txt"
    bad.write_text("shopping list: eggs, milk", encoding="utf-8")
    return [good, bad, tmp_path / "missing.pdf"]


def test_call_command_prints_a_line_per_file(files: list[Path]) -> None:
    from django.core.management import call_command
    from django.core.management.base import CommandError

    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("parse_letter", *map(str, files), stdout=out)
    rows = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [row["source"] for row in rows] == [str(path) for path in files]
    good, bad, missing = rows
    assert good["error"] is None
    assert good["case_number"] == "CM13-0001234"
    assert [t["decision"] for t in good["treatments"]] == ["upheld", "overturned", "partially certified"]
    assert "not an IMR letter" in bad["error"]
    assert "cannot read" in missing["error"]
    assert bad["case_number"] is None
    assert bad["treatments"] == []


def test_exit_status(files: list[Path]) -> None:
    if not (ROOT / "manage.py").exists():
        pytest.skip("manage.py is not there yet")
    ok = subprocess.run(
        [sys.executable, "manage.py", "parse_letter", str(files[0])], cwd=ROOT, capture_output=True, text=True
    )
    assert ok.returncode == 0, ok.stderr
    assert len(ok.stdout.splitlines()) == 1
    failed = subprocess.run(
        [sys.executable, "manage.py", "parse_letter", *map(str, files)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert failed.returncode == 1
    assert len(failed.stdout.splitlines()) == 3

"""Shared helpers for the parser tests.

Real letters and seeds are public records kept beside the repository in
``../shared``; they are read at run time and never copied into the repo.
Tests that need them skip with a clear message when they are absent.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared"
SEEDS = SHARED / "seeds"
REAL = SHARED / "letters" / "real"
TAXONOMY = SHARED / "taxonomy"


def shared_path(path: Path) -> Path:
    """``path`` under ../shared, or skip the test saying what is missing."""
    if not path.exists():
        pytest.skip(f"{path.resolve()} is absent: these tests read ../shared at run time")
    return path


def seed_path(prefix: str) -> Path:
    directory = shared_path(SEEDS)
    matches = sorted(directory.glob(f"{prefix}*.txt"))
    if not matches:
        pytest.skip(f"no seed {prefix}*.txt in {directory.resolve()}")
    return matches[0]


def expected_rows() -> list[dict[str, Any]]:
    """Rows of ../shared/letters/real/expected.jsonl ([] when absent)."""
    path = REAL / "expected.jsonl"
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def real_pdfs() -> list[Path]:
    return sorted(REAL.glob("*.pdf")) if REAL.exists() else []

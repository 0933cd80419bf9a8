"""Management commands: ingest --sync, demo_user, load_demo (idempotent)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command

from ingest.models import IngestBatch, Letter
from tests.ingest.conftest import make_letters


@pytest.mark.django_db
def test_demo_user_prints_the_same_login_again(settings, tmp_path: Path) -> None:
    settings.VAR_DIR = tmp_path
    first = io.StringIO()
    call_command("demo_user", stdout=first)
    user = User.objects.get(username="demo")
    assert user.is_staff
    password = first.getvalue().split("demo / ")[1].split()[0]
    assert user.check_password(password)
    again = io.StringIO()
    call_command("demo_user", "--quiet-if-exists", stdout=again)
    assert f"demo / {password}" in again.getvalue()
    user.refresh_from_db()
    assert user.check_password(password), "the password is not changed"


@pytest.mark.integration
@pytest.mark.django_db(transaction=True)
def test_ingest_command_sync_shows_progress(tmp_path: Path, media_root: Path, clean_index: str) -> None:
    make_letters(tmp_path / "in", 3, seed=21)
    out = io.StringIO()
    call_command("ingest", str(tmp_path / "in"), "--sync", stdout=out)
    text = out.getvalue()
    assert "files/s" in text
    assert "ETA" in text
    assert "done" in text
    assert Letter.objects.count() == 3


@pytest.mark.integration
@pytest.mark.django_db(transaction=True)
def test_load_demo_twice_gives_duplicates_and_no_index_writes(media_root: Path, clean_index: str) -> None:
    call_command("load_demo", "--generated", "6", "--sync", stdout=io.StringIO())
    stamps = dict(Letter.objects.values_list("pk", "indexed_at"))
    assert len(stamps) >= 5
    out = io.StringIO()
    call_command("load_demo", "--generated", "6", "--sync", stdout=out)
    second = IngestBatch.objects.order_by("-pk").first()
    assert second is not None
    counts = {row: second.records.filter(outcome=row).count() for row in ("indexed", "updated", "duplicate")}
    assert counts["indexed"] == 0
    assert counts["updated"] == 0
    assert counts["duplicate"] == len(stamps)
    assert dict(Letter.objects.values_list("pk", "indexed_at")) == stamps

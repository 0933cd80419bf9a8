"""Admin: bulk upload for staff only, the batch page, live progress JSON, retry failed."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from django.contrib.auth.models import Permission, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ingest import entry
from ingest.models import IngestBatch, IngestRecord
from tests.ingest.conftest import make_letters, zip_bytes

UPLOAD = "admin:ingest_upload"


@pytest.fixture
def staff(db) -> User:
    return User.objects.create_superuser("boss", "boss@example.com", "pw-boss-123")


@pytest.fixture
def letters_zip(tmp_path: Path) -> bytes:
    paths = make_letters(tmp_path / "zip", 4, seed=9, layouts=("text", "html"))
    return zip_bytes({f"letters/{p.name}": p.read_bytes() for p in paths} | {"../evil.txt": b"x" * 100})


@pytest.mark.django_db
def test_non_staff_cannot_reach_the_upload(client, media_root: Path) -> None:
    User.objects.create_user("reader", password="pw-reader-123")
    client.login(username="reader", password="pw-reader-123")
    assert client.get(reverse(UPLOAD)).status_code == 302  # to the admin login
    upload = SimpleUploadedFile("a.txt", b"letter")
    assert client.post(reverse(UPLOAD), {"files": [upload]}).status_code == 302
    assert not IngestBatch.objects.exists()


@pytest.mark.django_db
def test_staff_without_permission_is_refused(client, media_root: Path) -> None:
    user = User.objects.create_user("clerk", password="pw-clerk-123", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_ingestbatch"))
    client.login(username="clerk", password="pw-clerk-123")
    assert client.get(reverse(UPLOAD)).status_code == 403


@pytest.mark.django_db
def test_upload_returns_at_once_and_zip_unpacks_in_a_task(
    client, staff, media_root: Path, letters_zip: bytes, monkeypatch, django_capture_on_commit_callbacks
) -> None:
    queued: list[tuple] = []
    monkeypatch.setattr("ingest.tasks.expand_uploads.delay", lambda *args: queued.append(args))
    client.force_login(staff)
    page = client.get(reverse(UPLOAD))
    assert page.status_code == 200
    assert b'type="file" name="files"' in page.content
    files = [
        SimpleUploadedFile("letters.zip", letters_zip),
        SimpleUploadedFile("junk.bin", bytes(range(256)) * 20),
    ]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse(UPLOAD), {"files": files, "label": "my upload"})
    batch = IngestBatch.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:ingest_ingestbatch_change", args=[batch.pk])
    assert batch.status == IngestBatch.Status.RECEIVING
    assert batch.records.count() == 1  # junk.bin; the zip waits for its task
    (batch_id, stored) = queued[0]
    assert batch_id == batch.pk
    assert entry.expand_stored_uploads(batch_id, stored) == 5
    names = set(batch.records.values_list("name", flat=True))
    assert "letters.zip/../evil.txt" in names
    assert batch.records.get(name="letters.zip/../evil.txt").outcome == IngestRecord.Outcome.FAILED
    page = client.get(reverse("admin:ingest_ingestbatch_change", args=[batch.pk]))
    assert page.status_code == 200
    assert b"batch-progress" in page.content
    progress = client.get(reverse("admin:ingest_batch_progress", args=[batch.pk])).json()
    assert progress["total"] == 6
    assert progress["counts"]["failed"] == 1


@pytest.mark.django_db
def test_admin_lists_are_searchable_and_filterable(client, staff) -> None:
    client.force_login(staff)
    for model in ("letter", "treatment", "ingestbatch", "ingestrecord"):
        url = reverse(f"admin:ingest_{model}_changelist")
        assert client.get(url, {"q": "CM16"}).status_code == 200, model
    assert (
        client.get(reverse("admin:ingest_ingestrecord_changelist"), {"outcome": "failed"}).status_code == 200
    )


@pytest.mark.integration
def test_staff_uploads_a_zip_and_watches_it_finish(
    client, letters_zip: bytes, celery_worker_process, clean_index
) -> None:
    staff = User.objects.create_superuser("boss2", "b2@example.com", "pw-boss-123")
    client.force_login(staff)
    response = client.post(reverse(UPLOAD), {"files": [SimpleUploadedFile("letters.zip", letters_zip)]})
    assert response.status_code == 302
    batch = IngestBatch.objects.get()
    url = reverse("admin:ingest_batch_progress", args=[batch.pk])
    deadline = time.monotonic() + 60
    progress = client.get(url).json()
    while not progress["finished"] and time.monotonic() < deadline:
        time.sleep(0.5)
        progress = client.get(url).json()
    assert progress["finished"], progress
    assert progress["counts"]["indexed"] == 4
    assert progress["failures"][0]["name"] == "letters.zip/../evil.txt"
    again = client.get(url).json()  # the same answer on reload / in another tab
    assert again["counts"] == progress["counts"]


@pytest.mark.django_db
def test_upload_streams_to_disk_and_checks_csrf(staff, media_root: Path, monkeypatch) -> None:
    from django.core.files.uploadedfile import TemporaryUploadedFile
    from django.test import Client

    seen: list[type] = []

    def fake_start(label, user, files):
        seen.extend(type(f) for f in files)
        return IngestBatch.objects.create(label=label)

    monkeypatch.setattr("ingest.views.start_upload_batch", fake_start)
    client = Client(enforce_csrf_checks=True)
    client.force_login(staff)
    small = SimpleUploadedFile("a.txt", b"tiny letter")
    assert client.post(reverse(UPLOAD), {"files": [small]}).status_code == 403  # no CSRF token
    page = client.get(reverse(UPLOAD))
    token = page.cookies["csrftoken"].value
    response = client.post(reverse(UPLOAD), {"files": [small], "csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert seen == [TemporaryUploadedFile], "even a tiny upload goes to a temporary file, not memory"


@pytest.mark.django_db
def test_upload_of_a_file_whose_name_is_not_a_valid_file_name(
    client, staff, media_root: Path, monkeypatch, django_capture_on_commit_callbacks
) -> None:
    from ingest import tasks

    monkeypatch.setattr(tasks, "queue_batch", lambda batch_id: 0)
    client.force_login(staff)
    upload = SimpleUploadedFile("@@@", b"Independent Medical Review Final Determination\n" * 20)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse(UPLOAD), {"files": [upload]})
    assert response.status_code == 302  # not a 500
    record = IngestBatch.objects.get().records.get()
    assert record.name == "@@@"
    assert record.outcome == IngestRecord.Outcome.PENDING
    assert record.stored_file.name.endswith("-file")
    # ("..": Django drops it from an upload; see test_entry.test_a_plain_upload_named_dot_dot_is_stored)

"""Staff views of ingestion (wired into the admin by ingest.admin): bulk upload, progress JSON, retry."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.admin import AdminSite
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import TemporaryFileUploadHandler
from django.db import transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST

from ingest import entry, tasks
from ingest.models import IngestBatch
from ingest.pipeline.detect import ZIP_MAGIC
from ingest.progress import batch_progress


def _require(request: HttpRequest, perm: str) -> None:
    if not (request.user.is_active and request.user.is_staff and request.user.has_perm(perm)):
        raise PermissionDenied


def upload_view(site: AdminSite) -> Callable[[HttpRequest], HttpResponse]:
    """The upload view for the admin: every uploaded file goes to a temporary file on disk, never to
    memory (many small files at once would otherwise all be held in memory). Changing the upload
    handlers must happen before the CSRF check reads the body, hence exempt outside, protected inside."""

    @csrf_exempt
    def view(request: HttpRequest) -> HttpResponse:
        request.upload_handlers = [TemporaryFileUploadHandler(request)]
        return csrf_protect(upload)(request, site)

    return view


def upload(request: HttpRequest, site: AdminSite) -> HttpResponse:
    """Many files or zips at once; returns as soon as the bytes are stored (zips unpack in a task)."""
    _require(request, "ingest.add_ingestbatch")
    context: dict[str, Any] = {**site.each_context(request), "title": "Upload IMR letters"}
    if request.method != "POST":
        return render(request, "admin/ingest/upload.html", context)
    files = request.FILES.getlist("files")
    if not files:
        messages.error(request, "Choose at least one file or zip.")
        return render(request, "admin/ingest/upload.html", context, status=400)
    label = request.POST.get("label", "").strip() or f"upload of {len(files)} file(s) by {request.user}"
    batch = start_upload_batch(label, request.user, files)
    messages.success(request, f"Batch {batch.pk}: {len(files)} file(s) received; processing has started.")
    return redirect(reverse("admin:ingest_ingestbatch_change", args=[batch.pk]))


def start_upload_batch(
    label: str, user: AbstractBaseUser | AnonymousUser, files: list[UploadedFile]
) -> IngestBatch:
    """A batch of the uploaded files: letters stored as records now, zips stored to be unpacked by a task."""
    batch = entry.create_batch(label, user)
    writer = entry.BatchWriter(batch)
    zips: list[str] = []
    for upload_file in files:
        name = upload_file.name or "unnamed upload"  # a multipart file part always has a name
        handle = upload_file.open("rb")
        head = handle.read(4)
        handle.seek(0)
        if head == ZIP_MAGIC:
            zips.append(entry.store_upload(batch, name, handle))
        else:
            writer.add_stream(name, handle)
    writer.flush()
    if zips:
        transaction.on_commit(lambda: tasks.expand_uploads.delay(batch.pk, zips))
    else:
        tasks.queue_batch(batch.pk)
    return batch


def progress(request: HttpRequest, pk: int) -> JsonResponse:
    _require(request, "ingest.view_ingestbatch")
    batch = get_object_or_404(IngestBatch, pk=pk)
    return JsonResponse(batch_progress(batch))


@require_POST
def retry(request: HttpRequest, pk: int) -> HttpResponse:
    _require(request, "ingest.change_ingestbatch")
    batch = get_object_or_404(IngestBatch, pk=pk)
    count = tasks.retry_failed(batch.pk)
    messages.info(request, f"Batch {batch.pk}: {count} failed file(s) queued again.")
    return redirect(reverse("admin:ingest_ingestbatch_change", args=[batch.pk]))

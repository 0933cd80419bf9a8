"""Admin pages: letters, treatments, batches (with live progress and bulk upload) and records."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import URLPattern, path

from ingest import tasks, views
from ingest.models import IngestBatch, IngestRecord, Letter, SupersededVersion, Treatment


class TreatmentInline(admin.TabularInline):
    model = Treatment
    extra = 0
    fields = ("position", "request", "decision", "category", "subcategory", "drug_class")
    readonly_fields = fields
    can_delete = False
    show_change_link = True


@admin.register(Letter)
class LetterAdmin(admin.ModelAdmin):
    list_display = ("__str__", "decision_date", "priority", "layout", "version", "indexed_at", "source_name")
    list_filter = ("priority", "layout", "decision_date", ("indexed_at", admin.EmptyFieldListFilter))
    search_fields = ("case_number", "source_name", "fingerprint", "content_sha256")
    date_hierarchy = "decision_date"
    readonly_fields = ("fingerprint", "content_sha256", "version", "created_at", "updated_at", "indexed_at")
    inlines = [TreatmentInline]
    list_per_page = 50


@admin.register(Treatment)
class TreatmentAdmin(admin.ModelAdmin):
    list_display = ("request_short", "decision", "category", "subcategory", "drug_class", "letter")
    list_filter = ("decision", "category", "subcategory")
    search_fields = ("request", "drug_name", "letter__case_number", "rationale")
    list_select_related = ("letter",)
    raw_id_fields = ("letter",)
    list_per_page = 50

    @admin.display(description="request")
    def request_short(self, obj: Treatment) -> str:
        return obj.request[:100]


@admin.register(IngestBatch)
class IngestBatchAdmin(admin.ModelAdmin):
    list_display = ("id", "label", "status", "total_files", "created_by", "created_at", "finished_at")
    list_filter = ("status", "created_at")
    search_fields = ("label",)
    readonly_fields = ("status", "total_files", "created_by", "created_at", "started_at", "finished_at")
    change_form_template = "admin/ingest/ingestbatch/change_form.html"
    change_list_template = "admin/ingest/ingestbatch/change_list.html"
    actions = ["retry_failed_action", "resume_action"]

    def get_urls(self) -> list[URLPattern]:
        wrap = self.admin_site.admin_view
        return [
            path("upload/", wrap(views.upload_view(self.admin_site)), name="ingest_upload"),
            path("<int:pk>/progress.json", wrap(views.progress), name="ingest_batch_progress"),
            path("<int:pk>/retry-failed/", wrap(views.retry), name="ingest_batch_retry_failed"),
            *super().get_urls(),
        ]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # batches are made by uploads and commands, not by hand

    @admin.action(description="Retry failed files")
    def retry_failed_action(self, request: HttpRequest, queryset: QuerySet[IngestBatch]) -> None:
        count = sum(tasks.retry_failed(batch.pk) for batch in queryset)
        self.message_user(request, f"{count} failed file(s) queued again.", messages.INFO)

    @admin.action(description="Resume (queue unfinished files again)")
    def resume_action(self, request: HttpRequest, queryset: QuerySet[IngestBatch]) -> None:
        count = sum(tasks.queue_batch(batch.pk) for batch in queryset)
        self.message_user(request, f"{count} unfinished file(s) queued again.", messages.INFO)

    def changeform_view(
        self,
        request: HttpRequest,
        object_id: str | None = None,
        form_url: str = "",
        extra_context: Any = None,
    ) -> Any:
        extra = {**(extra_context or {}), "show_save": False, "show_save_and_continue": False}
        return super().changeform_view(request, object_id, form_url, extra)


@admin.register(IngestRecord)
class IngestRecordAdmin(admin.ModelAdmin):
    list_display = ("name", "batch", "outcome", "kind", "reason_short", "attempts", "total_ms", "finished_at")
    list_filter = ("outcome", "kind", "action", "batch")
    search_fields = ("name", "reason", "content_sha256", "letter__case_number")
    list_select_related = ("batch", "letter")
    raw_id_fields = ("batch", "letter")
    readonly_fields = (
        "outcome",
        "action",
        "kind",
        "reason",
        "attempts",
        "queued_at",
        "started_at",
        "finished_at",
    )
    list_per_page = 100

    @admin.display(description="reason")
    def reason_short(self, obj: IngestRecord) -> str:
        return obj.reason[:120]


@admin.register(SupersededVersion)
class SupersededVersionAdmin(admin.ModelAdmin):
    list_display = ("letter", "version", "fingerprint", "superseded_at")
    search_fields = ("fingerprint", "letter__case_number")
    raw_id_fields = ("letter",)

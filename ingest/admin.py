"""Admin pages: letters (hand corrections are versions), treatments, versions, batches (with live
progress and bulk upload) and records.

Every write to a letter here goes through the ORM (``save()``, ``delete()``, ``QuerySet.delete()``),
so ingest.signals sends it to the index on commit. A change on a letter's page is a hand
correction: ingest.versions.correct keeps the version it changes and records who made it and why
(the form's required "reason for the change"). Treatments change only on their letter's page.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db.models import Model, QuerySet
from django.forms.models import BaseInlineFormSet
from django.http import HttpRequest
from django.urls import URLPattern, path

from ingest import tasks, versions, views
from ingest.models import IngestBatch, IngestRecord, Letter, LetterVersion, Treatment

REASON = "reason_for_change"
# What a hand correction may change: the parsed fields (the text, its fingerprint and the file stay).
HEADER = (
    "case_number", "decision_date", "date_assigned", "date_of_injury", "ur_denial_date",
    "application_received", "priority", "reviewer_specialties", "reviewer_license_states",
    "patient_age", "patient_sex", "layout",
)  # fmt: skip
STORY = ("case_summary", "mechanism_of_injury", "diagnoses")
SHOWN = (
    "version", "corrected_by", "correction_reason", "source_name", "original_file", "fingerprint",
    "content_sha256", "created_at", "updated_at", "indexed_at", "warnings",
)  # fmt: skip


class LetterForm(forms.ModelForm):
    reason_for_change = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Required: why this letter is corrected. It is kept with the new version, with your name.",
    )

    class Meta:
        model = Letter
        fields = (*HEADER, *STORY)


class TreatmentInline(admin.TabularInline):
    """A letter's treatments, corrected with the letter (one version, one reason): none added or removed."""

    model = Treatment
    extra = 0
    fields = (
        "position", "request", "decision", "category", "subcategory", "drug_class", "drug_name",
        "body_regions", "basis", "rationale",
    )  # fmt: skip
    readonly_fields = ("position",)
    can_delete = False
    formfield_overrides = {
        Treatment._meta.get_field("request").__class__: {"widget": forms.Textarea(attrs={"rows": 2})}
    }

    def has_add_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


class VersionInline(admin.TabularInline):
    """The versions kept (not shown), newest number first; each opens on its own page."""

    model = LetterVersion
    extra = 0
    fields = (
        "number",
        "status",
        "decision_date",
        "source_name",
        "corrected_by",
        "correction_reason",
        "arrived_at",
    )
    readonly_fields = fields
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


@admin.register(Letter)
class LetterAdmin(admin.ModelAdmin):
    form = LetterForm
    list_display = ("__str__", "decision_date", "priority", "layout", "version", "indexed_at", "source_name")
    list_filter = ("priority", "layout", "decision_date", ("indexed_at", admin.EmptyFieldListFilter))
    search_fields = ("case_number", "source_name", "fingerprint", "content_sha256")
    date_hierarchy = "decision_date"
    readonly_fields = (*SHOWN, "text")
    fieldsets = (
        (None, {"fields": HEADER}),
        ("Story", {"fields": STORY}),
        ("Your change", {"fields": (REASON,)}),
        ("Version shown", {"fields": SHOWN}),
        ("Full text", {"classes": ("collapse",), "fields": ("text",)}),
    )
    inlines = [TreatmentInline, VersionInline]
    list_per_page = 50

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # letters come from files (ingest)

    def get_deleted_objects(
        self, objs: Sequence[Letter] | QuerySet[Letter], request: HttpRequest
    ) -> tuple[list[Any], dict[str, int], set[str], list[Any]]:
        """A letter's treatments and kept versions go with it: never edited alone, they need no permission."""
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        perms_needed -= {str(model._meta.verbose_name) for model in (Treatment, LetterVersion)}
        return deleted, counts, perms_needed, protected

    def save_model(self, request: HttpRequest, obj: Letter, form: forms.ModelForm, change: bool) -> None:
        """Nothing yet: a correction is written with its treatments, in save_related."""

    def save_related(
        self,
        request: HttpRequest,
        form: forms.ModelForm,
        formsets: list[BaseInlineFormSet],
        change: bool,
    ) -> None:
        """Write the correction as the letter's next version (the version it changes is kept)."""
        edited = [name for name in form.changed_data if name != REASON]
        if not edited and not any(formset.has_changed() for formset in formsets):
            self.message_user(request, "Nothing was changed: no new version was made.", messages.INFO)
            return
        letter: Letter = form.instance
        parent = super().save_related

        def save() -> None:
            letter.save()
            parent(request, form, formsets, change)

        user_id = request.user.pk
        assert user_id is not None, "the admin's pages are for signed-in staff"
        kept = versions.correct(letter, by_id=user_id, reason=form.cleaned_data[REASON], save=save)
        self.message_user(
            request, f"Saved as version {letter.version}; version {kept.number} is kept.", messages.INFO
        )


class ReadOnlyAdmin(admin.ModelAdmin):
    """Listed and viewed, never added, changed or deleted here."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


@admin.register(LetterVersion)
class LetterVersionAdmin(ReadOnlyAdmin):
    """Kept versions, read only: they are made by ingest and by hand corrections, never edited."""

    list_display = (
        "letter",
        "number",
        "status",
        "decision_date",
        "source_name",
        "corrected_by",
        "arrived_at",
    )
    list_filter = ("status",)
    search_fields = ("fingerprint", "letter__case_number", "case_number", "source_name")
    list_select_related = ("letter", "corrected_by")


@admin.register(Treatment)
class TreatmentAdmin(ReadOnlyAdmin):
    """Read only: a treatment is corrected on its letter's page, as a version of the letter with a reason."""

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

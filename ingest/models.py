"""The database is the source of truth: letters, their disputed treatments, their versions, ingest batches.

A Letter row is the version of its case that is shown and indexed; every other version seen
(replaced by a newer one, arrived after a newer one, or changed by a hand correction) is kept
whole as a LetterVersion (ingest.versions writes them).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q
from django.urls import reverse


class Decision(models.TextChoices):
    UPHELD = "upheld", "Upheld"
    OVERTURNED = "overturned", "Overturned"


class Priority(models.TextChoices):
    STANDARD = "standard", "Standard"
    EXPEDITED = "expedited", "Expedited"


class Letter(models.Model):
    """One IMR final determination letter, as parsed from its file."""

    case_number = models.CharField(max_length=32, null=True, blank=True)  # noqa: DJ001 - unique when set
    fingerprint = models.CharField(max_length=64, unique=True, help_text="sha256 of the normalized text")
    content_sha256 = models.CharField(max_length=64, db_index=True, help_text="sha256 of the file bytes")
    version = models.PositiveIntegerField(
        default=1,
        help_text="The number of the version shown (versions are numbered in the order they came in)",
    )

    date_assigned = models.DateField(null=True, blank=True)
    date_of_injury = models.DateField(null=True, blank=True)
    decision_date = models.DateField(null=True, blank=True, db_index=True)
    ur_denial_date = models.DateField(null=True, blank=True)
    application_received = models.DateField(null=True, blank=True)
    priority = models.CharField(max_length=16, choices=Priority.choices, blank=True)
    reviewer_specialties = models.JSONField(default=list, blank=True)
    reviewer_license_states = models.JSONField(default=list, blank=True)
    patient_age = models.PositiveSmallIntegerField(null=True, blank=True)
    patient_sex = models.CharField(max_length=8, blank=True)
    case_summary = models.TextField(blank=True)
    mechanism_of_injury = models.TextField(blank=True)
    diagnoses = models.JSONField(default=list, blank=True)
    layout = models.CharField(max_length=32, blank=True)
    text = models.TextField(blank=True, help_text="Normalized full text")
    warnings = models.JSONField(default=list, blank=True)

    source_name = models.CharField(max_length=255, blank=True)
    original_file = models.FileField(upload_to="letters/%Y/%m/", max_length=255, blank=True)
    # Set when the version shown is a hand correction (in the admin), blank for a version read from a file.
    corrected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    correction_reason = models.TextField(blank=True)

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    indexed_at = models.DateTimeField(
        null=True, blank=True, db_index=True, help_text="Last successful index write; null = not in the index"
    )

    class Meta:
        # Models that sort by their letter name the column (`letter_id`), never `letter`: that would
        # sort by this ordering and so join letters to every read of them (the index's read-back of
        # treatments was 24 ms per 100 letters that way).
        ordering = ["-decision_date", "case_number"]
        constraints = [
            models.UniqueConstraint(
                fields=["case_number"], condition=Q(case_number__isnull=False), name="unique_case_number"
            )
        ]
        indexes = [models.Index(fields=["updated_at"])]
        # Given to the roles that ORIGINAL_FILES_FOR names (accounts.roles), or to a user in the admin.
        permissions = [("download_original", "Can download a letter's original file")]

    def __str__(self) -> str:
        return self.case_number or f"letter {self.pk} (no case number)"

    def get_absolute_url(self) -> str:
        return reverse("search:letter", args=[self.case_number or f"id-{self.pk}"])

    @property
    def public_id(self) -> str:
        """The identifier used in URLs and the index: the case number, or id-<pk> without one."""
        return self.case_number or f"id-{self.pk}"

    DATE_FIELDS = (
        "decision_date",
        "date_assigned",
        "date_of_injury",
        "ur_denial_date",
        "application_received",
    )

    def header_fields(self) -> dict[str, Any]:
        """The letter's header as plain JSON values: shared by the index document and the API."""
        dates = {name: getattr(self, name) for name in self.DATE_FIELDS}
        return {
            "case_number": self.case_number,
            "public_id": self.public_id,
            "version": self.version,
            **{name: day.isoformat() if day else None for name, day in dates.items()},
            "priority": self.priority or None,
            "reviewer_specialties": list(self.reviewer_specialties or []),
            "reviewer_license_states": list(self.reviewer_license_states or []),
            "patient_age": self.patient_age,
            "patient_sex": self.patient_sex or None,
        }


class Treatment(models.Model):
    """One disputed treatment of a letter, with its own decision."""

    letter = models.ForeignKey(Letter, on_delete=models.CASCADE, related_name="treatments")
    position = models.PositiveSmallIntegerField(help_text="1-based order in the letter")
    request = models.TextField()
    original_request = models.TextField(blank=True)
    decision = models.CharField(max_length=64, db_index=True, help_text="upheld, overturned, or verbatim")
    category = models.CharField(max_length=64, blank=True, db_index=True)
    subcategory = models.CharField(max_length=96, blank=True, db_index=True)
    drug_class = models.CharField(max_length=96, blank=True)
    drug_name = models.CharField(max_length=96, blank=True)
    strength = models.CharField(max_length=64, blank=True)
    quantity = models.CharField(max_length=64, blank=True)
    sessions = models.PositiveSmallIntegerField(null=True, blank=True)
    body_regions = models.JSONField(
        default=list, blank=True, help_text="canonical body regions the request names"
    )
    basis = models.CharField(
        max_length=16, blank=True, help_text="what named the category: request, guideline or rationale"
    )
    guidelines = models.JSONField(
        default=list, blank=True, help_text='[{"source", "citation", "cited_by", "pages", "sections"}]'
    )
    rationale = models.TextField(blank=True)

    class Meta:
        ordering = ["letter_id", "position"]  # by the column: "letter" would join letters (see Letter)
        constraints = [
            models.UniqueConstraint(fields=["letter", "position"], name="unique_treatment_position")
        ]

    def __str__(self) -> str:
        return f"{self.request[:80]}: {self.decision}"


class IngestBatch(models.Model):
    """A set of files queued together (a command line, an admin upload, the demo set)."""

    class Status(models.TextChoices):
        RECEIVING = "receiving", "Receiving files"
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        DONE = "done", "Done"

    label = models.CharField(max_length=255, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.RECEIVING)
    total_files = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name_plural = "ingest batches"

    def __str__(self) -> str:
        return f"Batch {self.pk}: {self.label or 'untitled'}"


class IngestRecord(models.Model):
    """One input file of a batch and its recorded outcome."""

    class Outcome(models.TextChoices):
        PENDING = "pending", "Pending"
        SAVED = "saved", "Saved, waiting for the index"
        INDEXED = "indexed", "Indexed"
        DUPLICATE = "duplicate", "Duplicate"
        UPDATED = "updated", "Updated"
        FAILED = "failed", "Failed"

    batch = models.ForeignKey(IngestBatch, on_delete=models.CASCADE, related_name="records")
    name = models.CharField(max_length=512, help_text="File name, with its path inside a zip")
    stored_file = models.FileField(upload_to="ingest/%Y/%m/%d/", max_length=255, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    content_sha256 = models.CharField(max_length=64, blank=True)
    outcome = models.CharField(max_length=16, choices=Outcome.choices, default=Outcome.PENDING)
    action = models.CharField(
        max_length=16,
        blank=True,
        help_text="created or updated, once the letter is saved (before the index write); older for a "
        "duplicate that is an older version of a stored case",
    )
    kind = models.CharField(max_length=16, blank=True, help_text="pdf, html or text, as detected")
    reason = models.TextField(blank=True)
    letter = models.ForeignKey(
        Letter, null=True, blank=True, on_delete=models.SET_NULL, related_name="records"
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    queued_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    parse_ms = models.FloatField(null=True, blank=True)
    total_ms = models.FloatField(null=True, blank=True)

    class Meta:
        ordering = ["-batch_id", "id"]  # newest batch first, by the column (see Letter)
        indexes = [models.Index(fields=["batch", "outcome"]), models.Index(fields=["batch", "finished_at"])]

    def __str__(self) -> str:
        return f"{self.name}: {self.outcome}"


class LetterVersion(models.Model):
    """A version of a letter that is not the one shown, kept whole: its text, fields and treatments.

    Versions of a case are numbered in the order they came in; the one shown (the Letter row,
    ``Letter.version``) is the newest decision: by decision date, then by arrival (ingest.versions).
    Seeing a kept version's text again is a duplicate.
    """

    class Status(models.TextChoices):
        REPLACED = "replaced", "Replaced by a newer version"
        OLDER = "older", "Older than the version shown when it came in"
        CORRECTED = "corrected", "Replaced by a hand correction"

    letter = models.ForeignKey(Letter, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    status = models.CharField(max_length=16, choices=Status.choices)
    fingerprint = models.CharField(max_length=64, db_index=True, help_text="sha256 of the normalized text")
    case_number = models.CharField(max_length=32, blank=True)
    decision_date = models.DateField(null=True, blank=True)
    text = models.TextField(blank=True)
    fields = models.JSONField(
        default=dict,
        blank=True,
        encoder=DjangoJSONEncoder,
        help_text="The letter's fields, dates in ISO form",
    )
    treatments = models.JSONField(
        default=list, blank=True, encoder=DjangoJSONEncoder, help_text="Its treatments' fields, in order"
    )
    # Where it came from: a file (its record) or a hand correction (who and why).
    record = models.ForeignKey(
        IngestRecord, null=True, blank=True, on_delete=models.SET_NULL, related_name="versions"
    )
    source_name = models.CharField(max_length=255, blank=True)
    original_file = models.FileField(upload_to="letters/%Y/%m/", max_length=255, blank=True)
    content_sha256 = models.CharField(max_length=64, blank=True)
    corrected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    correction_reason = models.TextField(blank=True)
    arrived_at = models.DateTimeField(
        help_text="When this version came in (read from its file, or corrected)"
    )
    kept_at = models.DateTimeField(auto_now_add=True, help_text="When it stopped being (or was not) shown")

    class Meta:
        ordering = ["letter_id", "-number"]  # by the column (see Letter)
        constraints = [models.UniqueConstraint(fields=["letter", "number"], name="unique_letter_version")]

    def __str__(self) -> str:
        return f"{self.letter} v{self.number}"

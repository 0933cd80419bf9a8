"""Saved queries and their alerts.

A saved query stores the raw querystring of a search; it is re-validated through
``search.forms.SearchForm`` every time it runs or is registered for alerts.
``AlertHit`` (saved query, letter) is unique: a letter alerts a query at most once,
whatever re-processing, re-indexing or new versions happen. ``AlertEmail`` is the
alert history; a digest is unique per (user, frequency, period).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse


class AlertFrequency(models.TextChoices):
    OFF = "off", "Off"
    IMMEDIATE = "immediate", "As they arrive"
    DAILY = "daily", "Daily digest"
    WEEKLY = "weekly", "Weekly digest"


class SavedQuery(models.Model):
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_queries"
    )
    name = models.CharField(max_length=200)
    params = models.TextField(blank=True, help_text="The raw querystring, re-validated by SearchForm on use")
    alert_frequency = models.CharField(
        max_length=16, choices=AlertFrequency.choices, default=AlertFrequency.OFF
    )
    alert_since = models.DateTimeField(
        null=True, blank=True, help_text="Alerts were turned on at this time: only letters added since alert"
    )
    last_run_at = models.DateTimeField(null=True, blank=True)
    last_seen_count = models.PositiveIntegerField(default=0, help_text="Matching decisions at the last run")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["owner", "name", "pk"]
        verbose_name_plural = "saved queries"
        indexes = [models.Index(fields=["alert_frequency"])]
        permissions = [("export_letters", "Can export search results as CSV")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("saved:run", args=[self.pk])

    @property
    def alerting(self) -> bool:
        return self.alert_frequency != AlertFrequency.OFF


class AlertEmail(models.Model):
    """One alert email: an immediate alert for one query, or a user's digest for a period."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        SENT = "sent", "Sent"
        SKIPPED = "skipped", "Skipped"  # not sent: the reason is its subject (search.alerts.recipients)

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="alert_emails")
    frequency = models.CharField(max_length=16, choices=AlertFrequency.choices)
    period = models.CharField(max_length=32, blank=True, help_text="Digest period (2026-11-24, 2026-W48)")
    saved_query = models.ForeignKey(
        SavedQuery, null=True, blank=True, on_delete=models.SET_NULL, related_name="alert_emails"
    )
    recipient = models.EmailField(blank=True)
    subject = models.CharField(max_length=255, blank=True)
    letter_count = models.PositiveIntegerField(default=0)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    claimed_at = models.DateTimeField(null=True, blank=True, help_text="A worker is sending it since then")
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "frequency", "period"],
                condition=~Q(period=""),
                name="one_digest_per_user_period",
            )
        ]

    def __str__(self) -> str:
        return self.subject or f"{self.get_frequency_display()} alert to {self.user}"


class AlertHit(models.Model):
    """A letter that matched an alerting saved query: recorded once, ever."""

    saved_query = models.ForeignKey(SavedQuery, on_delete=models.CASCADE, related_name="hits")
    letter = models.ForeignKey("ingest.Letter", on_delete=models.CASCADE, related_name="alert_hits")
    case_number = models.CharField(max_length=32, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    email = models.ForeignKey(
        AlertEmail, null=True, blank=True, on_delete=models.SET_NULL, related_name="hits"
    )

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["saved_query", "letter"], name="one_alert_per_query_letter")
        ]
        indexes = [models.Index(fields=["saved_query", "email"])]

    def __str__(self) -> str:
        return f"{self.saved_query} ← {self.case_number or self.letter_id}"


class AlertCursor(models.Model):
    """How far the sweep has percolated letters, by ``Letter.indexed_at`` (survives restarts)."""

    name = models.CharField(max_length=32, unique=True)
    position = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.name}: {self.position}"

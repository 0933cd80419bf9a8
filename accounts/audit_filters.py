"""The staff audit page's filters: a GET form (user, letter, kind, date range), validated, and the
events it selects, newest first. Dates are days in the portal's time zone, both ends included."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone

from accounts.models import AuditEvent, AuditKind


class AuditFilterForm(forms.Form):
    user = forms.CharField(required=False, max_length=150, label="User name")
    letter = forms.CharField(required=False, max_length=40, label="Letter (case number)")
    kind = forms.ChoiceField(required=False, choices=[("", "Any"), *AuditKind.choices], label="Event")
    date_from = forms.DateField(required=False, label="From", widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(required=False, label="To", widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            raise forms.ValidationError("“From” is after “To”: swap the dates.")
        return data


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min), timezone.get_default_timezone())


def filtered_events(data: dict[str, Any]) -> QuerySet[AuditEvent]:
    """The events matching a valid form's ``cleaned_data``, newest first."""
    events = AuditEvent.objects.all()
    if data.get("user"):
        events = events.filter(username=data["user"].strip())
    if data.get("letter"):
        events = events.filter(letter=data["letter"].strip())
    if data.get("kind"):
        events = events.filter(kind=data["kind"])
    if data.get("date_from"):
        events = events.filter(at__gte=_day_start(data["date_from"]))
    if data.get("date_to"):
        events = events.filter(at__lt=_day_start(data["date_to"] + dt.timedelta(days=1)))
    return events.order_by("-at", "-pk")

from __future__ import annotations

from typing import Any

from django import forms

from search.forms import MAX_QUERYSTRING, clean_querystring
from search.models import AlertFrequency, SavedQuery
from search.saved.services import NAME_MAX, normalize_name


class _OneLineName:
    """The name on one line (newlines and runs of spaces become one space); blank is an error."""

    cleaned_data: dict[str, Any]  # the form's, once it is validated

    def clean_name(self) -> str:
        name = normalize_name(self.cleaned_data.get("name"))
        if not name:
            raise forms.ValidationError("A name is required.", code="required")
        return name


class SaveSearchForm(_OneLineName, forms.Form):
    """ "Save this search": a name and the full querystring of the results page."""

    name = forms.CharField(max_length=NAME_MAX, strip=True)
    params = forms.CharField(max_length=MAX_QUERYSTRING, required=False, widget=forms.HiddenInput)
    alert_frequency = forms.ChoiceField(
        choices=AlertFrequency.choices, initial=AlertFrequency.OFF, required=False, label="Email alerts"
    )

    def clean_params(self) -> str:
        return clean_querystring(self.cleaned_data.get("params") or "")

    def clean_alert_frequency(self) -> str:
        return self.cleaned_data.get("alert_frequency") or AlertFrequency.OFF


class SavedQueryForm(_OneLineName, forms.ModelForm):
    """Edit: name, the query's parameters (as in the address bar) and alerts."""

    class Meta:
        model = SavedQuery
        fields = ["name", "params", "alert_frequency"]
        labels = {"params": "Search parameters", "alert_frequency": "Email alerts"}
        help_texts = {
            "params": "The search as after the ? in the address bar, e.g. q=acupuncture&decision=overturned"
        }
        widgets = {"params": forms.Textarea(attrs={"rows": 3})}

    def clean_params(self) -> str:
        return clean_querystring(self.cleaned_data.get("params") or "")


class RenameForm(_OneLineName, forms.Form):
    name = forms.CharField(max_length=NAME_MAX, strip=True)

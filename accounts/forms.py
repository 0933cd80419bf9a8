from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.validators import MaxValueValidator

from accounts.models import TokenScope
from accounts.throttle import client_ip, login_throttle
from accounts.tokens import default_days, max_days


class ThrottledAuthenticationForm(AuthenticationForm):
    """The sign-in form, with a clear message once a username+IP has failed too often."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "throttled": ("Too many failed sign-in attempts. Wait %(minutes)s minutes, or reset your password."),
    }

    def clean(self) -> dict[str, Any]:
        username = self.cleaned_data.get("username") or ""
        throttle = login_throttle()
        if username and throttle.is_blocked(username, client_ip(self.request)):
            raise forms.ValidationError(
                self.error_messages["throttled"], code="throttled", params={"minutes": throttle.minutes}
            )
        return super().clean()


class ApiTokenForm(forms.Form):
    """A new personal API token: its name, scope and life in days (at most API_TOKEN_MAX_DAYS)."""

    name = forms.CharField(max_length=100, help_text="What uses it, e.g. “case management sync”.")
    scope = forms.ChoiceField(
        choices=TokenScope.choices,
        initial=TokenScope.READ,
        help_text="Read only unless the script must create, change or delete saved queries.",
    )
    days = forms.IntegerField(label="Expires in (days)", min_value=1, initial=default_days)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        days = self.fields["days"]
        assert isinstance(days, forms.IntegerField)
        days.max_value = max_days()
        days.validators.append(MaxValueValidator(max_days()))
        days.widget.attrs["max"] = max_days()

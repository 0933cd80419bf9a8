from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm

from accounts.throttle import client_ip, login_throttle


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

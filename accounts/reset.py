"""Password reset, throttled per e-mail address and per client IP (accounts.throttle.ResetThrottle).

The answer is the same whether the address has an account, and whether it was throttled: the
"check your e-mail" page. A throttled request sends nothing.
"""

from __future__ import annotations

from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.views import PasswordResetView
from django.http import HttpResponse, HttpResponseRedirect

from accounts.throttle import client_ip, reset_throttle


class ThrottledPasswordResetView(PasswordResetView):
    def form_valid(self, form: PasswordResetForm) -> HttpResponse:
        if not reset_throttle().allow(form.cleaned_data["email"], client_ip(self.request)):
            return HttpResponseRedirect(self.get_success_url())
        return super().form_valid(form)

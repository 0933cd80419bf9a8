"""Who may search: an account when ``settings.SEARCH_REQUIRES_LOGIN`` says so (the default).

The accounts app owns the policy (``accounts.access``); this module is the one
place the search views import it from. Until that app is installed, a local
equivalent applies.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, JsonResponse

View = Callable[..., HttpResponse]


def _local_search_access(view: View) -> View:
    """login_required when the setting asks for it (read per request); a JSON 401 under /api/."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if getattr(settings, "SEARCH_REQUIRES_LOGIN", True) and not request.user.is_authenticated:
            if request.path.startswith("/api/"):
                return JsonResponse({"error": "Authentication required: sign in first."}, status=401)
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return wrapper


try:
    from accounts.access import export_access, search_access
except ImportError:  # the accounts app is not there yet
    search_access = _local_search_access
    export_access = _local_search_access

__all__ = ["export_access", "search_access"]

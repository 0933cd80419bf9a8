"""GET /accounts/audit/ : the audit trail for staff (``is_staff`` and ``accounts.view_auditevent``),
filtered and paginated; GET /accounts/audit.csv : the same events as CSV, streamed, at most
AUDIT_CSV_MAX_ROWS. Bad filters show a message and no events, never an error page."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseBase, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from accounts.audit_filters import AuditFilterForm, filtered_events
from accounts.models import AuditEvent
from accounts.retention import retention_days
from sheets import csv_lines

PER_PAGE = 50
PERMISSION = "accounts.view_auditevent"
HEADER = ("Time", "Event", "User", "Address", "Letter", "Query", "Rows", "Token prefix", "Status")

View = Callable[..., HttpResponseBase]


def auditor_required(view: View) -> View:
    """Staff with the audit permission; anyone else signed in gets 403, the anonymous sign in."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not (user.is_staff and user.has_perm(PERMISSION)):
            return HttpResponse("The audit trail is for staff.", status=403)
        return view(request, *args, **kwargs)

    return wrapped


def csv_limit() -> int:
    return int(getattr(settings, "AUDIT_CSV_MAX_ROWS", 100_000))


@require_GET
@auditor_required
def audit_page(request: HttpRequest) -> HttpResponse:
    form = AuditFilterForm(request.GET or None)
    valid = form.is_valid() if request.GET else True
    events = filtered_events(form.cleaned_data if request.GET else {}) if valid else AuditEvent.objects.none()
    page = Paginator(events, PER_PAGE).get_page(request.GET.get("page"))
    filters = request.GET.copy()
    filters.pop("page", None)
    context = {
        "form": form,
        "valid": valid,
        "page": page,
        "filters": filters.urlencode(),
        "retention_days": retention_days(),
    }
    return render(request, "accounts/audit.html", context, status=200 if valid else 400)


def _values(event: AuditEvent) -> tuple[str | int | None, ...]:
    """An event's cells, in HEADER's order."""
    at = timezone.localtime(event.at).isoformat(timespec="seconds")
    return (
        at,
        event.kind,
        event.username,
        event.address,
        event.letter,
        event.query,
        event.rows,
        event.token_prefix,
        event.status,
    )


def _lines(events: Any) -> Iterator[str]:
    """The events as CSV lines, read in chunks; ``sheets.csv_lines`` makes the cells formula-safe."""
    return csv_lines(HEADER, (_values(event) for event in events.iterator(chunk_size=2000)))


@require_GET
@auditor_required
def audit_csv(request: HttpRequest) -> HttpResponse | StreamingHttpResponse:
    form = AuditFilterForm(request.GET)
    if not form.is_valid():
        errors = "; ".join(str(e) for errs in form.errors.values() for e in errs)
        return HttpResponse(errors, status=400, content_type="text/plain; charset=utf-8")
    events = filtered_events(form.cleaned_data)[: csv_limit()]
    response = StreamingHttpResponse(_lines(events), content_type="text/csv; charset=utf-8")
    day = timezone.localdate(timezone=timezone.get_default_timezone()).isoformat()
    response["Content-Disposition"] = f'attachment; filename="imr-audit_{day}.csv"'
    response["X-Export-Limit"] = str(csv_limit())
    response["Cache-Control"] = "no-store"
    return response

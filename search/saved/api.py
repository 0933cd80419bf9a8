"""JSON API for saved queries (session auth, CSRF for writes). Owner-only: others get 404."""

from __future__ import annotations

import json
from typing import Any

from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from accounts.access import member_required
from accounts.limits import rate_limited
from search.api.serializers import results_json
from search.engine import run_search
from search.forms import clean_querystring, validate_querystring
from search.models import AlertFrequency, SavedQuery
from search.saved import services
from search.saved.forms import SavedQueryForm, SaveSearchForm
from search.unavailable import engine_guard


def _payload(saved_query: SavedQuery, summary: services.Summary | None = None) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": saved_query.pk,
        "name": saved_query.name,
        "params": saved_query.params,
        "alert_frequency": saved_query.alert_frequency,
        "last_run_at": saved_query.last_run_at.isoformat() if saved_query.last_run_at else None,
        "created_at": saved_query.created_at.isoformat(),
        "updated_at": saved_query.updated_at.isoformat(),
        "search_url": reverse("search:search") + (f"?{saved_query.params}" if saved_query.params else ""),
        "url": reverse("saved:api-detail", args=[saved_query.pk]),
    }
    if summary is not None:
        data.update(total_decisions=summary.decisions, total_letters=summary.letters, new=summary.new)
    return data


def _body(request: HttpRequest) -> dict[str, Any]:
    if request.content_type == "application/json":
        try:
            body = json.loads(request.body or b"{}")
        except ValueError:
            return {}
        return body if isinstance(body, dict) else {}
    return request.POST.dict()


def _errors(form: BaseForm) -> JsonResponse:
    return JsonResponse({"errors": form.errors.get_json_data()}, status=400)


@member_required("search.view_savedquery")
@rate_limited("api")
@require_http_methods(["GET", "POST"])
def api_list(request: HttpRequest) -> JsonResponse:
    if request.method == "POST":
        if not request.user.has_perm("search.add_savedquery"):
            return JsonResponse({"error": "permission denied"}, status=403)
        form = SaveSearchForm({"alert_frequency": AlertFrequency.OFF, **_body(request)})
        if not form.is_valid():
            return _errors(form)
        saved_query = services.create_saved_query(request.user, **form.cleaned_data)
        return JsonResponse(_payload(saved_query), status=201)
    with_counts = request.GET.get("counts", "1") != "0"
    if with_counts:
        items = [_payload(s.saved_query, s) for s in services.summaries(request.user)]
    else:
        items = [
            _payload(q) for q in SavedQuery.objects.filter(owner_id=request.user.pk).order_by("name", "pk")
        ]
    return JsonResponse({"results": items})


@member_required("search.view_savedquery")
@rate_limited("api")
@require_http_methods(["GET", "PATCH", "PUT", "DELETE"])
def api_detail(request: HttpRequest, pk: int) -> HttpResponse:
    saved_query = services.owned(request.user, pk)
    if request.method == "GET":
        return JsonResponse(_payload(saved_query, services.summarize(saved_query)))
    if request.method == "DELETE":
        if not request.user.has_perm("search.delete_savedquery"):
            return JsonResponse({"error": "permission denied"}, status=403)
        services.delete_saved_query(saved_query)
        return HttpResponse(status=204)
    if not request.user.has_perm("search.change_savedquery"):
        return JsonResponse({"error": "permission denied"}, status=403)
    current = {
        "name": saved_query.name,
        "params": saved_query.params,
        "alert_frequency": saved_query.alert_frequency,
    }
    form = SavedQueryForm({**current, **_body(request)}, instance=SavedQuery(owner=saved_query.owner))
    if not form.is_valid():
        return _errors(form)
    services.update_saved_query(saved_query, **form.cleaned_data)
    return JsonResponse(_payload(saved_query))


@member_required("search.view_savedquery")
@rate_limited("api")
@require_http_methods(["GET", "POST"])
@engine_guard
def api_results(request: HttpRequest, pk: int) -> JsonResponse:
    """The saved query's results in /api/search's shape (page 1 unless ?page=).

    GET changes nothing; POST also records the run (what matches now stops counting as new), as
    running it from My searches does.
    """
    saved_query = services.owned(request.user, pk)
    if request.method == "POST":
        validated = services.run_saved_query(saved_query)
    else:
        validated = validate_querystring(saved_query.params)
    try:
        page = max(1, int(request.GET.get("page", "1")))
    except ValueError:
        page = 1
    results = run_search(validated.params, page=page)
    return JsonResponse(
        {
            "id": saved_query.pk,
            "params": clean_querystring(validated.querystring),
            "messages": validated.messages,
            "total_letters": results.total_letters,
            "total_decisions": results.total_decisions,
            "results": results_json(results),
        }
    )

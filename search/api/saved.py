"""JSON API for saved queries (a session with CSRF for writes, or an API token). Owner-only: others get
404. django-ninja routes them (``search.api.schemas`` declares their answers); the bodies go
through the same forms as the pages (``search.saved.forms``)."""

import json
from typing import Annotated, Any

from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import reverse
from django.views.decorators.csrf import csrf_protect
from ninja import Router
from ninja.params.functions import Path
from pydantic import BaseModel, Field

from accounts.access import member_required
from accounts.limits import rate_limited
from search.api import schemas
from search.api.parameters import PageQuery, SavedListQuery, query_parameters, request_body
from search.api.serializers import results_json
from search.engine import run_search
from search.forms import MAX_QUERYSTRING, clean_querystring, validate_querystring
from search.models import AlertFrequency, SavedQuery
from search.saved import services
from search.saved.forms import SavedQueryForm, SaveSearchForm
from search.saved.services import NAME_MAX
from search.unavailable import engine_guard

router = Router(tags=["saved queries"])

VIEW = "search.view_savedquery"
DENIED = {401: schemas.SignInRequired, 403: schemas.Error, 429: schemas.RateLimited}
WRITE = {**DENIED, 400: schemas.FormErrors, 404: schemas.Error}
FREQUENCY: dict[str, Any] = {"enum": [f.value for f in AlertFrequency]}
NAME = r"^[^\x00]*[^\x00\s][^\x00]*$"  # not blank (runs of whitespace become one space), no NUL
NO_NUL = r"^[^\x00]*$"
# Not a string annotation (no __future__ import here): ninja reads it through the decorators.
SavedId = Annotated[int, Path(ge=1, le=2**63 - 1, description="The saved query's id.")]  # a bigint key


class SavedQueryIn(BaseModel):
    name: str = Field(min_length=1, max_length=NAME_MAX, pattern=NAME, description="One line.")
    params: str = Field(
        "", max_length=MAX_QUERYSTRING, pattern=NO_NUL, description="The search as its query string."
    )
    alert_frequency: str = Field(AlertFrequency.OFF.value, json_schema_extra=FREQUENCY)


class SavedQueryChange(BaseModel):
    name: str = Field("", min_length=1, max_length=NAME_MAX, pattern=NAME, description="Absent: unchanged.")
    params: str = Field("", max_length=MAX_QUERYSTRING, pattern=NO_NUL, description="Absent: unchanged.")
    alert_frequency: str = Field("", json_schema_extra=FREQUENCY, description="Absent: unchanged.")


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
        "url": reverse("search:api-saved-detail", args=[saved_query.pk]),
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


def _denied() -> JsonResponse:
    return JsonResponse({"error": "permission denied"}, status=403)


@router.get(
    "/saved",
    operation_id="listSavedQueries",
    summary="Your saved queries",
    response={200: schemas.SavedQueryList, **DENIED},
    openapi_extra=query_parameters(SavedListQuery),
    url_name="api-saved-list",
)
@member_required(VIEW)
@rate_limited("api")
def api_list(request: HttpRequest) -> JsonResponse:
    if request.GET.get("counts", "1") != "0":
        return JsonResponse(
            {"results": [_payload(s.saved_query, s) for s in services.summaries(request.user)]}
        )
    queries = SavedQuery.objects.filter(owner_id=request.user.pk).order_by("name", "pk")
    return JsonResponse({"results": [_payload(q) for q in queries]})


@router.post(
    "/saved",
    operation_id="createSavedQuery",
    summary="Save a search",
    response={201: schemas.SavedQuery, **WRITE},
    openapi_extra=request_body(SavedQueryIn, "The new saved query (a JSON object or a form)."),
)
@member_required(VIEW)
@rate_limited("api")
@csrf_protect
def api_create(request: HttpRequest) -> JsonResponse:
    if not request.user.has_perm("search.add_savedquery"):
        return _denied()
    form = SaveSearchForm({"alert_frequency": AlertFrequency.OFF, **_body(request)})
    if not form.is_valid():
        return _errors(form)
    saved_query = services.create_saved_query(request.user, **form.cleaned_data)
    return JsonResponse(_payload(saved_query), status=201)


@router.get(
    "/saved/{int:pk}",
    operation_id="getSavedQuery",
    summary="A saved query, with its counts",
    response={200: schemas.SavedQuery, 404: schemas.Error, **DENIED},
    url_name="api-saved-detail",
)
@member_required(VIEW)
@rate_limited("api")
def api_detail(request: HttpRequest, pk: SavedId) -> JsonResponse:
    saved_query = services.owned(request.user, pk)
    return JsonResponse(_payload(saved_query, services.summarize(saved_query)))


def _change(request: HttpRequest, pk: SavedId) -> HttpResponse:
    saved_query = services.owned(request.user, pk)
    if not request.user.has_perm("search.change_savedquery"):
        return _denied()
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


CHANGE: dict[str, Any] = {
    "response": {200: schemas.SavedQuery, **WRITE},
    "openapi_extra": request_body(SavedQueryChange, "The fields to change (a JSON object or a form)."),
}


@router.patch("/saved/{int:pk}", operation_id="updateSavedQuery", summary="Change a saved query", **CHANGE)
@member_required(VIEW)
@rate_limited("api")
@csrf_protect
def api_update(request: HttpRequest, pk: SavedId) -> HttpResponse:
    return _change(request, pk)


@router.put("/saved/{int:pk}", operation_id="replaceSavedQuery", summary="Change a saved query", **CHANGE)
@member_required(VIEW)
@rate_limited("api")
@csrf_protect
def api_replace(request: HttpRequest, pk: SavedId) -> HttpResponse:
    return _change(request, pk)


@router.delete(
    "/saved/{int:pk}",
    operation_id="deleteSavedQuery",
    summary="Delete a saved query",
    response={204: None, 404: schemas.Error, **DENIED},
)
@member_required(VIEW)
@rate_limited("api")
@csrf_protect
def api_delete(request: HttpRequest, pk: SavedId) -> HttpResponse:
    saved_query = services.owned(request.user, pk)
    if not request.user.has_perm("search.delete_savedquery"):
        return _denied()
    services.delete_saved_query(saved_query)
    return HttpResponse(status=204)


def _results(request: HttpRequest, pk: SavedId, *, record: bool) -> JsonResponse:
    saved_query = services.owned(request.user, pk)
    validated = services.run_saved_query(saved_query) if record else validate_querystring(saved_query.params)
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


RESULTS: dict[str, Any] = {
    "response": {200: schemas.SavedResults, 404: schemas.Error, 503: schemas.Error, **DENIED},
    "openapi_extra": query_parameters(PageQuery),
}


@router.get(
    "/saved/{int:pk}/results",
    operation_id="savedQueryResults",
    summary="A saved query's results",
    description="In /api/search's shape (page 1 unless `page`); changes nothing.",
    url_name="api-saved-results",
    **RESULTS,
)
@member_required(VIEW)
@rate_limited("api")
@engine_guard
def api_results(request: HttpRequest, pk: SavedId) -> JsonResponse:
    return _results(request, pk, record=False)


@router.post(
    "/saved/{int:pk}/results",
    operation_id="runSavedQuery",
    summary="Run a saved query",
    description="Its results, as GET gives them, and the run recorded: what matches now stops counting "
    "as new, as running it from My searches does.",
    **RESULTS,
)
@member_required(VIEW)
@rate_limited("api")
@csrf_protect
@engine_guard
def api_run(request: HttpRequest, pk: SavedId) -> JsonResponse:
    return _results(request, pk, record=True)

"""Thin JSON routes of the search, its outcomes and the letters: the same ``validate`` and engine calls
as the search page. django-ninja routes them; ``search.api.schemas`` declares their answers
(tests/api checks them)."""

from __future__ import annotations

from django.http import Http404, HttpRequest, JsonResponse
from ninja import Router

from accounts.access import may_download_original, search_access
from accounts.limits import rate_limited
from search.api import schemas
from search.api.parameters import OutcomesQuery, SearchQuery, query_parameters
from search.api.serializers import letter_json, outcomes_json, search_json
from search.engine import run_search
from search.forms import validate
from search.lookup import get_letter
from search.outcomes import dimension, run_outcomes, sort_of
from search.unavailable import engine_guard

router = Router(tags=["search"])  # the search, its outcomes, the letters

SIGN_IN = {401: schemas.SignInRequired, 429: schemas.RateLimited}
ENGINE = {**SIGN_IN, 503: schemas.Error}
OUTCOMES_DESCRIPTION = (
    "The outcome of the search's matching decisions (the decisions about the search, as `total_decisions` "
    "of /api/search counts them), those decided: upheld or overturned (a decision whose outcome was kept "
    "verbatim is in neither, nor in `decisions`). Rates are fractions between 0 and 1, with a 95% Wilson "
    "interval. With `by`, the same per value of one dimension: treatment-level dimensions group the "
    "decisions by their own values (a decision with two guideline sources is in both groups, one without "
    "a drug class in none), letter-level ones (specialty, state, priority, decision_year, decision_quarter) "
    "by their letter's. `citation` is the IMR reviewer's guideline citation as its normalized section "
    "(the section facet), its 50 most frequent values. Groups are never hidden: `too_small` marks those "
    "whose interval is too wide to read."
)


@router.get(
    "/search",
    operation_id="searchLetters",
    summary="Search letters",
    description="The same search as the portal's search page; invalid values never fail the request: "
    "they are dropped and explained in `messages`.",
    response={200: schemas.SearchResponse, 400: schemas.Error, **ENGINE},
    openapi_extra=query_parameters(SearchQuery),
    url_name="api-search",
)
@search_access
@rate_limited("api")
@engine_guard
def api_search(request: HttpRequest) -> JsonResponse:
    query = validate(request.GET)
    results = run_search(query.params, page=query.page)
    return JsonResponse(search_json(query, results))


@router.get(
    "/outcomes",
    operation_id="searchOutcomes",
    tags=["outcomes"],
    summary="Outcomes of a search",
    description=OUTCOMES_DESCRIPTION,
    response={200: schemas.OutcomesResponse, 400: schemas.Error, **ENGINE},
    openapi_extra=query_parameters(OutcomesQuery),
    url_name="api-outcomes",
)
@search_access
@rate_limited("api")
@engine_guard
def api_outcomes(request: HttpRequest) -> JsonResponse:
    """The search's matching decisions: their outcome in all and, with ``by``, per value of a dimension."""
    query = validate(request.GET)
    by = request.GET.get("by") or None
    try:
        dim = dimension(by) if by else None
        order = sort_of(request.GET.get("order") or "count")
    except ValueError as exc:  # an unknown breakdown or order: the message says which there are
        return JsonResponse({"error": str(exc)}, status=400)
    outcomes = run_outcomes(query.params, dim.param if dim else None, sort=order)
    return JsonResponse(outcomes_json(query, outcomes))


@router.get(
    "/letters/{case_number}",
    operation_id="getLetter",
    tags=["letters"],
    summary="One letter in full",
    description="By case number, e.g. CM13-0012345 (or id-<n> for a letter without one).",
    response={200: schemas.Letter, 404: schemas.Error, **SIGN_IN},
    url_name="api-letter",
)
@search_access
@rate_limited("api")
def api_letter(request: HttpRequest, case_number: str) -> JsonResponse:
    try:
        letter = get_letter(case_number)
    except Http404:
        return JsonResponse({"error": f"No letter with case number {case_number!r}."}, status=404)
    return JsonResponse(letter_json(letter, original_file=may_download_original(request.user)))

"""GET /api/outcomes/phrases: the words and phrases that distinguish the search's overturned from
its upheld rationales (``search.outcomes.phrases``), each with the search that shows it in context."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, JsonResponse
from ninja import Router

from accounts.access import search_access
from accounts.limits import rate_limited
from search.api import schemas
from search.api.parameters import PHRASES_DEFAULT_LIMIT as DEFAULT_LIMIT
from search.api.parameters import PHRASES_MAX_LIMIT as MAX_LIMIT
from search.api.parameters import PhrasesQuery, query_parameters
from search.api.views import ENGINE
from search.forms import validate
from search.outcomes.phrases import Phrase, Phrases, distinguishing_phrases
from search.unavailable import engine_guard

PHRASES_DESCRIPTION = (
    "The words and phrases that most distinguish the overturned from the upheld rationales among the "
    "search's decided matching decisions, each side ranked by the log-likelihood ratio G² (kept at "
    "p < 0.001, in 3 decisions or more of its side). `foreground`: the decisions of its side whose "
    "rationale has it; `background`: the decided matching decisions whose rationale has it. `querystring` "
    'is the search with `rationale:"<phrase>"` added and its side as the decision (the search page marks it).'
)

router = Router(tags=["outcomes"])


def limit_of(raw: str | None) -> int:
    """``limit`` as a number of phrases a side, 1 to ``MAX_LIMIT``; ``ValueError`` saying so."""
    if raw is None or raw == "":
        return DEFAULT_LIMIT
    if not raw.isdigit() or not 1 <= int(raw) <= MAX_LIMIT:
        raise ValueError(f"limit must be a whole number from 1 to {MAX_LIMIT}, not {raw!r}.")
    return int(raw)


def phrase_json(phrase: Phrase) -> dict[str, Any]:
    return {
        "text": phrase.text,
        "foreground": phrase.foreground,
        "background": phrase.background,
        "score": round(phrase.score, 3),
        "querystring": phrase.querystring,
        "url": phrase.search_url,
    }


def phrases_json(phrases: Phrases, messages: list[str]) -> dict[str, Any]:
    return {
        "decisions": phrases.decisions,
        "overturned_decisions": phrases.overturned_decisions,
        "upheld_decisions": phrases.upheld_decisions,
        "overturned": [phrase_json(p) for p in phrases.overturned],
        "upheld": [phrase_json(p) for p in phrases.upheld],
        "messages": messages,
    }


@router.get(
    "/outcomes/phrases",
    operation_id="outcomePhrases",
    summary="What the rationales say",
    description=PHRASES_DESCRIPTION,
    response={200: schemas.PhrasesResponse, 400: schemas.Error, **ENGINE},
    openapi_extra=query_parameters(PhrasesQuery),
    url_name="api-phrases",
)
@search_access
@rate_limited("api")
@engine_guard
def api_phrases(request: HttpRequest) -> JsonResponse:
    """The search parameters through ``SearchForm``, and ``limit`` (phrases a side); 400 for a bad limit."""
    query = validate(request.GET)
    try:
        limit = limit_of(request.GET.get("limit"))
    except ValueError as exc:
        return JsonResponse({"error": str(exc)}, status=400)
    phrases = distinguishing_phrases(query.params, limit)
    return JsonResponse(phrases_json(phrases, list(query.messages)))

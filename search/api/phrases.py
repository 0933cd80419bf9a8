"""GET /api/outcomes/phrases: the words and phrases that distinguish the search's overturned from
its upheld rationales (``search.outcomes.phrases``), each with the search that shows it in context."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_GET

from accounts.access import search_access
from accounts.limits import rate_limited
from search.forms import validate
from search.outcomes.phrases import Phrase, Phrases, distinguishing_phrases
from search.unavailable import engine_guard

DEFAULT_LIMIT = 15
MAX_LIMIT = 50


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


@require_GET
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

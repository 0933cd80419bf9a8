"""GET /outcomes/phrases : "What the rationales say", the words and phrases that most distinguish the
search's overturned rationales from its upheld ones (``search.outcomes.phrases``), as two lists side
by side, each phrase a link to the search that shows it highlighted in context.

One view, two renderings, chosen by the query parameter ``fragment``:

- ``fragment=1``: only the section's HTML (``search/partials/outcomes_phrases.html``), which the
  Outcomes page's script (``static/js/outcomes.js``) fetches once the page is shown and puts into its
  "What the rationales say" section. The phrases cost two engine requests, one of them reading
  sampled rationales, so the Outcomes page does not wait for them.
- anything else: a whole page (``search/outcomes_phrases.html``, extending ``base.html``), where the
  section's plain link leads without JavaScript.

The other parameters are the search's, validated as on the Outcomes page (``search_data``, then
``search.forms.validate``); unknown ones are ignored. A search the engine refuses says why, with
status 200, as the search page does.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from accounts.access import search_access
from search.engine import QueryRejected
from search.forms import ValidSearch, validate
from search.outcomes.phrases import (
    MAX_WORDS,
    MIN_DECISIONS,
    MIN_SCORE,
    SAMPLE_LETTERS,
    Phrase,
    Phrases,
    Side,
    distinguishing_phrases,
)
from search.unavailable import engine_guard
from search.views.context import chips
from search.views.outcomes_context import search_data

FRAGMENT_PARAM = "fragment"
LIMIT = 10  # phrases a side
TITLES: dict[Side, str] = {
    "overturned": "More often in overturned rationales",
    "upheld": "More often in upheld rationales",
}


@dataclass(frozen=True, slots=True)
class PhraseRow:
    text: str
    url: str  # the search showing it highlighted ("" for a pasted list of cases)
    counts: str  # "overturned in 41 of 52 decisions (79%)"


@dataclass(frozen=True, slots=True)
class SideList:
    key: Side
    title: str
    rows: list[PhraseRow]
    none: str  # said when ``rows`` is empty


def share(part: int, whole: int) -> str:
    return f"{part / whole:.0%}" if whole else "\u2013"


def plural(n: int, noun: str) -> str:
    return f"{n:,} {noun}" + ("" if n == 1 else "s")


def phrase_row(phrase: Phrase, side: Side) -> PhraseRow:
    """A phrase with its counts in words: of the decisions whose rationale has it, those of its side."""
    counts = (
        f"{side} in {phrase.foreground:,} of {plural(phrase.background, 'decision')} "
        f"({share(phrase.foreground, phrase.background)})"
    )
    return PhraseRow(phrase.text, phrase.search_url or "", counts)


def summary(phrases: Phrases) -> str:
    """The search's own split, against which each phrase's is set."""
    if not phrases.decisions:
        return "No matching decision was upheld or overturned: there are no rationales to compare."
    over, upheld, decided = phrases.overturned_decisions, phrases.upheld_decisions, phrases.decisions
    return (
        f"Of the {plural(decided, 'decided matching decision')}, {over:,} were overturned "
        f"({share(over, decided)}) and {upheld:,} upheld ({share(upheld, decided)})."
    )


def too_small(phrases: Phrases) -> str:
    """Why no phrase can stand out, when one outcome has too few decisions; else ""."""
    for side, count in (("overturned", phrases.overturned_decisions), ("upheld", phrases.upheld_decisions)):
        if phrases.decisions and count < MIN_DECISIONS:
            if count == 0:
                return f"None of them was {side}: there are no {side} rationales to set against the others."
            return (
                f"Only {plural(count, 'decision')} {'was' if count == 1 else 'were'} {side}: too few for "
                "a word or phrase to stand out."
            )
    return ""


def sides(phrases: Phrases) -> list[SideList]:
    lists = {"overturned": phrases.overturned, "upheld": phrases.upheld}
    return [
        SideList(
            side,
            TITLES[side],
            [phrase_row(p, side) for p in lists[side]],
            f"No word or phrase is clearly more frequent in the {side} rationales.",
        )
        for side in TITLES
    ]


def phrases_context(query: ValidSearch) -> dict[str, Any]:
    """The section's content: the two lists, or the sentence that says why there are none."""
    try:
        phrases = distinguishing_phrases(query.params, LIMIT)
    except QueryRejected as exc:  # as the search page: the reason, in a notice
        return {"refused": str(exc)}
    small = too_small(phrases)
    shown = [] if small or not phrases.decisions else sides(phrases)
    return {
        "summary": summary(phrases),
        "too_small": small,
        "sides": shown,
        "links": sum(1 for s in shown for row in s.rows if row.url),
        "unlinked": any(not row.url for s in shown for row in s.rows),
        "sample_letters": SAMPLE_LETTERS,
        "max_words": MAX_WORDS,
        "min_decisions": MIN_DECISIONS,
        "min_score": MIN_SCORE,
    }


def page_links(query: ValidSearch) -> dict[str, Any]:
    qs = query.querystring
    suffix = f"?{qs}" if qs else ""
    return {
        "q": query.text,
        "outcomes_url": reverse("search:outcomes") + suffix,
        "search_url": reverse("search:search") + suffix,
        "filters": [f"{chip.label}: {chip.value}" for chip in chips(query.query_dict())],
        "messages_engine": list(query.messages),
    }


@require_GET
@search_access
@engine_guard
def outcomes_phrases(request: HttpRequest) -> HttpResponse:
    """The section's fragment with ``fragment=1``, else the whole page (see the module docstring)."""
    query = validate(search_data(request.GET))
    context = phrases_context(query)
    if request.GET.get(FRAGMENT_PARAM) == "1":
        return render(request, "search/partials/outcomes_phrases.html", {**context, "level": 3})
    return render(request, "search/outcomes_phrases.html", {**context, **page_links(query), "level": 2})

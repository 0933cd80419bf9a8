"""Hypothesis: queries built from the grammar (every operator, with prefixes, fields, nesting, and
hostile pieces: unbalanced quotes and parentheses, huge w/N, unicode, control characters, very long
input) with random filters, through every search route on the real engine: never a 5xx, and every
message about dropped or refused input is on the page (or in the answer).

Queries are built, not filtered: each strategy yields a valid or deliberately broken query string.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

import pytest
from django.http import HttpResponse, StreamingHttpResponse
from django.test import Client
from django.urls import reverse
from django.utils.html import escape
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from search import scopes, sorts
from search.facets import FACETS
from search.outcomes import DIMENSIONS
from search.outcomes import SORTS as OUTCOME_ORDERS

pytestmark = [pytest.mark.integration, pytest.mark.usefixtures("open_search")]

# Words of the generated letters (so that some queries match), and others.
VOCABULARY = ["massage", "spasm", "acupuncture", "physical", "therapy", "chronic", "pain", "lumbar",
              "hydrocodone", "norco", "mri", "guidelines", "mtus", "odg", "surgery", "injection"]  # fmt: skip
WORDS = st.one_of(
    st.sampled_from(VOCABULARY),
    st.text(st.characters(categories=["L", "N"]), min_size=1, max_size=12),
    st.sampled_from(["ß", "café", "🦴", "ﬁ", "İstanbul", "日本語", "\u0301e", "x" * 300]),
)
PREFIXES = st.one_of(
    WORDS.map(lambda w: w[:1] + "*"),  # a*: the engine's worst case
    WORDS.map(lambda w: w + "*"),
    st.sampled_from(["*", "**", "a**", "*a", "ph*y*", "?*", "co*ti*"]),
)
FIELDS = st.sampled_from(
    ["treatment:", "rationale:", "drug:", "guideline:", "summary:", "case:",  # known
     "foo:", "TREATMENT:", "treatment::", ":", "http:", "a:b:"]  # unknown or odd
)  # fmt: skip
CONTROL = st.sampled_from(
    ["\x00", "\x01", "\x1b", "\x7f", "\u200b", "\ufeff", "\u202e", "\ud7ff", "\t", "\r\n"]
)
NUMBERS = st.one_of(
    st.integers(0, 20).map(str),
    st.sampled_from(["9" * 30, "-1", "1e9", "0x10", "", "2147483648", "00", "1.5"]),
)
CASE_NUMBERS = st.from_regex(r"CM1[0-9]-00[0-9]{5}", fullmatch=True)


def _proximity(parts: tuple[str, str, str]) -> str:
    left, op, right = parts
    return f"{left} {op} {right}"


def _queries(leaf: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.recursive(
        leaf,
        lambda inner: st.one_of(
            st.lists(inner, min_size=1, max_size=4).map(" ".join),  # all of
            st.lists(inner, min_size=2, max_size=3).map(" OR ".join),
            inner.map(lambda q: f"-{q}"),
            st.tuples(FIELDS, inner).map("".join),
            st.tuples(inner, st.booleans()).map(lambda t: f"({t[0]}" + (")" if t[1] else "")),
            st.tuples(
                inner,
                st.one_of(NUMBERS.map(lambda n: f"w/{n}"), st.sampled_from(["/s", "/p", "W/3", "w/", "/x"])),
                inner,
            ).map(_proximity),
        ),
        max_leaves=8,
    )


LEAVES = st.one_of(
    WORDS,
    PREFIXES,
    st.tuples(st.lists(st.one_of(WORDS, PREFIXES), min_size=1, max_size=4), st.booleans()).map(
        lambda t: '"' + " ".join(t[0]) + ('"' if t[1] else "")  # a phrase, its quote closed or not
    ),
    st.tuples(FIELDS, st.one_of(WORDS, PREFIXES)).map("".join),
    CASE_NUMBERS,
    CONTROL,
    st.sampled_from(
        ['"', "(", ")", "OR", "AND", "NOT", "-", "~", "^2", "\\", "/", "&&", "||", "{", "[", "<"]
    ),
)
QUERIES = st.one_of(
    _queries(LEAVES),
    st.lists(CASE_NUMBERS, min_size=1, max_size=30).map("\n".join),  # a pasted list of case numbers
    st.tuples(_queries(LEAVES), st.integers(2, 400)).map(lambda t: " ".join([t[0]] * t[1])),  # very long
    st.text(max_size=200),
)

KNOWN_VALUES = ["overturned", "upheld", "Physical Medicine", "Pain Management", "CA", "MTUS", "ODG",
                "standard", "expedited", "Opioids", "Acupuncture"]  # fmt: skip
FACET_VALUES = st.one_of(st.sampled_from(KNOWN_VALUES), st.text(max_size=30), CONTROL)
DATES = st.one_of(
    st.dates().map(str),
    st.sampled_from(["2019-13-45", "1900-01-01", "2101-01-01", "yesterday", "2015/06/01", "06/01/2015", "-1",
                     "9" * 30, "2016-02-30"]),
)  # fmt: skip
PAGES = st.one_of(
    st.integers(-(10**20), 10**20).map(str), st.sampled_from(["0", "-1", "1.5", "nan", "inf", "1e400", "x"])
)
CHOICE = st.sampled_from(["", "unknown", "RELEVANCE", "\x00", "9" * 30])


@st.composite
def filters(draw: st.DrawFn) -> list[tuple[str, str]]:
    """Random filters as request pairs: facets (repeated), dates, page, sort, scope."""
    pairs: list[tuple[str, str]] = []
    for spec in draw(st.lists(st.sampled_from(FACETS), max_size=3, unique_by=lambda f: f.param)):
        pairs += [(spec.param, v) for v in draw(st.lists(FACET_VALUES, min_size=1, max_size=3))]
    for key in draw(st.sets(st.sampled_from(["date_from", "date_to"]))):
        pairs.append((key, draw(DATES)))
    if draw(st.booleans()):
        pairs.append(("page", draw(PAGES)))
    if draw(st.booleans()):
        pairs.append(("sort", draw(st.one_of(st.sampled_from([s.value for s in sorts.SORTS]), CHOICE))))
    if draw(st.booleans()):
        pairs.append(("scope", draw(st.one_of(st.sampled_from([s.value for s in scopes.SCOPES]), CHOICE))))
    return pairs


@st.composite
def searches(draw: st.DrawFn) -> list[tuple[str, str]]:
    return [("q", draw(QUERIES)), *draw(filters())]


BREAKDOWNS = st.one_of(st.sampled_from([d.param for d in DIMENSIONS]), CHOICE)
ORDERS = st.one_of(st.sampled_from(list(OUTCOME_ORDERS)), CHOICE)
FUZZ = settings(
    max_examples=100,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def _get(client: Client, name: str, pairs: list[tuple[str, str]]) -> HttpResponse:
    response = client.get(f"{reverse(name)}?{urlencode(pairs)}")
    assert response.status_code in (200, 400), (name, pairs, response.status_code)  # never a 5xx
    if isinstance(response, StreamingHttpResponse):
        b"".join(response.streaming_content)  # the rows are made while streaming
    return response


def _shows_messages(response: HttpResponse, key: str) -> None:
    """Every message about dropped or refused input is on the page."""
    context: Any = response.context
    if response.status_code >= 400 or context is None:
        assert response.content.strip(), "a refusal says why"
        return
    page = response.content.decode()
    messages = context.get(key) or []
    for message in messages:
        assert escape(message) in page, message


# The engine's worst cases, always tried: one-letter prefixes near each other, many alternatives.
WORST = [
    "a* w/5 b*",
    "(a* OR c* OR p* OR s*) w/50 (t* OR m* OR d*)",
    "a* /s b* /p c*",
    '"a* b* c*"',
    "**",
    "treatment:a* OR rationale:b* OR drug:c* OR guideline:d* OR summary:e*",
    "w/999999999999 w/5",
    "(" * 200 + "massage",
    '"' * 101,
    "massage w/" + "9" * 40 + " spasm",
]


@FUZZ
@given(pairs=searches())
def test_search_page_and_api(client, corpus, pairs):
    search_page_and_api(client, pairs)


@pytest.mark.parametrize("q", WORST)
def test_worst_cases(client, corpus, q):
    search_page_and_api(client, [("q", q)])


def search_page_and_api(client: Client, pairs: list[tuple[str, str]]) -> None:
    _shows_messages(_get(client, "search:search", pairs), "messages_engine")
    api = _get(client, "search:api-search", pairs)
    assert ("messages" if api.status_code == 200 else "error") in api.json()


@FUZZ
@given(pairs=searches(), by=BREAKDOWNS, order=ORDERS)
def test_outcomes_page_and_api(client, corpus, pairs, by, order):
    pairs = [*pairs, ("by", by), ("order", order)]
    _shows_messages(_get(client, "search:outcomes", pairs), "messages_engine")
    assert _get(client, "search:api-outcomes", pairs).json()


@FUZZ
@given(compared=st.lists(searches(), min_size=0, max_size=5), by=BREAKDOWNS)
def test_compare_page(client, corpus, compared, by):
    pairs = [*(("s", urlencode(search)) for search in compared), ("by", by)]
    _shows_messages(_get(client, "search:compare", pairs), "messages_compare")


@FUZZ
@given(pairs=searches(), by=BREAKDOWNS)
def test_exports(client, corpus, pairs, by):
    _get(client, "search:export", pairs)
    _get(client, "search:outcomes-csv", [*pairs, ("by", by)])

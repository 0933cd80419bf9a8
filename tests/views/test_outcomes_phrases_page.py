"""GET /outcomes/phrases ("What the rationales say") through Django's test client, on the phrase
tests' letters (tests/search/phrases_corpus.py): the fragment and the whole page list the phrases
``distinguishing_phrases`` finds, with their counts in words and links to the searches that show
them highlighted; a search too small, or refused, says so with status 200, never a 500. The Outcomes
page itself only links the section: it never waits for the phrases."""

from __future__ import annotations

import html
import re

import pytest
from django.urls import reverse
from opensearchpy.exceptions import ConnectionError as EngineConnectionError

import search.views.outcomes_phrases as view
from search.engine import QueryRejected
from search.forms import validate
from search.outcomes.phrases import Phrase, Phrases, distinguishing_phrases
from tests.search.phrases_corpus import OVERTURNED_FINDING, UPHELD_FINDING

pytestmark = [
    pytest.mark.integration,
    pytest.mark.django_db,
    pytest.mark.usefixtures("open_search", "phrases_corpus"),
]

URL = reverse("search:outcomes-phrases")
SIDES = ("overturned", "upheld")


def listed(page: str, side: str) -> list[tuple[str, str, str]]:
    """(text, link, counts) of each phrase of the list of ``side``, as the page shows them."""
    section = re.search(rf'<section class="phrases__side phrases__side--{side}".*?</section>', page, re.S)
    assert section, f"the {side} list is on the page"
    item = (
        r'<li><a class="phrases__phrase" href="([^"]*)">(.*?)</a> <span class="phrases__counts">(.*?)</span>'
    )
    items = re.findall(item + "</li>", section.group(0))
    return [(html.unescape(text), html.unescape(href), html.unescape(counts)) for href, text, counts in items]


def expected(phrase: Phrase, side: str) -> tuple[str, str, str]:
    share = f"{phrase.foreground / phrase.background:.0%}"
    counts = f"{side} in {phrase.foreground} of {phrase.background} decisions ({share})"
    return phrase.text, f"/?{phrase.querystring}", counts


def get(client, params: dict, *, fragment: bool) -> str:
    response = client.get(URL, {**params, **({"fragment": "1"} if fragment else {})})
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("params", [{}, {"q": "therapy OR acupuncture"}, {"subcategory": "Acupuncture"}])
def test_the_fragment_lists_the_phrases_with_their_counts_and_links(client, params):
    page = get(client, params, fragment=True)
    assert "<html" not in page
    assert "<h3 " in page
    want = distinguishing_phrases(validate(params).params, view.LIMIT)
    assert want.overturned
    assert want.upheld
    for side in SIDES:
        assert listed(page, side) == [expected(p, side) for p in getattr(want, side)]
    links = re.search(r'data-phrase-links="(\d+)"', page)
    assert links
    assert (
        int(links.group(1))
        == len(want.overturned) + len(want.upheld)
        == page.count('class="phrases__phrase"')
    )
    assert (
        f"Of the {want.decisions:,} decided matching decisions, {want.overturned_decisions:,} were overturned"
        in page
    )


def test_the_findings_head_their_lists(client):
    page = get(client, {}, fragment=True)
    overturned = [text for text, _, _ in listed(page, "overturned")]
    upheld = [text for text, _, _ in listed(page, "upheld")]
    assert any(text in OVERTURNED_FINDING.lower() for text in overturned[:3]), overturned
    assert any(text in UPHELD_FINDING.lower() for text in upheld), upheld


def test_without_the_parameter_it_is_a_whole_page(client):
    params = {"q": "therapy OR acupuncture", "state": "CA"}
    page = get(client, params, fragment=False)
    assert page.lstrip().lower().startswith("<!doctype html>")
    assert '<h1 class="outcomes__title">What the rationales say: “therapy OR acupuncture”</h1>' in page
    assert "<h2 " in page
    qs = validate(params).querystring
    assert f'href="{reverse("search:outcomes")}?{html.escape(qs)}"' in page
    assert f'href="/?{html.escape(qs)}"' in page
    fragment = get(client, params, fragment=True)
    for side in SIDES:
        assert listed(page, side) == listed(fragment, side)


def test_a_phrase_link_shows_it_highlighted(client):
    page = get(client, {"subcategory": "Acupuncture"}, fragment=True)
    text, link, _ = listed(page, "upheld")[0]
    results = client.get(link)
    assert results.status_code == 200
    body = results.content.decode()
    marked = " ".join(re.findall(r"<mark>(.*?)</mark>", body)).lower()
    assert all(word in marked for word in text.split()), (text, marked[:300])


def test_the_outcomes_page_links_the_section_and_does_not_wait_for_it(client, monkeypatch):
    def never(*args, **kwargs):
        raise AssertionError("the Outcomes page reads no rationales")

    monkeypatch.setattr(view, "distinguishing_phrases", never)
    response = client.get(reverse("search:outcomes"), {"decision": "upheld", "by": "priority", "state": "CA"})
    assert response.status_code == 200
    page = html.unescape(response.content.decode())
    qs = validate({"decision": "upheld", "state": "CA"}).querystring
    assert f'data-phrases-url="{URL}?{qs}&fragment=1"' in page
    assert f'<a class="js-phrases-link" href="{URL}?{qs}">' in page
    assert "<script>" not in page.split("</head>", 1)[1], "no inline script in the page's body"
    plain = html.unescape(client.get(reverse("search:outcomes")).content.decode())
    assert f'data-phrases-url="{URL}?fragment=1"' in plain


@pytest.mark.parametrize(
    ("params", "sentence"),
    [
        ({"decision": "upheld"}, "None of them was overturned: there are no overturned rationales"),
        ({"decision": "overturned"}, "None of them was upheld"),
        ({"q": "zzzqqqxxyy"}, "No matching decision was upheld or overturned"),
    ],
)
@pytest.mark.parametrize("fragment", [True, False])
def test_too_small_a_search_says_so(client, params, sentence, fragment):
    page = get(client, params, fragment=fragment)
    assert sentence in page
    assert 'class="phrases__phrase"' not in page
    assert 'data-phrase-links="0"' in page


def test_a_few_decisions_of_one_side_are_too_few(client, monkeypatch):
    """Fewer decisions of one outcome than a phrase needs on its side."""
    real = distinguishing_phrases

    def few(params, limit):
        found = real(params, limit)
        return Phrases([], [], found.decisions, 2, found.decisions - 2)

    monkeypatch.setattr(view, "distinguishing_phrases", few)
    page = get(client, {}, fragment=True)
    assert "Only 2 decisions were overturned: too few for a word or phrase to stand out." in page


@pytest.mark.parametrize("fragment", [True, False])
def test_a_refused_search_is_a_message_not_a_500(client, monkeypatch, fragment):
    def refuse(*args, **kwargs):
        raise QueryRejected("This search expands to too many words.")

    monkeypatch.setattr(view, "distinguishing_phrases", refuse)
    page = get(client, {"q": "a*"}, fragment=fragment)
    assert "This search expands to too many words." in page
    assert 'class="phrases__phrase"' not in page


@pytest.mark.parametrize("fragment", ["1", ""])
def test_engine_down_is_a_503(client, monkeypatch, fragment):
    def down(*args, **kwargs):
        raise EngineConnectionError("N/A", "connection refused", None)

    monkeypatch.setattr(view, "distinguishing_phrases", down)
    response = client.get(URL, {"fragment": fragment})
    assert response.status_code == 503


def test_unknown_parameters_are_ignored_and_bad_ones_are_notices(client):
    plain = get(client, {}, fragment=True)
    odd = get(client, {"colour": "red", "by": "nothing", "order": "x", "page": "3"}, fragment=True)
    assert odd == plain
    page = get(client, {"date_from": "yesterday", "colour": "red"}, fragment=False)
    assert 'The "from" date "yesterday" is not a date' in html.unescape(page)
    assert 'class="phrases__phrase"' in page


def test_the_section_asks_for_sign_in_as_search_does(client, settings):
    settings.SEARCH_REQUIRES_LOGIN = True
    assert client.get(URL, {"fragment": "1"}).status_code in (302, 401)

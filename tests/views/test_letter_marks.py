"""The letter page's marks and hit count for a search, through the real engine: the count is the
number of places marked, and a place is where the letter matches the search, not every occurrence
of its words."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator

import pytest
from django.conf import settings
from django.test import override_settings
from django.urls import reverse

from ingest.models import Letter
from search import indexing
from tests.search.factory import save_letter
from tests.search.marked_letters import CASE, marked, marked_letter

pytestmark = [pytest.mark.integration, pytest.mark.django_db, pytest.mark.usefixtures("open_search")]

TWO_CLAUSES = '(no OR not) w/3 spasm AND "not medically necessary" w/2 massage'


@pytest.fixture(scope="module")
def letter(django_db_setup, django_db_blocker, opensearch_client) -> Iterator[Letter]:
    prefix = f"{settings.OPENSEARCH_INDEX_PREFIX}-{uuid.uuid4().hex[:8]}"
    override = override_settings(OPENSEARCH_INDEX_PREFIX=prefix)
    override.enable()
    try:
        with django_db_blocker.unblock():
            spec = marked_letter()
            letter = save_letter(spec)
            assert indexing.index_letters([letter.pk], refresh=True) == 1
        yield letter
        with django_db_blocker.unblock():
            Letter.objects.filter(pk=letter.pk).delete()
    finally:
        override.disable()
        opensearch_client.indices.delete(index=f"{prefix}-letters-*", ignore=[404])


def page(client, q: str, **params: str):
    response = client.get(reverse("search:letter", args=[CASE]), {"q": q, **params})
    assert response.status_code == 200
    return response


def main_html(response) -> str:
    return response.content.decode().split("<main", 1)[1]


def test_the_hit_count_is_the_places_the_query_matches(client, letter):
    response = page(client, TWO_CLAUSES)
    html = main_html(response)
    places = marked(html)
    assert places == ["no spasm", "Massage", "not medically necessary", "Spasm", "not"]
    assert response.context["hit_count"] == len(places) == 5
    assert len(re.findall(r'<mark class="term-hit" id="hit-\d+">', html)) == 5
    assert f'id="hit-{len(places)}"' in html
    assert "5 hits highlighted" in html
    assert "A hit is a place where this letter matches the search" in html


def test_stray_negation_words_are_not_hits(client, letter):
    places = marked(main_html(page(client, "(no OR not) w/3 spasm")))
    assert places == ["no spasm", "Spasm", "not"]  # not "has not improved", "no relief", the summary's


def test_a_phrase_is_one_hit(client, letter):
    response = page(client, '"not medically necessary"')
    assert marked(main_html(response)) == ["not medically necessary"]
    assert response.context["hit_count"] == 1


def test_a_letter_that_only_mentions_the_words_says_so(client, letter):
    response = page(client, "tried")  # only in the case summary: no decision is about it
    assert marked(main_html(response)) == ["tried"]
    assert response.context["hits_are_mentions"] is True
    assert "None of this letter's decisions matches the search" in main_html(response)
    anywhere = page(client, "tried", scope="letter")
    assert anywhere.context["hit_count"] == 1
    assert anywhere.context["hits_are_mentions"] is False


def test_no_hits_says_why(client, letter):
    response = page(client, "guideline:mtus")
    assert response.context["hit_count"] == 0
    assert "is marked for the search" in main_html(response)

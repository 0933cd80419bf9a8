"""The letter page: structure, highlighting from a search, result navigation, original file."""

from __future__ import annotations

import re
from html import unescape

import pytest
from django.urls import reverse

from accounts.services import create_account
from ingest.models import Letter

pytestmark = [pytest.mark.integration, pytest.mark.usefixtures("open_search")]


def a_letter_with_rationale() -> Letter:
    return Letter.objects.exclude(case_number=None).filter(treatments__rationale__gt="").distinct().first()


def test_letter_page_shows_the_structured_letter(client, corpus):
    letter = a_letter_with_rationale()
    response = client.get(reverse("search:letter", args=[letter.case_number]))
    html = response.content.decode()
    assert response.status_code == 200
    assert letter.case_number in html
    for treatment in letter.treatments.all():
        assert f'id="t{treatment.position}"' in html
        assert f"badge--{treatment.decision}" in html
    assert "Similar decisions" in html


def test_query_terms_are_marked_and_numbered(client, corpus):
    letter = a_letter_with_rationale()
    word = re.findall(r"[A-Za-z]{8,}", letter.treatments.exclude(rationale="").first().rationale)[0]
    response = client.get(reverse("search:letter", args=[letter.case_number]), {"q": word})
    html = response.content.decode()
    assert response.context["hit_count"] >= 1
    assert 'id="hit-1"' in html
    assert f'id="hit-{response.context["hit_count"]}"' in html
    assert 'href="#hit-1"' in html  # works without JavaScript too


def result_link(page, rank: int) -> str:
    """The letter link of the result at ``rank`` on a search page."""
    found = re.search(rf'id="r{rank}"><a href="([^"]+)"', page.content.decode())
    assert found, f"no result {rank} on the page"
    return unescape(found[1])


def test_previous_and_next_result_of_the_search(client, corpus):
    page = client.get(reverse("search:search"), {"sort": "newest"})
    hits = page.context["hits"]
    response = client.get(result_link(page, 2))
    nav = response.context["nav"]
    assert nav.rank == 2
    assert hits[0].case_number in nav.prev_url
    assert hits[2].case_number in nav.next_url
    assert "sort=newest" in nav.next_url
    assert "i=3" in nav.next_url
    assert nav.back_url.startswith("/?")
    assert nav.back_url.endswith("#r2")


def test_original_file_download(client, corpus):
    letter = Letter.objects.exclude(original_file="").exclude(case_number=None).first()
    assert letter is not None, "ingest stores the original file"
    url = reverse("search:letter-file", args=[letter.case_number])
    assert client.get(url).status_code == 302, "signed out: even when search is open, files need an account"
    client.force_login(create_account("reader", "reader@example.com", "reader long passphrase"))
    response = client.get(url)
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    assert b"".join(response.streaming_content)


def test_unknown_letter_is_404(client, corpus):
    assert client.get(reverse("search:letter", args=["CM99-0000000"])).status_code == 404
    assert client.get(reverse("search:letter", args=["id-999999"])).status_code == 404


def test_hostile_letter_params(client, corpus):
    letter = a_letter_with_rationale()
    url = reverse("search:letter", args=[letter.case_number])
    for params in (
        {"q": '"(', "i": "abc"},
        {"q": "x" * 5000, "i": "99999999"},
        {"i": "0"},
        {"q": "<script>"},
    ):
        response = client.get(url, params)
        assert response.status_code == 200
        assert "<script>" not in response.content.decode().split("<main", 1)[1]


def test_similar_decisions_share_a_subcategory(client, corpus):
    letter = a_letter_with_rationale()
    url = reverse("search:letter-similar", args=[letter.public_id])
    partial = client.get(url, HTTP_HX_REQUEST="true")
    assert partial.status_code == 200
    assert "<html" not in partial.content.decode()
    subcategories = {t.subcategory for t in letter.treatments.all()}
    for item in partial.context["similar"]:
        assert item.case_number != letter.public_id
        assert item.subcategory in subcategories
    page = client.get(url)
    assert "<html" in page.content.decode()
    assert "Similar decisions" in page.content.decode()


def test_neighbours_are_found_without_remembered_ranks(client, corpus, monkeypatch):
    from search.views import ranks

    page = client.get(reverse("search:search"), {"sort": "oldest"})
    hits = page.context["hits"]
    monkeypatch.setattr(ranks, "recall", lambda querystring, rank: None)
    nav = client.get(result_link(page, 2)).context["nav"]
    assert hits[0].case_number in nav.prev_url
    assert hits[2].case_number in nav.next_url
    assert nav.total == page.context["summary"].total_letters

"""The search page through Django's test client, against the real engine and a generated corpus."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from ingest.models import Treatment

pytestmark = [pytest.mark.integration, pytest.mark.usefixtures("open_search")]

URL = reverse("search:search")


def word_from_rationales() -> str:
    """A distinctive word that occurs in some rationale of the corpus."""
    for rationale in Treatment.objects.values_list("rationale", flat=True):
        for word in re.findall(r"[A-Za-z]{9,}", rationale):
            return word.lower()
    raise AssertionError("no rationale text in the corpus")


def test_page_lists_letters_with_facets_and_totals(client, corpus):
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="search-body"' in html
    assert "<form" in html
    assert 'name="decision"' in html  # facet checkboxes
    assert "counts disputed treatments" in html
    assert "counts letters" in html
    assert f"{len(corpus.letter_ids)} letters" in html
    assert html.count('class="hit"') == min(20, len(corpus.letter_ids))
    assert "htmx.min.js" in html


def test_query_highlights_rationale_passages(client, corpus):
    word = word_from_rationales()
    response = client.get(URL, {"q": word})
    html = response.content.decode()
    assert response.status_code == 200
    assert re.search(r"<mark>[^<]*</mark>", html), "a highlighted passage is rendered"
    assert "<mark>" not in response.context["q"]


def test_htmx_request_gets_the_partial(client, corpus):
    response = client.get(
        URL, {"decision": "overturned"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="search-body"
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<div id="search-body"')
    assert "<html" not in html
    assert "HX-Request" in response["Vary"]


def test_history_restore_gets_the_full_page(client, corpus):
    response = client.get(
        URL, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="search-body", HTTP_HX_HISTORY_RESTORE_REQUEST="true"
    )
    assert "<html" in response.content.decode()


def test_decision_filter_counts_only_that_decision(client, corpus):
    response = client.get(URL, {"decision": "overturned"})
    summary = response.context["summary"]
    assert summary.upheld == 0
    assert summary.overturned == summary.total_decisions > 0
    decisions = {t.decision for hit in response.context["hits"] for t in hit.treatments}
    assert decisions == {"overturned"}
    assert "Decision:" in response.content.decode()  # the active-filter chip


def test_upheld_overturned_summary_adds_up(client, corpus):
    response = client.get(URL)
    summary = response.context["summary"]
    expected = Treatment.objects.filter(letter_id__in=corpus.letter_ids)
    assert summary.total_decisions == expected.count()
    assert summary.upheld == expected.filter(decision="upheld").count()
    assert summary.overturned == expected.filter(decision="overturned").count()
    assert abs(summary.upheld_pct + summary.overturned_pct - 100) < 0.2
    assert f"{summary.upheld_pct}%" in response.content.decode()


def test_sort_and_pagination_links_keep_the_query(client, corpus):
    response = client.get(URL, {"q": "request", "sort": "oldest"})
    html = response.content.decode()
    assert response.status_code == 200
    dates = [h.decision_date for h in response.context["hits"] if h.decision_date]
    assert dates == sorted(dates)
    for link in re.findall(r'href="(/letters/[^"]+)"', html):
        assert "q=request" in link
        assert "i=" in link


def test_second_page_and_page_past_the_end(client, corpus):
    second = client.get(URL, {"page": 2})
    assert second.status_code == 200
    assert second.context["pagination"].page == 2
    assert second.context["pagination"].first_rank == 21
    assert 'id="r21"' in second.content.decode()
    past = client.get(URL, {"page": 999})
    assert past.status_code == 200
    assert past.context["hits"], "the last page is shown instead"
    assert "no page 999" in past.content.decode()


@pytest.mark.parametrize(
    "params",
    [
        {"q": '"unbalanced'},
        {"q": "(massage OR"},
        {"q": "OR AND NOT"},
        {"q": "x" * 10_000},
        {"q": "\uff4d\uff41\uff53\uff53\uff41\uff47\uff45 💊 \u202e\u0000"},
        {"q": "nosuchfield:thing"},
        {"date_from": "2019-02-31", "date_to": "yesterday"},
        {"page": "-5"},
        {"page": "abc"},
        {"sort": "bogus"},
        {"decision": "maybe"},
        {"q": "w/5 /s"},
        {"q": "*"},
    ],
)
def test_hostile_input_never_fails(client, corpus, params):
    response = client.get(URL, params)
    assert response.status_code == 200


def test_no_match_shows_a_friendly_empty_state(client, corpus):
    response = client.get(URL, {"q": "zzqxjvword"})
    assert response.status_code == 200
    assert "No letter matches this search" in response.content.decode()


def test_login_required_by_default(client, corpus, settings):
    settings.SEARCH_REQUIRES_LOGIN = True
    response = client.get(URL, {"q": "mri"})
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_misspelling_suggests_a_link_that_keeps_the_filters(client, corpus):
    word = word_from_rationales()
    typo = word[:3] + word[4:] if len(word) > 5 else word + "x"
    response = client.get(URL, {"q": typo, "decision": "upheld"})
    assert response.status_code == 200
    html = response.content.decode()
    if response.context["suggestions"]:
        assert "decision=upheld" in response.context["suggestions"][0]["url"]
        assert html.lower().count("did you mean") == 1


def test_a_selected_value_without_matches_stays_checked_once(client, corpus):
    """The sidebar lists what results.facet_counts gives: a selection with no bucket shows with 0."""
    response = client.get(URL, {"specialty": "Nonexistent Board", "decision": "Upheld"})
    groups = {g.param: g for g in response.context["facet_groups"]}
    specialty = [v for v in groups["specialty"].values if v.selected]
    assert [(v.value, v.count) for v in specialty] == [("Nonexistent Board", 0)]
    assert groups["specialty"].has_selection
    decisions = [v.value for v in groups["decision"].values]
    assert decisions.count("upheld") == 1
    assert "Upheld" not in decisions
    assert [p for p, g in groups.items() if g.has_selection] == ["decision", "specialty"]

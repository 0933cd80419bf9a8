"""Save, list with counts and "new since last run", run, rename, edit, delete: pages and API, real engine."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from ingest.models import Letter
from search.engine import count_matches, run_search
from search.forms import validate_querystring
from search.indexing import get_client
from search.models import AlertFrequency, SavedQuery
from tests.saved.factory import acupuncture, index, massage

pytestmark = [pytest.mark.django_db, pytest.mark.integration]


@pytest.fixture
def corpus(search_index):
    return index([acupuncture("overturned"), acupuncture("upheld"), massage("upheld")])


def _save(client, name: str, params: str, **extra):
    return client.post(reverse("saved:create"), {"name": name, "params": params, **extra})


def test_save_from_results_page_and_list_counts(client, alice, corpus):
    client.force_login(alice)
    response = _save(client, "Acupuncture", "q=acupuncture&page=3", next="/?q=acupuncture")
    assert response.status_code == 302
    assert response["Location"] == "/?q=acupuncture"
    saved = SavedQuery.objects.get(owner=alice)
    assert saved.params == "q=acupuncture"  # the page number is not part of a search
    assert saved.last_seen_count == 2  # saved from the results page: what it showed counts as seen
    page = client.get(reverse("saved:list"))
    assert page.status_code == 200
    summary = page.context["summaries"][0]
    assert (summary.decisions, summary.new) == (2, 0)


def test_new_since_last_run_and_run_marks_seen(client, alice, corpus):
    client.force_login(alice)
    _save(client, "Acupuncture", "q=acupuncture")
    saved = SavedQuery.objects.get(owner=alice)
    index([acupuncture("overturned")])
    summary = client.get(reverse("saved:list")).context["summaries"][0]
    assert (summary.decisions, summary.new) == (3, 1)
    response = client.get(reverse("saved:run", args=[saved.pk]))  # a link: shows, changes nothing
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("search:search") + "?")
    assert "acupuncture" in response["Location"]
    summary = client.get(reverse("saved:list")).context["summaries"][0]
    assert (summary.decisions, summary.new) == (3, 1)
    response = client.post(reverse("saved:run", args=[saved.pk]))  # "Run" on My searches
    assert response.status_code == 302
    assert "acupuncture" in response["Location"]
    summary = client.get(reverse("saved:list")).context["summaries"][0]
    assert (summary.decisions, summary.new) == (3, 0)
    saved.refresh_from_db()
    assert saved.last_run_at is not None


def test_run_from_my_searches_posts_through_htmx(client, alice, corpus):
    client.force_login(alice)
    _save(client, "Acupuncture", "q=acupuncture")
    saved = SavedQuery.objects.get(owner=alice)
    index([acupuncture("overturned")])
    url = reverse("saved:run", args=[saved.pk])
    page = client.get(reverse("saved:list")).content.decode()
    assert f'hx-post="{url}"' in page
    assert "X-CSRFToken" in page
    response = client.post(url, HTTP_HX_REQUEST="true")
    assert response.status_code == 204
    assert response["HX-Redirect"].startswith(reverse("search:search") + "?q=acupuncture")
    summary = client.get(reverse("saved:list")).context["summaries"][0]
    assert (summary.decisions, summary.new) == (3, 0)


def test_counts_match_the_search_page(alice, corpus):
    index([massage("overturned")])
    for params in (
        "",
        "q=acupuncture",
        "decision=upheld",
        "q=massage&decision=overturned",
        "q=nothingmatches",
        "region=Lumbar+spine&decision=upheld",
        "guideline=ODG",  # the claims administrator's, not the reviewer's: nothing
        "admin_guideline=ODG&guideline=MTUS",
        "category=Unclassified",
    ):
        validated = validate_querystring(params)
        full = run_search(validated.params, page=1, per_page=1, highlight=False)
        counts = count_matches(validated.params)
        assert (counts.letters, counts.decisions) == (full.total_letters, full.total_decisions), params


def test_counts_do_not_ask_for_facets_or_hits(alice, corpus, monkeypatch):
    client = get_client()
    bodies: list[dict] = []
    real_search = client.search

    def search(*args, **kwargs):
        bodies.append(kwargs["body"])
        return real_search(*args, **kwargs)

    monkeypatch.setattr(client, "search", search)
    monkeypatch.setattr(client, "msearch", lambda *a, **k: pytest.fail("count ran the full search"))
    counts = count_matches(validate_querystring("q=acupuncture&decision=overturned").params)
    assert (counts.letters, counts.decisions) == (1, 1)
    (body,) = bodies
    assert body["size"] == 0
    assert "highlight" not in str(body)
    assert list(body["aggs"]) == ["n"]


def test_a_saved_search_keeps_the_treatment_facets_of_issue_14(client, alice, corpus):
    client.force_login(alice)
    params = "region=Lumbar+spine&guideline=MTUS&admin_guideline=ODG&section=MTUS+Chronic+Pain%3A+Acupuncture"
    _save(client, "Lumbar, reviewer MTUS", params)
    saved = SavedQuery.objects.get(owner=alice)
    validated = validate_querystring(saved.params)
    assert validated.params.region == ("Lumbar spine",)
    assert (validated.params.guideline, validated.params.admin_guideline) == (("MTUS",), ("ODG",))
    assert validated.params.section == ("MTUS Chronic Pain: Acupuncture",)
    location = client.get(reverse("saved:run", args=[saved.pk]))["Location"]
    for part in ("region=Lumbar+spine", "guideline=MTUS", "admin_guideline=ODG", "section=MTUS"):
        assert part in location
    assert count_matches(validate_querystring("region=Lumbar+spine&guideline=MTUS").params).decisions == 2
    assert count_matches(validate_querystring("guideline=ODG").params).decisions == 0


def test_invalid_save_form_never_links_to_a_foreign_next(client, alice):
    client.force_login(alice)
    for bad in ("javascript:alert(1)", "https://evil.example/phish", "//evil.example/", "\\\\evil.example"):
        response = _save(client, "", "q=acupuncture", next=bad)
        assert response.status_code == 200  # the form again: the name is missing
        assert response.context["next"] == "/?q=acupuncture"
        content = response.content.decode()
        assert "javascript:" not in content
        assert "evil.example" not in content
    response = _save(client, "", "q=acupuncture", next="/?q=massage")
    assert response.context["next"] == "/?q=massage"


def test_filters_and_sort_survive_a_round_trip(client, alice, corpus):
    client.force_login(alice)
    params = "q=acupuncture&decision=overturned&sort=newest"
    _save(client, "Overturned acupuncture", params)
    saved = SavedQuery.objects.get(owner=alice)
    location = client.get(reverse("saved:run", args=[saved.pk]))["Location"]
    for part in ("decision=overturned", "sort=newest"):
        assert part in location
    summary = client.get(reverse("saved:list")).context["summaries"][0]
    assert summary.decisions == 1


def test_rename_edit_delete(client, alice, corpus):
    client.force_login(alice)
    _save(client, "First", "q=acupuncture")
    saved = SavedQuery.objects.get(owner=alice)
    client.post(reverse("saved:rename", args=[saved.pk]), {"name": "Renamed"})
    saved.refresh_from_db()
    assert saved.name == "Renamed"
    assert client.get(reverse("saved:edit", args=[saved.pk])).status_code == 200
    response = client.post(
        reverse("saved:edit", args=[saved.pk]),
        {"name": "Massage", "params": "?q=massage", "alert_frequency": "weekly"},
    )
    assert response.status_code == 302
    saved.refresh_from_db()
    assert (saved.name, saved.params, saved.alert_frequency) == ("Massage", "q=massage", "weekly")
    assert saved.alert_since is not None
    assert client.get(reverse("saved:delete", args=[saved.pk])).status_code == 200
    assert client.post(reverse("saved:delete", args=[saved.pk])).status_code == 302
    assert not SavedQuery.objects.filter(pk=saved.pk).exists()


def test_bad_saved_params_never_500(client, alice, corpus):
    client.force_login(alice)
    _save(client, "Odd", 'q="unbalanced (quote&date_from=not-a-date&decision=maybe')
    assert client.get(reverse("saved:list")).status_code == 200
    saved = SavedQuery.objects.get(owner=alice)
    assert client.get(reverse("saved:run", args=[saved.pk])).status_code == 302
    assert client.get(reverse("search:api-saved-results", args=[saved.pk])).status_code == 200


def test_api_round_trip(client, alice, corpus):
    client.force_login(alice)
    created = client.post(
        reverse("search:api-saved-list"),
        json.dumps({"name": "API", "params": "q=acupuncture", "alert_frequency": "daily"}),
        content_type="application/json",
    )
    assert created.status_code == 201
    pk = created.json()["id"]
    listing = client.get(reverse("search:api-saved-list")).json()["results"]
    assert [(i["id"], i["total_decisions"], i["new"]) for i in listing] == [(pk, 2, 0)]
    patched = client.patch(
        reverse("search:api-saved-detail", args=[pk]),
        json.dumps({"name": "API 2"}),
        content_type="application/json",
    )
    assert patched.status_code == 200
    assert patched.json()["name"] == "API 2"
    assert patched.json()["alert_frequency"] == "daily"
    results = client.get(reverse("search:api-saved-results", args=[pk])).json()
    assert results["total_letters"] == 2
    expected = Letter.objects.filter(treatments__subcategory="Acupuncture").values_list(
        "case_number", flat=True
    )
    assert {r["case_number"] for r in results["results"]} == set(expected)
    searched = client.get(reverse("search:api-search"), {"q": "acupuncture"}).json()
    assert results["results"] == searched["results"]  # one JSON shape of a letter result
    assert client.delete(reverse("search:api-saved-detail", args=[pk])).status_code == 204
    assert not SavedQuery.objects.filter(pk=pk).exists()


def test_api_validation_errors(client, alice):
    client.force_login(alice)
    response = client.post(
        reverse("search:api-saved-list"),
        json.dumps({"params": "q=x", "alert_frequency": "hourly"}),
        content_type="application/json",
    )
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"name", "alert_frequency"}


def test_alert_frequency_choice_on_save(client, alice, corpus):
    client.force_login(alice)
    _save(client, "Alerting", "q=massage", alert_frequency="immediate")
    saved = SavedQuery.objects.get(owner=alice)
    assert saved.alert_frequency == AlertFrequency.IMMEDIATE
    assert saved.alert_since is not None


def test_save_page_prefills_from_the_results_querystring(client, alice):
    client.force_login(alice)
    response = client.get(reverse("saved:create") + "?q=acupuncture&decision=overturned&page=4")
    assert response.status_code == 200
    form = response.context["form"]
    assert form.initial["params"] == "q=acupuncture&decision=overturned"
    assert form.initial["name"] == "acupuncture"
    assert response.context["next"] == "/?q=acupuncture&decision=overturned"


def test_api_results_get_reads_and_post_records_the_run(client, alice, corpus):
    client.force_login(alice)
    _save(client, "Acupuncture", "q=acupuncture")
    saved = SavedQuery.objects.get(owner=alice)
    SavedQuery.objects.filter(pk=saved.pk).update(last_run_at=None, last_seen_count=0)
    url = reverse("search:api-saved-results", args=[saved.pk])
    assert client.get(url).json()["total_letters"] == 2
    saved.refresh_from_db()
    assert (saved.last_run_at, saved.last_seen_count) == (None, 0)  # GET changes nothing
    assert client.post(url).json()["total_letters"] == 2
    saved.refresh_from_db()
    assert saved.last_run_at is not None
    assert saved.last_seen_count == 2

"""The treatment facets of issue #14 on the page, the API and the export, against the real engine and
a generated corpus: the guideline sources the IMR reviewer relied on (the ``guideline`` facet) apart
from the claims administrator's (``admin_guideline``), the reviewer's guideline sections
(``section``), body regions (``region``) and the decisions without a category ("Unclassified").

Every count is checked against the database's rows, counted here without the index.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest
from django.urls import reverse

from ingest.models import Treatment
from search import indexing
from tests.search.factory import LetterSpec, TreatmentSpec, save_letter
from tests.views.corpus import Corpus

pytestmark = [pytest.mark.integration, pytest.mark.usefixtures("open_search")]

SEARCH = reverse("search:search")
API = reverse("search:api-search")
EXPORT = reverse("search:export")
REVIEWER = "maximus"


def _sources(row: Treatment, *, reviewer: bool) -> set[str]:
    return {
        str(g["source"])
        for g in row.guidelines or []
        if g.get("source") and (g.get("cited_by") == REVIEWER) is reviewer
    }


def _sections(row: Treatment) -> set[str]:
    return {
        str(s) for g in row.guidelines or [] if g.get("cited_by") == REVIEWER for s in g.get("sections") or []
    }


VALUES = {  # facet -> the values of one database row it counts
    "category": lambda row: {row.category or "Unclassified"},
    "region": lambda row: set(row.body_regions or []),
    "guideline": lambda row: _sources(row, reviewer=True),
    "admin_guideline": lambda row: _sources(row, reviewer=False),
    "section": _sections,
}


def rows(corpus: Corpus) -> list[Treatment]:
    return list(Treatment.objects.filter(letter_id__in=corpus.letter_ids).select_related("letter"))


def database_counts(corpus: Corpus, facet: str) -> Counter[str]:
    return Counter(value for row in rows(corpus) for value in VALUES[facet](row))


def api(client, **params: Any) -> dict[str, Any]:
    response = client.get(API, params)
    assert response.status_code == 200
    body: dict[str, Any] = response.json()
    return body


def export(client, **params: Any) -> list[dict[str, str]]:
    response = client.get(EXPORT, params)
    assert response.status_code == 200
    return list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))


@pytest.mark.parametrize("facet", list(VALUES))
def test_the_facet_counts_are_the_databases_on_the_page_and_in_the_api(client, corpus, facet):
    want = database_counts(corpus, facet)
    page = client.get(SEARCH).context["summary"].facets[facet]
    assert Counter({f.value: f.count for f in page}) == want
    assert Counter({f["value"]: f["count"] for f in api(client)["facets"][facet]}) == want


def test_the_corpus_has_what_the_facets_tell_apart(corpus):
    """The tests below test something: regions, and sources only the claims administrator cited."""
    assert database_counts(corpus, "region")
    treatments = rows(corpus)
    assert any(_sources(row, reviewer=False) - _sources(row, reviewer=True) for row in treatments)
    assert any(_sources(row, reviewer=True) - _sources(row, reviewer=False) for row in treatments)


@pytest.mark.parametrize("facet", ["region", "guideline", "admin_guideline", "section"])
def test_selecting_a_value_finds_exactly_its_decisions(client, corpus, facet):
    counts = database_counts(corpus, facet)
    if not counts:
        pytest.skip(f"no {facet} in the generated letters")
    for value, count in counts.most_common(3):
        body = api(client, **{facet: value})
        assert body["total_decisions"] == count, value
        want = {(row.letter.public_id, row.position) for row in rows(corpus) if value in VALUES[facet](row)}
        got = {(r["Case number"], int(r["Treatment number"])) for r in export(client, **{facet: value})}
        matching = {key for key in got if key in want}
        assert matching == want, value
        page = client.get(SEARCH, {facet: value})
        assert page.context["summary"].total_decisions == count
        assert f"{value}" in page.content.decode()  # the active filter's chip


def matching(client, **params: Any) -> set[tuple[str, int]]:
    """The decisions about a search, from its export: (public id, position)."""
    return {
        (r["Case number"], int(r["Treatment number"]))
        for r in export(client, **params)
        if r["Matches search"] == "yes"
    }


def test_the_reviewers_sources_and_the_administrators_stay_apart(client, corpus):
    """A source only the claims administrator cited is neither counted by the guideline facet nor
    shown as the reviewer's on a card or in the API."""
    row = next(
        r
        for r in rows(corpus)
        if r.letter.case_number and _sources(r, reviewer=False) - _sources(r, reviewer=True)
    )
    only_admin = sorted(_sources(row, reviewer=False) - _sources(row, reviewer=True))[0]
    key = (row.letter.public_id, row.position)
    assert key not in matching(client, guideline=only_admin)
    assert key in matching(client, admin_guideline=only_admin)
    body = api(client, q=row.letter.case_number)
    hit = next(t for h in body["results"] for t in h["treatments"] if t["position"] == row.position)
    assert set(hit["guideline_sources"]) == _sources(row, reviewer=True)
    assert set(hit["administrator_guideline_sources"]) == _sources(row, reviewer=False)
    cards = client.get(SEARCH, {"admin_guideline": only_admin}).content.decode()
    assert "Claims administrator: " in cards
    assert "IMR reviewer: " in cards


def test_the_export_has_the_new_columns_from_the_rows(client, corpus):
    by_key = {(row.letter.public_id, row.position): row for row in rows(corpus)}
    exported = export(client)
    assert len(exported) == len(by_key)
    for line in exported:
        row = by_key[(line["Case number"], int(line["Treatment number"]))]
        assert line["Category basis"] == row.basis
        assert line["Body regions"] == "; ".join(row.body_regions or [])
        assert set(filter(None, line["Guideline sources (IMR reviewer)"].split("; "))) == _sources(
            row, reviewer=True
        )
        assert set(filter(None, line["Guideline sources (claims administrator)"].split("; "))) == _sources(
            row, reviewer=False
        )
        assert set(filter(None, line["Guideline sections (IMR reviewer)"].split("; "))) == _sections(row)


def test_the_sidebar_names_whose_guidelines_and_folds_the_administrators(client, corpus):
    html = client.get(SEARCH).content.decode()
    assert "Guideline source (IMR reviewer)" in html
    assert "Guideline source (claims administrator)" in html
    assert "Body region" in html
    admin = html.split('data-facet="admin_guideline"', 1)
    assert len(admin) == 2
    assert "open" not in html.split('data-facet="admin_guideline"')[0].rsplit("<details", 1)[1]
    selected = client.get(SEARCH, {"admin_guideline": "MTUS"}).content.decode()
    assert "open" in selected.split('data-facet="admin_guideline"')[0].rsplit("<details", 1)[1]


def test_the_letter_page_says_how_the_category_was_decided_and_whose_guidelines(client, corpus):
    row = next(
        r for r in rows(corpus) if r.basis and _sources(r, reviewer=False) and _sources(r, reviewer=True)
    )
    html = client.get(reverse("search:letter", args=[row.letter.public_id])).content.decode()
    labels = {
        "request": "Category from the request",
        "guideline": "Category from the guideline citations",
        "rationale": "Category from the rationale",
    }
    assert labels[row.basis] in html
    assert "Guidelines the IMR reviewer relied on" in html
    assert "Cited by the claims administrator" in html
    body = client.get(reverse("search:api-letter", args=[row.letter.public_id])).json()
    treatment = next(t for t in body["treatments"] if t["position"] == row.position)
    assert treatment["basis"] == row.basis
    assert treatment["body_regions"] == list(row.body_regions or [])
    assert all("sections" in g for g in treatment["guidelines"])


@pytest.fixture
def unclassified(corpus: Corpus) -> Iterator[LetterSpec]:
    """A letter with one decision nothing names a category of, indexed beside the corpus."""
    spec = LetterSpec(
        "CM99-0001414", dt.date(2016, 5, 1), "standard", ["Pain Medicine"], ["CA"], "A worker fell.",
        [TreatmentSpec("Purchase of a hot tub for home use", "upheld", "", "", sources=["MTUS"], basis="",
                       rationale="A hot tub is not medical treatment.")],
    )  # fmt: skip
    letter = save_letter(spec)
    indexing.index_letters([letter.pk], refresh=True)
    try:
        yield spec
    finally:
        indexing.delete_letters([letter.pk], refresh=True)


def test_an_unclassified_decision_is_listed_and_selectable(client, corpus, unclassified):
    want = database_counts(corpus, "category")["Unclassified"] + 1
    page = client.get(SEARCH)
    counts = {f.value: f.count for f in page.context["summary"].facets["category"]}
    assert counts["Unclassified"] == want
    assert 'value="Unclassified"' in page.content.decode()
    selected = client.get(SEARCH, {"category": "Unclassified"})
    assert selected.context["summary"].total_decisions == want
    assert unclassified.case_number in selected.content.decode()
    body = api(client, category="Unclassified")
    assert body["total_decisions"] == want
    hit = next(h for h in body["results"] if h["case_number"] == unclassified.case_number)
    assert [(t["category"], t["subcategory"], t["basis"]) for t in hit["treatments"]] == [
        ("Unclassified", None, None)
    ]
    letter = client.get(reverse("search:letter", args=[unclassified.case_number])).content.decode()
    assert "Unclassified: nothing in the decision names a category" in letter

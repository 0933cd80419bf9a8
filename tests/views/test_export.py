"""CSV export: every decision of every letter found, in the page's order, with a match column and a
link to each letter, under a file name with the date and the search. Against the real engine."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections import Counter
from urllib.parse import quote, urlsplit

import pytest
from django.db.models import Count
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone

from ingest.models import Letter, Treatment
from search.engine import run_search
from search.forms import validate

pytestmark = [pytest.mark.integration, pytest.mark.usefixtures("open_search")]

HEADER = [
    "Case number",
    "Decision date",
    "Date assigned",
    "Date of injury",
    "Priority",
    "Reviewer specialties",
    "Reviewer license states",
    "Treatment number",
    "Matches search",
    "Request",
    "Category",
    "Subcategory",
    "Drug class",
    "Category basis",
    "Body regions",
    "Decision",
    "Guideline sources (IMR reviewer)",
    "Guideline sections (IMR reviewer)",
    "Guideline sources (claims administrator)",
    "Rationale",
    "Letter link",
]
WORD = "chiropractic"  # in 4 letters' decisions (3 of them with other decisions) and 12 case summaries


def export(client, **params: str) -> list[dict[str, str]]:
    response = client.get(reverse("search:export"), params)
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def letter_order(rows: list[dict[str, str]]) -> list[str]:
    return list(dict.fromkeys(r["Case number"] for r in rows))


def treatment_counts(rows: list[dict[str, str]]) -> dict[str, int]:
    """The database's number of disputed treatments of each letter in ``rows``, by public id."""
    letters = Letter.objects.annotate(n=Count("treatments"))
    by_id = {letter.public_id: letter.n for letter in letters}
    return {case: by_id[case] for case in letter_order(rows)}


def test_the_header_names_every_column_in_order(client, corpus):
    response = client.get(reverse("search:export"), {"q": WORD})
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    assert next(csv.reader(io.StringIO(text[1:]))) == HEADER


def test_response_is_a_streamed_uncached_attachment(client, corpus):
    response = client.get(reverse("search:export"), {"decision": "upheld"})
    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment; ")
    assert response["Cache-Control"] == "no-store"


def test_a_filter_exports_every_decision_of_its_letters_and_marks_those_it_selects(client, corpus):
    rows = export(client, decision="upheld")
    letters = Letter.objects.filter(pk__in=corpus.letter_ids, treatments__decision="upheld").distinct()
    decisions = Treatment.objects.filter(letter__in=letters)
    assert len(rows) == decisions.count()
    assert {r["Case number"] for r in rows} == {letter.public_id for letter in letters}
    truth = {(t.letter.public_id, str(t.position)): t.decision for t in decisions.select_related("letter")}
    for row in rows:
        expected = "yes" if truth[row["Case number"], row["Treatment number"]] == "upheld" else "no"
        assert row["Matches search"] == expected, row["Case number"]
    assert Counter(r["Matches search"] for r in rows) == {
        "yes": decisions.filter(decision="upheld").count(),
        "no": decisions.exclude(decision="upheld").count(),
    }


@pytest.mark.parametrize("scope", ["decision", "request", "letter"])
def test_the_match_column_counts_what_the_page_counts_in_each_scope(client, corpus, scope):
    rows = export(client, q=WORD, scope=scope)
    page = run_search(validate({"q": WORD, "scope": scope}).params, per_page=100)
    assert sum(r["Matches search"] == "yes" for r in rows) == page.total_decisions
    assert len(letter_order(rows)) == page.total_letters
    assert Counter(r["Case number"] for r in rows) == treatment_counts(rows)  # every decision of each letter


def test_the_scope_changes_the_export_as_it_changes_the_page(client, corpus):
    in_decisions = export(client, q=WORD)
    in_letters = export(client, q=WORD, scope="letter")
    yes = {
        scope: sum(r["Matches search"] == "yes" for r in rows)
        for scope, rows in (("decision", in_decisions), ("letter", in_letters))
    }
    assert yes["letter"] > yes["decision"] > 0
    # a letter found only through its case summary is exported with none of its decisions matching
    by_letter: dict[str, set[str]] = {}
    for row in in_decisions:
        by_letter.setdefault(row["Case number"], set()).add(row["Matches search"])
    assert {"no"} in by_letter.values()
    assert any(marks == {"yes", "no"} for marks in by_letter.values())


def test_the_page_links_its_export_with_its_scope_and_sort(client, corpus):
    response = client.get(reverse("search:search"), {"q": WORD, "scope": "letter", "sort": "oldest"})
    export_url = response.context["export_url"]
    assert export_url.startswith(reverse("search:export") + "?")
    assert (
        validate(QueryDict(urlsplit(export_url).query)).params
        == validate({"q": WORD, "scope": "letter", "sort": "oldest"}).params
    )


def test_every_letter_link_opens_that_letter_at_the_rows_decision(client, corpus):
    rows = export(client)
    assert len(letter_order(rows)) == len(corpus.letter_ids)
    opened: set[str] = set()
    for row in rows:
        link = urlsplit(row["Letter link"])
        assert (link.scheme, link.netloc) == ("http", "testserver")
        assert link.path == reverse("search:letter", args=[row["Case number"]])
        assert link.fragment == f"t{row['Treatment number']}"
        if link.path not in opened:
            page = client.get(link.path)
            assert page.status_code == 200, row["Letter link"]
            assert f'id="{link.fragment}"' in page.content.decode()
            opened.add(link.path)
    assert any("/letters/id-" in path for path in opened)  # letters without a case number too


def test_newest_and_oldest_list_the_letters_in_reverse_order(client, corpus):
    newest, oldest = export(client, sort="newest"), export(client, sort="oldest")
    dates = {r["Case number"]: r["Decision date"] for r in newest}
    dated = [c for c in letter_order(newest) if dates[c]]
    undated = [c for c in letter_order(newest) if not dates[c]]
    assert letter_order(newest) == dated + undated  # a letter without a date comes last in both orders
    assert [c for c in letter_order(oldest) if dates[c]] == dated[::-1]
    assert letter_order(oldest)[len(dated) :] == sorted(undated, key=_letter_pk)
    assert letter_order(newest)[len(dated) :] == sorted(undated, key=_letter_pk, reverse=True)
    assert [dates[c] for c in dated] == sorted((dates[c] for c in dated), reverse=True)
    assert len(dated) > 1
    assert undated


def _letter_pk(public_id: str) -> int:
    if public_id.startswith("id-"):
        return int(public_id[3:])
    return Letter.objects.get(case_number=public_id).pk


def test_relevance_keeps_the_pages_order(client, corpus):
    rows = export(client, q=WORD)
    page = run_search(validate({"q": WORD}).params, per_page=100)
    assert letter_order(rows) == [letter.public_id for letter in page.results]


@pytest.mark.parametrize("sort", ["relevance", "newest", "oldest"])
def test_a_letters_rows_stay_together_in_position_order(client, corpus, sort):
    rows = export(client, q=WORD, sort=sort)
    order = [r["Case number"] for r in rows]
    assert order == [c for c in letter_order(rows) for _ in range(order.count(c))]
    for case in letter_order(rows):
        positions = [int(r["Treatment number"]) for r in rows if r["Case number"] == case]
        assert positions == sorted(positions)


def test_the_file_name_has_the_portals_date_and_the_search(client, corpus):
    before = timezone.localdate(timezone=timezone.get_default_timezone())
    response = client.get(reverse("search:export"), {"q": 'Chiropractic "low back" w/5 Ibuprofène/naproxen'})
    after = timezone.localdate(timezone=timezone.get_default_timezone())
    names = {
        f"imr-decisions_{day:%Y-%m-%d}_chiropractic-low-back-w5-ibuprofene-naproxen.csv"
        for day in (before, after)
    }
    disposition = response["Content-Disposition"]
    assert any(disposition == f"attachment; filename=\"{n}\"; filename*=UTF-8''{quote(n)}" for n in names)
    disposition.encode("ascii")


def test_a_search_without_words_is_named_after_its_filters(client, corpus):
    response = client.get(reverse("search:export"), {"decision": "upheld", "date_from": "2020-01-01"})
    assert response["Content-Disposition"].endswith("_upheld-from-2020-01-01.csv")
    plain = client.get(reverse("search:export"))
    day = dt.date.fromisoformat(plain["Content-Disposition"].split("_", 1)[1][:10])
    assert plain["Content-Disposition"].startswith(f'attachment; filename="imr-decisions_{day:%Y-%m-%d}.csv"')


def test_export_is_capped(client, corpus, settings):
    settings.EXPORT_MAX_ROWS = 3
    response = client.get(reverse("search:export"))
    assert response["X-Export-Limit"] == "3"
    assert len(export(client)) == 3


def test_export_cap_is_stated_on_the_page(client, corpus, settings):
    settings.EXPORT_MAX_ROWS = 10_000
    html = client.get(reverse("search:search")).content.decode()
    assert "10,000 rows" in html

"""search.outcomes.phrases and GET /api/outcomes/phrases: the phrases that distinguish overturned from
upheld rationales. Pure parts without a cluster; then, on the factory corpus and on the 40 real
letters, every count equals one made straight from the database (the rationales of the decided
matching decisions, matched as whole words), and each phrase's link finds exactly its foreground."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

import jsonschema
import pytest
from django.test import override_settings
from django.urls import reverse

from ingest.models import Treatment
from search import indexing
from search.engine import run_search
from search.forms import SearchParams, validate, validate_querystring
from search.outcomes.phrases import (
    Phrases,
    distinguishing_phrases,
    log_likelihood,
    phrase_clause,
    phrases_in,
    querystring,
)
from search.query import compile_query
from tests.conftest import shared_path
from tests.search.phrases_corpus import OVERTURNED_FINDING, UPHELD_FINDING
from tests.search.truth_corpus import Ingested, drop, ingest_files

# --- pure ---------------------------------------------------------------------------------------


def test_phrases_are_runs_of_words_within_a_clause_without_stop_words_at_their_ends() -> None:
    found = phrases_in(
        "There is no documentation of functional improvement. The request is not medically necessary."
    )
    assert {
        "no documentation",
        "no documentation of functional improvement",
        "not medically necessary",
    } <= found
    assert {"documentation", "functional", "not"} <= found  # single words of 3 letters or more
    assert not any(p.split()[0] in {"is", "of", "the"} or p.split()[-1] in {"is", "of", "the"} for p in found)
    assert "improvement the request" not in found  # never across a sentence
    assert not any(len(p.split()) > 5 for p in found)


def test_numbers_break_a_phrase_and_text_is_folded_as_the_exact_field_folds_it() -> None:
    found = phrases_in("Pain decreased from 8/10 to 4/10 with Café use; the patient\u2019s pain")
    assert "pain decreased" in found
    assert not any(re.search(r"\d", p) for p in found)
    assert "cafe use" in found
    assert "patient's pain" in found


def test_log_likelihood_is_signed_by_the_higher_rate_and_zero_without_a_difference() -> None:
    assert log_likelihood(30, 100, 10, 900) > 10.83
    assert log_likelihood(10, 900, 30, 100) == pytest.approx(-log_likelihood(30, 100, 10, 900))
    assert log_likelihood(10, 100, 90, 900) == pytest.approx(0.0, abs=1e-9)
    assert log_likelihood(0, 0, 5, 10) == 0.0
    assert log_likelihood(5, 10, 10, 10) < 0  # 50% against 100%
    # by hand: 2 * sum(observed * ln(observed / expected)) over [[8, 2], [2, 8]], 5 expected in each
    assert log_likelihood(8, 10, 2, 10) == pytest.approx(2 * (16 * math.log(1.6) + 4 * math.log(0.4)))


def test_the_count_clause_is_the_query_languages_rationale_phrase() -> None:
    clause = phrase_clause("no documentation")
    assert clause == compile_query('rationale:"no documentation"').treatment_match
    assert clause["multi_match"]["fields"] == ["treatments.rationale.exact"]


def test_the_link_adds_the_phrase_to_the_search_and_selects_its_side() -> None:
    params = validate(
        {"q": "acupuncture OR massage", "state": "CA", "decision": "upheld", "page": "3"}
    ).params
    compiled = compile_query(params.q)
    linked = validate_querystring(querystring(params, compiled, "no documentation", "overturned")).params
    assert linked.q == '(acupuncture OR massage) rationale:"no documentation"'
    assert linked.decision == ("overturned",)
    assert linked.state == ("CA",)
    assert linked.page == 1
    plain = validate_querystring(querystring(SearchParams(), compile_query(""), "not", "upheld")).params
    assert plain.q == 'rationale:"not"'
    cases = SearchParams(q="CM16-0221706 CM16-0232182")
    assert querystring(cases, compile_query(cases.q), "not", "upheld") == ""


# --- against the engine: the factory corpus -----------------------------------------------------


def _has(text: str) -> re.Pattern[str]:
    """``text``'s words in a row, whole words, as the standard tokenizer reads them, ignoring case."""
    words = r"[^\w']+".join(map(re.escape, text.split()))
    return re.compile(rf"(?<![\w']){words}(?!\w|'\w)", re.IGNORECASE)


def _truth(rows: Iterable[tuple[str, str]], text: str) -> tuple[int, int, int, int]:
    """(overturned, upheld, overturned with ``text``, decided with ``text``) of (decision, rationale) rows."""
    pattern = _has(text)
    decided = [(d, r) for d, r in rows if d in ("overturned", "upheld")]
    over = [r for d, r in decided if d == "overturned"]
    having = [d for d, r in decided if pattern.search(r)]
    return len(over), len(decided) - len(over), having.count("overturned"), len(having)


def _check_counts(phrases: Phrases, rows: list[tuple[str, str]]) -> None:
    """Every count of ``phrases`` is the database's; every link finds exactly the phrase's foreground."""
    for side in ("overturned", "upheld"):
        for phrase in getattr(phrases, side):
            over, upheld, over_with, with_ = _truth(rows, phrase.text)
            assert (phrases.overturned_decisions, phrases.upheld_decisions) == (over, upheld)
            assert phrase.background == with_, phrase
            assert phrase.foreground == (over_with if side == "overturned" else with_ - over_with), phrase
            assert phrase.score == pytest.approx(
                abs(log_likelihood(over_with, over, with_ - over_with, upheld))
            )
            linked = run_search(validate_querystring(phrase.querystring).params, highlight=False)
            assert linked.total_decisions == phrase.foreground, phrase
            assert (linked.overturned if side == "overturned" else linked.upheld) == phrase.foreground


def _rows(ids: list[int], **filters: object) -> list[tuple[str, str]]:
    rows = Treatment.objects.filter(letter_id__in=ids, **filters).values_list("decision", "rationale")
    return [(d, r) for d, r in rows]


@pytest.mark.integration
@pytest.mark.django_db
def test_the_findings_that_go_with_each_outcome_come_first(phrases_corpus) -> None:
    phrases = distinguishing_phrases(SearchParams())
    overturned = [p.text for p in phrases.overturned]
    upheld = [p.text for p in phrases.upheld]
    assert any(p in OVERTURNED_FINDING.lower() for p in overturned[:3]), overturned
    assert any("not" in p.split() for p in upheld[:3]), upheld  # "... is not medically necessary"
    assert any(p in UPHELD_FINDING.lower() for p in upheld), upheld
    assert not set(overturned) & set(upheld)
    assert all(p.score >= 10.83 and p.foreground >= 3 for p in [*phrases.overturned, *phrases.upheld])
    _check_counts(phrases, _rows(phrases_corpus))


@pytest.mark.integration
@pytest.mark.django_db
def test_counts_are_the_searchs_decided_matching_decisions(phrases_corpus) -> None:
    acupuncture = distinguishing_phrases(validate({"subcategory": "Acupuncture"}).params, limit=5)
    assert len(acupuncture.overturned) <= 5
    assert len(acupuncture.upheld) <= 5
    _check_counts(acupuncture, _rows(phrases_corpus, subcategory="Acupuncture"))
    california = distinguishing_phrases(validate({"state": "CA"}).params)
    _check_counts(california, _rows(phrases_corpus, letter__reviewer_license_states__contains=["CA"]))


@pytest.mark.integration
@pytest.mark.django_db
def test_a_link_with_words_finds_its_foreground(phrases_corpus) -> None:
    phrases = distinguishing_phrases(validate({"q": "therapy OR acupuncture"}).params, limit=4)
    assert phrases.overturned
    assert phrases.upheld
    for phrase in [*phrases.overturned, *phrases.upheld]:
        linked = run_search(validate_querystring(phrase.querystring).params, highlight=False)
        assert linked.total_decisions == phrase.foreground, phrase


@pytest.mark.integration
@pytest.mark.django_db
def test_one_outcome_selected_leaves_nothing_to_tell_apart(phrases_corpus) -> None:
    phrases = distinguishing_phrases(validate({"decision": "upheld"}).params)
    assert phrases.overturned == phrases.upheld == []
    assert phrases.overturned_decisions == 0
    assert phrases.upheld_decisions > 0


# --- the API ------------------------------------------------------------------------------------


@pytest.mark.integration
@pytest.mark.django_db
def test_the_api_returns_the_phrases_with_their_links(client, phrases_corpus, open_search) -> None:
    answer = client.get(reverse("search:api-phrases"), {"subcategory": "Acupuncture", "limit": "4"})
    assert answer.status_code == 200
    body = answer.json()
    want = distinguishing_phrases(validate({"subcategory": "Acupuncture"}).params, limit=4)
    assert body["decisions"] == want.decisions
    assert [p["text"] for p in body["overturned"]] == [p.text for p in want.overturned]
    assert [p["text"] for p in body["upheld"]] == [p.text for p in want.upheld]
    for item in [*body["overturned"], *body["upheld"]]:
        assert set(item) == {"text", "foreground", "background", "score", "querystring", "url"}
        assert item["url"] == reverse("search:search") + "?" + item["querystring"]
    spec = client.get(reverse("search:api-openapi")).json()
    get = spec["paths"]["/api/outcomes/phrases"]["get"]
    schema = get["responses"]["200"]["content"]["application/json"]["schema"]
    jsonschema.Draft202012Validator({**schema, "components": spec["components"]}).validate(body)
    assert {"q", "subcategory", "scope", "limit"} <= {p["name"] for p in get["parameters"]}


@pytest.mark.parametrize("limit", ["0", "51", "x", "-1"])
@pytest.mark.django_db
def test_a_bad_limit_is_a_400(client, open_search, limit) -> None:
    answer = client.get(reverse("search:api-phrases"), {"limit": limit})
    assert answer.status_code == 400
    assert "limit" in answer.json()["error"]


@pytest.mark.django_db
def test_the_api_asks_for_sign_in_as_search_does(client, settings) -> None:
    settings.SEARCH_REQUIRES_LOGIN = True
    assert client.get(reverse("search:api-phrases")).status_code in (302, 401)


# --- the 40 real letters ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def real(index_prefix, django_db_setup, django_db_blocker, tmp_path_factory) -> Iterator[list[int]]:
    """The real letters in an index of their own (the module's holds the factory corpus)."""
    pdfs = sorted(shared_path("letters", "real").glob("*.pdf"))
    media: Path = tmp_path_factory.mktemp("media")
    with override_settings(OPENSEARCH_INDEX_PREFIX=f"{index_prefix}-real"), django_db_blocker.unblock():
        ingested: Ingested = ingest_files(pdfs, "real letters phrases", media)
    try:
        assert len(ingested.letters) == len(pdfs)
        yield list(ingested.letters.values())
    finally:
        with django_db_blocker.unblock():
            drop(ingested)
        indexing.get_client().indices.delete(index=f"{index_prefix}-real-letters-*", ignore=[404])


@pytest.mark.integration
@pytest.mark.slow
@pytest.mark.django_db
def test_on_the_real_letters_not_medically_necessary_goes_with_upheld(real, index_prefix) -> None:
    with override_settings(OPENSEARCH_INDEX_PREFIX=f"{index_prefix}-real"):
        phrases = distinguishing_phrases(SearchParams())
        upheld = [p.text for p in phrases.upheld]
        assert any("not" in p.split() for p in upheld), upheld
        _check_counts(phrases, _rows(real))

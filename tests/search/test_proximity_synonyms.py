"""Proximity searches over words with many synonyms, against the real engine.

The search vocabulary gives hydrocodone some twenty forms (Norco, Lortab, Vicodin, "hydrocodone
bitartrate", ...). A word joining drug names ("norco/lortab") is a sequence of such stretches: its
interval rule holds the sum of their forms, not their product (``search.query.proximity``), and
finds what it should in hand-written letters. A search that expands beyond what one rule may hold,
or that the engine refuses, gets a message on the page (status 200) and a 400 in the API, never a
500.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse
from opensearchpy.exceptions import TransportError

from accounts.services import create_account
from ingest.models import Letter
from search import indexes, indexing
from search.engine import REFUSED, caused_by_query, run_search
from search.forms import SearchForm
from search.models import SavedQuery
from search.query import TOO_MANY_FORMS
from search.query.analysis import Analysis, analyze
from search.query.ast import Term
from search.query.parser import parse
from search.query.proximity import MAX_TERMS, interval_rule, size
from search.scopes import SCOPES
from tests.search.factory import LetterSpec, TreatmentSpec, save_letter

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

FIELD = "treatments.paragraphs"
PREFIXED = 130  # words of one prefix in a letter: more than the engine expands in a rule (128)
# (request, rationale) of each letter, by case number
LETTERS = {
    "CM95-0000001": ("Norco/Lortab 5/325mg #60", "Opioids are not supported without documented benefit."),
    "CM95-0000002": ("Norco 10/325mg #60", "Opioids are not supported without documented benefit."),
    # "hydrocodone bitartrate" is a form of its own: three words from #60 as the engine reads it
    "CM95-0000003": ("Hydrocodone bitartrate/acetaminophen 10/325mg #60", "Not supported."),
    "CM95-0000004": (
        "Opioid taper",
        "Vicodin/Norco/Lortab/Hysingla were tried in turn over two years. "
        "The worker now takes 60 tablets a month.",
    ),
    "CM95-0000005": ("Tramadol 50mg #60", "Opioids are not supported without documented benefit."),
    "CM95-0000006": ("Zolpidem 10mg #30", " ".join(f"zqa{i:03d}" for i in range(PREFIXED)) + " 60"),
}
FOUND = {
    "norco/lortab w/3 60": {"CM95-0000001"},
    "lortab/norco pre/3 60": {"CM95-0000001"},
    "norco-lortab-vicodin-zohydro w/50 60": {"CM95-0000004"},
    "hydrocodone w/3 60": {"CM95-0000001", "CM95-0000002", "CM95-0000003"},
    "norco w/3 60": {"CM95-0000001", "CM95-0000002", "CM95-0000003"},
    "hydrocodone/apap w/3 60": {"CM95-0000001", "CM95-0000002", "CM95-0000003"},
    "norco/lortab /s 60": {"CM95-0000001"},
    "tramadol w/3 60": {"CM95-0000005"},
    "opioids -(norco-lortab-vicodin-zohydro w/50 60)": {"CM95-0000001", "CM95-0000002", "CM95-0000005"},
}
# Nine drug names in one word: more forms than one rule may hold (each stretch fourteen)
TOO_MANY = "-".join(["norco", "lortab", "vicodin", "zohydro"] * 2 + ["norco"]) + " w/3 60"
# Seven: the most that fit, run in every scope with the facets and the marks
LARGEST = "-".join(["norco", "lortab", "vicodin", "zohydro", "norco", "lortab", "vicodin"]) + " w/3 60"


@pytest.fixture(scope="module")
def letters(index_prefix, django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        specs = [
            LetterSpec(
                case,
                dt.date(2017, 1, 2) + dt.timedelta(days=n),
                "standard",
                ["Pain Medicine"],
                ["CA"],
                "The worker hurt his back lifting boxes.",
                [TreatmentSpec(request, "upheld", "Pharmaceuticals", "Opioids", rationale=rationale)],
            )
            for n, (case, (request, rationale)) in enumerate(LETTERS.items())
        ]
        for spec in specs:
            save_letter(spec)
        assert indexing.index_letters([s.pk for s in specs], refresh=True) == len(specs)
    yield specs
    with django_db_blocker.unblock():
        Letter.objects.filter(pk__in=[s.pk for s in specs]).delete()


def found(q: str, scope: str = "decision") -> set[str]:
    res = run_search(SearchForm({"q": q, "scope": scope}).params(), per_page=100)
    return {r.case_number for r in res.results if not r.mentioned_only}


def engine_analysis(client: Any, q: str) -> Analysis:
    node, _ = parse(q)

    def send(analyzer: str, text: str) -> dict[str, Any]:
        body = {"analyzer": analyzer, "text": text}
        answer: dict[str, Any] = client.indices.analyze(index=indexes.alias_name(), body=body)
        return answer

    return analyze(node, send)


@pytest.mark.parametrize("q", list(FOUND))
def test_a_proximity_search_over_synonyms_finds_its_letters(letters, q):
    assert found(q) == FOUND[q]


def test_the_rule_of_a_word_of_drug_names_holds_the_sum_of_their_forms(letters, opensearch_client):
    q = "norco-lortab-vicodin-zohydro w/50 60"
    node, _ = parse(q)
    assert node is not None
    words = engine_analysis(opensearch_client, q)
    stretches = words.known(Term("norco-lortab-vicodin-zohydro"))
    assert stretches is not None
    assert len(stretches) == 4
    assert all(len(stretch) >= 14 for stretch in stretches)  # some 20 forms each: 160,000 combinations
    rule = interval_rule(node, FIELD, words)
    assert rule is not None
    expanded = size(rule)
    assert expanded.readings == 1  # never expanded into combinations
    # at most a term a form, and a filter a stretch, and "60"
    assert expanded.terms <= sum(len(stretch) + 1 for stretch in stretches) + 1
    assert expanded.terms <= MAX_TERMS


def test_a_short_search_keeps_every_form_as_the_engine_reads_it(letters, opensearch_client):
    """``hydrocodone w/3 60`` counts the distance from "bitartrate" in "hydrocodone bitartrate"
    (letter 3): the rule lists the forms by length instead of the shortest only."""
    node, _ = parse("hydrocodone w/3 60")
    assert node is not None
    rule = interval_rule(node, FIELD, engine_analysis(opensearch_client, "hydrocodone w/3 60"))
    assert rule is not None
    assert size(rule).readings == 2  # the one-word forms, and the two-word forms


@pytest.mark.parametrize("scope", [s.value for s in SCOPES])
@pytest.mark.parametrize("q", [LARGEST, "norco/lortab w/3 60", "(norco OR vicodin) w/5 (tramadol OR ultram)"])
def test_the_largest_rules_run_in_every_scope(letters, q, scope):
    res = run_search(SearchForm({"q": q, "scope": scope}).params())  # marks and facets included
    assert not any("could not" in m for m in res.messages)


@pytest.mark.parametrize(
    ("q", "message"), [(TOO_MANY, TOO_MANY_FORMS), ("zqa* w/3 60", REFUSED)], ids=["forms", "engine"]
)
def test_a_search_too_large_is_a_message_on_the_page(letters, client, open_search, q, message):
    response = client.get(reverse("search:search"), {"q": q})
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert "No matching letters" in html


@pytest.mark.parametrize(
    ("q", "message"), [(TOO_MANY, TOO_MANY_FORMS), ("zqa* w/3 60", REFUSED)], ids=["forms", "engine"]
)
def test_a_search_too_large_is_a_400_in_the_api(letters, client, open_search, q, message):
    response = client.get("/api/search", {"q": q})
    assert response.status_code == 400
    assert response.json() == {"error": message}


def test_a_saved_search_too_large_is_a_400_in_its_api(letters, client):
    member = create_account("zqa", "zqa@example.com", "zqa long passphrase")
    saved = SavedQuery.objects.create(owner=member, name="too large", params="q=zqa%2A+w%2F3+60")
    client.force_login(member)
    response = client.get(reverse("search:api-saved-results", args=[saved.pk]))
    assert response.status_code == 400
    assert response.json() == {"error": REFUSED}


def test_the_page_marks_a_word_of_two_drug_names(letters, client, open_search):
    response = client.get(reverse("search:search"), {"q": "norco/lortab w/3 60"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "CM95-0000001" in html
    assert "CM95-0000002" not in html
    assert "<mark>Norco</mark>" in html


@pytest.mark.parametrize(
    ("status", "cause", "query"),
    [
        (400, "query_shard_exception", True),
        (500, "too_many_nested_clauses", True),
        (500, "illegal_state_exception", True),  # a prefix expanded to too many terms
        (500, "null_pointer_exception", False),  # the engine's own failure
        (503, "too_many_nested_clauses", False),  # an outage
        (404, "index_not_found_exception", False),
    ],
)
def test_the_engine_errors_a_query_causes(status, cause, query):
    info = {"error": {"root_cause": [{"type": cause}], "type": "search_phase_execution_exception"}}
    assert caused_by_query(TransportError(status, "search_phase_execution_exception", info)) is query

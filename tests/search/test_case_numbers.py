"""Case numbers as people type them (search.query.cases, and the lexer's use of it)."""

from __future__ import annotations

import random
import string

import pytest
from hypothesis import given
from hypothesis import strategies as st

from search import indexes, indexing
from search.query import compile_query
from search.query.ast import And, Not, Phrase, Term
from search.query.cases import (
    CASE_NUMBER,
    MAX_MISSING_SHOWN,
    case_number_list,
    found_request,
    missing,
    normalize,
    not_found_message,
)
from search.query.parser import parse
from tests.search.factory import random_letter, save_letter

DASHES = ["-", "\u2010", "\u2011", "\u2013", "\u2014", "\u2212", "\uff0d"]


@st.composite
def typed_case_number(draw: st.DrawFn) -> tuple[str, str]:
    """(a case number as someone might type it, its canonical form)."""
    year = f"{draw(st.integers(0, 99)):02d}"
    form = draw(st.sampled_from(["hyphen", "spaced", "joined", "bare"]))
    if form == "bare":
        number = draw(st.text("0123456789", min_size=7, max_size=7))
        return f"{year}{draw(st.sampled_from(DASHES))}{number}", f"CM{year}-{number}"
    number = draw(st.text("0123456789", min_size=4, max_size=8))
    if form == "hyphen":
        letters = draw(st.text(string.ascii_letters, min_size=2, max_size=2))
        return f"{letters}{year}{draw(st.sampled_from(DASHES))}{number}", f"{letters.upper()}{year}-{number}"
    cm = draw(st.sampled_from(["CM", "cm", "Cm", "cM"]))
    gap = draw(st.text(" \t", min_size=1, max_size=3)) if form == "spaced" else ""
    return f"{cm}{year}{gap}{number}", f"CM{year}-{number}"


@pytest.mark.parametrize(
    "typed",
    [
        "CM17-0004738",
        "cm17-0004738",
        "CM17 0004738",
        "CM17\t0004738",
        "CM170004738",
        "cm170004738",
        "17-0004738",
        "CM17\u20130004738",  # an en dash, as PDFs print it
        "\uff23\uff2d\uff11\uff17\uff0d\uff10\uff10\uff10\uff14\uff17\uff13\uff18",  # full-width
        "(CM17-0004738).",
        '"cm17 0004738",',
        " [17-0004738]; ",
    ],
)
def test_normalize_the_forms_people_type(typed):
    assert normalize(typed) == "CM17-0004738"


@pytest.mark.parametrize(
    "text",
    [
        "",
        "acupuncture",
        "170004738",  # nine bare digits: could be any number
        "17 0004738",
        "17-000473",  # without letters only the full seven digits
        "2017-0004738",
        "CM17-000",
        "CM17-000473812",
        "AB170004738",  # joined or spaced: only CM
        "AB17 0004738",
        "CM17-0004738x",
        "CM17-0004*",
        "CM17 - 0004738",
        "CM 17-0004738",
    ],
)
def test_normalize_refuses_what_is_not_a_case_number(text):
    assert normalize(text) is None


def test_other_letters_keep_the_hyphenated_form():
    assert normalize("ab13-12345") == "AB13-12345"


@given(typed_case_number())
def test_normalize_round_trips(pair):
    typed, canonical = pair
    assert normalize(typed) == canonical
    assert normalize(canonical) == canonical
    assert CASE_NUMBER.match(canonical)


@given(
    st.lists(typed_case_number(), min_size=1, max_size=30),
    st.lists(st.text(" \t\n\r,;|", min_size=1, max_size=3), min_size=30, max_size=30),
    st.text(" \n,;", max_size=2),
)
def test_a_pasted_list_in_any_forms(pairs, separators, edge):
    text = edge + "".join(typed + sep for (typed, _), sep in zip(pairs, separators, strict=False))
    assert case_number_list(text) == list(dict.fromkeys(canonical for _, canonical in pairs))


def test_a_spaced_number_is_one_entry_and_duplicates_go():
    text = 'CM17 0004738, cm170004739;17-0004740\n"CM17-0004738"\tCM16 0221706 | (cm16-0221706)'
    assert case_number_list(text) == ["CM17-0004738", "CM17-0004739", "CM17-0004740", "CM16-0221706"]


@pytest.mark.parametrize(
    "text",
    ["", " ,;\n", "CM17-0004738 acupuncture", "CM17-0004738CM17-0004739", "CM17-0004738 0004739", "CM17*"],
)
def test_not_a_list(text):
    assert case_number_list(text) is None


@given(typed_case_number())
def test_a_typed_number_is_one_canonical_word(pair):
    typed, canonical = pair
    assert parse(typed) == (Term(canonical), [])
    assert parse(f"massage {typed}") == (And((Term("massage"), Term(canonical))), [])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("case:cm170004738", Term("CM17-0004738", "case")),
        ("case:CM17 0004738", Term("CM17-0004738", "case")),
        ('case:"CM17 0004738"', Term("CM17-0004738", "case")),
        ('"cm17 0004738"', Term("CM17-0004738")),
        ("-17-0004738", Not(Term("CM17-0004738"))),
        ("treatment:17-0004738", Term("17-0004738", "treatment")),  # another field's text stays text
        ('rationale:"CM17 0004738"', Phrase("CM17 0004738", "rationale")),
        ("CM17 massage", And((Term("CM17"), Term("massage")))),
    ],
)
def test_case_numbers_in_a_query(text, expected):
    assert parse(text) == (expected, [])


def test_the_query_box_searches_a_typed_number():
    assert compile_query("CM17 0004738").case_numbers == ("CM17-0004738",)
    assert compile_query("17-0004738, cm16 0221706").case_numbers == ("CM17-0004738", "CM16-0221706")
    assert compile_query("massage cm170004738").letter == {"term": {"case_number": "cm17-0004738"}}


def test_found_request():
    body = found_request(["CM17-0004738", "CM16-0221706", "CM17-0004738"])
    assert body == {
        "size": 0,
        "track_total_hits": False,
        "query": {"terms": {"case_number": ["cm17-0004738", "cm16-0221706"]}},
        "aggs": {"found": {"terms": {"field": "case_number", "size": 2}}},
    }


def test_missing_keeps_the_order_asked():
    response = {"aggregations": {"found": {"buckets": [{"key": "cm16-0221706", "doc_count": 1}]}}}
    asked = ["CM17-0004738", "CM16-0221706", "CM13-0000001"]
    assert missing(asked, response) == ["CM17-0004738", "CM13-0000001"]
    assert missing(asked, {"aggregations": {"found": {"buckets": []}}}) == asked


def test_not_found_message():
    assert not_found_message([], 40) is None
    assert (
        not_found_message(["CM17-0000001", "CM17-0000002"], 40)
        == "Not found: CM17-0000001, CM17-0000002 (2 of 40 case numbers)."
    )
    assert not_found_message(["CM17-0000001"], 1) == "Not found: CM17-0000001 (1 of 1 case number)."


def test_not_found_message_names_the_first_ones_only():
    numbers = [f"CM17-{n:07d}" for n in range(1, MAX_MISSING_SHOWN + 6)]
    message = not_found_message(numbers, 1500)
    assert message is not None
    assert message.startswith("Not found: CM17-0000001, CM17-0000002, ")
    assert f"CM17-{MAX_MISSING_SHOWN:07d} and 5 more (25 of 1,500 case numbers)." in message
    assert f"CM17-{MAX_MISSING_SHOWN + 1:07d}" not in message


@pytest.mark.integration
@pytest.mark.django_db
def test_the_index_says_which_numbers_exist(index_prefix, opensearch_client):
    rng = random.Random(5)
    specs = [random_letter(rng, n) for n in (1, 2)]
    specs[0].case_number, specs[1].case_number = "CM17-0004738", "CM16-0221706"
    letters = [save_letter(spec) for spec in specs]
    assert indexing.index_letters([letter.pk for letter in letters], refresh=True) == 2
    asked = case_number_list("cm17 0004738, CM13-0000001\n16-0221706 CM17-0000002")
    assert asked == ["CM17-0004738", "CM13-0000001", "CM16-0221706", "CM17-0000002"]
    response = opensearch_client.search(index=indexes.alias_name(), body=found_request(asked))
    absent = missing(asked, response)
    assert absent == ["CM13-0000001", "CM17-0000002"]
    assert (
        not_found_message(absent, len(asked))
        == "Not found: CM13-0000001, CM17-0000002 (2 of 4 case numbers)."
    )

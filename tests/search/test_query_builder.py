"""Query tree to DSL: pure, no services. Includes a hypothesis fuzz of the whole query box."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from search.query import compile_query


def _walk(clause):
    yield clause
    if isinstance(clause, dict):
        for value in clause.values():
            yield from _walk(value)
    elif isinstance(clause, list):
        for value in clause:
            yield from _walk(value)


def _keys(clause) -> set[str]:
    return {key for node in _walk(clause) if isinstance(node, dict) for key in node}


def test_plain_words_all_must_match_inside_one_treatment():
    q = compile_query("massage spasm")
    assert q.letter is None
    dumped = json.dumps(q.treatment)
    assert '"operator": "and"' in dumped
    assert "treatments.rationale" in dumped
    assert q.words == ("massage", "spasm")


def test_phrase_uses_exact_fields_only():
    q = compile_query('"physical therapy"')
    mm = q.treatment["multi_match"]
    assert mm["type"] == "phrase"
    assert all(f.endswith(".exact") for f in mm["fields"])


def test_proximity_is_intervals_with_gaps():
    q = compile_query("massage w/5 spasm")
    rules = [
        n["intervals"]
        for n in _walk(q.treatment)
        if isinstance(n, dict) and isinstance(n.get("intervals"), dict)
    ]
    assert {next(iter(r)) for r in rules} == {"treatments.paragraphs", "treatments.guideline_citations"}
    all_of = next(iter(rules[0].values()))["all_of"]
    assert all_of["max_gaps"] == 5
    assert all_of["mode"] == "unordered"
    anywhere = compile_query("massage w/5 spasm", "letter")
    assert "treatments.context" in {
        next(iter(n["intervals"]))
        for n in _walk(anywhere.treatment)
        if isinstance(n, dict) and isinstance(n.get("intervals"), dict)
    }


def test_same_sentence_uses_sentence_arrays():
    q = compile_query("massage /s spasm")
    rule = q.treatment["intervals"]["treatments.sentences"]["all_of"]
    assert 0 < rule["max_gaps"] < 1000


def test_summary_is_letter_level_and_treatment_clauses_stay_together():
    q = compile_query("treatment:acupuncture rationale:spasm summary:ladder")
    assert "nested" not in _keys(q.treatment)
    assert "summary" in json.dumps(q.letter)
    assert "treatments" not in json.dumps(q.letter)


def test_mixed_or_wraps_treatment_part_in_nested():
    q = compile_query("treatment:massage OR summary:ladder")
    assert q.treatment is None
    assert "nested" in _keys(q.letter)


def test_exclusion_is_must_not():
    q = compile_query("massage -spasm")
    assert "must_not" in q.treatment["bool"]


def test_case_number_list():
    q = compile_query("CM16-0221706, CM13-0001234\ncm13-0001235  CM16-0221706")
    assert q.case_numbers == ("CM16-0221706", "CM13-0001234", "CM13-0001235")
    assert q.treatment is None
    assert q.letter is None


def test_case_field_and_bare_case_number_in_a_query():
    q = compile_query("massage CM16-0221706")
    assert q.letter == {"term": {"case_number": "cm16-0221706"}}
    assert compile_query("case:CM16*").letter == {"prefix": {"case_number": "cm16"}}


def test_drug_field_is_fuzzy():
    q = compile_query("drug:oxycodon")
    assert "fuzziness" in json.dumps(q.treatment)
    assert q.drug_words == ("oxycodon",)


def test_prefix_and_wildcard():
    assert "prefix" in _keys(compile_query("massag*").treatment)
    assert "wildcard" in _keys(compile_query("mass*ge").treatment)


def test_long_query_is_shortened_with_a_message():
    q = compile_query("massage " * 2000)
    assert any("shortened" in m for m in q.messages)
    assert len(json.dumps(q.treatment)) < 100_000


def test_empty_and_junk():
    assert compile_query("").empty
    assert compile_query(None).empty
    junk = compile_query('()()"" - OR AND w/5')
    assert junk.empty
    assert junk.messages


ALPHABET = [
    *'abcmsp "()-*?:/,\n\t\u201c\u2013\u00e9\u200b\U0001f600',
    " OR ", " AND ", " NOT ", " w/5 ", " /s ", " /p ", "pre/2", "drug:", "case:", "treatment:",
    "summary:", "rationale:", "guideline:", "region:", "foo:", "CM16-0221706", "massage", "spasm", "*",
    "back", "low",
]  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(st.one_of(st.text(), st.lists(st.sampled_from(ALPHABET), max_size=40).map("".join)))
def test_fuzz_any_text_gives_valid_dsl(text):
    q = compile_query(text)
    for clause in (q.treatment, q.letter):
        if clause is not None:
            assert isinstance(clause, dict)
            json.dumps(clause)
            for node in _walk(clause):
                if isinstance(node, dict) and "bool" in node:
                    assert set(node["bool"]) <= {
                        "must",
                        "must_not",
                        "should",
                        "minimum_should_match",
                        "filter",
                    }
    assert all(isinstance(m, str) for m in q.messages)


def test_region_matches_the_canonical_regions_its_words_name_or_the_request():
    clause = compile_query("region:lumbosacral").treatment
    terms = [n["terms"] for n in _walk(clause) if isinstance(n, dict) and "terms" in n]
    assert terms == [{"treatments.body_regions": ["Lumbar spine"]}]
    assert "treatments.request" in json.dumps(clause)
    spine = compile_query('region:"back"').treatment
    regions = next(n["terms"] for n in _walk(spine) if isinstance(n, dict) and "terms" in n)
    assert set(regions["treatments.body_regions"]) == {
        "Spine",
        "Cervical spine",
        "Thoracic spine",
        "Lumbar spine",
    }
    # words naming no region: the request's words only
    assert "terms" not in _keys(compile_query("region:hamstring").treatment)


def test_region_words_together_name_their_region():
    """ "low back" names the lumbar spine; "low" and "back" alone do not."""
    dumped = json.dumps(compile_query("region:(low back)").treatment)
    assert '"Lumbar spine"' in dumped


def test_drug_words_are_analyzed_like_every_word_with_a_misspelling_tolerated():
    clause = compile_query("drug:hydrocodone").treatment
    options = clause["bool"]["should"]
    assert options[0]["multi_match"]["fields"] == ["treatments.drug_name", "treatments.request"]
    assert options[1]["match"]["treatments.drug_name.exact"]["fuzziness"] == "AUTO"
    phrase = compile_query('drug:"MS Contin"').treatment["multi_match"]
    assert phrase["fields"] == ["treatments.drug_name.exact", "treatments.request.exact"]


def test_drug_words_together_find_a_multi_word_name():
    dumped = json.dumps(compile_query("drug:(MS Contin)").treatment)
    assert '"query": "MS Contin"' in dumped

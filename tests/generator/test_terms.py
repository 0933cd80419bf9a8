"""The generator's treatment words: which decisions each belongs to, and the summaries' other care."""

from __future__ import annotations

import random
from collections import Counter

import pytest

from ingest.generator import iter_letters, prose
from ingest.generator.case import item_terms, random_case
from ingest.generator.story import PRIOR, STUDIES
from ingest.generator.terms import TERMS, decision_terms, mentions, story_terms, words

TEXT_KINDS = ("text", "html", "2013", "cp1252")

# Spellings the search engine takes for a treatment word of TERMS but TERMS does not list
# (light_english stemming folds "TENS" into "ten"; the synonyms of search.indexes.SYNONYMS): the
# generator never writes them, so that its word-for-word truth is what the engine finds.
FOLDED = {
    "TENS": {
        "ten",
        "transcutaneous electrical nerve stimulation",
        "transcutaneous electrical nerve stimulator",
    },
    "MRI": {"mris", "magnetic resonance imaging"},
    "CT": {"computed tomography", "cat scan"},
    "x-ray": {"xray", "xrays", "radiograph", "radiographs"},
    "EMG": {"emgs", "electromyogram"},
    "physical therapy": {"pt", "physiotherapy"},
    "occupational therapy": {"ot"},
    "acupuncture": {"acupunctures"},
    "chiropractic": {"chiropractics"},
    "massage": {"massages"},
}

# Sentences of the rationale banks that name a treatment word, as (bank, term): a decision whose
# rationale has one is about that word too (decision_terms records it), whatever its request.
NAMED_IN_RATIONALES = {
    ("POSITIVE", "physical therapy"),  # "has failed conservative care including physical therapy"
    ("POSITIVE", "MRI"),  # "corroborated by the MRI findings"
    ("facet", "physical therapy"),
    ("compound", "gabapentin"),
    ("acupuncture", "acupuncture"),
    ("massage", "massage"),
    ("emg", "EMG"),  # "Electromyography may be useful" (also in NCV decisions)
    ("estim", "TENS"),  # also in H-wave and interferential unit decisions
    ("psych", "psychotherapy"),  # also in cognitive behavioral therapy and biofeedback decisions
}


@pytest.fixture(scope="module")
def letters() -> list:
    return list(iter_letters(400, seed=12, layouts=TEXT_KINDS))


def test_mentions_are_whole_words_in_any_case() -> None:
    assert mentions("X-rays of the left knee") == {"x-ray"}
    assert mentions("the MRI's findings; EMG/NCV of the bilateral upper extremities") == {"MRI", "EMG"}
    assert mentions("Physical  therapy", "Tramadol ER 150mg #30") == {"physical therapy", "tramadol"}
    assert mentions("tensile strength, acupuncturist, physical", "therapy") == set()
    assert words("Worker\u2019s TENS-unit") == ["worker", "tens", "unit"]


def test_rationale_banks_name_only_the_recorded_treatments() -> None:
    named = set()
    for topic, (chapter, section, _pages, odg, statements) in prose.TOPICS.items():
        named |= {(topic, term) for text in (chapter, section, odg, *statements) for term in mentions(text)}
    named |= {("NEGATIVE", term) for text in prose.NEGATIVE for term in mentions(text)}
    named |= {("POSITIVE", term) for text in prose.POSITIVE for term in mentions(text)}
    named |= {("other", term) for text in prose.OTHER_SOURCES for term in mentions(text)}
    assert named == NAMED_IN_RATIONALES


def test_story_banks_name_their_term() -> None:
    for term, ways in PRIOR:
        assert all(mentions(way) == ({term} if term else set()) for way in ways)
    for term, templates in STUDIES:
        assert all(mentions(t) == {term} for t in templates)


def test_summaries_name_other_treatments_than_the_decisions() -> None:
    rng = random.Random(5)
    named = 0
    for _ in range(500):
        case = random_case(rng, rng.choice(("2013", "2014", "2016")))
        own = frozenset().union(*(item_terms(it) for it in case.items))
        assert not case.others & own
        assert case.others <= mentions(*case.summary)
        named += bool(case.others)
    assert named > 450


def test_every_term_is_in_decisions_and_in_other_letters_summaries(letters: list) -> None:
    in_decisions: Counter[str] = Counter()
    summary_only: Counter[str] = Counter()
    for letter in letters:
        own = frozenset().union(*(decision_terms(t) for t in letter.truth["treatments"]))
        in_decisions.update(own)
        summary_only.update(story_terms(letter.truth) - own)
    assert set(in_decisions) == set(summary_only) == set(TERMS)
    assert min(summary_only.values()) >= 20
    assert min(in_decisions.values()) >= 3


def test_no_folded_spelling_is_written(letters: list) -> None:
    texts: list[str] = []
    for letter in letters:
        t = letter.truth
        texts.append(t["case_summary"])
        for tr in t["treatments"]:
            texts += [tr["request"], tr["rationale"], tr["drug_name"] or ""]
            texts += [g["citation"] for g in tr["guidelines"]]
    written = " | ".join(" ".join(words(text)) for text in texts)
    found = {term: {f for f in folded if f" {f} " in f" {written} "} for term, folded in FOLDED.items()}
    assert {term: spellings for term, spellings in found.items() if spellings} == {}

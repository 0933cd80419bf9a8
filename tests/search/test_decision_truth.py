"""Decision matching against the generator's ground truth (issue #12: "ground truth both ways").

A generated corpus is ingested through the real path into a private index. The generator knows
which decisions each treatment word belongs to (``ingest.generator.terms``: the word is in the
decision's request, rationale, drug name or a guideline citation), and its summaries name other
treatments than the letter's decisions (prior care, studies, medications). For single-treatment
searches, the decisions found are compared with that truth, scope by scope:

- ``decision`` (the default): exactly the decisions whose own text names the word; a letter whose
  summary alone names it is listed with no matching decision.
- ``request``: exactly the decisions whose request (or drug name) names it.
- ``letter``: also every decision of a letter whose summary names it: strictly more.

A drug word also names its brands, as the search vocabulary says (``DRUGS``): the generator writes
"Ultram" and "Neurontin", and a search for tramadol finds them (issue #14).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from ingest.generator import write_corpus
from ingest.generator.terms import citation_texts, mentions, words
from ingest.taxonomy.vocabulary import equivalents
from search.engine import run_search
from search.facets import FACET_SIZE, TREATMENT_FACETS
from search.forms import SearchForm, SearchParams
from tests.search.ground_truth import TRUTH_VALUES
from tests.search.truth_corpus import Decision, Ingested, drop, found, ingest_files, precision_recall

# django_db: pytest-django sets up the test database only for a session with a test marked so.
pytestmark = [pytest.mark.integration, pytest.mark.slow, pytest.mark.django_db]

COUNT = 400
SEED = 20260112
LAYOUTS = ("text", "html", "2013", "cp1252")  # the parser reads these exactly as generated

# (search, the generator's treatment word it is about): words, synonyms, phrases, prefixes, proximity.
QUERIES: list[tuple[str, str]] = [
    ("acupuncture", "acupuncture"),
    ("acupunct*", "acupuncture"),
    ("chiropractic", "chiropractic"),
    ("massage", "massage"),
    ('"physical therapy"', "physical therapy"),
    ("PT", "physical therapy"),
    ("physical w/1 therapy", "physical therapy"),
    ('"occupational therapy"', "occupational therapy"),
    ("psychotherapy", "psychotherapy"),
    ("TENS", "TENS"),
    ("MRI", "MRI"),
    ("CT", "CT"),
    ("x-ray", "x-ray"),
    ("EMG", "EMG"),
    ("electromyography", "EMG"),
    ("tramadol", "tramadol"),
    ("gabapentin", "gabapentin"),
    ("cyclobenzaprine", "cyclobenzaprine"),
]


# The drug words of QUERIES and the names the search vocabulary makes theirs (brands, misspellings).
DRUGS = {term: equivalents(term) for term in ("tramadol", "gabapentin", "cyclobenzaprine")}


def named(*texts: str) -> frozenset[str]:
    """The generator's treatment words ``texts`` name (``terms.mentions``), a drug also by its brands."""
    found = set(mentions(*texts))
    for text in texts:
        seq = tuple(words(text))
        for term, forms in DRUGS.items():
            if any(seq[i : i + len(f)] == f for f in forms for i in range(len(seq))):
                found.add(term)
    return frozenset(found)


def decision_terms(t: dict[str, Any]) -> frozenset[str]:
    """As ``terms.decision_terms``: the words of its request, rationale, drug name and citations."""
    texts = [t["request"], t.get("rationale") or "", t.get("drug_name") or ""]
    return named(*texts, *citation_texts(t.get("guidelines") or []))


def story_terms(letter: dict[str, Any]) -> frozenset[str]:
    """As ``terms.story_terms``: the words of the summary, the mechanism of injury and the diagnoses."""
    story = [letter.get("case_summary") or "", letter.get("mechanism_of_injury") or ""]
    return named(*story, *(letter.get("diagnoses") or []))


@dataclass(frozen=True, slots=True)
class Truth:
    """What the generator wrote, by letter id (positions are 1-based, as ``Treatment.position``)."""

    decisions: dict[Decision, dict[str, Any]]  # the truth of each decision
    stories: dict[int, frozenset[str]]  # the treatment words of each letter's story

    def about(self, term: str) -> frozenset[Decision]:
        return frozenset(d for d, t in self.decisions.items() if term in decision_terms(t))

    def requesting(self, term: str) -> frozenset[Decision]:
        return frozenset(
            d for d, t in self.decisions.items() if term in named(t["request"], t["drug_name"] or "")
        )

    def telling(self, term: str) -> frozenset[int]:
        """Letters whose story (summary, mechanism, diagnoses) names ``term``."""
        return frozenset(letter for letter, words in self.stories.items() if term in words)

    def letters_naming(self, term: str) -> frozenset[int]:
        """Letters whose story or decisions name ``term``: the letters every scope lists."""
        return self.telling(term) | {letter for letter, _ in self.about(term)}

    def anywhere(self, term: str) -> frozenset[Decision]:
        """Decisions about ``term``, and every decision of a letter whose story names it."""
        story = self.telling(term)
        return self.about(term) | {d for d in self.decisions if d[0] in story}


@pytest.fixture(scope="module")
def truth(
    index_prefix: str, django_db_setup, django_db_blocker, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Truth]:
    folder = tmp_path_factory.mktemp("generated")
    write_corpus(folder, COUNT, SEED, LAYOUTS)
    letters = [p for p in folder.rglob("*") if p.is_file() and p.suffix != ".json"]
    with django_db_blocker.unblock():
        ingested: Ingested = ingest_files(letters, "decision truth", tmp_path_factory.mktemp("media"))
    try:
        assert len(ingested.letters) == COUNT, "every generated letter was saved and indexed"
        decisions: dict[Decision, dict[str, Any]] = {}
        stories: dict[int, frozenset[str]] = {}
        for path in letters:
            generated = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
            letter = ingested.letters[path.name]
            stories[letter] = story_terms(generated)
            for position, treatment in enumerate(generated["treatments"], start=1):
                decisions[(letter, position)] = treatment
        yield Truth(decisions, stories)
    finally:
        with django_db_blocker.unblock():
            drop(ingested)


@pytest.mark.parametrize(("q", "term"), QUERIES)
def test_decision_scope_finds_exactly_the_decisions_about_the_word(truth: Truth, q: str, term: str) -> None:
    want = truth.about(term)
    got = found(q, "decision")
    precision, recall = precision_recall(got.matching, want)
    assert (precision, recall) == (1.0, 1.0), (
        f"{q}: precision {precision:.3f}, recall {recall:.3f}; found, not true: "
        f"{sorted(got.matching - want)[:5]}; true, not found: {sorted(want - got.matching)[:5]}"
    )
    assert got.letters == truth.letters_naming(term), "letters whose summary alone names it are listed"
    results = run_search(SearchParams(q=q, scope="decision"))
    assert results.total_decisions == len(want)
    upheld = sum(truth.decisions[d]["decision"] == "upheld" for d in want)
    assert (results.upheld, results.overturned) == (upheld, len(want) - upheld)
    assert results.total_letters == len(truth.letters_naming(term))
    assert results.letters_about == len({letter for letter, _ in want})


@pytest.mark.parametrize(("q", "term"), QUERIES)
def test_request_scope_finds_exactly_the_decisions_requesting_it(truth: Truth, q: str, term: str) -> None:
    want = truth.requesting(term)
    got = found(q, "request")
    assert precision_recall(got.matching, want) == (1.0, 1.0), (
        f"{q}: found, not true: {sorted(got.matching - want)[:5]}; "
        f"true, not found: {sorted(want - got.matching)[:5]}"
    )
    assert run_search(SearchParams(q=q, scope="request")).total_decisions == len(want)


@pytest.mark.parametrize(("q", "term"), QUERIES)
def test_letter_scope_finds_the_summary_mentions_too(truth: Truth, q: str, term: str) -> None:
    want = truth.anywhere(term)
    got = found(q, "letter")
    assert precision_recall(got.matching, want) == (1.0, 1.0), (
        f"{q}: found, not true: {sorted(got.matching - want)[:5]}; "
        f"true, not found: {sorted(want - got.matching)[:5]}"
    )
    assert got.matching > found(q, "decision").matching, "the summary mentions add decisions"
    assert run_search(SearchParams(q=q, scope="letter")).total_decisions == len(want)


def test_every_word_is_named_by_decisions_and_by_other_letters_summaries(truth: Truth) -> None:
    """The table tests something: each word has decisions, and letters that name it only in their story."""
    for _q, term in QUERIES:
        about = truth.about(term)
        story_only = truth.letters_naming(term) - {letter for letter, _ in about}
        assert len(about) >= 3, term
        assert len(story_only) >= 10, term


def test_the_treatment_facets_count_the_generators_truth(truth: Truth) -> None:
    """Every treatment facet, the new ones of issue #14 included (body region, the IMR reviewer's
    guideline sources and sections, the claims administrator's sources), counts what the generator
    wrote: the reviewer's sources only in ``guideline``."""
    facets = run_search(SearchParams()).facets
    for facet in TREATMENT_FACETS:
        want = Counter(v for t in truth.decisions.values() for v in TRUTH_VALUES[facet.param](t))
        got = Counter({f.value: f.count for f in facets[facet.param]})
        assert want, f"the generated letters have values of {facet.param}"
        if len(want) <= FACET_SIZE:
            assert got == want, facet.param
        else:  # the FACET_SIZE most frequent values are listed, with their exact counts
            assert len(got) == FACET_SIZE, facet.param
            assert all(want[v] == n for v, n in got.items()), facet.param


@pytest.mark.parametrize("facet", ["region", "guideline", "section", "admin_guideline", "category"])
def test_selecting_a_value_finds_its_decisions(truth: Truth, facet: str) -> None:
    counts = Counter(v for t in truth.decisions.values() for v in TRUTH_VALUES[facet](t))
    for value, count in [*counts.most_common(2), *counts.most_common()[-2:]]:
        results = run_search(SearchForm({facet: value}).params())
        assert results.total_decisions == count, (facet, value)
        letters = {letter for (letter, _), t in truth.decisions.items() if value in TRUTH_VALUES[facet](t)}
        assert results.total_letters == len(letters), (facet, value)


def test_the_reviewers_sources_differ_from_the_administrators(truth: Truth) -> None:
    """The generated letters test the split: some decisions' administrator cites a source their
    reviewer did not rely on, and the guideline facet does not count them for it."""
    admin_only = [
        t
        for t in truth.decisions.values()
        if TRUTH_VALUES["admin_guideline"](t) - TRUTH_VALUES["guideline"](t)
    ]
    assert admin_only

"""Decision matching on the 40 real letters of ../shared/letters/real (issue #12: "ground truth both ways").

The letters are ingested through the real path into a private index. For a table of treatment
words found in these letters, the decisions each scope finds are compared with the decisions
that name the word, read without the engine: a whole-word, case-insensitive match that also takes
the spellings the index folds together (the search vocabulary's equivalents,
``ingest.taxonomy.vocabulary.equivalents``: a drug's brands, the letters' abbreviations; and light
stemming: "X-rays", "EMGs", "NSAID"). Requests are the hand-checked texts of categories.jsonl;
rationales, citations and stories (summary, mechanism of injury, diagnoses) are as saved.

- decision scope (the default): the decisions whose request or rationale names the word, and the
  few of ``CITED_ONLY`` that only a guideline citation names (the scope searches citations too);
- request scope: the decisions whose request names it;
- letter scope: those of the decision scope, and every decision of a letter whose story names it,
  but for the mentions of ``STORY_EXCEPTIONS``, which the tokenizer reads as another word.

``test_report`` prints the counts per word and scope against the truth (run it with -s).

The treatment facets (issue #14) count what the parsed letters say: the guideline facet the
guideline sources the IMR reviewer relied on (not the claims administrator's, which have a facet
of their own), the section facet the reviewer's normalized sections, the region facet the body
regions the requests name, and the category facet "Unclassified" for a decision without a category.
"""

from __future__ import annotations

import functools
import json
import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from ingest.models import Letter, Treatment
from ingest.taxonomy import body_regions
from ingest.taxonomy.vocabulary import equivalents
from search.engine import run_search
from search.facets import TREATMENT_FACETS
from search.forms import SearchForm, SearchParams
from tests.conftest import shared_path
from tests.search.ground_truth import TRUTH_VALUES
from tests.search.truth_corpus import Decision, Found, Ingested, drop, found, ingest_files

# django_db: pytest-django sets up the test database only for a session with a test marked so.
pytestmark = [pytest.mark.integration, pytest.mark.slow, pytest.mark.django_db]


@dataclass(frozen=True, slots=True)
class Word:
    q: str  # the search
    spellings: str  # regex alternatives, matched as whole words, ignoring case

    @property
    def written(self) -> re.Pattern[str]:
        """The spellings alone."""
        return re.compile(rf"(?<!\w)(?:{self.spellings})(?!\w)", re.IGNORECASE)

    @property
    def pattern(self) -> re.Pattern[str]:
        """The spellings, and (but for a quoted phrase) the names the search vocabulary makes
        equivalent, word by word as the tokenizer reads them, a last word of four letters or more
        with a plural ("radiographs"; "CTS" is not "CT")."""
        alternatives = [self.spellings]
        if not self.q.startswith('"'):
            alternatives += [
                r"\W+".join(map(re.escape, f)) + ("(?:e?s)?" if len(f[-1]) > 3 else "")
                for f in equivalents(self.q)
            ]
        return re.compile(rf"(?<!\w)(?:{'|'.join(alternatives)})(?!\w)", re.IGNORECASE)


WORDS: list[Word] = [
    Word("acupuncture", r"acupunctures?"),
    Word("chiropractic", r"chiropractics?"),  # "chiropractor" stays apart (the stemmer keeps it)
    Word("chiropractor", r"chiropractors?"),
    Word("massage", r"massages?"),
    Word('"physical therapy"', r"physical therapy"),  # a phrase: unstemmed, no synonyms
    Word('"occupational therapy"', r"occupational therapy"),
    Word("TENS", r"tens|transcutaneous electrical nerve stimulat(?:ion|or)"),
    Word("MRI", r"mris?|magnetic resonance imaging"),
    Word("CT", r"ct|computed tomography|cat scan"),
    Word("x-ray", r"x-?rays?"),
    Word("EMG", r"emgs?|electromyography|electromyogram"),
    Word("NCV", r"ncvs?|nerve conduction velocity"),
    Word("tramadol", r"tramadol"),
    Word("Norco", r"norco"),
    Word("baclofen", r"baclofen"),
    Word("gabapentin", r"gabapentin"),
    Word("cyclobenzaprine", r"cyclobenzaprine"),
    Word("epidural", r"epidurals?"),
    Word("biofeedback", r"biofeedback"),
    Word("wheelchair", r"wheelchairs?"),
    Word("PT", r"pt|physical therap(?:y|ies)|physiotherapy"),
    Word("NSAIDs", r"nsaids?|non-?steroidal anti-?inflammatory"),
    Word("injection", r"injections?"),
    Word('"home exercise program"', r"home exercise program"),
]

# (pdf, 0-based item, search) -> why the decision is found though its request and rationale do not
# name the word as written (its ``spellings``; the search vocabulary may name it since).
# test_cited_only_are_citations checks that a guideline citation of each names it.
CITED = "named in a guideline citation only, which the decision scope searches"
CITED_ONLY: dict[tuple[str, int, str], str] = {
    # "Referral to chiropractor"; ODG's "Chiropractic Guidelines".
    ("CM16-0232182.pdf", 0, "chiropractic"): CITED,
    # NCV alone; MTUS "Electrodiagnostic testing (EMG/NCS)".
    ("CM17-0010006.pdf", 5, "EMG"): CITED,
    # EMG alone; the same citation's "NCS", which the search vocabulary makes NCV's equivalent.
    ("CM17-0010006.pdf", 4, "NCV"): CITED,
    # Fanatrex (a gabapentin kit); MTUS "Gabapentin (Neurontin)".
    ("CM17-0013625.pdf", 1, "gabapentin"): CITED,
    # Tabradol (a cyclobenzaprine kit); MTUS "Cyclobenzaprine (Flexeril)".
    ("CM17-0013625.pdf", 4, "cyclobenzaprine"): CITED,
}

# (pdf, search) -> (the word as written, why the story's mention is not found): decisions of the
# letter scope that the word-in-story truth has and the engine, rightly for its tokenizer, has not.
GLUED = "no space after the period in the PDF's text: the tokenizer reads one word, not the drug"
STORY_EXCEPTIONS: dict[tuple[str, str], tuple[str, str]] = {
    ("CM17-0018279.pdf", "Norco"): ("Norco.Subjective", GLUED),  # "...Ibuprofen, and Norco.Subjective data"
}

REAL = ("letters", "real")


@dataclass(frozen=True, slots=True)
class Real:
    decisions: dict[Decision, tuple[str, int]]  # (letter id, position) -> (pdf, categories.jsonl's i)
    texts: dict[Decision, tuple[str, str]]  # (request from categories.jsonl, rationale as saved)
    citations: dict[Decision, list[str]]  # the guideline citations as saved
    stories: dict[int, list[str]]  # each letter's summary, mechanism of injury and diagnoses as saved

    def truth(self, word: Word) -> frozenset[Decision]:
        """The decisions whose request or rationale names the word, and those of ``CITED_ONLY``."""
        named = {d for d, texts in self.texts.items() if any(word.pattern.search(t) for t in texts)}
        cited = {(pdf, i) for pdf, i, q in CITED_ONLY if q == word.q}
        return frozenset(named | {d for d, key in self.decisions.items() if key in cited})

    def requesting(self, word: Word) -> frozenset[Decision]:
        """The decisions whose request names the word (the drug name is a part of the request)."""
        return frozenset(d for d, (request, _) in self.texts.items() if word.pattern.search(request))

    def anywhere(self, word: Word) -> frozenset[Decision]:
        """The truth, and every decision of a letter whose story names the word."""
        told = {
            letter for letter, story in self.stories.items() if any(word.pattern.search(t) for t in story)
        }
        told -= {self.letter_of(pdf) for pdf, q in STORY_EXCEPTIONS if q == word.q}
        return self.truth(word) | {d for d in self.decisions if d[0] in told}

    def letter_of(self, pdf: str) -> int:
        return next(letter for (letter, _), (name, _) in self.decisions.items() if name == pdf)

    def label(self, decisions: frozenset[Decision]) -> list[str]:
        return sorted(f"{self.decisions[d][0]}#{self.decisions[d][1]}" for d in decisions)


@pytest.fixture(scope="module")
def real(index_prefix: str, django_db_setup, django_db_blocker, tmp_path_factory) -> Iterator[Real]:
    folder = shared_path(*REAL)
    pdfs = sorted(folder.glob("*.pdf"))
    labels = [json.loads(line) for line in shared_path(*REAL, "categories.jsonl").read_text().splitlines()]
    with django_db_blocker.unblock():
        ingested: Ingested = ingest_files(pdfs, "real letters truth", tmp_path_factory.mktemp("media"))
    try:
        assert sorted(ingested.letters) == [p.name for p in pdfs], "every real letter was saved and indexed"
        requests = {(row["pdf"], row["i"]): row["request"] for row in labels}
        with django_db_blocker.unblock():
            rows = Treatment.objects.filter(letter_id__in=ingested.letters.values())
            saved = list(rows.values_list("letter_id", "position", "rationale", "guidelines"))
        pdf_of = {letter: name for name, letter in ingested.letters.items()}
        decisions = {(letter, pos): (pdf_of[letter], pos - 1) for letter, pos, *_ in saved}
        assert sorted(decisions.values()) == sorted(requests), "the saved decisions are categories.jsonl's"
        texts = {(let, pos): (requests[decisions[(let, pos)]], rationale) for let, pos, rationale, _ in saved}
        citations = {(let, pos): [g.get("citation") or "" for g in cited] for let, pos, _, cited in saved}
        with django_db_blocker.unblock():
            letters = Letter.objects.filter(pk__in=ingested.letters.values())
            stories = {
                letter.pk: [letter.case_summary, letter.mechanism_of_injury, *letter.diagnoses]
                for letter in letters
            }
        yield Real(decisions, texts, citations, stories)
    finally:
        with django_db_blocker.unblock():
            drop(ingested)


@pytest.fixture(scope="module")
def search(real: Real) -> Callable[[str, str], Found]:
    """``found`` (the decisions of a search, by scope), asked once per search and scope."""
    return functools.cache(found)


@pytest.mark.parametrize("word", WORDS, ids=[w.q for w in WORDS])
def test_decision_scope_finds_the_decisions_naming_the_word(real: Real, search, word: Word) -> None:
    want = real.truth(word)
    got = search(word.q, "decision").matching
    assert want, f"{word.q} is named by some decision of these letters"
    assert got == want, (
        f"found, not named: {real.label(got - want)}; named, not found: {real.label(want - got)}"
    )


@pytest.mark.parametrize("word", WORDS, ids=[w.q for w in WORDS])
def test_request_scope_finds_the_decisions_requesting_it(real: Real, search, word: Word) -> None:
    want = real.requesting(word)
    got = search(word.q, "request").matching
    assert got == want, (
        f"found, not named: {real.label(got - want)}; named, not found: {real.label(want - got)}"
    )


@pytest.mark.parametrize("word", WORDS, ids=[w.q for w in WORDS])
def test_letter_scope_adds_the_decisions_of_letters_whose_story_names_it(
    real: Real, search, word: Word
) -> None:
    want = real.anywhere(word)
    got = search(word.q, "letter").matching
    assert got == want, (
        f"found, not named: {real.label(got - want)}; named, not found: {real.label(want - got)}"
    )


def test_cited_only_are_citations(real: Real) -> None:
    words = {word.q: word for word in WORDS}
    for (pdf, i, q), reason in CITED_ONLY.items():
        assert reason == CITED
        decision = next(d for d, key in real.decisions.items() if key == (pdf, i))
        assert not any(words[q].written.search(text) for text in real.texts[decision]), (pdf, i, q)
        assert any(words[q].pattern.search(text) for text in real.citations[decision]), (pdf, i, q)


def test_story_exceptions_are_glued_words(real: Real) -> None:
    words = {word.q: word for word in WORDS}
    for (pdf, q), (glued, reason) in STORY_EXCEPTIONS.items():
        assert reason == GLUED
        assert re.fullmatch(r"\w+\.\w+", glued), glued
        story = real.stories[real.letter_of(pdf)]
        assert any(glued in text for text in story), (pdf, glued)
        assert not any(words[q].pattern.search(text.replace(glued, "")) for text in story), (pdf, q)


def test_report(real: Real, search) -> None:
    """Per word: matching decisions by scope against the truth (run with -s to read it)."""
    lines = [
        f"{'search':24} {'decision':>8} {'truth':>6} {'request':>8} {'truth':>6} {'letter':>8} {'truth':>6}"
    ]
    for word in WORDS:
        d, r, le = (len(search(word.q, scope).matching) for scope in ("decision", "request", "letter"))
        truths = len(real.truth(word)), len(real.requesting(word)), len(real.anywhere(word))
        lines.append(f"{word.q:24} {d:8} {truths[0]:6} {r:8} {truths[1]:6} {le:8} {truths[2]:6}")
    print("\n" + "\n".join(lines))
    assert len(lines) == len(WORDS) + 1


def _parsed(real: Real) -> list[dict[str, Any]]:
    """The saved decisions of the real letters, as the generator's truth shapes them."""
    rows = Treatment.objects.filter(letter_id__in={letter for letter, _ in real.decisions})
    return list(rows.values("letter_id", "position", "request", "decision", "category", "subcategory",
                            "drug_class", "body_regions", "guidelines"))  # fmt: skip


def test_the_treatment_facets_count_the_parsed_letters(real: Real) -> None:
    """Each treatment facet, over all 40 letters, counts what the saved decisions say; the
    guideline facet counts the reviewer's sources only."""
    parsed = _parsed(real)
    facets = run_search(SearchParams()).facets
    for facet in TREATMENT_FACETS:
        want = Counter(v for t in parsed for v in TRUTH_VALUES[facet.param](t))
        assert Counter({f.value: f.count for f in facets[facet.param]}) == want, facet.param
    for facet in ("region", "guideline", "section", "admin_guideline"):
        assert facets[facet], f"the real letters have values of {facet}"


def test_the_guideline_facet_is_the_reviewers_not_the_administrators(real: Real) -> None:
    """The real letters cite guidelines twice a decision: a source only the claims administrator
    cited is not found by the guideline facet, and is by admin_guideline."""
    parsed = _parsed(real)
    admin_only = [t for t in parsed if TRUTH_VALUES["admin_guideline"](t) - TRUTH_VALUES["guideline"](t)]
    assert admin_only, "some decisions' administrator cites a source the reviewer did not rely on"
    for source in sorted({s for t in admin_only for s in TRUTH_VALUES["admin_guideline"](t)}):
        reviewer = run_search(SearchForm({"guideline": source}).params())
        administrator = run_search(SearchForm({"admin_guideline": source}).params())
        assert reviewer.total_decisions == sum(source in TRUTH_VALUES["guideline"](t) for t in parsed)
        assert administrator.total_decisions == sum(
            source in TRUTH_VALUES["admin_guideline"](t) for t in parsed
        )


@pytest.mark.parametrize("facet", ["region", "section", "category"])
def test_selecting_a_value_finds_exactly_its_decisions(real: Real, facet: str) -> None:
    parsed = _parsed(real)
    counts = Counter(v for t in parsed for v in TRUTH_VALUES[facet](t))
    for value, count in counts.items():
        results = run_search(SearchForm({facet: value}).params())
        assert results.total_decisions == count, value


def test_regions_are_named_by_the_request_and_sections_by_the_reviewers_sources(real: Real) -> None:
    """Consistency: a decision's regions are those its hand-checked request names (categories.jsonl),
    and each of the reviewer's sections belongs to a source the reviewer cited."""
    for t in _parsed(real):
        request = real.texts[(t["letter_id"], t["position"])][0]
        assert set(t["body_regions"] or []) <= set(body_regions(request)), (request, t["body_regions"])
        sources = TRUTH_VALUES["guideline"](t)
        for section in TRUTH_VALUES["section"](t):
            assert any(section.startswith(source) for source in sources), (section, sources)

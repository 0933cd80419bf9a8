"""search.engine against the real OpenSearch, checked against a corpus of known ground truth."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ingest.models import Letter
from search import indexing
from search.engine import highlight_letter, iter_export_rows, run_search, similar_letters
from search.forms import SearchForm
from tests.search.factory import LetterSpec, TreatmentSpec, build_corpus, save_letter
from tests.search.ground_truth import expected

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

CORPUS = 240


def _trap_letters() -> list[LetterSpec]:
    """Letters built to catch cross-treatment matches and unsafe highlighting."""
    acupuncture_upheld = TreatmentSpec(
        "8 sessions of acupuncture for the cervical spine", "upheld", "Physical Medicine", "Acupuncture",
        sources=["MTUS"], rationale="Acupuncture is not supported without functional gains. Zebrafinch.",
    )  # fmt: skip
    mri_overturned = TreatmentSpec(
        "MRI of the lumbar spine without contrast", "overturned", "Diagnostic Imaging", "MRI",
        sources=["ACOEM"],
        rationale="Imaging is indicated for red flags. <script>alert(1)</script> spasm & more.",
    )  # fmt: skip
    in_rationale = TreatmentSpec(
        "Massage therapy, 6 sessions", "upheld", "Physical Medicine", "Massage Therapy",
        sources=["MTUS"], rationale="No kingfisher sign was documented, so massage is not indicated.",
    )  # fmt: skip
    plain = TreatmentSpec(
        "Massage therapy, 8 sessions", "upheld", "Physical Medicine", "Massage Therapy",
        sources=["MTUS"], rationale="Massage is not indicated without documented spasm.",
    )  # fmt: skip
    return [
        LetterSpec(
            "CM99-0000001", dt.date(2015, 6, 1), "standard", ["Pain Medicine"], ["CA"],
            "The patient fell from a scaffold.", [acupuncture_upheld, mri_overturned],
        ),
        # "kingfisher" in a rationale (the older letter) and only in a summary (the newer one)
        LetterSpec(
            "CM99-0000002", dt.date(2014, 1, 1), "standard", ["Pain Medicine"], ["CA"],
            "The patient slipped.", [in_rationale],
        ),
        LetterSpec(
            "CM99-0000003", dt.date(2017, 1, 1), "standard", ["Pain Medicine"], ["CA"],
            "The patient slipped near a kingfisher nest.", [plain],
        ),
    ]  # fmt: skip


@pytest.fixture(scope="module")
def corpus(index_prefix, django_db_setup, django_db_blocker):
    """The corpus, in the test database and the index, built once for the module."""
    with django_db_blocker.unblock():
        specs = build_corpus(CORPUS, seed=11, unclassified=True)
        for spec in _trap_letters():
            save_letter(spec)
            specs.append(spec)
        assert indexing.index_letters([s.pk for s in specs], refresh=True) == len(specs)
    yield specs
    with django_db_blocker.unblock():
        Letter.objects.filter(pk__in=[s.pk for s in specs]).delete()


def search(data: dict, **kwargs):
    return run_search(SearchForm(data).params(), per_page=kwargs.pop("per_page", 100), **kwargs)


def all_cases(data: dict) -> list[str]:
    out, page = [], 1
    while True:
        res = search(data, page=page, highlight=False, aggregations=False)
        out += [r.case_number for r in res.results]
        if page >= res.max_page:
            return sorted(out)
        page += 1


def assert_matches_truth(corpus, data: dict, words: list[str] | None = None) -> None:
    params = SearchForm(data).params()
    truth = expected(corpus, params, words)
    res = search(data)
    assert res.total_letters == len(truth["cases"])
    assert all_cases(data) == truth["cases"]
    assert (res.total_decisions, res.upheld, res.overturned) == (
        truth["total_decisions"],
        truth["upheld"],
        truth["overturned"],
    )
    for name, counter in truth["facets"].items():
        got = Counter({f.value: f.count for f in res.facets[name] if f.count})
        assert got == counter, name


def test_everything(corpus):
    assert_matches_truth(corpus, {})


def test_same_treatment_rule(corpus):
    data = {"decision": ["overturned"], "subcategory": ["Acupuncture"]}
    assert_matches_truth(corpus, data)
    assert "CM99-0000001" not in all_cases(data)
    # Text and filters hold in one treatment too: its overturned MRI does not mention acupuncture.
    assert "CM99-0000001" not in all_cases({"decision": ["overturned"], "q": "acupuncture"})
    assert "CM99-0000001" in all_cases({"decision": ["overturned"], "q": "spasm"})


def test_text_and_treatment_filters_hold_in_one_treatment(corpus):
    # The trap letter's acupuncture was upheld; "zebrafinch" is only in its rationale.
    assert all_cases({"q": "zebrafinch", "decision": ["upheld"]}) == ["CM99-0000001"]
    assert all_cases({"q": "zebrafinch", "decision": ["overturned"]}) == []
    assert_matches_truth(corpus, {"q": "radiculopathy", "decision": ["upheld"]}, ["radiculopathy"])


def test_a_decision_matches_through_its_own_text_and_a_summary_mention_lists_its_letter_after(corpus):
    """ "kingfisher" is in one decision's rationale (the older letter) and only in the newer letter's
    summary: one decision matches; the newer letter is listed after the older one in every order,
    marked, its decision shown as not matching and counted nowhere."""
    for sort in ("relevance", "newest", "oldest"):
        res = search({"q": "kingfisher", "sort": sort})
        assert [r.case_number for r in res.results] == ["CM99-0000002", "CM99-0000003"], sort
        about, mention = res.results
        assert (res.total_letters, res.letters_about, res.letters_mentioning) == (2, 1, 1)
        assert (res.total_decisions, res.upheld, res.overturned) == (1, 1, 0)
        assert not about.mentioned_only
        assert [t.position for t in about.treatments] == [1]
        assert mention.mentioned_only
        assert mention.treatments == []
        assert (mention.matching, mention.treatment_count) == (0, 1)
        assert "near a <mark>kingfisher</mark> nest" in mention.summary_html
    assert sum(v.count for v in search({"q": "kingfisher"}).facets["decision"]) == 1
    # a treatment-level filter asks for matching decisions: the mention is gone
    assert all_cases({"q": "kingfisher", "decision": ["upheld"]}) == ["CM99-0000002"]
    assert all_cases({"q": "kingfisher", "decision": ["overturned"]}) == []
    # words found in different parts: the request (decision) and the summary (its story)
    mentioned = search({"q": "kingfisher 8 sessions"})
    assert [r.case_number for r in mentioned.results] == ["CM99-0000003"]
    assert (mentioned.total_decisions, mentioned.results[0].mentioned_only) == (0, True)


def test_the_letter_scope_counts_every_decision_of_a_letter_that_mentions_the_words(corpus):
    res = search({"q": "kingfisher", "scope": "letter"})
    assert [r.case_number for r in res.results] == ["CM99-0000002", "CM99-0000003"]
    assert (res.total_letters, res.letters_about, res.total_decisions) == (2, 2, 2)
    assert not any(r.mentioned_only for r in res.results)
    assert all_cases({"q": "kingfisher 8 sessions", "scope": "letter"}) == ["CM99-0000003"]
    assert search({"q": "kingfisher 8 sessions", "scope": "letter"}).total_decisions == 1


def test_the_request_scope_matches_requests_only(corpus):
    res = search({"q": "massage", "scope": "request"})
    decisions = search({"q": "massage"})
    assert 0 < res.total_decisions <= decisions.total_decisions
    rows = list(iter_export_rows(SearchForm({"q": "massage", "scope": "request"}).params(), 10_000))
    assert rows
    assert all("massage" in t.request.lower() for _, t in rows if t.matches)
    assert sum(t.matches for _, t in rows) == res.total_decisions
    # "kingfisher" is in a rationale and a summary, never in a request: both letters are mentions
    kingfisher = search({"q": "kingfisher", "scope": "request"})
    assert (kingfisher.total_decisions, kingfisher.letters_about, kingfisher.total_letters) == (0, 0, 2)


def test_multi_select_and_cross_facet_counts(corpus):
    data = {
        "subcategory": ["Acupuncture", "MRI", "Opioids"],
        "decision": ["overturned"],
        "specialty": ["Pain Medicine", "Chiropractic"],
        "guideline": ["MTUS"],
    }
    assert_matches_truth(corpus, data)
    assert_matches_truth(
        corpus, {"state": ["CA", "TX"], "priority": ["expedited"], "category": ["Pharmaceuticals"]}
    )


def test_unclassified_decisions_are_counted_and_selected_exactly(corpus):
    unclassified = [(s, t) for s in corpus for t in s.treatments if not t.category]
    assert unclassified, "the corpus has decisions without a category"
    assert_matches_truth(corpus, {"category": ["Unclassified"]})
    assert_matches_truth(corpus, {"category": ["Unclassified", "Injections"], "decision": ["upheld"]})
    rows = list(iter_export_rows(SearchForm({"category": ["Unclassified"]}).params(), 10_000))
    matching = [t for _, t in rows if t.matches]
    assert len(matching) == len(unclassified)
    assert {(t.category, t.subcategory, t.basis) for t in matching} == {("Unclassified", "", "")}
    counts = {f.value: f.count for f in search({}).facets["category"]}
    assert counts["Unclassified"] == len(unclassified)


def test_body_region_and_guideline_section_facets(corpus):
    assert_matches_truth(corpus, {"region": ["Knee"], "decision": ["upheld"]})
    assert_matches_truth(corpus, {"region": ["Lumbar spine", "Cervical spine"], "q": "spasm"}, ["spasm"])
    assert_matches_truth(corpus, {"section": ["MTUS: Acupuncture", "ODG: MRI"], "state": ["CA"]})
    # regions and sections hold within one decision, as every treatment-level facet
    assert_matches_truth(corpus, {"region": ["Knee"], "section": ["MTUS: MRI"]})
    assert all_cases({"region": ["Knee"], "section": ["MTUS: MRI"]}) == []


def test_the_guideline_facet_counts_the_reviewer_and_the_administrator_apart(corpus):
    """A source only the claims administrator cited is not the reviewer's: the guideline facet does not
    count it, the admin_guideline facet does."""
    admin_only = [
        (s, t) for s in corpus for t in s.treatments if "ODG" in t.admin_sources and "ODG" not in t.sources
    ]
    assert admin_only
    assert_matches_truth(corpus, {"admin_guideline": ["ODG"]})
    assert_matches_truth(
        corpus, {"admin_guideline": ["ODG"], "guideline": ["MTUS"], "decision": ["overturned"]}
    )
    reviewer = {(letter.case_number, t.position) for letter, t in iter_export_rows(
        SearchForm({"guideline": ["ODG"]}).params(), 10_000) if t.matches}  # fmt: skip
    for spec, t in admin_only:
        assert (spec.case_number, spec.treatments.index(t) + 1) not in reviewer
    rows = list(iter_export_rows(SearchForm({"admin_guideline": ["ODG"]}).params(), 10_000))
    assert all("ODG" in t.administrator_guideline_sources for _, t in rows if t.matches)
    assert sum(t.matches for _, t in rows) == sum(
        "ODG" in t.admin_sources for s in corpus for t in s.treatments
    )


def test_dates_and_year_histogram(corpus):
    assert_matches_truth(corpus, {"date_from": "2014-01-01", "date_to": "2014-12-31", "decision": ["upheld"]})


def test_text_query_counts(corpus):
    assert_matches_truth(corpus, {"q": "acupuncture radiculopathy"}, ["acupuncture", "radiculopathy"])


def test_case_number_list_returns_exactly_those(corpus):
    wanted = [corpus[3].case_number, corpus[10].case_number, corpus[42].case_number]
    res = search({"q": f"{wanted[0]}, {wanted[1]}\n{wanted[2].lower()} CM00-0000000"})
    assert sorted(r.case_number for r in res.results) == sorted(wanted)
    assert "Not found: CM00-0000000 (1 of 4 case numbers)." in res.messages
    # as people type them: spaces, no hyphen, no "CM"
    year, number = wanted[0][2:4], wanted[0][5:]
    typed = f"CM{year} {number}; cm{year}{number}, {year}-{number}"
    assert [r.case_number for r in search({"q": typed}).results] == [wanted[0]]
    assert not any(m.startswith("Not found") for m in search({"q": typed}).messages)


def test_synonyms_and_exact_phrases(corpus):
    pt = sorted(s.case_number for s in corpus if any("physical therapy" in t.request for t in s.treatments))
    assert all_cases({"q": "PT"}) == pt
    assert all_cases({"q": '"physical therapy"'}) == pt
    assert all_cases({"q": "treatment:PT"}) == pt


def test_sort_newest_and_oldest(corpus):
    newest = [r.case_number for r in search({"sort": "newest"}, highlight=False).results]
    by_date = sorted(corpus, key=lambda s: (s.decision_date, s.pk), reverse=True)
    assert newest == [s.case_number for s in by_date[:100]]
    oldest = [r.case_number for r in search({"sort": "oldest"}, highlight=False).results]
    assert oldest == [s.case_number for s in sorted(corpus, key=lambda s: (s.decision_date, s.pk))[:100]]


@pytest.mark.parametrize(
    ("data", "words"),
    [
        ({}, None),
        ({"q": "spasm"}, ["spasm"]),
        ({"q": "spasm", "decision": ["overturned"], "state": ["CA", "TX"]}, ["spasm"]),
        ({"q": "radiculopathy", "subcategory": ["MRI", "Acupuncture"]}, ["radiculopathy"]),
        ({"decision": ["upheld"], "specialty": ["Pain Medicine"]}, None),
        ({"q": "radiculopathy", "date_from": "2014-01-01", "sort": "newest"}, ["radiculopathy"]),
    ],
)
def test_the_page_and_the_counts_agree_with_the_ground_truth(corpus, data, words):
    """run_search (a hits request and a cached size-0 counts request) against the ground truth,
    and its pages against one longer page: the same letters in the same order with the same scores."""
    assert_matches_truth(corpus, data, words)
    params = SearchForm(data).params()
    long_page = run_search(params, page=1, per_page=40)
    pages = [run_search(params, page=page, per_page=20) for page in (1, 2)]
    assert [*pages[0].results, *pages[1].results] == long_page.results
    assert all(p.facets == long_page.facets and p.total_decisions == long_page.total_decisions for p in pages)


def test_pages_past_the_end_and_the_window_cap(corpus):
    res = search({}, page=50, per_page=20)
    assert res.results == []
    assert any("past the end" in m for m in res.messages)
    capped = search({}, page=900, per_page=20)
    assert capped.page == 500
    assert any("10,000" in m for m in capped.messages)


def test_highlights_are_safe_and_bounded(corpus):
    res = search({"q": "spasm", "subcategory": ["MRI"]})
    trap = next(r for r in res.results if r.case_number == "CM99-0000001")
    html = " ".join(trap.treatments[0].highlights)
    assert "<mark>spasm</mark>" in html
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    for letter in res.results:
        for t in letter.treatments:
            assert len(t.highlights) <= 3
            assert all(len(h) < 1200 for h in t.highlights)


def test_letter_page_highlighting(corpus):
    marks = highlight_letter("CM99-0000001", SearchForm({"q": "spasm"}).params())
    assert marks is not None
    assert "<mark>spasm</mark>" in str(marks.treatments[2].rationale)
    assert "<script>" not in str(marks.treatments[2].rationale)


def test_misspelled_drug_gets_a_suggestion(corpus):
    drugs = {t.drug_name.lower() for s in corpus for t in s.treatments if t.drug_name}
    assert "oxycodone" in drugs
    fuzzy = search({"q": "drug:oxycodne"})
    assert fuzzy.total_letters > 0
    res = search({"q": "oxycodne"})
    assert res.suggestions == ["oxycodone"]
    assert any("Did you mean" in m for m in res.messages)
    # a misspelling the drug dictionary knows finds its drug through the search vocabulary
    assert all_cases({"q": "oxycodon"}) == all_cases({"q": "oxycodone"}) != []


def test_proximity_and_sentences(corpus):
    # "No muscle spasm was documented": two words between "muscle" and "documented".
    with_spasm = sorted(
        s.case_number for s in corpus if any("No muscle spasm" in t.rationale for t in s.treatments)
    )
    assert all_cases({"q": "muscle pre/2 documented"}) == with_spasm
    assert all_cases({"q": "muscle pre/1 documented"}) == []
    assert all_cases({"q": "muscle w/2 documented"}) != []
    same_sentence = all_cases({"q": "radiculopathy /s imaging"})
    across = all_cases({"q": "radiculopathy /s therefore"})
    assert same_sentence
    assert across == []


def test_export_has_every_decision_of_the_letters_found_and_flags_the_matching_ones(corpus):
    data = {"q": "radiculopathy", "decision": ["overturned"]}
    res = search(data)
    rows = list(iter_export_rows(SearchForm(data).params(), 10_000))
    assert sum(t.matches for _, t in rows) == res.total_decisions
    assert {t.decision for _, t in rows if t.matches} == {"overturned"}
    assert len({letter.id for letter, _ in rows}) == res.total_letters
    assert len(list(iter_export_rows(SearchForm({}).params(), 7))) == 7


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])  # one search each
@given(
    q=st.one_of(
        st.text(max_size=60), st.sampled_from(['"', "(", "OR", "w/5", "drug:", "-", "*", "a" * 5000])
    ),
    page=st.one_of(st.integers(-5, 100_000).map(str), st.text(max_size=5)),
    date=st.text(max_size=12),
)
def test_fuzz_never_fails_against_the_engine(corpus, q, page, date):
    res = run_search(SearchForm({"q": q, "page": page, "date_from": date}).params())
    assert res.total_letters >= 0


def test_similar_letters(corpus):
    letter = Letter.objects.prefetch_related("treatments").get(case_number=corpus[0].case_number)
    similar = similar_letters(letter, limit=5)
    assert 0 < len(similar) <= 5
    subcategories = {t.subcategory for t in corpus[0].treatments}
    assert all(s.subcategory in subcategories for s in similar)
    assert corpus[0].case_number not in {s.case_number for s in similar}


def test_a_word_ored_with_a_letter_level_clause_keeps_the_decision_scope(corpus):
    """`kingfisher OR <case number>`: the case number's letter and the letter whose decision names
    kingfisher are about the search (every decision of the first, the one of the second); the
    letter whose summary alone mentions kingfisher is listed after them, counted nowhere."""
    data = {"q": "kingfisher OR CM99-0000001"}
    res = search(data)
    assert [r.case_number for r in res.results][-1] == "CM99-0000003"
    assert (res.total_letters, res.letters_about, res.total_decisions) == (3, 2, 3)
    assert [r.case_number for r in res.results if r.mentioned_only] == ["CM99-0000003"]
    rows = list(iter_export_rows(SearchForm(data).params(), 100))
    assert sum(t.matches for _, t in rows) == 3
    assert not any(t.matches for letter, t in rows if letter.case_number == "CM99-0000003")
    for sort in ("newest", "oldest"):
        assert [r.case_number for r in search({**data, "sort": sort}).results][-1] == "CM99-0000003"


def test_an_exclusion_alone_lists_no_mentions(corpus):
    res = search({"q": "-kingfisher"})
    assert res.letters_mentioning == 0
    assert not any(r.mentioned_only for r in res.results)

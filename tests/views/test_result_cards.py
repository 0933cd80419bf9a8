"""A result card says how many of a letter's decisions it shows, and marks a letter that only
mentions the search (search.views.render): pure, no services."""

from __future__ import annotations

from dataclasses import replace

from search.results import LetterResult, TreatmentResult
from search.views.render import hit_html


def _treatment(position: int) -> TreatmentResult:
    return TreatmentResult(
        position=position,
        request=f"Request {position}",
        decision="upheld",
        category="Rehabilitation",
        subcategory="Acupuncture",
        drug_class="",
        drug_name="",
        guideline_sources=["MTUS"],
        sessions=None,
        highlights=[],
    )


def _letter(shown: int, count: int, matching: int, *, mentioned_only: bool = False) -> LetterResult:
    return LetterResult(
        id=1,
        public_id="CM17-0000001",
        case_number="CM17-0000001",
        decision_date=None,
        date_assigned=None,
        date_of_injury=None,
        priority="standard",
        reviewer_specialties=[],
        reviewer_license_states=[],
        treatments=[_treatment(p) for p in range(1, shown + 1)],
        treatment_count=count,
        matching=matching,
        mentioned_only=mentioned_only,
        summary_html="Treatment to date has included <mark>acupuncture</mark>.",
    )


def test_a_card_showing_some_decisions_says_how_many_of_how_many():
    assert "Showing 10 of the 14 matching decisions (21 disputed in this letter)." in hit_html(
        _letter(10, 21, 14), 1, "/letters/CM17-0000001/"
    )
    assert "Showing the 2 matching decisions of 5 disputed in this letter." in hit_html(
        _letter(2, 5, 2), 1, "/letters/CM17-0000001/"
    )
    assert "Showing" not in hit_html(_letter(3, 3, 3), 1, "/letters/CM17-0000001/")


def test_a_letter_that_only_mentions_the_words_shows_where_and_no_decision():
    html = hit_html(_letter(0, 3, 0, mentioned_only=True), 1, "/letters/CM17-0000001/", "in the case summary")
    assert 'class="hit hit--mention"' in html
    assert "Mentioned in the case summary" in html
    assert "None of its" in html
    assert "3 disputed treatments</a> is about the search; none is counted." in html
    one = hit_html(_letter(0, 1, 0, mentioned_only=True), 1, "/letters/CM17-0000001/", "in the case summary")
    assert "disputed treatment</a> is not about the search; it is not counted." in one
    assert "<mark>acupuncture</mark>" in html
    assert 'class="treatment"' not in html


def test_a_card_shows_the_reviewers_guidelines_apart_from_the_administrators():
    """The bug of issue #14: a card read "MTUS, ODG" where the reviewer relied on MTUS only."""
    treatment = replace(
        _treatment(1), administrator_guideline_sources=["ODG", "MTUS"], body_regions=["Lumbar spine", "Knee"]
    )
    html = hit_html(replace(_letter(1, 1, 1), treatments=[treatment]), 1, "/letters/CM17-0000001/")
    assert "IMR reviewer: MTUS</span>" in html
    assert "Claims administrator: ODG, MTUS</span>" in html
    assert "MTUS, ODG" not in html
    assert '<span class="treatment__regions">Lumbar spine, Knee</span>' in html
    assert 'title="Category from the request"' not in html  # no basis recorded: no title
    with_basis = replace(treatment, basis="guideline")
    assert 'title="Category from the guideline citations"' in hit_html(
        replace(_letter(1, 1, 1), treatments=[with_basis]), 1, "/letters/CM17-0000001/"
    )


def test_a_card_without_administrator_guidelines_names_the_reviewers_only():
    html = hit_html(_letter(1, 1, 1), 1, "/letters/CM17-0000001/")
    assert "IMR reviewer: MTUS" in html
    assert "Claims administrator" not in html

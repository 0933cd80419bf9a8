from __future__ import annotations

from ingest.parsing.guidelines import parse_guidelines
from ingest.parsing.result import Guideline


def test_mtus_with_pages() -> None:
    found = parse_guidelines(
        "Claims Administrator guideline: Decision based on MTUS Chronic Pain Treatment Guidelines "
        "Massage therapy Page(s): 60.",
        "claims_administrator",
    )
    assert found == [
        Guideline(
            "MTUS",
            "MTUS Chronic Pain Treatment Guidelines Massage therapy",
            "claims_administrator",
            "60",
            ["MTUS Chronic Pain: Massage therapy"],
        )
    ]


def test_several_citations_and_boilerplate() -> None:
    found = parse_guidelines(
        "MAXIMUS guideline: The Expert Reviewer based their decision on recommendation(s) outside of "
        "the MTUS Guidelines. "
        "Decision based on MTUS Chronic Pain Medical Treatment 2016, Section(s): Opioids. "
        "Decision based on Non-MTUS Citation Official Disability Guidelines (ODG), Pain Chapter. "
        "Decision based on Non-MTUS Citation ACOEM Practice Guidelines, Chapter 12, pages 303-305. "
        "Decision based on Non-MTUS Citation Sildenafil: Drug information, UpToDate.",
        "maximus",
    )
    assert [(g.source, g.pages) for g in found] == [
        ("MTUS", None),
        ("ODG", None),
        ("ACOEM", "303-305"),
        ("other", None),
    ]
    assert found[0].citation == "MTUS Chronic Pain Medical Treatment 2016, Section(s): Opioids"
    assert found[3].citation == "Sildenafil: Drug information, UpToDate"
    assert all(g.cited_by == "maximus" for g in found)


def test_no_citation() -> None:
    text = "Claims Administrator guideline: The Claims Administrator did not cite any medical evidence."
    assert parse_guidelines(text, "claims_administrator") == []
    assert parse_guidelines("", "maximus") == []


def test_2013_sentences() -> None:
    found = parse_guidelines(
        "The Claims Administrator based its decision on the Chronic Pain Medical Treatment Guidelines, "
        "pages 30-32, which are part of the MTUS. The Expert Reviewer also cited the Official Disability "
        "Guidelines, Low Back, which is not part of the MTUS.",
        "claims_administrator",
    )
    assert [(g.source, g.citation, g.pages) for g in found] == [
        ("MTUS", "Chronic Pain Medical Treatment Guidelines", "30-32"),
        ("ODG", "Official Disability Guidelines, Low Back", None),
    ]

"""The corpus generator: deterministic, every layout, consistent ground truth."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from pathlib import Path

import pytest

from ingest.generator import LAYOUTS, iter_letters, write_corpus
from ingest.generator.cli import main
from ingest.parsing.result import ParsedLetter
from ingest.taxonomy import CATEGORIES, SPECIALTIES, classify_decision

WHO = ("maximus", "claims_administrator")  # who cites a guideline

TRUTH_KEYS = set(ParsedLetter(source="x").to_json()) | {"layout"}
TEXT_KINDS = ["text", "html", "2013", "cp1252"]


def test_same_seed_same_bytes() -> None:
    a = [(x.filename, x.content, x.truth) for x in iter_letters(60, seed=7, layouts=TEXT_KINDS)]
    b = [(x.filename, x.content, x.truth) for x in iter_letters(60, seed=7, layouts=TEXT_KINDS)]
    assert a == b
    c = [x.content for x in iter_letters(60, seed=8, layouts=TEXT_KINDS)]
    assert c != [x[1] for x in a]


def test_pdf_deterministic_and_readable() -> None:
    pdfium = pytest.importorskip("pypdfium2")
    a = next(iter_letters(1, seed=3, layouts=["pdf"]))
    b = next(iter_letters(1, seed=3, layouts=["pdf"]))
    assert a.content == b.content
    assert a.content.startswith(b"%PDF-")
    doc = pdfium.PdfDocument(a.content)
    text = "\n".join(page.get_textpage().get_text_range() for page in doc)
    assert "IMR ISSUES, DECISIONS AND RATIONALES" in text
    if a.truth["case_number"]:
        assert a.truth["case_number"] in text


def test_every_layout_produced() -> None:
    kinds = Counter(x.kind for x in iter_letters(300, seed=1, layouts=TEXT_KINDS))
    assert set(kinds) == set(TEXT_KINDS)
    assert {x.truth["layout"] for x in iter_letters(40, seed=1)} >= {"html", "pdf-text", "2013"}
    assert set(LAYOUTS) == {"text", "html", "pdf", "2013", "cp1252"}


def test_layout_restriction() -> None:
    assert {x.kind for x in iter_letters(50, seed=2, layouts=["text"])} == {"text"}
    with pytest.raises(ValueError):
        next(iter_letters(1, seed=2, layouts=["nope"]))


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def test_truth_consistent() -> None:
    items = Counter()
    decisions = Counter()
    for letter in iter_letters(600, seed=11, layouts=TEXT_KINDS):
        t = letter.truth
        assert set(t) == TRUTH_KEYS
        assert t["source"] == letter.filename
        dates = [
            _date(t[k])
            for k in (
                "date_of_injury",
                "ur_denial_date",
                "application_received",
                "date_assigned",
                "decision_date",
            )
        ]
        present = [d for d in dates if d is not None]
        assert present == sorted(present)
        assert len(set(present)) == len(present)
        for d in present:
            assert dt.date(1995, 1, 1) <= d <= dt.date(2026, 12, 31)
        assert 1 <= len(t["treatments"]) <= 20
        items[len(t["treatments"])] += 1
        for spec in t["reviewer_specialties"]:
            assert spec in SPECIALTIES
        assert all(len(s) == 2 for s in t["reviewer_license_states"])
        for tr in t["treatments"]:
            decisions[tr["decision"]] += 1
            assert tr["decision"] in {"upheld", "overturned"}
            assert tr["category"] in CATEGORIES
            cited = {who: [g["citation"] for g in tr["guidelines"] if g["cited_by"] == who] for who in WHO}
            c = classify_decision(
                tr["request"],
                reviewer_citations=cited["maximus"],
                administrator_citations=cited["claims_administrator"],
                rationale=tr["rationale"],
            )
            assert (c.category, c.subcategory, c.drug_class) == (
                tr["category"],
                tr["subcategory"],
                tr["drug_class"],
            )
            assert tr["rationale"] == " ".join(tr["rationale"].split())
            for g in tr["guidelines"]:
                assert g["source"] in {"MTUS", "ACOEM", "ODG", "other"}
                assert g["cited_by"] in {"claims_administrator", "maximus"}
        text = letter.content.decode("cp1252" if letter.kind == "cp1252" else "utf-8")
        if letter.kind == "cp1252":
            assert "\r\n" in text
        flat = " ".join(text.replace("**", "").split())
        for tr in t["treatments"]:
            assert tr["request"] in flat
    assert items[1] > items[2] > items[4]
    share = decisions["upheld"] / sum(decisions.values())
    assert 0.85 < share < 0.95


def test_write_corpus_and_cli(tmp_path: Path) -> None:
    n = write_corpus(tmp_path / "a", 25, seed=5, layouts=["text", "html"])
    assert n == 25
    files = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*.*"))
    assert len(files) == 50
    for p in (tmp_path / "a").rglob("*.json"):
        truth = json.loads(p.read_text())
        assert (tmp_path / "a" / truth["source"]).exists()
    assert main(["--count", "5", "--out", str(tmp_path / "b"), "--seed", "5", "--layouts", "text"]) == 0
    assert len(list((tmp_path / "b").rglob("*.txt"))) == 5

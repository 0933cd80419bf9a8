"""The hand-built HTML of results and facet values escapes everything but the engine's <mark> markup."""

from __future__ import annotations

import datetime as dt

from search.results import LetterResult, TreatmentResult
from search.views.render import hits_html
from search.views.sidebar import facet_value

EVIL = '<script>alert("x")</script>'


def treatment(**overrides) -> TreatmentResult:
    values = {
        "position": 1,
        "request": f"Massage {EVIL}",
        "decision": "overturned",
        "category": EVIL,
        "subcategory": "Massage",
        "drug_class": "",
        "drug_name": "",
        "guideline_sources": [EVIL],
        "administrator_guideline_sources": [EVIL],
        "body_regions": [EVIL],
        "basis": EVIL,
        "sessions": None,
        "highlights": ["the <mark>massage</mark> &lt;b&gt;"],
    }
    return TreatmentResult(**(values | overrides))


def test_result_html_escapes_letter_values_and_keeps_marks():
    hit = LetterResult(
        id=1,
        public_id='CM13-"1',
        case_number='CM13-"1',
        decision_date=dt.date(2015, 3, 4),
        date_assigned=None,
        date_of_injury=None,
        priority="expedited",
        reviewer_specialties=[EVIL],
        reviewer_license_states=["CA"],
        treatments=[treatment(), treatment(position=2, highlights=[], decision="upheld")],
    )
    html = str(hits_html([hit], 3, lambda case_number, rank: f'/letters/x/?q="a"&i={rank}'))
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert "the <mark>massage</mark> &lt;b&gt;" in html
    assert 'href="/letters/x/?q=&quot;a&quot;&amp;i=3#t1"' in html
    assert "Decided <time" in html
    assert "Also matching" in html
    assert "Expedited" in html


def test_facet_value_html_escapes():
    item = facet_value("specialty", EVIL, EVIL, 1234, True)
    assert "<script>" not in item.html
    assert "1,234" in item.html
    assert " checked" in item.html
    assert item.dom_id.startswith("f-specialty-")

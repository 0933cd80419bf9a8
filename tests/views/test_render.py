"""The hand-built HTML of results and facet values escapes everything but the engine's <mark> markup."""

from __future__ import annotations

import datetime as dt

from search.views.facets import facet_value
from search.views.render import hits_html
from search.views.results import LetterHit, TreatmentHit

EVIL = '<script>alert("x")</script>'


def treatment(**overrides) -> TreatmentHit:
    values = {
        "position": 1,
        "request": f"Massage {EVIL}",
        "decision": "overturned",
        "category": EVIL,
        "subcategory": "Massage",
        "drug_class": "",
        "guidelines": [EVIL],
        "highlights": ["the <mark>massage</mark> &lt;b&gt;"],
    }
    return TreatmentHit(**(values | overrides))


def test_result_html_escapes_letter_values_and_keeps_marks():
    hit = LetterHit(
        rank=3,
        case_number='CM13-"1',
        decision_date=dt.date(2015, 3, 4),
        specialties=[EVIL],
        states=["CA"],
        priority="expedited",
        treatments=[treatment(), treatment(position=2, highlights=[], decision="upheld")],
        url='/letters/x/?q="a"&i=3',
    )
    html = str(hits_html([hit]))
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert "the <mark>massage</mark> &lt;b&gt;" in html
    assert 'href="/letters/x/?q=&quot;a&quot;&amp;i=3#t1"' in html
    assert "Decided <time" in html
    assert "Also disputed in this letter" in html
    assert "Expedited" in html


def test_facet_value_html_escapes():
    item = facet_value("specialty", EVIL, EVIL, 1234, True)
    assert "<script>" not in item.html
    assert "1,234" in item.html
    assert " checked" in item.html
    assert item.dom_id.startswith("f-specialty-")

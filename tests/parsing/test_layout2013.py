"""The 2013 layout ("Notice of Independent Medical Review Determination").

No real 2013 letter is available: the letter below is synthetic, written to the
layout described for the project (numbered determinations repeated twice,
"Medical Qualifications of the Expert Reviewer", "Case Summary", per-item
"Regarding the request for ..." sections).
"""

from __future__ import annotations

import datetime as dt
import textwrap

import pytest

from ingest.parsing import ParseError, parse_bytes, parse_text

DETERMINATIONS = """\
1) MAXIMUS Federal Services, Inc. has determined the request for physical therapy twice a week for six weeks \
for the lumbar spine is not medically necessary and appropriate.
2) MAXIMUS Federal Services, Inc. has determined the request for Tramadol 50mg #60 is medically necessary \
and appropriate.
3) MAXIMUS Federal Services, Inc. has determined the request for a lumbar brace is partially certified.
"""

LETTER_2013 = f"""\
MAXIMUS FEDERAL SERVICES, INC.
Notice of Independent Medical Review Determination
Dated: 10/15/2013
IMR Case Number: CM13-0001234 Date of Injury: 03/02/2010
UR Denial Date: 08/20/2013 Priority: Standard
Dear Employee:
MAXIMUS Federal Services, Inc. has completed the Independent Medical Review of the above workers' \
compensation case.
Final Determination:
{DETERMINATIONS}
INDEPENDENT MEDICAL REVIEW DECISION AND RATIONALE
An application for Independent Medical Review was filed on 09/03/2013 disputing the Utilization Review \
Denial dated 08/20/2013. A Notice of Assignment and Request for Information was provided to the above \
parties on 09/10/2013. A decision has been made for each of the treatment and/or services that were \
in dispute:
{DETERMINATIONS}
Medical Qualifications of the Expert Reviewer:
The independent Medical Doctor who made the decision has no affiliation with the employer, employee, \
providers or the claims administrator. The physician reviewer is Board Certified in Physical Medicine and \
Rehabilitation and is licensed to practice in California and Nevada. He/she has been in active clinical \
practice for more than five years.
Expert Reviewer Case Summary:
The patient is a 47 year-old female who was injured on 3/2/2010. The mechanism of injury was lifting a box. \
Diagnoses include lumbar strain, lumbar radiculopathy.
Documents Reviewed for Determination:
Utilization review determination dated 8/20/2013
1) Regarding the request for physical therapy twice a week for six weeks for the lumbar spine:
Medical Treatment Guideline(s) Relied Upon by the Claims Administrator:
The Claims Administrator based its decision on the Chronic Pain Medical Treatment Guidelines, pages 98-99, \
which are part of the MTUS.
Medical Treatment Guideline(s) Relied Upon by the Expert Reviewer:
The Expert Reviewer relied on the Official Disability Guidelines (ODG), Low Back chapter, which is not part \
of the MTUS.
Rationale for the Decision:
The guidelines allow a limited number of visits. The patient already completed twelve visits. The request \
is not medically necessary and appropriate.
2) Regarding the request for Tramadol 50mg #60:
Medical Treatment Guideline(s) Relied Upon by the Claims Administrator:
The Claims Administrator did not cite any evidence-based criteria for its decision.
Medical Treatment Guideline(s) Relied Upon by the Expert Reviewer:
The Expert Reviewer based his/her decision on the Chronic Pain Medical Treatment Guidelines, page 80, \
which is part of the MTUS.
Rationale for the Decision:
Pain relief and function are documented. The request is medically necessary and appropriate.
3) Regarding the request for a lumbar brace:
Rationale for the Decision:
Lumbar supports have not been shown to have lasting benefit.
/dd
cc: Claims Administrator
"""


def _check(text: str) -> None:
    letter = parse_text(text, "synthetic-2013")
    assert letter.layout == "2013"
    assert letter.case_number == "CM13-0001234"
    assert letter.decision_date == dt.date(2013, 10, 15)
    assert letter.date_of_injury == dt.date(2010, 3, 2)
    assert letter.ur_denial_date == dt.date(2013, 8, 20)
    assert letter.application_received == dt.date(2013, 9, 3)
    assert letter.date_assigned == dt.date(2013, 9, 10)
    assert letter.priority == "standard"
    assert letter.reviewer_specialties == ["Physical Medicine & Rehabilitation"]
    assert letter.reviewer_license_states == ["CA", "NV"]
    assert letter.patient_age == 47
    assert letter.patient_sex == "female"
    assert letter.mechanism_of_injury == "lifting a box"
    assert letter.diagnoses == ["lumbar strain", "lumbar radiculopathy"]
    assert [t.request for t in letter.treatments] == [
        "physical therapy twice a week for six weeks for the lumbar spine",
        "Tramadol 50mg #60",
        "a lumbar brace",
    ]
    assert [t.decision for t in letter.treatments] == ["upheld", "overturned", "partially certified"]
    assert any("partially certified" in w for w in letter.warnings)
    first, second, third = letter.treatments
    assert [(g.source, g.cited_by, g.pages) for g in first.guidelines] == [
        ("MTUS", "claims_administrator", "98-99"),
        ("ODG", "maximus", None),
    ]
    assert first.guidelines[0].citation == "Chronic Pain Medical Treatment Guidelines"
    assert [(g.source, g.cited_by, g.pages) for g in second.guidelines] == [("MTUS", "maximus", "80")]
    assert first.rationale.startswith("The guidelines allow")
    assert first.rationale.endswith("not medically necessary and appropriate.")
    assert second.rationale.startswith("Pain relief")
    assert third.rationale == "Lumbar supports have not been shown to have lasting benefit."
    assert third.guidelines == []
    assert letter.treatments[1].drug_class is None or isinstance(letter.treatments[1].drug_class, str)


def test_2013_layout() -> None:
    _check(LETTER_2013)


def test_2013_layout_hard_wrapped_with_pages() -> None:
    """The same letter wrapped at 78 columns, with page breaks and running footers."""
    lines: list[str] = []
    for line in LETTER_2013.splitlines():
        lines.extend(textwrap.wrap(line, 78) or [""])
    pages = ["\n".join(lines[i : i + 25]) for i in range(0, len(lines), 25)]
    text = "\f".join(
        f"{page}\nCM13-0001234\nPage {n} of {len(pages)}" for n, page in enumerate(pages, start=1)
    )
    _check(text)


def test_2013_layout_with_missing_space_in_not_medically() -> None:
    """PDF extraction of 2013 letters can drop the space: "is notmedically necessary"."""
    letter = parse_bytes(LETTER_2013.replace("not medically", "notmedically").encode("cp1252"), "x")
    assert [t.decision for t in letter.treatments] == ["upheld", "overturned", "partially certified"]


def test_2013_letter_without_determinations_is_rejected() -> None:
    text = LETTER_2013.replace("has determined the request for", "has reviewed")
    with pytest.raises(ParseError, match="no disputed items"):
        parse_text(text)

"""The 2013 layout: "Notice of Independent Medical Review Determination"."""

from __future__ import annotations

import random

from .case import Case, fmt_date
from .modern import join_list, wrap
from .prose import Citation

_NM = "medically necessary and appropriate"


def _guides(cites: list[Citation], who: str, pronoun: str) -> str:
    if not cites:
        return f"The {who} did not cite any evidence-based criteria for its decision."
    out = []
    for c in cites:
        pages = f", pages {c.pages}" if c.pages else ""
        part = (
            "which is part of the MTUS" if c.source in ("MTUS", "ACOEM") else "which is not part of the MTUS"
        )
        out.append(f"The {who} based {pronoun} decision on the {c.citation}{pages}, {part}.")
    return " ".join(out)


_INTRO = (
    "MAXIMUS Federal Services, Inc. has completed the Independent Medical Review (IMR) of the above "
    "workers' compensation case. This letter provides you with the IMR Final Determination and "
    "explains how the determination was made."
)
_DETAIL = (
    "A detailed explanation of the decision for each of the disputed items/services "
    "is provided later in this letter."
)
_FINAL = (
    "This decision is final and binding on all parties. Should you wish to appeal, you must file a verified "
    "appeal with the Workers' Compensation Appeals Board within 30 days of the date of this letter."
)
_SENT = "MAXIMUS Federal Services, Inc. sent the complete case file to an expert reviewer."
_SUMMARY = (
    "The expert Physician Reviewer developed the following case summary based on a review of the case file, "
    "including all medical records:"
)


def _final(case: Case) -> str:
    upheld = [it.decision == "upheld" for it in case.items]
    if all(upheld):
        return f"UPHOLD. This means we decided that none of the disputed items/services are {_NM}."
    if not any(upheld):
        return f"OVERTURN. This means we decided that all of the disputed items/services are {_NM}."
    return (
        f"OVERTURN. This means we decided that some of the disputed items/services are {_NM}. "
        "Your employer or claims administrator must authorize those items/services."
    )


def render_2013(case: Case, rng: random.Random) -> str:
    width = rng.randint(90, 110)
    lines: list[str] = []

    def para(text: str, blank: bool = True) -> None:
        lines.extend(wrap(text, width))
        if blank:
            lines.append("")

    lines += [
        "Notice of Independent Medical Review Determination",
        "",
        f"Dated: {fmt_date(case.decision_date)}",
        "",
    ]
    lines += ["[Employee Name Redacted]", "[Address Redacted]", ""]
    rows = [
        ("Employee:", "[Redacted]"),
        ("Claim Number:", "[Redacted]"),
        ("Date of UR Decision:", fmt_date(case.ur_denial_date)),
        ("Date of Injury:", fmt_date(case.date_of_injury)),
        ("IMR Application Received:", fmt_date(case.application_received)),
    ]
    if case.case_number:
        rows.append(("MAXIMUS Case Number:", case.case_number))
    lines += [f"{k:<28}{v}" for k, v in rows]
    lines.append("")
    para(_INTRO)
    para(f"Final Determination: {_final(case)} {_DETAIL}")
    for n, it in enumerate(case.items, 1):
        verdict = f"is not {_NM}" if it.decision == "upheld" else f"is {_NM}"
        para(
            f"{n}. MAXIMUS Federal Services, Inc. has determined the request for {it.request} {verdict}.",
            False,
        )
    lines.append("")
    para(_FINAL)
    lines += [
        "Sincerely,",
        "",
        "[Signature]",
        "Medical Director",
        "",
        "\fHOW THE IMR FINAL DETERMINATION WAS MADE",
        "",
    ]
    para(_SENT)
    lines.append("Medical Qualifications of the Expert Reviewer:")
    para(
        "The independent Physician Reviewer who reviewed the case file is a Medical Doctor who is Board "
        f"Certified in {join_list(case.specialties_written)} and is licensed to practice in "
        f"{join_list(case.states_written)}. He/she has been in active clinical practice for more than five "
        "years and is currently working at least 24 hours a week in active practice."
    )
    lines.append("Expert Reviewer Case Summary:")
    para(_SUMMARY)
    for p in case.summary:
        para(p)
    lines += ["IMR ISSUES, DECISIONS AND RATIONALES:", ""]
    for n, it in enumerate(case.items, 1):
        verdict = f"is not {_NM}" if it.decision == "upheld" else f"is {_NM}"
        para(f"{n}. {it.request} {verdict}.")
        lines.append("Guidelines Used by the Claims Administrator in the Utilization Review Denial:")
        para(_guides(it.ca, "Claims Administrator", "its"))
        lines.append("Guidelines Used by the Expert Reviewer:")
        para(_guides(it.mx, "Expert Reviewer", "his/her"))
        lines.append("Rationale Used by the Expert Reviewer:")
        para(it.rationale)
    lines += ["", "/[initials]"]
    return "\n".join(lines) + "\n"

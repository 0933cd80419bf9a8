"""The 2014-2017 letter layouts as text: markup (html), PDF-extracted text, cp1252 text.

Blocks are built once as (kind, text) pairs and then rendered per layout.
"""

from __future__ import annotations

import random
import re
from functools import lru_cache

from .case import Case, Item, fmt_date
from .prose import Citation, rationale_paragraphs

BOILER = (
    "MAXIMUS Federal Services sent the complete case file to an expert reviewer. He/she has no "
    "affiliation with the employer, employee, providers or the claims administrator."
)
BOILER_2 = (
    "He/she has been in active clinical practice for more than five years and is currently working at "
    "least 24 hours a week in active practice. The expert reviewer was selected based on his/her clinical "
    "experience, education, background, and expertise in the same or similar specialties that evaluate "
    "and/or treat the medical condition and disputed items/services. He/she is familiar with governing laws "
    "and regulations, including the strength of evidence hierarchy that applies to Independent Medical "
    "Review determinations."
)
SUMMARY_INTRO = (
    "The expert reviewer developed the following clinical case summary based on a review of the case file, "
    "including all medical records:"
)
ISSUES_INTRO = (
    "The Final Determination was based on decisions for the disputed items/services set forth below:"
)
H_HOW = "HOW THE IMR FINAL DETERMINATION WAS MADE"
H_SUMMARY = "CLINICAL CASE SUMMARY"
H_ISSUES = "IMR ISSUES, DECISIONS AND RATIONALES"

Block = tuple[str, str]  # kind: heading, para, item, label, line


def join_list(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def guideline_text(cites: list[Citation], rng: random.Random, who: str) -> str:
    if not cites:
        return f"The {who} did not cite any medical evidence for its decision."
    out = []
    if any(c.non_mtus for c in cites) and rng.random() < 0.3:
        out.append(f"The {who} based their decision on recommendation(s) outside of the MTUS Guidelines.")
    for c in cites:
        pre = "Non-MTUS Citation " if c.non_mtus else ""
        pages = f" Page(s): {c.pages}" if c.pages else ""
        out.append(f"Decision based on {pre}{c.citation}{pages}.")
    return " ".join(out)


def item_heading(it: Item) -> tuple[str, str]:
    """(statement before the decision, decision word)."""
    word = "Upheld" if it.decision == "upheld" else "Overturned"
    if it.variant == "remaining":
        return (
            f"{it.original_request} was the original request. {it.authorized} was authorized by the Claims "
            f"Administrator. The remaining IMR eligible portion of the original request, {it.request} is:",
            word,
        )
    if it.variant == "leaving":
        return (
            f"{it.original_request} was the original request. The Claims Administrator authorized a modified "
            f"request, leaving the original request IMR eligible. The original request, {it.request} is:",
            word,
        )
    return f"{it.request}:", word


def blocks(case: Case, rng: random.Random) -> list[Block]:
    out: list[Block] = [("heading", H_HOW)]
    specs, states = case.specialties_written, case.states_written
    if case.era == "2016":
        out.append(("para", f"{BOILER} {BOILER_2}"))
        out.append(("line", "The Expert Reviewer has the following credentials:"))
        sep = rng.choice((",", ", "))
        out.append(("line", f"State(s) of Licensure: {sep.join(states)}"))
        out.append(("line", f"Certification(s)/Specialty: {', '.join(specs)}"))
    else:
        cred = (
            f"The expert reviewer is Board Certified in {join_list(specs)} "
            f"and is licensed to practice in {join_list(states)}."
        )
        out.append(("para", f"{BOILER} {cred} {BOILER_2}"))
    out.append(("heading", H_SUMMARY))
    out.append(("para", SUMMARY_INTRO))
    out.extend(("para", p) for p in case.summary)
    out.append(("heading", H_ISSUES))
    out.append(("para", ISSUES_INTRO))
    for it in case.items:
        stmt, word = item_heading(it)
        out.append(("item", f"{stmt}\x00{word}"))
        out.append(
            (
                "label",
                "Claims Administrator guideline:\x00" + guideline_text(it.ca, rng, "Claims Administrator"),
            )
        )
        out.append(("label", "MAXIMUS guideline:\x00" + guideline_text(it.mx, rng, "Expert Reviewer")))
        out.append(("label", "Decision rationale:\x00" + it.rationale))
    return out


def header_rows(case: Case, rng: random.Random) -> list[tuple[str, str]]:
    return [
        ("Case Number:", case.case_number or ""),
        ("Date Assigned:", fmt_date(case.date_assigned)),
        ("Date of Injury:", fmt_date(case.date_of_injury)),
        ("Decision Date:", fmt_date(case.decision_date)),
        ("UR Denial Date:", fmt_date(case.ur_denial_date)),
        ("Priority:", case.priority.capitalize()),
        ("Application Received:", fmt_date(case.application_received)),
    ]


def render_html(case: Case, rng: random.Random) -> str:
    h = header_rows(case, rng)
    lines = ["", "", f"<b>{h[0][0]}</b>\t{h[0][1]}\t\t"]
    for a, b in ((1, 2), (3, 4), (5, 6)):
        lines.append(f"<b>{h[a][0]}</b>\t{h[a][1]}\t<b>{h[b][0]}</b>\t{h[b][1]}")
    lines.append("")
    for kind, text in blocks(case, rng):
        if kind == "heading":
            lines += [f"### {text}", ""]
        elif kind == "item":
            stmt, word = text.split("\x00")
            lines += [f"**{stmt} {word}**", ""]
        elif kind == "label":
            label, body = text.split("\x00")
            lines += [f"**{label}** {body}", ""]
        else:
            lines += [text, ""]
    return "\n".join(lines)


@lru_cache(maxsize=64)
def _wrap_re(width: int) -> re.Pattern[str]:
    return re.compile(rf"(\S.{{0,{width - 1}}})(?:\s+|$)|(\S+)(?:\s+|$)")


def wrap(text: str, width: int) -> list[str]:
    """Greedy word wrap at ``width`` characters (regex: fast; no hyphenation)."""
    return [a or b for a, b in _wrap_re(width).findall(" ".join(text.split()))]


def render_pdf_text(case: Case, rng: random.Random, *, with_header: bool = False, crlf: bool = False) -> str:
    """Text as a PDF-to-text tool gives it: hard wraps, space-only blank lines, page breaks."""
    width = rng.randint(86, 100)
    trail = " " if not with_header else ""
    blank = " " if not with_header else ""
    lines: list[str] = []
    if with_header:
        h = {k: v for k, v in header_rows(case, rng)}
        lines += [
            f"Case Number: {h['Case Number:']}".rstrip(),
            f"Date Assigned: {h['Date Assigned:']} Date of Injury: {h['Date of Injury:']}",
            f"Decision Date: {h['Decision Date:']} UR Denial Date: {h['UR Denial Date:']}",
            f"Priority: {h['Priority:']} Application ",
            "Received: ",
            h["Application Received:"],
        ]
    for kind, text in blocks(case, rng):
        if kind == "heading":
            lines += [blank, f"{trail}{text}{trail}"] if not with_header else [text]
            continue
        if kind == "item":
            stmt, word = text.split("\x00")
            text = f"{stmt} {word}" if rng.random() < 0.8 or not stmt.endswith("is:") else f"{stmt}\n{word}"
        elif kind == "label":
            label, body = text.split("\x00")
            text = f"{label} {body}"
        if not with_header:
            lines.append(blank)
        for part in text.split("\n"):
            lines += [w + trail for w in wrap(part, width)]
        if not with_header and kind == "label" and rng.random() < 0.3:
            lines += [blank, ""]
    return _pages(lines, rng, "\r\n" if crlf else "\n")


def _pages(lines: list[str], rng: random.Random, end: str) -> str:
    """The lines as text, a page break every ~46-52 lines."""
    out: list[str] = []
    page_len = rng.randint(46, 52)
    for i, line in enumerate(lines):
        if i and i % page_len == 0:
            out.append("\f" + line)
        else:
            out.append(line)
    return end.join(out) + end


def render_glued_text(case: Case, rng: random.Random) -> str:
    """PDF text in which an item statement follows the previous rationale without a break.

    As some real letters extract: hard-wrapped lines, no blank lines, a rationale in paragraphs
    (its closing sentence alone, sometimes its first sentence alone too), and the next item's
    statement either on the closing sentence's line ("... is not medically necessary. Gym
    membership: Upheld") or on the next line with nothing to tell that break from a wrap. Soft
    wraps keep a trailing space in half the letters (as pdfium extracts them); the closing line
    then keeps one too when the statement starts the next line.
    """
    width = rng.randint(86, 100)
    soft = rng.random() < 0.5
    lines: list[str] = []

    def emit(paragraph: str, *, trailing: bool = False) -> None:
        wrapped = wrap(paragraph, width)
        lines.extend(
            f"{w} " if soft and (trailing or i < len(wrapped) - 1) else w for i, w in enumerate(wrapped)
        )

    closing: str | None = None  # the last paragraph of the rationale before, until the next statement
    for kind, text in blocks(case, rng):
        if kind == "item":
            statement = text.replace("\x00", " ")
            if closing is None:
                emit(statement)
            elif rng.random() < 0.5:
                emit(f"{closing} {statement}")
            else:
                emit(closing, trailing=True)
                emit(statement)
            closing = None
        elif kind == "label" and text.startswith("Decision rationale:"):
            label, body = text.split("\x00")
            *paragraphs, closing = rationale_paragraphs(body, split_first=rng.random() < 0.5)
            if paragraphs:
                paragraphs[0] = f"{label} {paragraphs[0]}"
            else:
                closing = f"{label} {closing}"
            for paragraph in paragraphs:
                emit(paragraph)
        else:
            if closing is not None:
                emit(closing)
                closing = None
            emit(text.replace("\x00", " "))
    if closing is not None:
        emit(closing)
    return _pages(lines, rng, "\n")


SMART = str.maketrans({"'": "\u2019"})


def smarten(case: Case) -> None:
    """Curly quotes and dashes in the prose (cp1252 letters)."""
    for it in case.items:
        first, _, rest = it.rationale.partition(". ")
        it.rationale = f"The guidelines state, \u201c{first}.\u201d {rest}".translate(SMART).replace(
            " - ", " \u2013 "
        )
    case.summary = [p.translate(SMART) for p in case.summary]

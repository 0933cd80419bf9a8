"""Regular expressions shared by the parsing steps.

Every pattern is anchored or bounded so that matching stays linear in the
length of the input (no nested unbounded repetition).
"""

from __future__ import annotations

import re

# A line starting with one of these labels (lower-cased, single-spaced) starts a new logical line.
LABEL_PREFIXES: tuple[str, ...] = (
    "claims administrator guideline",
    "maximus guideline",
    "decision rationale",
    "case number",
    "imr case number",
    "maximus case number",
    "date assigned",
    "decision date",
    "date of injury",
    "ur denial date",
    "date of ur decision",
    "priority:",
    "priority :",
    "dated:",
    "state(s) of licensure",
    "states of licensure",
    "certification(s)/specialty",
    "certification(s) / specialty",
    "the expert reviewer has the following credentials",
    "the final determination was based on",
    "the expert reviewer developed the following",
    "medical treatment guideline",
    "guidelines used by the",
    "guideline(s) used by the",
    "rationale used by the",
    "rationale for the decision",
    "medical qualifications of the expert reviewer",
    "case summary",
    "expert reviewer case summary",
    "clinical case summary:",
    "documents reviewed for determination",
    "an application for independent medical review was filed",
    "final determination:",
    "regarding the request for",
    "maximus federal services, inc. has determined",
    "cc:",
    "sincerely",
)
NUMBERED_LABEL = re.compile(r"\d{1,2} ?[.)] (?:maximus|regarding)\b", re.IGNORECASE)

# "...: Upheld" at the end of a logical line (the item statement of the modern layout).
DECISION_END = re.compile(r"(?::|\bis)\s{0,3}(?P<decision>upheld|overturned)[\s.*]{0,5}$", re.IGNORECASE)
# A line holding only the decision (wrapped off its item statement).
DECISION_ONLY = re.compile(r"^(?:is\s{0,3}:?\s{0,3})?(?:upheld|overturned)[\s.*]{0,5}$", re.IGNORECASE)

# Lines that introduce a list or block: the next line starts a new logical line.
INTRO_END = re.compile(
    r"(?:set\s+forth\s+below|following\s+credentials|including\s+all\s+medical\s+records"
    r"|were\s+in\s+dispute|treatment\s+and/or\s+services\s+that\s+were\s+in\s+dispute)\s*:$",
    re.IGNORECASE,
)

PAGE_NUMBER = re.compile(
    r"^(?:page\s{0,3}\d{1,4}(?:\s{0,3}(?:of|/)\s{0,3}\d{1,4})?|-\s{0,3}\d{1,4}\s{0,3}-|\d{1,4}"
    r"|\d{1,4}\s{0,3}(?:of|/)\s{0,3}\d{1,4})$",
    re.IGNORECASE,
)
# A running footer ending in a page number: "CM16-0221706 Page 2", "IMR Final Determination Page 2 of 3".
FOOTER_PAGE_NUMBER = re.compile(r"(?:^|\s)(?:Page|PAGE)\s{0,2}\d{1,4}(?:\s{0,2}(?:of|OF|/)\s{0,2}\d{1,4})?$")
EXPLICIT_PAGE_NUMBER = re.compile(r"^page\s{0,3}\d{1,4}\s{0,3}(?:of|/)\s{0,3}\d{1,4}$", re.IGNORECASE)

# Word endings that only make sense glued to the previous fragment ("treat-" + "ment").
HYPHEN_SUFFIX = re.compile(
    r"^(?:tion|tions|sion|sions|ment|ments|ing|ings|ed|ly|ity|ities|ness|ance|ances|ence|ences"
    r"|able|ible|ive|ives|ous|al|ally|ical|ation|ations|ure|ures|ent|ents|ant|ants|er|ers|est"
    r"|ist|ists|ism|ize|ized|izes|ization|ologist|ology|opathy|athy|itis|ectomy|otomy|ular"
    r"|ary|ory|ic|ics|ia|ian|ians)\b",
)

KNOWN_HEADINGS: frozenset[str] = frozenset(
    {
        "HOW THE IMR FINAL DETERMINATION WAS MADE",
        "CLINICAL CASE SUMMARY",
        "IMR ISSUES, DECISIONS AND RATIONALES",
        "IMR ISSUES, DECISIONS, AND RATIONALES",
        "INDEPENDENT MEDICAL REVIEW DECISION AND RATIONALE",
        "DOCUMENTS REVIEWED",
        "MAXIMUS FEDERAL SERVICES, INC.",
        "MAXIMUS FEDERAL SERVICES",
    }
)

DATE_TEXT = (
    r"(?:\d{1,2}\s{0,2}[/.-]\s{0,2}\d{1,2}\s{0,2}[/.-]\s{0,2}\d{2,4}"
    r"|\d{4}-\d{1,2}-\d{1,2}"
    r"|[A-Za-z]{3,9}\.?\s{1,3}\d{1,2},?\s{1,3}\d{4}"
    r"|\d{1,2}\s{1,3}[A-Za-z]{3,9}\.?,?\s{1,3}\d{4})"
)

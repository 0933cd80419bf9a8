"""Regular expressions shared by the parsing steps.

Every pattern is anchored or bounded so that matching stays linear in the
length of the input (no nested unbounded repetition).
"""

from __future__ import annotations

import re

# A line starting with one of these labels always starts a new logical line.
LABEL_START = re.compile(
    r"""(?:
        claims\s+administrator\s+guideline\s*:
      | maximus\s+guideline\s*:
      | decision\s+rationale\s*:
      | (?:imr\s+)?case\s+number\s*:
      | date\s+assigned\s*:
      | decision\s+date\s*:
      | date\s+of\s+injury\s*:
      | ur\s+denial\s+date\s*:
      | priority\s*:
      | dated\s*:
      | state\(s\)\s+of\s+licensure\s*:
      | certification\(s\)\s*/\s*specialty\s*:
      | the\s+expert\s+reviewer\s+has\s+the\s+following\s+credentials
      | the\s+final\s+determination\s+was\s+based\s+on
      | the\s+expert\s+reviewer\s+developed\s+the\s+following
      | medical\s+treatment\s+guidelines?(?:\(s\))?\s+relied\s+upon
      | rationale\s+for\s+the\s+decision\s*:
      | medical\s+qualifications\s+of\s+the\s+expert\s+reviewer
      | (?:expert\s+reviewer\s+)?case\s+summary\s*:
      | documents\s+reviewed\s+for\s+determination
      | an\s+application\s+for\s+independent\s+medical\s+review\s+was\s+filed
      | final\s+determination\s*:
      | \d{1,2}\s?[.)]\s+(?:maximus|regarding)\b
    )""",
    re.IGNORECASE | re.VERBOSE,
)

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

SENTENCE_END = re.compile(r"[.!?]['\")\]]{0,2}$")

PAGE_NUMBER = re.compile(
    r"^(?:page\s{0,3}\d{1,4}(?:\s{0,3}(?:of|/)\s{0,3}\d{1,4})?|-\s{0,3}\d{1,4}\s{0,3}-|\d{1,4}"
    r"|\d{1,4}\s{0,3}(?:of|/)\s{0,3}\d{1,4})$",
    re.IGNORECASE,
)
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

"""The scope registry: what a matching decision is, for the words of a search.

- ``decision`` (the default): the words are in the decision's own text (its request, rationale,
  guideline citations or drug name). A letter whose case summary mentions them is still listed,
  below, but none of its decisions counts.
- ``request``: the words are in the decision's request (or its drug name).
- ``letter``: the words are anywhere in the letter: the decision's own text or its letter's story
  (summary, mechanism of injury, diagnoses).

The form accepts these values, the query compiler reads them, the page offers their labels and
says in words which is in force, and the OpenAPI document enumerates them. A case-number search
and the filters are about whole letters or decisions whatever the scope.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Scope:
    value: str  # the ``scope`` parameter
    label: str  # the control's option
    noun: str  # how the page names a matching decision: "14 decisions <noun> “acupuncture”"
    help: str  # the sentence beside the control
    elsewhere: str = ""  # where the letters listed without a matching decision mention the words


DECISION = Scope(
    "decision",
    "in the decision (request, rationale, guidelines, drug)",
    "about",
    "A decision matches when its own request, rationale, guidelines or drug name have the words; "
    "letters that mention them only in the case summary are listed after, uncounted.",
    "in the case summary (or mechanism, diagnoses)",
)
REQUEST = Scope(
    "request",
    "in the request only",
    "requesting",
    "A decision matches when its request names the words; letters that mention them elsewhere are "
    "listed after, uncounted.",
    "elsewhere in the letter",
)
LETTER = Scope(
    "letter",
    "anywhere in the letter (case summary too)",
    "in letters mentioning",
    "Every decision of a letter matches when the words are anywhere in the letter, its case summary "
    "included.",
)

SCOPES: tuple[Scope, ...] = (DECISION, REQUEST, LETTER)
DEFAULT = DECISION
BY_VALUE: dict[str, Scope] = {s.value: s for s in SCOPES}


def scope(value: str) -> Scope:
    """The scope of ``value`` (the default for an unknown one)."""
    return BY_VALUE.get(value, DEFAULT)

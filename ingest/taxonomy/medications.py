# ruff: noqa: E501  (word patterns)
"""The drugs a request names, and the taxonomy row of a medication request.

A medication takes its drug's class, with the labeling rules' exceptions read from the request:

- a topical of two or more agents, or one written as a compound ("in cream base", a compounding
  base, "compounded"), or a compounding kit applied to the skin: Topical Compounds;
- a topical of one agent: Topical Analgesics when the agent is sold as a manufactured or
  over-the-counter topical (lidocaine, diclofenac, menthol...), else Topical Compounds (a
  flurbiprofen or a gabapentin cream is compounded); a transdermal system keeps its class
  (a fentanyl patch is an opioid);
- an oral compounding kit (Deprizine, Fanatrex...) takes its agent's class (the dictionary's);
- an injected drug: Viscosupplementation for a hyaluronic acid, a procedural injection
  (Injection / Injection) when a site is named or the drug is made to be injected into one (Kenalog,
  Botox), else Injectable Medications.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from .drugs import DRUGS, MANUFACTURED_TOPICALS, MAX_WORDS, TOPICAL, Drug
from .drugs import INJECTION as INJECTION_ROUTE
from .rows import INJECTABLES, INJECTION, TOPICAL_ANALGESICS, TOPICAL_COMPOUNDS, Row, drug_row

_WORD_RE = re.compile(r"[a-z][a-z0-9\-]*(?:/[a-z][a-z0-9\-]*)*|#\d+")  # "#3" of "Tylenol #3"
# First words of the multi-word drug names: a phrase can only be a name if it starts with one.
_FIRST_WORDS = frozenset(key.split(" ", 1)[0] for key in DRUGS if " " in key)
# Generics sold as a transdermal system: a patch of theirs is not a topical analgesic.
_TRANSDERMAL = frozenset(d.generic for d in DRUGS.values() if d.route == "transdermal")
# Classes whose agents are put in topicals (compounded or manufactured).
_TOPICAL_CLASSES = frozenset(
    {
        "NSAIDs",
        "Muscle Relaxants",
        "Anti-epilepsy Drugs",
        "Antidepressants",
        "Miscellaneous Analgesics",
        "Opioids",
        "Topical Analgesics",
        "Topical Compounds",
        "Adrenal Corticosteroids",
    }
)

_TOPICAL_FORM = re.compile(
    r"\b(?:creams?|gels?|patch(?:es)?|ointments?|lotions?|topical\w*|rub|liniment|balm|roll-?on|foam|"
    r"solution for topical|\d+(?:\.\d+)?\s?(?:g|gm|gms|grams)\b)|(?<!nasal )\bsprays?\b"
)
_ORAL_FORM = re.compile(
    r"\b(?:oral\w*|by mouth|po|suspension|tablets?|tabs?|capsules?|caps|pills?|syrup|liquid|elixir|odt|sublingual)\b"
)
_COMPOUNDED = re.compile(
    r"\bcompound\w*|\bin (?:a )?(?:cream|lotion|gel|ointment) base|"
    r"\b(?:lipoderm|versapro|pentravan|versabase|ultraderm|pcca)\b"
)
_PERCENT = re.compile(r"\d\s?%")
_INJECTED = re.compile(
    r"\b(?:injections?|injected|injectables?|inject|infusions?|intramuscular|im|iv|intravenous|shots?)\b"
)
# Where an injection goes: a named body site or a procedure makes it a procedural injection.
_SITE = re.compile(
    r"\b(?:epidural|trigger points?|joints?|intra-?articular|bursa\w*|facet|nerve|blocks?|subacromial|"
    r"tendon|sheath|paraspinal\w*|knees?|shoulders?|hips?|elbows?|wrists?|ankles?|hands?|feet|foot|"
    r"spine|lumbar|cervical|thoracic|sacroiliac|si|plantar|fascia|muscles?|ligaments?|perineural|"
    r"ganglion|occipital|scalp|neck|back|trapezius)\b"
)


# Classes whose injectable forms a physician injects into a site (Kenalog, Botox): such a drug made for
# injection is a procedural injection even when the request names no site.
_PROCEDURAL_CLASSES = frozenset({"Adrenal Corticosteroids", "Antimigraine Agents"})


class Found(NamedTuple):
    start: int  # where the name starts in the lower-cased request
    drug: Drug


def find_drugs(low: str) -> list[Found]:
    """The drugs named in ``low`` (a lower-cased text), in order; the longest name wins at each
    word, and each part of "a/b/c" is a name of its own when the whole is not one."""
    words = [(m.start(), m.group()) for m in _WORD_RE.finditer(low)]
    found: list[Found] = []
    get = DRUGS.get
    i, n = 0, len(words)
    while i < n:
        start, word = words[i]
        size, drug = 1, None
        if word in _FIRST_WORDS:  # longest phrase first
            for size in range(min(MAX_WORDS, n - i), 1, -1):
                drug = get(" ".join(w for _, w in words[i : i + size]))
                if drug is not None:
                    break
        if drug is None:
            size = 1
            drug = get(word)
        if drug is not None:
            found.append(Found(start, drug))
        elif "/" in word:
            offset = start
            for part in word.split("/"):
                part_drug = get(part)
                if part_drug is not None:
                    found.append(Found(offset, part_drug))
                offset += len(part) + 1
        i += size
    return found


def _topical_row(drugs: list[Drug], low: str) -> Row | None:
    """Topical Compounds or Topical Analgesics for a topical request, None when it is no topical."""
    first = drugs[0]
    if any(d.kind == "kit" and d.route == TOPICAL for d in drugs):
        return TOPICAL_COMPOUNDS
    if first.kind == "kit" or first.generic in _TRANSDERMAL or first.drug_class not in _TOPICAL_CLASSES:
        return None
    topical = first.route == TOPICAL or (
        _TOPICAL_FORM.search(low) is not None and _ORAL_FORM.search(low) is None
    )
    agents = {d.generic for d in drugs if d.drug_class in _TOPICAL_CLASSES}
    percents = len(_PERCENT.findall(low))
    if len(agents) > 1 and percents > 1:
        return TOPICAL_COMPOUNDS  # "two or more listed agents with percentages", a topical or not
    if _COMPOUNDED.search(low) and _ORAL_FORM.search(low) is None:
        return TOPICAL_COMPOUNDS  # "compounded ketoprofen/gabapentin/lidocaine": no form named, none needed
    if not topical:
        return None
    if _COMPOUNDED.search(low) or (percents > 1 and first.kind == "otc"):
        return TOPICAL_COMPOUNDS
    if len(agents) > 1:
        manufactured = all(a in MANUFACTURED_TOPICALS for a in agents)
        return TOPICAL_ANALGESICS if manufactured else TOPICAL_COMPOUNDS
    if first.route == TOPICAL or first.generic in MANUFACTURED_TOPICALS:
        return TOPICAL_ANALGESICS
    return TOPICAL_COMPOUNDS


def medication_row(drugs: list[Drug], low: str) -> Row:
    """The taxonomy row of a request naming ``drugs`` (in order; at least one)."""
    first = drugs[0]
    procedural = first.route == INJECTION_ROUTE and first.drug_class in _PROCEDURAL_CLASSES
    if procedural or (_INJECTED.search(low) and first.route != TOPICAL):
        if first.drug_class == "Viscosupplementation":
            return drug_row(first.drug_class)
        if procedural or _SITE.search(low):
            return INJECTION
        if first.drug_class != "Antimigraine Agents":
            return INJECTABLES
    topical = _topical_row(drugs, low)
    return topical if topical is not None else drug_row(first.drug_class)

"""The treatment words of the generated corpus, and which decisions each belongs to.

``TERMS`` lists every spelling the generator writes for a treatment word. A decision is about
a word when its own text names it: the request, the rationale, the drug name or a guideline
citation (``decision_terms``). A rationale may name another treatment ("has failed conservative
care including physical therapy"): that decision is about physical therapy too, and its terms
say so. The letter's story (summary, mechanism of injury, diagnoses) names treatments of its
own (``story_terms``): the prior care and studies of the case, and the disputed requests in the
Utilization Review sentence. None of them makes a decision about that word.

Spellings are matched as whole words, case-insensitively, with a possessive ``'s`` dropped:
``x-ray`` is the words "x ray" in a row, as in "X-rays of the left knee".
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

# term -> the spellings the generator writes for it (words separated by single spaces).
TERMS: dict[str, tuple[str, ...]] = {
    "acupuncture": ("acupuncture",),
    "chiropractic": ("chiropractic",),
    "massage": ("massage",),
    "physical therapy": ("physical therapy",),
    "occupational therapy": ("occupational therapy",),
    "psychotherapy": ("psychotherapy",),
    "TENS": ("tens",),
    "MRI": ("mri",),
    "CT": ("ct",),
    "x-ray": ("x ray", "x rays"),
    "EMG": ("emg", "electromyography"),
    "tramadol": ("tramadol",),
    "gabapentin": ("gabapentin",),
    "cyclobenzaprine": ("cyclobenzaprine",),
}

_WORD = re.compile(r"\w+")
_POSSESSIVE = re.compile(r"['\u2019]s\b", re.IGNORECASE)
_SPELLINGS: list[tuple[str, tuple[str, ...]]] = [
    (term, tuple(spelling.split())) for term, spellings in TERMS.items() for spelling in spellings
]


def words(text: str) -> list[str]:
    """The lowercase words of ``text``, without possessives (``"MRI's"`` gives ``["mri"]``)."""
    return _WORD.findall(_POSSESSIVE.sub("", text).lower())


def mentions(*texts: str) -> frozenset[str]:
    """The terms named in any of ``texts`` (each text on its own: a spelling never spans two)."""
    found: set[str] = set()
    for text in texts:
        seq = words(text)
        for term, spelling in _SPELLINGS:
            n = len(spelling)
            if term not in found and any(tuple(seq[i : i + n]) == spelling for i in range(len(seq) - n + 1)):
                found.add(term)
    return frozenset(found)


def citation_texts(guidelines: Iterable[Mapping[str, Any]]) -> list[str]:
    """A decision's guideline citations as searched: the source, then the citation."""
    return [f"{g.get('source') or ''} {g.get('citation') or ''}" for g in guidelines]


def decision_terms(treatment: Mapping[str, Any]) -> frozenset[str]:
    """The terms of one decision of a letter's truth (``truth["treatments"][i]``)."""
    return mentions(
        treatment["request"],
        treatment.get("rationale") or "",
        treatment.get("drug_name") or "",
        *citation_texts(treatment.get("guidelines") or []),
    )


def story_terms(truth: Mapping[str, Any]) -> frozenset[str]:
    """The terms of a letter's story: its case summary, mechanism of injury and diagnoses."""
    return mentions(
        truth.get("case_summary") or "",
        truth.get("mechanism_of_injury") or "",
        *(truth.get("diagnoses") or []),
    )

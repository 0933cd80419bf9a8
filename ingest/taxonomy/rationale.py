# ruff: noqa: E501  (word patterns)
"""What a decision's rationale says the requested item is.

When a request names a brand, a kit or a device the dictionary does not know, the rationale
usually defines it: "Fanatrex is an oral suspension of gabapentin", "Xyz is a compounded topical
containing flurbiprofen and lidocaine", "The VascuTherm is a cold compression device". Those
sentences (the request's own name, then "is a/an/the ...", "contains", "consists of") are
read with the request rules. The rationale's first sentences also echo the guideline topic
("Home health services are recommended only for ...").
"""

from __future__ import annotations

import re

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"'(])")
_WORD = re.compile(r"[a-z][a-z0-9\-]{3,}")
# Words of a request that do not name the item.
_STOPWORDS = frozenset(
    """
    retrospective prospective request requested requests associated surgical service services purchase
    rental rent right left bilateral unknown unspecified quantity times sessions session visits visit with
    without for the and of per day days week weeks month months hours hour each twice daily additional
    refill refills tablets tablet capsules dose date dos post pre operative postoperative preoperative
    trial initial continued continue ongoing lumbar cervical thoracic spine knee shoulder hip elbow
    wrist ankle hand foot back neck upper lower extremity extremities home grams gram apply applied
    oral suspension cream creams topical ointment lotion patch patches solution capsule
    """.split()  # noqa: SIM905  (a word list reads best as words)
)
# "<item> ... is a/an/the ...", "<item> contains ...": the item defined, up to the sentence's end.
_DEFINING = re.compile(
    r"\b(?:is|are|was)\s+(?:an?|the|one)\s+(?!(?:request|recommendation|guideline)s?\b)"
    r"|\b(?:contains?|containing|consists? of|is composed of|is comprised of|is made (?:up )?of|is a combination of|combines)\s"
)
_THIS_ITEM = re.compile(
    r"\b(?:this|the requested|the) (?:medication|product|compound|cream|kit|device|unit|item|formulation|topical|supplement|medical food)\b"
)
MAX_SENTENCES = 8  # a definition comes early in the rationale
TOPIC_SENTENCES = 2  # the topic, when echoed, is in the first sentences


def sentences(rationale: str, limit: int) -> list[str]:
    return _SENTENCE_END.split(rationale, maxsplit=limit)[:limit]


def item_words(request: str) -> list[str]:
    """The words of a request that may name its item (at most two), lower case."""
    words = [w for w in _WORD.findall(request.lower()) if w not in _STOPWORDS]
    return words[:2]


def definitions(request: str, rationale: str) -> list[str]:
    """The rationale's definitions of the requested item: from the item's name (or "this
    medication", "the requested device") to the end of the sentence that says what it is."""
    names = item_words(request)
    found: list[str] = []
    for sentence in sentences(rationale, MAX_SENTENCES):
        low = sentence.lower()
        starts = [low.find(name) for name in names if name in low]
        starts += [m.start() for m in _THIS_ITEM.finditer(low)]
        for start in sorted(s for s in starts if s >= 0):
            verb = _DEFINING.search(low, start)
            if verb is not None and verb.start() - start <= 80:
                found.append(low[start:])
                break
    return found

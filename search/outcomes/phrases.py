"""What the rationales say: the words and phrases that most distinguish overturned from upheld
rationales among the search's matching decisions (issue #15, item 5).

The engine's own tools do not reach the rationales: ``significant_text`` reads ``_source``, and a
nested treatment has none of its own (inside a ``nested`` aggregation it returns no buckets, see
elastic/elasticsearch#28050), and ``significant_terms`` needs doc values or fielddata, which the
rationale, a text field, has not. So the counts are made in two requests:

1. A sample: the rationales of the search's overturned matching decisions, and of its upheld
   ones, from ``SAMPLE_LETTERS`` letters each, drawn at random with a fixed seed (the same search
   draws the same letters). Its phrases (1 to ``MAX_WORDS`` words, within one clause, neither
   starting nor ending with a stop word; "no" and "not" are not stop words) are the candidates.
2. The exact counts of the best candidates over ALL the search's decided matching decisions
   (``search.outcomes.request.outcomes_request``, the decisions the Outcomes page counts): one ``filters``
   bucket per phrase, each its ``rationale:"..."`` clause of the query language, so the link of a
   phrase finds exactly the decisions counted.

Foreground and background: a phrase of the overturned side counts the overturned matching
decisions whose rationale has it (foreground) among all the decided matching decisions whose
rationale has it (background); of the upheld side, the upheld ones. The background is the whole
search, so that foreground / background is the phrase's own overturn (or uphold) rate, set against
the search's. Phrases are ranked by the log-likelihood ratio G² of that 2x2 table (phrase or not,
overturned or upheld), which treats both sides alike; a phrase is kept with at least
``MIN_DECISIONS`` decisions on its side and G² of at least ``MIN_SCORE`` (p < 0.001), and is left
out when a phrase ranked before it is in nearly the same sampled rationales (a longer one first).
"""

from __future__ import annotations

import dataclasses
import math
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Literal

from django.urls import reverse

from search import dsl
from search.engine import compile_search, send_search
from search.forms import SearchParams
from search.outcomes.request import decided_condition, outcomes_request, total
from search.query import CompiledQuery, compile_query
from search.query.builder import nested

Side = Literal["overturned", "upheld"]
SIDES: tuple[Side, ...] = ("overturned", "upheld")
SAMPLE_LETTERS = 120  # letters sampled per side (the candidates only: the counts are exact)
INNER = 100  # a letter's matching decisions read (the index's max_inner_result_window)
SEED = 15
PHRASES = "phrases"  # the counts request's grouping: one bucket per candidate phrase
MAX_WORDS = 5
CANDIDATES = 4  # candidates counted exactly per side: CANDIDATES x limit
MIN_SAMPLED = 2  # a candidate is in at least this many sampled rationales
MIN_DECISIONS = 3  # a phrase is in at least this many decisions of its side
MIN_SCORE = 10.83  # G² of a 2x2 table at p = 0.001
SAME_DECISIONS = 0.8  # two phrases in sampled rationales this alike (Jaccard) say one thing
# Never at either end of a phrase ("no" and "not" are not among them: the rationales turn on them).
_STOP = """
a an and are as at be been being but by can could did do does for from had has have he her his
how i if in into is it its may me might must my of on or our per she should so such than that
the their them then there these they this those to upon us was we were what when where which
while who whom whose why will with would you your
"""
STOP_WORDS = frozenset(_STOP.split())
_CLAUSES = re.compile(r"[.,;:!?()\[\]{}\"\u201c\u201d]+")
_TOKENS = re.compile(r"\w+(?:['.]\w+)*")
_WORD = re.compile(r"[a-z]+(?:'[a-z]+)*")


@dataclass(frozen=True, slots=True)
class Phrase:
    text: str  # lower case, as the rationale's exact field holds it
    foreground: int  # decided matching decisions of its side whose rationale has it
    background: int  # decided matching decisions whose rationale has it
    score: float  # G², the higher the more distinguishing
    querystring: str  # the search, rationale:"text" added, its side as the decision ("" for a case list)

    @property
    def search_url(self) -> str | None:
        """The search page showing the phrase highlighted in context; None for a case list."""
        return f"{reverse('search:search')}?{self.querystring}" if self.querystring else None


@dataclass(frozen=True, slots=True)
class Phrases:
    overturned: list[Phrase]  # phrases that go with overturned rationales, most distinguishing first
    upheld: list[Phrase]  # phrases that go with upheld ones
    decisions: int  # the decided matching decisions (the background)
    overturned_decisions: int
    upheld_decisions: int


def _folded(text: str) -> str:
    """Lower case, accents and curly apostrophes folded, as the ``.exact`` analyzer folds them."""
    text = text.replace("\u2019", "'").replace("\u2018", "'")
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()


def phrases_in(text: str, max_words: int = MAX_WORDS) -> set[str]:
    """The candidate phrases of one rationale: runs of words (no digits) within one clause, 1 to
    ``max_words`` long, neither starting nor ending with a stop word; a single word of 3 letters or more."""
    found: set[str] = set()
    for clause in _CLAUSES.split(_folded(text)):
        run: list[str] = []
        for token in [*_TOKENS.findall(clause), ""]:
            if _WORD.fullmatch(token):
                run.append(token)
                continue
            for start, first in enumerate(run):
                if first in STOP_WORDS:
                    continue
                if len(first) >= 3:
                    found.add(first)
                for end in range(start + 2, min(start + max_words, len(run)) + 1):
                    if run[end - 1] not in STOP_WORDS:
                        found.add(" ".join(run[start:end]))
            run = []
    return found


def log_likelihood(a: int, n1: int, c: int, n2: int) -> float:
    """G² of ``a`` of ``n1`` against ``c`` of ``n2``: positive when the first rate is the higher."""
    if n1 <= 0 or n2 <= 0 or not 0 <= a <= n1 or not 0 <= c <= n2:
        return 0.0
    pooled = (a + c) / (n1 + n2)
    if pooled in (0.0, 1.0):
        return 0.0

    def ll(k: int, n: int, p: float) -> float:
        return (k * math.log(p) if k else 0.0) + ((n - k) * math.log(1 - p) if n - k else 0.0)

    stat = max(0.0, 2 * (ll(a, n1, a / n1) + ll(c, n2, c / n2) - ll(a, n1, pooled) - ll(c, n2, pooled)))
    return stat if a / n1 >= c / n2 else -stat


def phrase_clause(text: str) -> dict[str, Any]:
    """A decision whose rationale has ``text``: the query language's ``rationale:"text"``."""
    clause = compile_query(f'rationale:"{text}"').treatment_match
    if clause is None:
        raise ValueError(f"not a phrase: {text!r}")
    return clause


def querystring(params: SearchParams, compiled: CompiledQuery, text: str, side: Side) -> str:
    """The search's page narrowed to the decisions of ``side`` whose rationale has ``text``."""
    if compiled.case_numbers:  # a pasted list of cases takes no other words
        return ""
    clause = f'rationale:"{text}"'
    q = f"({params.q.strip()}) {clause}" if params.q.strip() else clause
    return dataclasses.replace(params, q=q, decision=(side,), page=1).to_querystring()


def sample_request(params: SearchParams, compiled: CompiledQuery, side: Side) -> dict[str, Any]:
    """Up to ``SAMPLE_LETTERS`` letters of the search drawn at random (a fixed seed), each with the
    rationales of its matching decisions of ``side`` (inner hits ``s``)."""
    decided = decided_condition(dsl.conditions(params, compiled), (side,))
    inner = {"name": "s", "size": INNER, "_source": {"includes": ["treatments.rationale"]}}
    letters = outcomes_request(params, compiled)["query"]
    query = {"bool": {"filter": [letters, nested(decided, inner_hits=inner)]}}
    random = {"seed": SEED, "field": "letter_id"}
    return {
        "query": {"function_score": {"query": query, "random_score": random, "boost_mode": "replace"}},
        "size": SAMPLE_LETTERS,
        "_source": False,
        "track_total_hits": False,
    }


def sampled_rationales(response: dict[str, Any]) -> list[str]:
    return [
        str(inner["_source"].get("rationale") or "")
        for hit in response["hits"]["hits"]
        for inner in hit.get("inner_hits", {}).get("s", {}).get("hits", {}).get("hits", [])
    ]


def counts_request(params: SearchParams, compiled: CompiledQuery, texts: list[str]) -> dict[str, Any]:
    """The decided matching decisions in all and, per phrase (bucket ``str(i)``), those whose
    rationale has it, each with its overturned ones."""
    phrases = {PHRASES: {"filters": {"filters": {str(i): phrase_clause(t) for i, t in enumerate(texts)}}}}
    return outcomes_request(params, compiled, phrases if texts else None)


def _candidates(
    rationales: dict[Side, list[str]], per_side: int
) -> tuple[dict[Side, list[str]], dict[str, set[int]]]:
    """The best ``per_side`` candidates of each side by G² in the sample, and each candidate's
    sampled rationales (by number)."""
    seen: dict[str, set[int]] = defaultdict(set)
    sides: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    number = 0
    for i, side in enumerate(SIDES):
        for text in rationales[side]:
            for phrase in phrases_in(text):
                seen[phrase].add(number)
                sides[phrase][i] += 1
            number += 1
    sizes = [len(rationales[s]) for s in SIDES]
    scores = {
        p: log_likelihood(o, sizes[0], u, sizes[1]) for p, (o, u) in sides.items() if o + u >= MIN_SAMPLED
    }
    best = {
        "overturned": sorted((p for p in scores if scores[p] > 0), key=lambda p: (-scores[p], p)),
        "upheld": sorted((p for p in scores if scores[p] < 0), key=lambda p: (scores[p], p)),
    }
    return {s: best[s][:per_side] for s in SIDES}, seen


def _distinct(ranked: Iterable[Phrase], seen: dict[str, set[int]], limit: int) -> list[Phrase]:
    """``ranked`` without a phrase in nearly the same sampled rationales as one kept before it."""
    kept: list[Phrase] = []
    for phrase in ranked:
        mine = seen.get(phrase.text, set())
        if any(_alike(mine, seen.get(k.text, set())) for k in kept):
            continue
        kept.append(phrase)
        if len(kept) >= limit:
            break
    return kept


def _alike(a: set[int], b: set[int]) -> bool:
    return bool(a or b) and len(a & b) / len(a | b) >= SAME_DECISIONS


def _rank(phrase: Phrase) -> tuple[float, int, str]:
    return -phrase.score, -len(phrase.text.split()), phrase.text


def distinguishing_phrases(params: SearchParams, limit: int = 15) -> Phrases:
    """The phrases that most distinguish the search's overturned from its upheld rationales, at
    most ``limit`` a side; engine errors as ``search.engine`` raises them."""
    compiled, _ = compile_search(params)
    rationales = {
        side: sampled_rationales(send_search(sample_request(params, compiled, side))) for side in SIDES
    }
    chosen, seen = _candidates(rationales, CANDIDATES * limit)
    texts = list(dict.fromkeys([*chosen["overturned"], *chosen["upheld"]]))
    aggs = send_search(counts_request(params, compiled, texts), request_cache=True)["aggregations"]
    decided = total(aggs)
    overturned, upheld = decided.overturned, decided.upheld
    buckets = aggs["n"]["t"].get(PHRASES, {}).get("buckets", {})
    found: dict[Side, list[Phrase]] = {"overturned": [], "upheld": []}
    for i, text in enumerate(texts):
        bucket = buckets[str(i)]
        background = int(bucket["doc_count"])
        over = int(bucket.get(dsl.OVERTURNED, {}).get("doc_count", 0))
        score = log_likelihood(over, overturned, background - over, upheld)
        side: Side = "overturned" if score > 0 else "upheld"
        foreground = over if side == "overturned" else background - over
        if foreground < MIN_DECISIONS or abs(score) < MIN_SCORE:
            continue
        link = querystring(params, compiled, text, side)
        found[side].append(Phrase(text, foreground, background, abs(score), link))
    return Phrases(
        overturned=_distinct(sorted(found["overturned"], key=_rank), seen, limit),
        upheld=_distinct(sorted(found["upheld"], key=_rank), seen, limit),
        decisions=decided.decisions,
        overturned_decisions=overturned,
        upheld_decisions=upheld,
    )

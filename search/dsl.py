"""OpenSearch request bodies for a search. Pure functions: validated parameters in, DSL out, no I/O.

Treatment-level facets and the treatment-level text of the query hold within ONE treatment
(one nested query); letter-level facets and the date range filter letters. Selections go to
``post_filter``; each facet's aggregation applies every selection except its own, so its counts
ignore its own selection (multi-select is OR within a facet, AND across facets).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from search import highlight
from search.facets import (
    DECISION_DATE,
    FACET_SIZE,
    LETTER_FACETS,
    NESTED,
    TERMS_SIZE,
    TREATMENT_FACETS,
    YEAR,
    Level,
    on_decisions,
)
from search.forms import SearchParams
from search.query import NOT_ANALYZED, Analysis, CompiledQuery, compile_query
from search.query.builder import nested
from search.query.clause import Clause
from search.sorts import RELEVANCE, sort_dsl

ABOUT = "about_letters"  # the aggregation of the letters about the search, when others mention it
# Per facet value, what its overturn rate needs beside its count: its matching decisions neither
# upheld nor overturned (UNDECIDED), its overturned ones, and for a letter-level value (whose count
# is of letters) all its matching decisions (DECISIONS). See ``_rates``.
UNDECIDED = "undecided"
DECISIONS = "decisions"
DECISION_FIELD = "treatments.decision"  # the decision facet's values are the outcome: no rate
DATE = "date"  # the date range counts as a letter-level selection (the year histogram ignores it)
DECIDED = ("upheld", "overturned")  # the outcomes the results page's outcome bar splits
OVERTURNED = "overturned"
_DECIDED_CLAUSE = {"terms": {"treatments.decision": list(DECIDED)}}
INNER_HITS = 10
TREATMENT_SOURCE = [
    "treatments.position",
    "treatments.request",
    "treatments.decision",
    "treatments.category",
    "treatments.subcategory",
    "treatments.drug_class",
    "treatments.drug_name",
    "treatments.guideline_sources",
    "treatments.administrator_guideline_sources",
    "treatments.guideline_sections",
    "treatments.body_regions",
    "treatments.basis",
    "treatments.sessions",
]
LETTER_SOURCE = [
    "public_id",
    "case_number_display",
    "decision_date",
    "date_assigned",
    "date_of_injury",
    "priority",
    "reviewer_specialties",
    "reviewer_license_states",
    "treatment_count",
]
YEARS = {"calendar_interval": "year", "format": "yyyy", "min_doc_count": 1}  # the year histogram's


@dataclass(frozen=True)
class Conditions:
    """What a search asks for, split by level, to assemble queries and aggregations."""

    treatment_text: Clause | None  # text clause evaluated inside one treatment, scored
    treatment: dict[str, Clause]  # facet name -> filter on treatments.*
    letter: dict[str, Clause]  # facet name (or DATE) -> letter-level filter
    treatment_match: Clause | None = None  # the same treatments as treatment_text, cheaper, no scores
    # Letters whose story mentions the words (the query in the letter scope): listed, below the
    # letters about the search, unless a treatment-level selection asks for matching decisions.
    mention: Clause | None = None
    # With ``mention``: the letters about the search (their decisions are the ones counted).
    about: Clause | None = None
    mention_covers: bool = False  # every letter ``about`` finds, ``mention`` finds (CompiledQuery)

    def text(self, *, scored: bool) -> Clause | None:
        """The treatment text clause: scored (a page of hits), or only matched (filters, counts)."""
        return self.treatment_text if scored else (self.treatment_match or self.treatment_text)

    def treatment_condition(self, exclude: str | None = None, *, scored: bool = False) -> Clause:
        """One treatment satisfies the text and every treatment-level selection (but ``exclude``).

        Unless ``scored``, the text is its matching form (the filters and counts need no scores).
        """
        text = self.text(scored=scored)
        must = [text] if text else []
        filters = [c for name, c in self.treatment.items() if name != exclude]
        if not must and not filters:
            return {"match_all": {}}
        body: dict[str, Any] = {}
        if must:
            body["must"] = must
        if filters:
            body["filter"] = filters
        return {"bool": body}

    def found(self) -> Clause | None:
        """With ``mention``: the letters found, those about the search or mentioning it (the
        mention alone when it finds every letter about the search: one evaluation, not two)."""
        if self.mention is None or self.about is None:
            return None
        if self.mention_covers:
            return self.mention
        return {"bool": {"should": [self.about, self.mention], "minimum_should_match": 1}}

    def selections(self, exclude: str | None = None) -> list[Clause]:
        """Letter-level filters for every selection but ``exclude`` (the post_filter when None)."""
        clauses: list[Clause] = []
        if any(name != exclude for name in self.treatment):
            clauses.append(nested(self.treatment_condition(exclude)))
        clauses += [c for name, c in self.letter.items() if name != exclude]
        return clauses


def compiled_query(params: SearchParams, analysis: Analysis = NOT_ANALYZED) -> CompiledQuery:
    """The search box of ``params`` compiled in its scope; ``analysis``: its proximity words as the
    index holds them (``search.engine`` asks the engine)."""
    return compile_query(params.q, params.scope, analysis)


def date_range(params: SearchParams) -> Clause | None:
    if not params.date_from and not params.date_to:
        return None
    bounds: dict[str, str] = {}
    if params.date_from:
        bounds["gte"] = params.date_from.isoformat()
    if params.date_to:
        bounds["lte"] = params.date_to.isoformat()
    return {"range": {"decision_date": bounds}}


def conditions(params: SearchParams, compiled: CompiledQuery) -> Conditions:
    """The search's conditions: its text scored for the hits, matched cheaply for filters and counts."""
    treatment = {
        f.param: {"terms": {f.field: list(params.selected(f.param))}}
        for f in TREATMENT_FACETS
        if params.selected(f.param)
    }
    letter = {
        f.param: {"terms": {f.field: list(params.selected(f.param))}}
        for f in LETTER_FACETS
        if params.selected(f.param)
    }
    dates = date_range(params)
    if dates:
        letter[DATE] = dates
    mention = about = None
    if compiled.mentions and not treatment:
        mention = _all([nested(compiled.mention)] if compiled.mention else [], compiled.mention_letter)
        text = [nested(compiled.treatment_match)] if compiled.treatment_match else []
        about = _all(text, compiled.letter)
    return Conditions(
        treatment_text=compiled.treatment_scored,
        treatment=treatment,
        letter=letter,
        treatment_match=compiled.treatment_match,
        mention=mention,
        about=about,
        mention_covers=compiled.mention_covers,
    )


def lists_mentions(params: SearchParams, compiled: CompiledQuery) -> bool:
    """Whether the search lists letters that only mention its words (their hits do not match the
    named about alternative, ``ABOUT``, of ``build_hits_query``)."""
    return conditions(params, compiled).mention is not None


def _all(clauses: list[Clause], extra: Clause | None = None) -> Clause:
    """Every one of ``clauses`` (and ``extra``): one clause."""
    every = [*clauses, *([extra] if extra else [])]
    if not every:
        return {"match_all": {}}
    return every[0] if len(every) == 1 else {"bool": {"must": every}}


def _filtered(filters: list[Clause], inner: dict[str, Any]) -> dict[str, Any]:
    return {"filter": {"bool": {"filter": filters}} if filters else {"match_all": {}}, "aggs": inner}


def _treatments(condition: Clause, inner: dict[str, Any]) -> dict[str, Any]:
    """Treatment-level aggregations under the condition ``t``; without one, directly under ``n``."""
    if condition == {"match_all": {}}:
        return inner
    return {"t": {"filter": condition, "aggs": inner}}


def _rates(treatment: dict[str, dict[str, Any]], letter: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """Under matching decisions, grouped by the field of every one of ``treatment`` and ``letter``
    groups: those neither upheld nor overturned (``UNDECIDED``) and the overturned (``OVERTURNED``);
    for the ``letter`` groups, whose counts are of letters, all of them too (``DECISIONS``).

    A value's decided decisions are its decisions (a treatment-level value's count, a letter-level
    one's ``DECISIONS`` group) less its undecided ones. Grouping the few undecided decisions rather
    than the many decided ones is what keeps the rates cheap (at 100,000 letters, about 40% less
    than grouping the decided), and no group has sub-aggregations (about a fifth faster than a
    filter pair under each group)."""
    groups = {**treatment, **letter}
    if not groups:
        return {}
    rates: dict[str, Any] = {
        UNDECIDED: {"filter": {"bool": {"must_not": [_DECIDED_CLAUSE]}}, "aggs": groups},
        OVERTURNED: {"filter": {"term": {"treatments.decision": OVERTURNED}}, "aggs": groups},
    }
    if letter:
        rates[DECISIONS] = {"filter": {"match_all": {}}, "aggs": letter}
    return rates


def _matching_decisions(cond: Conditions, inner: dict[str, Any]) -> dict[str, Any]:
    """The matching decisions (the treatment condition, ``n`` > ``t``) of the letters about the
    search (``ABOUT``, when others only mention it), with the aggregations ``inner``."""
    decisions = {"n": {"nested": {"path": NESTED}, "aggs": _treatments(cond.treatment_condition(), inner)}}
    return decisions if cond.about is None else {ABOUT: {"filter": cond.about, "aggs": decisions}}


def _top(field: str) -> dict[str, Any]:
    """A facet's ``FACET_SIZE`` most frequent values, each count exact on any number of shards: every
    shard reports all its values (``shard_size``), so none is left out of a value's sum."""
    return {"terms": {"field": field, "size": FACET_SIZE, "shard_size": TERMS_SIZE}}


def _every(field: str) -> dict[str, Any]:
    """Every value of ``field`` (a facet's rates: each value counted exactly)."""
    return {"terms": {"field": field, "size": TERMS_SIZE, "shard_size": TERMS_SIZE}}


def _years(field: str) -> dict[str, Any]:
    return {"date_histogram": {"field": field, **YEARS}}


def _letter_groups() -> list[tuple[str, str, dict[str, Any], dict[str, Any]]]:
    """(name, the selection its counts ignore, its letters' buckets, its decisions' groups) of each
    letter-level facet and of the year histogram: the letters grouped by the letter's field, the
    decisions by their copy of it."""
    groups = [(f.param, f.param, _top(f.field), _every(f.decision_field)) for f in LETTER_FACETS]
    years = (_years(DECISION_DATE), _years(on_decisions(Level.LETTER, DECISION_DATE)))
    return [*groups, (YEAR, DATE, *years)]


LETTER_GROUPS = _letter_groups()


def aggregations(cond: Conditions) -> dict[str, Any]:
    """Facet counts with the overturn rate of each value, decision totals and the year histogram.

    Facets without a selection all see the same filter (every selection), so they share one
    filtered aggregation (``all``); a selected facet gets its own, with its selection left out.
    Each value of a facet (but ``decision``, the outcome itself) and each year has its decided
    decisions and the overturned among them: beside the counts, the matching decisions of the same
    node (``n`` > ``t``) are grouped by the facet's field on the decisions (``_rates``: among the
    undecided, ``UNDECIDED`` > ``facet_<name>``, and the overturned, ``OVERTURNED`` >
    ``facet_<name>``). A treatment-level value counts its own decisions; a letter-level value and a
    year the matching decisions of its letters (each decision carries its letter's field, grouped
    in ``DECISIONS`` > ``facet_<name>``), while its bucket counts the letters. The response is read
    by ``search.results.facet_counts`` (which joins a value's rate to its count by value),
    ``decision_totals`` and ``letters_about``.
    """
    aggs: dict[str, Any] = {}
    shared_t: dict[str, Any] = {}
    if "decision" in cond.treatment:  # else the shared facet_decision has the same counts
        shared_t["decision_totals"] = {"terms": {"field": "treatments.decision", "size": 20}}
    shared_l: dict[str, Any] = {}
    shared_rates: dict[str, dict[str, Any]] = {}  # the groups of the treatment-level facets' rates
    shared_letter_rates: dict[str, dict[str, Any]] = {}
    for facet in TREATMENT_FACETS:
        terms = _top(facet.field)
        rated = {} if facet.field == DECISION_FIELD else {f"facet_{facet.param}": _every(facet.field)}
        if facet.param in cond.treatment:
            own = {"values": terms, **_rates(rated, {})}
            inner = _treatments(cond.treatment_condition(exclude=facet.param), own)
            aggs[f"facet_{facet.param}"] = _filtered(
                cond.selections(exclude=facet.param), {"n": {"nested": {"path": NESTED}, "aggs": inner}}
            )
        else:
            shared_t[f"facet_{facet.param}"] = terms
            shared_rates.update(rated)
    for name, selection, letters, decisions in LETTER_GROUPS:
        if selection in cond.letter:
            rates = _matching_decisions(cond, _rates({}, {f"facet_{name}": decisions}))
            aggs[f"facet_{name}"] = _filtered(
                cond.selections(exclude=selection), {"values": letters, **rates}
            )
        else:
            shared_l[f"facet_{name}"] = letters
            shared_letter_rates[f"facet_{name}"] = decisions
    shared_t.update(_rates(shared_rates, shared_letter_rates))
    if cond.treatment_condition() != {"match_all": {}}:
        shared_t["about"] = {"reverse_nested": {}}  # the letters with a matching decision
    aggs["all"] = _filtered(cond.selections(), {**_matching_decisions(cond, shared_t), **shared_l})
    return aggs


def inner_hits(
    compiled: CompiledQuery,
    *,
    with_highlight: bool,
    source: list[str],
    size: int,
    analysis: highlight.Analysis | None = None,
) -> dict[str, Any]:
    inner: dict[str, Any] = {"name": "treatments", "size": size, "_source": {"includes": source}}
    marks = highlight.treatment_highlight(compiled, analysis) if with_highlight else None
    if marks:
        inner["highlight"] = marks
    return inner


def _case_filter(compiled: CompiledQuery) -> list[Clause]:
    if not compiled.case_numbers:
        return []
    return [{"terms": {"case_number": [c.lower() for c in compiled.case_numbers]}}]


def _about(compiled: CompiledQuery, cond: Conditions) -> list[Clause]:
    """Letter-level clauses (all must hold) of the letters with a decision about the search's text."""
    must: list[Clause] = []
    text = cond.text(scored=False)
    if text:
        must.append(nested(text, score_mode="max"))
    if compiled.letter:
        must.append(compiled.letter)
    return must


def build_query(compiled: CompiledQuery, cond: Conditions) -> dict[str, Any]:
    """The letters found (not yet the facet selections, which go to ``post_filter``), unscored.

    The letters with a decision about the search, and (``cond.mention``) those whose story
    mentions its words. For the counts, the facets and the alerts.
    """
    found = cond.found()
    about = [found] if found is not None else _about(compiled, cond)
    body: dict[str, Any] = {"filter": [*about, *_case_filter(compiled)]}
    if not body["filter"]:
        return {"match_all": {}}
    return {"bool": body}


def build_hits_query(
    compiled: CompiledQuery, cond: Conditions, inner: dict[str, Any], *, tiered: bool = False
) -> dict[str, Any]:
    """The letters found with the selections as filters, scored, the matching decisions as inner hits.

    The inner hits are the decisions satisfying the treatment text and every treatment-level
    selection (``cond.treatment_condition``). By relevance, a letter scores what its best matching
    decision (and its letter-level clause) scores; a letter found only by its story
    (``cond.mention``) scores 0, so it ranks below every letter about the search. ``tiered`` (the
    date orders, which then sort on the score first): a letter about the search scores 1.
    """
    has_decision = nested(cond.treatment_condition(scored=not tiered), score_mode="max", inner_hits=inner)
    requires_decision = cond.treatment_text is not None or bool(cond.treatment)
    about = [has_decision] if requires_decision else []
    if compiled.letter:
        about.append(compiled.letter)
    if tiered and about:
        about = [{"constant_score": {"filter": _all(about), "boost": 1}}]
    filters = [*_case_filter(compiled), *cond.letter.values()]
    body: dict[str, Any] = {"must": about or [{"match_all": {}}]}
    should: list[Clause] = [] if requires_decision else [has_decision]  # inner hits, none required
    found = cond.found()
    if found is not None:
        # Found: about the search, or mentioning it; scored only where about it. (The same as a
        # "must" of both alternatives with the mention scoring 0, and 3-4x faster for a common
        # word: the scored alternative is evaluated only for the letters found.) The scored
        # alternative is named: a letter it does not match only mentions the words.
        filters.insert(0, found)
        body = {}
        should.insert(0, {"bool": {"must": about, "_name": ABOUT}})
    if should:
        body["should"] = should
    if filters:
        body["filter"] = filters
    return {"bool": body or {"must": [{"match_all": {}}]}}


def hit_sort(params: SearchParams, cond: Conditions) -> tuple[list[Any], bool]:
    """The engine's sort for a page of hits, and whether the query must score in tiers.

    Letters about the search come first in every order: the date orders sort on the tier first
    when some letters are found only by their story.
    """
    order = sort_dsl(params.sort)
    if cond.mention is None or params.sort == RELEVANCE.value:
        return order, False
    return [{"_score": "desc"}, *order], True


def suggest(compiled: CompiledQuery) -> dict[str, Any] | None:
    words = [*compiled.words, *compiled.drug_words]
    if not words:
        return None
    term = {"suggest_mode": "missing", "min_word_length": 4, "max_edits": 2, "size": 3}
    return {"text": " ".join(words), "words": {"term": {"field": "treatments.vocabulary", **term}}}


def hits_request(
    params: SearchParams,
    compiled: CompiledQuery,
    *,
    start: int,
    size: int,
    with_highlight: bool = True,
    with_total: bool = False,
    analysis: highlight.Analysis | None = None,
) -> dict[str, Any]:
    """One page of letters with their matching treatments and passages; no facet counts.

    Without ``with_total`` the engine counts no further than the page needs (the total comes
    from ``facets_request``) and leaves out the suggestions (ditto). A letter found only because
    its story mentions the words gets its summary passage marked. ``analysis``: the index terms of
    the proximity words (``search.query.analysis``), so that their spans are marked.
    """
    cond = conditions(params, compiled)
    inner = inner_hits(
        compiled, with_highlight=with_highlight, source=TREATMENT_SOURCE, size=INNER_HITS, analysis=analysis
    )
    sort, tiered = hit_sort(params, cond)
    body = {
        "query": build_hits_query(compiled, cond, inner, tiered=tiered),
        "from": start,
        "size": size,
        "sort": sort,
        "track_total_hits": with_total,
        "_source": {"includes": LETTER_SOURCE},
    }
    summary = highlight.summary_highlight(compiled, analysis) if with_highlight and cond.mention else None
    if summary:
        body["highlight"] = summary
    suggestions = suggest(compiled) if with_total else None
    if suggestions:
        body["suggest"] = suggestions
    return body


def facets_request(params: SearchParams, compiled: CompiledQuery) -> dict[str, Any]:
    """The total, the facet counts and the spelling suggestions: no hits, so no scoring, no fetch.

    Independent of the page, the sort and highlighting, and ``size: 0``: OpenSearch's shard
    request cache answers it again (until the index changes) when the same search is paged,
    re-sorted, or its facet selections come back to an earlier combination. No ``post_filter``
    and no hit count: the letters matching the query and every selection are the ``all``
    aggregation's ``doc_count`` (``search.results.total_letters``), counted once with the facets.
    """
    cond = conditions(params, compiled)
    body: dict[str, Any] = {
        "query": build_query(compiled, cond),
        "size": 0,
        "track_total_hits": False,
        "aggs": aggregations(cond),
    }
    suggestions = suggest(compiled)
    if suggestions:
        body["suggest"] = suggestions
    return body


def export_request(params: SearchParams, compiled: CompiledQuery, size: int) -> dict[str, Any]:
    """Letters found with every decision (rationale included), in the page's order (``search_after``).

    The decisions about the search are the inner hits (their positions only); the letter's
    ``_source`` carries all of its decisions.
    """
    cond = conditions(params, compiled)
    inner = {"name": "treatments", "size": 100, "_source": {"includes": ["treatments.position"]}}
    sort, tiered = hit_sort(params, cond)
    return {
        "query": build_hits_query(compiled, cond, inner, tiered=tiered),
        "size": size,
        "sort": sort,
        "_source": {"includes": [*LETTER_SOURCE, *TREATMENT_SOURCE, "treatments.rationale"]},
        "track_total_hits": False,
    }


def full_query(
    params: SearchParams, *, mentions: bool = True, compiled: CompiledQuery | None = None
) -> dict[str, Any]:
    """The search's query with its facet selections as filters (a page has them as ``post_filter``).

    What the counts of a saved query run (the letters found), and, without ``mentions``, what
    the percolator (alerts) runs: only letters with a decision about the search. ``compiled``:
    the search box compiled (``compiled_query``, by default without the engine's analysis).
    """
    compiled = compiled or compiled_query(params)
    cond = conditions(params, compiled)
    if not mentions:
        cond = dataclasses.replace(cond, mention=None)
    query = build_query(compiled, cond)
    selections = cond.selections()
    if not selections:
        return query
    return {"bool": {"must": [query], "filter": selections}}


def count_request(params: SearchParams, compiled: CompiledQuery | None = None) -> dict[str, Any]:
    """The letters and the decisions matching the search, as two totals: no hits, no facets.

    The decisions are the treatments satisfying the treatment-level text and selections among the
    matching letters (as ``search.results.decision_totals`` on the search page).
    """
    compiled = compiled or compiled_query(params)
    cond = conditions(params, compiled)
    treatments: dict[str, Any] = {"nested": {"path": "treatments"}}
    condition = cond.treatment_condition()
    if condition != {"match_all": {}}:
        treatments["aggs"] = {"t": {"filter": condition}}
    query = full_query(params, compiled=compiled)
    return {"query": query, "size": 0, "track_total_hits": True, "aggs": {"n": treatments}}

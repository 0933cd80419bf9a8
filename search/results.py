"""The result model, from the engine to the page, the API and the export, and its parsing from
OpenSearch responses. Typed dataclasses; everything after this module reads attributes."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from ingest.taxonomy import Basis
from search import highlight
from search.dsl import DECISION_FIELD, DECISIONS, OVERTURNED, UNDECIDED
from search.facets import FACETS, UNCLASSIFIED, YEAR, Level
from search.forms import SearchParams

CHEVRON = " \u203a "
BASIS_LABELS = {
    Basis.REQUEST.value: "Category from the request",
    Basis.GUIDELINE.value: "Category from the guideline citations",
    Basis.RATIONALE.value: "Category from the rationale",
}
UNCLASSIFIED_NOTE = f"{UNCLASSIFIED}: nothing in the decision names a category"


def basis_label(category: str, basis: str) -> str:
    """How a decision's category was decided, in words ("" when the row does not say)."""
    if not category or category == UNCLASSIFIED:
        return UNCLASSIFIED_NOTE
    return BASIS_LABELS.get(basis, "")


def classification(category: str, subcategory: str, drug_class: str) -> str:
    """A treatment's category, subcategory and drug class joined by a chevron, without repeats."""
    parts = [category]
    if subcategory and subcategory != category:
        parts.append(subcategory)
    if drug_class and drug_class != subcategory:
        parts.append(drug_class)
    return CHEVRON.join(p for p in parts if p)


def decision_class(decision: str) -> str:
    """The CSS modifier of a decision's badge."""
    return decision if decision in ("upheld", "overturned") else "other"


_TAG = re.compile(r"<[^>]+>")


@dataclass(frozen=True)
class TreatmentResult:
    """A matching disputed treatment: its fields as indexed, and the engine's passages."""

    position: int | None
    request: str
    decision: str
    category: str
    subcategory: str
    drug_class: str
    drug_name: str
    guideline_sources: list[str]  # the IMR reviewer's
    sessions: int | None
    highlights: list[str]  # safe HTML: escaped text, only <mark> tags
    request_html: str = ""  # the request with query terms marked (safe HTML), or ""
    score: float | None = None
    rationale: str = ""  # only in the export (pages show passages)
    matches: bool = True  # a decision about the search (search.scopes); False: another of its letter's
    administrator_guideline_sources: list[str] = field(default_factory=list)  # the claims administrator's
    guideline_sections: list[str] = field(default_factory=list)  # the IMR reviewer's
    body_regions: list[str] = field(default_factory=list)
    basis: str = ""  # what named the category (ingest.taxonomy.Basis), "" when nothing did

    @property
    def guidelines(self) -> list[str]:
        """The guideline sources the IMR reviewer relied on, without repeats or blanks."""
        return list(dict.fromkeys(s for s in self.guideline_sources if s))

    @property
    def administrator_guidelines(self) -> list[str]:
        """The guideline sources the claims administrator cited, without repeats or blanks."""
        return list(dict.fromkeys(s for s in self.administrator_guideline_sources if s))

    @property
    def basis_label(self) -> str:
        return basis_label(self.category, self.basis)

    @property
    def passages(self) -> list[str]:
        """The highlights in order, without one whose text is inside another (overlapping fragments)."""
        plain = [" ".join(_TAG.sub("", p).split()) for p in self.highlights]
        return [
            self.highlights[i]
            for i, text in enumerate(plain)
            if text
            and not any(text in other and (text != other or j < i) for j, other in enumerate(plain) if j != i)
        ]

    @property
    def marked(self) -> bool:
        return bool(self.highlights) or "<mark" in self.request_html

    @property
    def decision_class(self) -> str:
        return decision_class(self.decision)

    @property
    def decision_label(self) -> str:
        return self.decision[:1].upper() + self.decision[1:]

    @property
    def anchor(self) -> str:
        return f"#t{self.position}" if self.position else ""

    @property
    def classification(self) -> str:
        return classification(self.category, self.subcategory, self.drug_class)


class _CaseNumbered:
    case_number: str  # the case number, or the public id ("id-N") of a letter without one

    @property
    def numbered(self) -> bool:
        return not self.case_number.startswith("id-")


@dataclass(frozen=True)
class LetterResult(_CaseNumbered):
    id: int
    public_id: str
    case_number: str  # the case number, or the public id ("id-N") of a letter without one
    decision_date: dt.date | None
    date_assigned: dt.date | None
    date_of_injury: dt.date | None
    priority: str
    reviewer_specialties: list[str]
    reviewer_license_states: list[str]
    treatments: list[TreatmentResult]
    treatment_count: int = 0
    score: float | None = None
    matching: int = 0  # its decisions about the search (``treatments`` holds the first of them)
    mentioned_only: bool = False  # found because its story mentions the words: no decision matches
    summary_html: str = ""  # the summary's passage with the words marked (safe HTML), or ""

    @property
    def label(self) -> str:
        return self.case_number if self.numbered else f"Letter without case number ({self.case_number[3:]})"

    @property
    def date_display(self) -> str:
        d = self.decision_date
        return f"{d:%b} {d.day}, {d.year}" if d else ""

    @property
    def meta(self) -> str:
        """ "Specialties · Licensed in CA, NY"."""
        parts = []
        if self.reviewer_specialties:
            parts.append(", ".join(self.reviewer_specialties))
        if self.reviewer_license_states:
            parts.append("Licensed in " + ", ".join(self.reviewer_license_states))
        return " · ".join(parts)

    @property
    def primary(self) -> list[TreatmentResult]:
        """Treatments shown in full: those with passages, or all when none has any (a filter-only search)."""
        return [t for t in self.treatments if t.marked] or self.treatments

    @property
    def others(self) -> list[TreatmentResult]:
        """The letter's other disputed treatments, listed compactly."""
        primary = self.primary
        return [t for t in self.treatments if t not in primary]


@dataclass(frozen=True)
class FacetCount:
    value: str
    count: int  # decisions (a treatment-level facet) or letters (a letter-level one, the years)
    selected: bool
    # The value's decided matching decisions (upheld or overturned): its own (treatment level), or
    # those of its letters (letter level); None for the decision facet, whose values are the outcome.
    decided: int | None = None
    overturned: int = 0

    @property
    def upheld(self) -> int | None:
        return None if self.decided is None else self.decided - self.overturned

    @property
    def overturn_rate(self) -> float | None:
        """Overturned over decided, a fraction; None without decided decisions."""
        return self.overturned / self.decided if self.decided else None


@dataclass
class SearchResults:
    total_letters: int = 0  # letters found: those about the search, then those mentioning it
    letters_about: int = 0  # letters with a decision about the search
    plain: bool = False  # the search has a positive word without a field (``CompiledQuery.plain``)
    total_decisions: int = 0  # matching disputed treatments (decisions about the search)
    upheld: int = 0
    overturned: int = 0
    results: list[LetterResult] = field(default_factory=list)
    facets: dict[str, list[FacetCount]] = field(default_factory=dict)  # by facet param, and YEAR
    messages: list[str] = field(default_factory=list)
    suggestions: list[str] = field(default_factory=list)
    took_ms: int = 0
    page: int = 1
    per_page: int = 20
    max_page: int = 1

    @property
    def letters_mentioning(self) -> int:
        """Letters found only because their story mentions the words: none of their decisions matches."""
        return self.total_letters - self.letters_about

    @property
    def decided(self) -> int:
        return self.upheld + self.overturned

    @property
    def upheld_pct(self) -> float:
        return round(100 * self.upheld / self.decided, 1) if self.decided else 0.0

    @property
    def overturned_pct(self) -> float:
        return round(100 * self.overturned / self.decided, 1) if self.decided else 0.0


@dataclass(frozen=True)
class Counts:
    letters: int
    decisions: int


@dataclass(frozen=True)
class Similar(_CaseNumbered):
    case_number: str
    decision_date: dt.date | None
    request: str
    decision: str
    subcategory: str
    score: float

    @property
    def label(self) -> str:
        return self.case_number if self.numbered else f"Letter {self.case_number[3:]} (no case number)"


@dataclass(frozen=True)
class TreatmentMarks:
    request: str | None = None  # safe HTML of the whole field, or None when nothing is marked in it
    rationale: str | None = None


@dataclass(frozen=True)
class LetterMarks:
    """A letter's fields with the query's terms marked, for the letter page."""

    summary: str | None
    treatments: dict[int, TreatmentMarks]  # by treatment position


def source_date(value: Any) -> dt.date | None:
    """A date field of an index document (ISO ``yyyy-mm-dd``), or None."""
    if not value:
        return None
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def treatment_hits(hit: dict[str, Any]) -> list[dict[str, Any]]:
    """A letter hit's matching treatments: the response's inner hits (see ``search.dsl.inner_hits``)."""
    found: list[dict[str, Any]] = (
        hit.get("inner_hits", {}).get("treatments", {}).get("hits", {}).get("hits", [])
    )
    return found


def treatment_result(inner_hit: dict[str, Any]) -> TreatmentResult:
    """A matching decision from its inner hit, with the engine's passages."""
    return treatment_from(
        inner_hit.get("_source", {}), inner_hit.get("highlight", {}), inner_hit.get("_score")
    )


def treatment_from(
    src: dict[str, Any], marks: dict[str, list[str]], score: float | None = None, *, matches: bool = True
) -> TreatmentResult:
    request = highlight.merge(marks, "treatments.request")
    return TreatmentResult(
        position=src.get("position"),
        request=src.get("request") or "",
        decision=src.get("decision") or "",
        category=src.get("category") or "",
        subcategory=src.get("subcategory") or "",
        drug_class=src.get("drug_class") or "",
        drug_name=src.get("drug_name") or "",
        guideline_sources=list(src.get("guideline_sources") or []),
        sessions=src.get("sessions"),
        highlights=highlight.merge(marks, "treatments.rationale"),
        request_html=request[0] if request else "",
        score=score,
        rationale=src.get("rationale") or "",
        matches=matches,
        administrator_guideline_sources=list(src.get("administrator_guideline_sources") or []),
        guideline_sections=list(src.get("guideline_sections") or []),
        body_regions=list(src.get("body_regions") or []),
        basis=src.get("basis") or "",
    )


def letter_result(hit: dict[str, Any], *, mentions: bool = False) -> LetterResult:
    """A letter hit with its matching decisions; ``mentions``: the search also lists letters that
    only mention its words (a letter without a matching decision is one of them)."""
    if mentions and not _about(hit):
        return _letter(hit, [], matching=0, mentioned_only=True)
    inner = hit.get("inner_hits", {}).get("treatments", {}).get("hits", {})
    treatments = [treatment_result(h) for h in treatment_hits(hit)]
    matching = int(inner.get("total", {}).get("value", len(treatments)))
    return _letter(hit, treatments, matching=matching, mentioned_only=False)


def _about(hit: dict[str, Any]) -> bool:
    """Whether a hit is about the search: its named alternative matched (``search.dsl.ABOUT``)."""
    return "about_letters" in (hit.get("matched_queries") or [])


def export_letter(hit: dict[str, Any], *, mentions: bool = False) -> LetterResult:
    """A letter hit of the export: every decision from its ``_source``, the matching ones flagged
    (none for a letter that only mentions the words, as in ``letter_result``)."""
    about = not mentions or _about(hit)
    matching = {h.get("_source", {}).get("position") for h in treatment_hits(hit)} if about else set()
    every = sorted(hit.get("_source", {}).get("treatments") or [], key=lambda t: t.get("position") or 0)
    treatments = [treatment_from(t, {}, matches=t.get("position") in matching) for t in every]
    return _letter(hit, treatments, matching=len(matching), mentioned_only=not matching)


def _letter(
    hit: dict[str, Any], treatments: list[TreatmentResult], *, matching: int, mentioned_only: bool
) -> LetterResult:
    src = hit.get("_source", {})
    return LetterResult(
        id=int(hit["_id"]),
        public_id=src.get("public_id") or f"id-{hit['_id']}",
        case_number=src.get("case_number_display") or src.get("public_id") or "",
        decision_date=source_date(src.get("decision_date")),
        date_assigned=source_date(src.get("date_assigned")),
        date_of_injury=source_date(src.get("date_of_injury")),
        priority=src.get("priority") or "",
        reviewer_specialties=list(src.get("reviewer_specialties") or []),
        reviewer_license_states=list(src.get("reviewer_license_states") or []),
        treatments=treatments,
        treatment_count=int(src.get("treatment_count") or 0),
        score=hit.get("_score"),
        matching=matching,
        mentioned_only=mentioned_only,
        summary_html=(highlight.merge(hit.get("highlight", {}), "summary") or [""])[0],
    )


def _treatment_node(nested: dict[str, Any] | None) -> dict[str, Any]:
    """The treatment-level node under a nested aggregation (its condition ``t`` when it has one)."""
    if nested is None:
        return {}
    node: dict[str, Any] = nested.get("t", nested)
    return node


def _decisions(shared: dict[str, Any]) -> dict[str, Any]:
    """The decision-level node of the shared aggregation: under the letters about the search, when
    others only mention it (``search.dsl.ABOUT``), else directly."""
    about = shared.get("about_letters", shared)
    return _treatment_node(about.get("n"))


def _buckets(aggs: dict[str, Any], name: str) -> list[dict[str, Any]]:
    """Buckets of facet ``name``, from its own aggregation or the shared one (``search.dsl.aggregations``)."""
    own = aggs.get(f"facet_{name}")
    if own is not None:
        node = own if "values" in own else _treatment_node(own.get("n"))
        return list(node.get("values", {}).get("buckets", []))
    shared = aggs.get("all", {})
    node = shared.get(f"facet_{name}") or _decisions(shared).get(f"facet_{name}", {})
    return list(node.get("buckets", []))


def _key(bucket: dict[str, Any]) -> str:
    return str(bucket.get("key_as_string", bucket["key"]))


def _grouped(node: dict[str, Any], name: str) -> dict[str, int]:
    return {_key(b): int(b["doc_count"]) for b in node.get(f"facet_{name}", {}).get("buckets", [])}


def _rates(aggs: dict[str, Any], name: str, counts: dict[str, int] | None) -> dict[str, tuple[int, int]]:
    """{value: (decided, overturned)} of facet ``name`` (or YEAR), in its own aggregation or the
    shared one (``search.dsl._rates``): a value's matching decisions (``counts``, a treatment-level
    facet's own; else grouped in ``DECISIONS``) less the undecided ones, and the overturned."""
    node = _decisions(aggs.get(f"facet_{name}") or aggs.get("all", {}))
    decisions = counts if counts is not None else _grouped(node.get(DECISIONS, {}), name)
    undecided = _grouped(node.get(UNDECIDED, {}), name)
    overturned = _grouped(node.get(OVERTURNED, {}), name)
    return {v: (n - undecided.get(v, 0), overturned.get(v, 0)) for v, n in decisions.items()}


def _facet_count(
    bucket: dict[str, Any], selected: tuple[str, ...], rates: dict[str, tuple[int, int]] | None
) -> FacetCount:
    """A value's count and its rate from ``rates`` (None: the decision facet's, which has none)."""
    key = _key(bucket)
    rate = (None, 0) if rates is None else rates.get(key, (0, 0))
    return FacetCount(key, int(bucket["doc_count"]), key in selected, *rate)


def facet_counts(aggs: dict[str, Any], params: SearchParams) -> dict[str, list[FacetCount]]:
    """Counts of every facet, then of YEAR, each value with its decided and overturned decisions
    (joined to its count by value). Selected values are always listed (zero when nothing matches)."""
    facets: dict[str, list[FacetCount]] = {}
    for facet in FACETS:
        selected = params.selected(facet.param)
        buckets = _buckets(aggs, facet.param)
        counts = {_key(b): int(b["doc_count"]) for b in buckets} if facet.level is Level.TREATMENT else None
        rates = None if facet.field == DECISION_FIELD else _rates(aggs, facet.param, counts)
        values = [_facet_count(b, selected, rates) for b in buckets]
        seen = {v.value for v in values}
        none = None if facet.field == DECISION_FIELD else 0  # the decision facet has no rate
        values += [FacetCount(s, 0, True, none) for s in selected if s not in seen]
        facets[facet.param] = values
    facets[YEAR] = [_facet_count(b, (), _rates(aggs, YEAR, None)) for b in _buckets(aggs, YEAR)]
    return facets


def total_letters(response: dict[str, Any]) -> int:
    """Letters matching the query and every selection: the ``all`` aggregation's count."""
    return int(response.get("aggregations", {}).get("all", {}).get("doc_count", 0))


def decision_totals(aggs: dict[str, Any]) -> tuple[int, int, int]:
    """(matching decisions, upheld, overturned) among the matching letters."""
    node = _decisions(aggs.get("all", {}))
    totals = node.get("decision_totals") or node.get("facet_decision") or {}
    counts = {b["key"]: int(b["doc_count"]) for b in totals.get("buckets", [])}
    return int(node.get("doc_count", 0)), counts.get("upheld", 0), counts.get("overturned", 0)


def letters_about(aggs: dict[str, Any]) -> int:
    """The matching letters with a decision about the search (all of them when no text narrows)."""
    shared = aggs.get("all", {})
    about = _decisions(shared).get("about") or shared.get("about_letters") or shared
    return int(about.get("doc_count", 0))


def suggestions(text: str, suggest: dict[str, Any]) -> list[str]:
    """Corrected queries from term suggesters: each misspelled word replaced by its best option."""
    replacements: dict[str, tuple[float, str]] = {}
    for entries in suggest.values():
        for entry in entries:
            options = entry.get("options") or []
            if not options:
                continue
            best = max(options, key=lambda o: (o.get("score", 0), o.get("freq", 0)))
            word = entry["text"]
            if word not in replacements or best.get("score", 0) > replacements[word][0]:
                replacements[word] = (best.get("score", 0), best["text"])
    corrected = text
    for word, (_, option) in replacements.items():
        corrected = re.sub(rf"(?i)(?<!\w){re.escape(word)}(?!\w)", option, corrected, count=1)
    return [corrected] if replacements and corrected.lower() != text.lower() else []


def similar(hit: dict[str, Any], subcategory: str) -> Similar:
    inner = treatment_hits(hit)
    t = inner[0]["_source"] if inner else {}
    return Similar(
        case_number=hit["_source"].get("case_number_display") or hit["_source"].get("public_id"),
        decision_date=source_date(hit["_source"].get("decision_date")),
        request=t.get("request", ""),
        decision=t.get("decision", ""),
        subcategory=subcategory,
        score=float(hit.get("_score") or 0.0),
    )


def letter_marks(hit: dict[str, Any]) -> LetterMarks:
    summary = highlight.merge(hit.get("highlight", {}), "summary")
    treatments: dict[int, TreatmentMarks] = {}
    for inner_hit in treatment_hits(hit):
        marks = inner_hit.get("highlight", {})
        request = highlight.merge(marks, "treatments.request")
        rationale = highlight.merge(marks, "treatments.rationale")
        if request or rationale:
            treatments[int(inner_hit["_source"].get("position") or 0)] = TreatmentMarks(
                request[0] if request else None, rationale[0] if rationale else None
            )
    return LetterMarks(summary=summary[0] if summary else None, treatments=treatments)

"""The letter document: what is indexed for a letter (its mapping is search.indexes.LetterDocument).

Each disputed treatment is its own nested document, so a condition on decision
and subcategory holds for one treatment. A decision without a category is indexed under
``search.facets.UNCLASSIFIED``; the IMR reviewer's guideline sources and sections
(``guideline_sources``, ``guideline_sections``) are kept apart from the claims administrator's
(``administrator_guideline_sources``). Every treatment also carries the
letter-level prose (summary, mechanism, diagnoses) in ``context``: the words of a
search are matched in a decision's own text, and in its letter's story only for
the letter scope and for listing letters that mention them (search.query.matching), and the
letter's fields the facet rates and the breakdowns group decisions by
(``search.facets.LETTER_FIELDS_ON_DECISIONS``: the reviewer's specialties and states, the priority,
the decision date).

Each document carries the digest of the columns it is built from (`digest`): ``manage.py
check_index`` computes it again from the database and finds every index copy that no longer
says what its letter's row says, however the row was changed.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from typing import Any

from ingest.models import Letter, Treatment
from ingest.parsing.guidelines import MAXIMUS
from search.facets import LETTER_FIELDS_ON_DECISIONS, UNCLASSIFIED
from search.sentences import split_paragraphs, split_sentences

# The columns no document reads; every other column of a letter and of its treatments is in the digest.
_NOT_INDEXED = frozenset(
    {
        "id", "fingerprint", "content_sha256", "text", "warnings", "source_name", "original_file",
        "corrected_by", "correction_reason", "created_at", "indexed_at",
    }
)  # fmt: skip
LETTER_COLUMNS = tuple(f.attname for f in Letter._meta.concrete_fields if f.name not in _NOT_INDEXED)
TREATMENT_COLUMNS = tuple(
    f.attname for f in Treatment._meta.concrete_fields if f.name not in ("id", "letter")
)
_dumps = json.JSONEncoder(sort_keys=True, default=str, ensure_ascii=False, separators=(",", ":")).encode


def content_digest(letter: Sequence[Any], treatments: Iterable[Sequence[Any]]) -> str:
    """The digest of a letter's LETTER_COLUMNS values and its treatments' TREATMENT_COLUMNS values
    (in position order): the same from a model instance and from ``values_list`` rows."""
    data = _dumps([letter, list(treatments)])  # tuples and lists encode alike
    return hashlib.sha256(data.encode("utf-8", "surrogatepass")).hexdigest()[:32]


def letter_digest(letter: Letter, treatments: Iterable[Treatment]) -> str:
    ordered = sorted(treatments, key=lambda t: t.position)
    return content_digest(
        [getattr(letter, name) for name in LETTER_COLUMNS],
        ([getattr(t, name) for name in TREATMENT_COLUMNS] for t in ordered),
    )


def _iso(value: Any) -> str | None:
    return value.isoformat() if value else None


def letter_source(letter: Letter, treatments: Iterable[Treatment]) -> dict[str, Any]:
    """The indexed document of a letter with its treatments (in any order)."""
    summary = letter.case_summary or ""
    diagnoses = [str(d) for d in (letter.diagnoses or []) if d]
    context = [*split_paragraphs(summary), *split_paragraphs(letter.mechanism_of_injury or ""), *diagnoses]
    summary_sentences = split_sentences(summary)
    ordered = sorted(treatments, key=lambda t: t.position)
    header = letter.header_fields()
    copied = {name: header[name] for name in LETTER_FIELDS_ON_DECISIONS}
    return {
        "letter_id": letter.pk,
        **header,
        "case_number_display": letter.case_number,
        "layout": letter.layout or None,
        "summary": summary,
        "summary_sentences": summary_sentences,
        "mechanism_of_injury": letter.mechanism_of_injury or "",
        "diagnoses": diagnoses,
        "treatment_count": len(ordered),
        "updated_at": _iso(letter.updated_at),
        "treatments": [treatment_source(t, context, summary_sentences, copied) for t in ordered],
        "digest": letter_digest(letter, ordered),
    }


def _sources(guidelines: list[dict[str, Any]]) -> list[str]:
    return sorted({str(g.get("source")) for g in guidelines if g.get("source")})


def cited_by(guidelines: Iterable[Any] | None) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """A decision's guideline citations as (the IMR reviewer's, the claims administrator's): every
    citation not the reviewer's is the administrator's. The index, the letter page and the API split
    them here."""
    cited = [g for g in guidelines or [] if isinstance(g, dict)]
    return [g for g in cited if g.get("cited_by") == MAXIMUS], [
        g for g in cited if g.get("cited_by") != MAXIMUS
    ]


def treatment_source(
    treatment: Treatment, context: list[str], summary_sentences: list[str], letter_fields: dict[str, Any]
) -> dict[str, Any]:
    """A decision's nested document; ``letter_fields``: its letter's values it carries too."""
    guidelines = [g for g in (treatment.guidelines or []) if isinstance(g, dict)]
    reviewer, administrator = cited_by(guidelines)
    citations = [" ".join(str(g.get(k) or "") for k in ("source", "citation")).strip() for g in guidelines]
    rationale = treatment.rationale or ""
    return {
        "position": treatment.position,
        "request": treatment.request,
        "decision": treatment.decision,
        "category": treatment.category or UNCLASSIFIED,  # so the category facet counts and selects it
        "subcategory": treatment.subcategory or None,
        "drug_class": treatment.drug_class or None,
        "drug_name": treatment.drug_name or None,
        "strength": treatment.strength or None,
        "quantity": treatment.quantity or None,
        "sessions": treatment.sessions,
        "body_regions": list(treatment.body_regions or []),
        "basis": treatment.basis or None,
        "guideline_sources": _sources(reviewer),
        "administrator_guideline_sources": _sources(administrator),
        "guideline_sections": sorted({str(s) for g in reviewer for s in g.get("sections") or []}),
        "guideline_citations": [c for c in citations if c],
        "rationale": rationale,
        "sentences": [*split_sentences(treatment.request), *split_sentences(rationale)],
        "paragraphs": [*split_paragraphs(treatment.request), *split_paragraphs(rationale)],
        "context": context,
        "context_sentences": summary_sentences,
        **letter_fields,
    }

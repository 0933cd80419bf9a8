"""The letter document: explicit fields, strict mapping, disputed treatments as nested objects.

Each disputed treatment is its own nested document, so a condition on decision
and subcategory holds for one treatment. Every treatment also carries the
letter-level prose (summary, mechanism, diagnoses) in ``context`` so that free
text is matched within one treatment plus its letter's story.
"""

from __future__ import annotations

import re
from typing import Any

from django.db.models import QuerySet
from django_opensearch_dsl import Document, fields
from django_opensearch_dsl.registries import registry
from opensearchpy.helpers.document import MetaField

from ingest.models import Letter, Treatment
from search import indexes

_ABBREVIATIONS = ("Dr", "Mr", "Ms", "Mrs", "No", "p", "pp", "vs", "e.g", "i.e", "etc", "Fig", "St")
_NOT_AFTER = "".join(rf"(?<!\b{re.escape(a)}\.)" for a in _ABBREVIATIONS)
# A sentence ends at . ! or ? (not an abbreviation's) before white space and a capital or digit, or at
# a blank line. The pattern starts with the end mark itself, so `re` skips through the text in C to
# the next . ! ? or newline (a leading look-behind would be tried at every position).
_SENTENCE_END = re.compile(rf"[.!?]{_NOT_AFTER}\s+(?=[\"'(\[]?[A-Z0-9])|\n\s*\n")


def split_sentences(text: str) -> list[str]:
    """Sentences (and paragraph breaks) of a text, for same-sentence proximity."""
    if not text:
        return []
    parts = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        end = match.start() if text[match.start()] == "\n" else match.start() + 1  # keep the . ! ?
        parts.append(text[start:end])
        start = match.end()
    parts.append(text[start:])
    return [stripped for part in parts if (stripped := part.strip())]


def _english(
    *, offsets: bool = False, exact: bool = True, copy_to: str | list[str] | None = None
) -> fields.TextField:
    sub: dict[str, Any] = {}
    if exact:
        sub["exact"] = fields.TextField(
            analyzer=indexes.EXACT, index_options="offsets" if offsets else "positions"
        )
    kwargs: dict[str, Any] = {"analyzer": indexes.ENGLISH, "search_analyzer": indexes.ENGLISH_SEARCH}
    if offsets:
        kwargs["index_options"] = "offsets"
    if sub:
        kwargs["fields"] = sub
    if copy_to:
        kwargs["copy_to"] = copy_to
    return fields.TextField(**kwargs)


def _sentences() -> fields.TextField:
    return fields.TextField(
        analyzer=indexes.ENGLISH,
        search_analyzer=indexes.ENGLISH_SEARCH,
        position_increment_gap=indexes.SENTENCE_GAP,
    )


def _keyword() -> fields.KeywordField:
    return fields.KeywordField(ignore_above=256)


VOCABULARY = "treatments.vocabulary"
TEXT = "treatments.text"

TREATMENT_PROPERTIES: dict[str, Any] = {
    "position": fields.ShortField(),
    "request": fields.TextField(
        analyzer=indexes.ENGLISH,
        search_analyzer=indexes.ENGLISH_SEARCH,
        index_options="offsets",
        copy_to=[VOCABULARY, TEXT],
        fields={
            "exact": fields.TextField(analyzer=indexes.EXACT, index_options="offsets"),
            "raw": fields.KeywordField(ignore_above=512),
        },
    ),
    "decision": _keyword(),
    "category": _keyword(),
    "subcategory": _keyword(),
    "drug_class": _keyword(),
    "drug_name": fields.TextField(
        analyzer=indexes.NAME, fields={"raw": _keyword()}, copy_to=[VOCABULARY, TEXT]
    ),
    "strength": _keyword(),
    "quantity": _keyword(),
    "sessions": fields.ShortField(),
    "body_region": fields.KeywordField(ignore_above=256, normalizer=indexes.LOWERCASE),
    "guideline_sources": _keyword(),
    "guideline_citations": _english(copy_to=TEXT),
    "rationale": _english(offsets=True, copy_to=[VOCABULARY, TEXT]),
    "sentences": _sentences(),
    "context": _english(copy_to=TEXT),
    # Everything free text matches in one treatment (request, rationale, context, citations, drug),
    # in one field: the words of a query are matched here (one posting list a word, not one a
    # field); the separate fields above give the scores. See search/query/matching.py.
    # index_phrases: a two-word phrase ("medically necessary", or "physical therapy" for a
    # search on "PT" through the synonyms) is one term of a shingle field, not a positions check.
    "text": fields.TextField(
        analyzer=indexes.ENGLISH,
        search_analyzer=indexes.ENGLISH_SEARCH,
        index_phrases=True,
        fields={"exact": fields.TextField(analyzer=indexes.EXACT, index_phrases=True)},
    ),
    # Every word of the request, drug and rationale, unstemmed: the spelling suggester's dictionary.
    "vocabulary": fields.TextField(analyzer=indexes.EXACT),
}


@registry.register_document
class LetterDocument(Document):
    """One IMR letter. ``_id`` is the letter's primary key."""

    letter_id = fields.LongField()
    public_id = _keyword()
    case_number = fields.KeywordField(normalizer=indexes.LOWERCASE)
    case_number_display = _keyword()
    version = fields.IntegerField()
    decision_date = fields.DateField()
    date_assigned = fields.DateField()
    date_of_injury = fields.DateField()
    ur_denial_date = fields.DateField()
    application_received = fields.DateField()
    priority = _keyword()
    reviewer_specialties = _keyword()
    reviewer_license_states = _keyword()
    patient_age = fields.ShortField()
    patient_sex = _keyword()
    layout = _keyword()
    summary = _english(offsets=True)
    summary_sentences = _sentences()
    mechanism_of_injury = _english()
    diagnoses = _english()
    treatment_count = fields.ShortField()
    updated_at = fields.DateField()
    treatments = fields.NestedField(properties=TREATMENT_PROPERTIES)

    class Index:
        name = indexes.alias_name()

    class Django:
        model = Letter
        queryset_pagination = 500

    class Meta:
        dynamic = MetaField("strict")
        source = MetaField(excludes=["treatments.sentences", "treatments.context", "summary_sentences"])

    @classmethod
    def mapping_dict(cls) -> dict[str, Any]:
        return cls._doc_type.mapping.to_dict()

    @classmethod
    def generate_id(cls, object_instance: Letter) -> str:
        return str(object_instance.pk)

    def get_queryset(self, *args: Any, **kwargs: Any) -> QuerySet[Letter]:
        return super().get_queryset(*args, **kwargs).prefetch_related("treatments")

    def prepare(self, instance: Letter) -> dict[str, Any]:
        return letter_source(instance)


def _iso(value: Any) -> str | None:
    return value.isoformat() if value else None


def letter_source(letter: Letter) -> dict[str, Any]:
    """The indexed document of a letter (its treatments should be prefetched)."""
    summary = letter.case_summary or ""
    diagnoses = [str(d) for d in (letter.diagnoses or []) if d]
    context = "\n\n".join(part for part in [summary, letter.mechanism_of_injury or "", *diagnoses] if part)
    summary_sentences = split_sentences(summary)
    treatments = sorted(letter.treatments.all(), key=lambda t: t.position)
    return {
        "letter_id": letter.pk,
        **letter.header_fields(),
        "case_number_display": letter.case_number,
        "layout": letter.layout or None,
        "summary": summary,
        "summary_sentences": summary_sentences,
        "mechanism_of_injury": letter.mechanism_of_injury or "",
        "diagnoses": diagnoses,
        "treatment_count": len(treatments),
        "updated_at": _iso(letter.updated_at),
        "treatments": [treatment_source(t, context, summary_sentences) for t in treatments],
    }


def treatment_source(treatment: Treatment, context: str, summary_sentences: list[str]) -> dict[str, Any]:
    guidelines = [g for g in (treatment.guidelines or []) if isinstance(g, dict)]
    sources = sorted({str(g.get("source")) for g in guidelines if g.get("source")})
    citations = [" ".join(str(g.get(k) or "") for k in ("source", "citation")).strip() for g in guidelines]
    rationale = treatment.rationale or ""
    return {
        "position": treatment.position,
        "request": treatment.request,
        "decision": treatment.decision,
        "category": treatment.category or None,
        "subcategory": treatment.subcategory or None,
        "drug_class": treatment.drug_class or None,
        "drug_name": treatment.drug_name or None,
        "strength": treatment.strength or None,
        "quantity": treatment.quantity or None,
        "sessions": treatment.sessions,
        "body_region": treatment.body_region or None,
        "guideline_sources": sources,
        "guideline_citations": [c for c in citations if c],
        "rationale": rationale,
        "sentences": [*split_sentences(treatment.request), *split_sentences(rationale), *summary_sentences],
        "context": context,
    }

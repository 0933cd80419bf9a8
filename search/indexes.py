"""Index definitions in one place: analyzers, synonyms, the letter mapping, index names and settings.

Index names come from ``settings.OPENSEARCH_INDEX_PREFIX``: the portal reads and
writes through the alias ``<prefix>-letters``, which points at exactly one
concrete index ``<prefix>-letters-<timestamp>``. A rebuild creates a new
concrete index and swaps the alias atomically.
"""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import json
from typing import Any

from django.conf import settings
from django_opensearch_dsl import Document, fields
from opensearchpy.helpers.document import MetaField

from ingest.taxonomy.vocabulary import search_synonyms, unstemmed_words
from search.facets import LETTER_FIELDS_ON_DECISIONS, NESTED

# Analyzer names used by the letter mapping (below) and the query builder.
ENGLISH = "imr_english"  # index time: lowercase, folding, possessives, light stemming
ENGLISH_SEARCH = "imr_english_search"  # query time: the same, then the vocabulary's synonyms
EXACT = "imr_exact"  # no stemming, no synonyms: "exact phrases"
LOWERCASE = "imr_lowercase"  # keyword normalizer (case numbers)

# Positions between two values of a sentence array: no phrase, span or interval
# query with fewer gaps can cross a sentence boundary.
SENTENCE_GAP = 1000
# Positions between two passages of a passage array (the summary, the mechanism of injury, each
# diagnosis): a same-passage search (``/p``) allows fewer gaps than this.
PASSAGE_GAP = 100_000

# The search vocabulary (ingest.taxonomy.vocabulary): a drug's generic and brands, the letters'
# abbreviations and their long forms, the words of a spine region; Solr format, one line a set of
# equivalents ("=>": one way). Applied at query time only (synonym_graph): multi-word forms work
# both ways ("PT" finds the phrase "physical therapy"), the index holds the words as written, and
# the exact fields (``.exact``, "phrases") never see a synonym. The rules follow the stemmer in
# the chain, so they are stemmed like the words they meet ("ESIs" is "esi"). A change of the
# vocabulary changes ANALYSIS, hence the mapping's fingerprint: ``reindex --if-stale`` rebuilds.
SYNONYMS: list[str] = search_synonyms()
# Abbreviations the stemmer would fold into another word ("TENS" into "ten", "CTS" into "CT").
UNSTEMMED: list[str] = unstemmed_words()


def analysis(synonyms: list[str], unstemmed: list[str]) -> dict[str, Any]:
    """The index's analysis settings with these synonym rules and unstemmed words."""
    return {
        "filter": {
            "imr_possessive": {"type": "stemmer", "language": "possessive_english"},
            "imr_stemmer": {"type": "stemmer", "language": "light_english"},
            "imr_unstemmed": {"type": "keyword_marker", "keywords": unstemmed},
            "imr_synonyms": {"type": "synonym_graph", "synonyms": synonyms, "lenient": True},
        },
        "normalizer": {LOWERCASE: {"type": "custom", "filter": ["lowercase", "asciifolding"]}},
        "analyzer": {
            ENGLISH: {
                "type": "custom",
                "tokenizer": "standard",
                "filter": ["imr_possessive", "lowercase", "asciifolding", "imr_unstemmed", "imr_stemmer"],
            },
            ENGLISH_SEARCH: {
                "type": "custom",
                "tokenizer": "standard",
                "filter": [
                    "imr_possessive",
                    "lowercase",
                    "asciifolding",
                    "imr_unstemmed",
                    "imr_stemmer",
                    "imr_synonyms",
                ],
            },
            EXACT: {"type": "custom", "tokenizer": "standard", "filter": ["lowercase", "asciifolding"]},
        },
    }


ANALYSIS: dict[str, Any] = analysis(SYNONYMS, UNSTEMMED)


def prefix() -> str:
    return settings.OPENSEARCH_INDEX_PREFIX


def alias_name() -> str:
    """The alias every read and write goes through."""
    return f"{prefix()}-letters"


def concrete_pattern() -> str:
    return f"{alias_name()}-*"


def new_index_name(now: dt.datetime | None = None) -> str:
    """A fresh concrete index name, sortable by creation time."""
    now = now or dt.datetime.now(dt.UTC)
    return f"{alias_name()}-{now:%Y%m%d%H%M%S%f}"


def first_index_name() -> str:
    """The concrete index ensure_index creates when there is none: fixed, and older than any rebuild."""
    return f"{alias_name()}-{'0' * 20}"


def _english(
    *, offsets: bool = False, exact: bool = True, copy_to: str | list[str] | None = None
) -> fields.TextField:
    sub: dict[str, Any] = {}
    if exact:
        sub["exact"] = fields.TextField(analyzer=EXACT, index_options="offsets" if offsets else "positions")
    kwargs: dict[str, Any] = {"analyzer": ENGLISH, "search_analyzer": ENGLISH_SEARCH}
    if offsets:
        kwargs["index_options"] = "offsets"
    if sub:
        kwargs["fields"] = sub
    if copy_to:
        kwargs["copy_to"] = copy_to
    return fields.TextField(**kwargs)


def _units(gap: int, copy_to: str | None = None, *, store: bool = False) -> fields.TextField:
    """An array of sentences or passages ``gap`` positions apart; ``.exact`` (unstemmed) for phrases.

    ``store``: kept for the highlighter (the arrays are not in ``_source``), which marks the span
    a proximity search matched within its sentence or paragraph (``search.highlight_clauses``).
    """
    kwargs: dict[str, Any] = {"copy_to": copy_to} if copy_to else {}
    if store:
        kwargs["store"] = True
    return fields.TextField(
        analyzer=ENGLISH,
        search_analyzer=ENGLISH_SEARCH,
        position_increment_gap=gap,
        fields={"exact": fields.TextField(analyzer=EXACT, position_increment_gap=gap)},
        **kwargs,
    )


def _sentences(*, store: bool = False) -> fields.TextField:
    return _units(SENTENCE_GAP, store=store)


def _passages(copy_to: str | None = None, *, store: bool = False) -> fields.TextField:
    return _units(PASSAGE_GAP, copy_to, store=store)


def _keyword() -> fields.KeywordField:
    return fields.KeywordField(ignore_above=256)


VOCABULARY = "treatments.vocabulary"
TEXT = "treatments.text"

TREATMENT_PROPERTIES: dict[str, Any] = {
    "position": fields.ShortField(),
    "request": fields.TextField(
        analyzer=ENGLISH,
        search_analyzer=ENGLISH_SEARCH,
        index_options="offsets",
        copy_to=[VOCABULARY, TEXT],
        fields={
            "exact": fields.TextField(analyzer=EXACT, index_options="offsets"),
            "raw": fields.KeywordField(ignore_above=512),
        },
    ),
    "decision": _keyword(),
    "category": _keyword(),
    "subcategory": _keyword(),
    "drug_class": _keyword(),
    # Analyzed like every text field (stemming, the synonyms: ``drug:hydrocodone`` finds Norco);
    # ``.exact`` for phrases, prefixes and the spelling-tolerant match of ``drug:``.
    "drug_name": fields.TextField(
        analyzer=ENGLISH,
        search_analyzer=ENGLISH_SEARCH,
        fields={"raw": _keyword(), "exact": fields.TextField(analyzer=EXACT)},
        copy_to=[VOCABULARY, TEXT],
    ),
    "strength": _keyword(),
    "quantity": _keyword(),
    "sessions": fields.ShortField(),
    "body_regions": _keyword(),
    "basis": _keyword(),
    "guideline_sources": _keyword(),  # the IMR reviewer's
    "administrator_guideline_sources": _keyword(),  # the claims administrator's
    "guideline_sections": _keyword(),  # the IMR reviewer's, normalized
    "guideline_citations": _passages(copy_to=TEXT),  # one passage a citation
    "rationale": _english(offsets=True, copy_to=[VOCABULARY, TEXT]),
    "sentences": _sentences(store=True),  # the request's and the rationale's
    "paragraphs": _passages(store=True),  # the request's and the rationale's: w/N and /p stay in one
    # The letter's story (summary, mechanism, diagnoses: one passage each) on every treatment, for
    # the letter scope and for finding letters that mention the search in their summary
    # (search/query/matching.py).
    "context": _passages(),
    "context_sentences": _sentences(),  # the summary's sentences
    # The decision's own text (request, rationale, citations, drug) in one field: the words of a
    # query are matched here (one posting list a word, not one a field); the separate fields
    # above give the scores. See search/query/matching.py.
    # index_phrases: a two-word phrase ("medically necessary", or "physical therapy" for a
    # search on "PT" through the synonyms) is one term of a shingle field, not a positions check.
    "text": fields.TextField(
        analyzer=ENGLISH,
        search_analyzer=ENGLISH_SEARCH,
        index_phrases=True,
        fields={"exact": fields.TextField(analyzer=EXACT, index_phrases=True)},
    ),
    # Every word of the request, drug and rationale, unstemmed: the spelling suggester's dictionary.
    "vocabulary": fields.TextField(analyzer=EXACT),
}


class LetterDocument(Document):
    """The mapping of one IMR letter (``_id`` is the letter's primary key). Only its mapping is used:
    search.documents builds the documents and search.indexing writes them; it is registered with no
    django_opensearch_dsl command, which would write other documents and skip ``indexed_at``."""

    letter_id = fields.LongField()
    public_id = _keyword()
    case_number = fields.KeywordField(normalizer=LOWERCASE)
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
    summary_sentences = _sentences(store=True)
    mechanism_of_injury = _english()
    diagnoses = _english()
    treatment_count = fields.ShortField()
    updated_at = fields.DateField()
    treatments = fields.NestedField(properties=TREATMENT_PROPERTIES)
    # The digest of the database columns the document was built from (search.documents): read by
    # check_index, never searched.
    digest = fields.KeywordField(index=False)

    class Meta:
        dynamic = MetaField("strict")
        source = MetaField(
            excludes=[
                "treatments.sentences",
                "treatments.paragraphs",
                "treatments.context",
                "treatments.context_sentences",
                "summary_sentences",
                *(f"{NESTED}.{name}" for name in LETTER_FIELDS_ON_DECISIONS),  # the letter's own
            ]
        )

    @classmethod
    def mapping_dict(cls) -> dict[str, Any]:
        """The mapping; each decision (``treatments``) maps the letter-level fields it carries
        (``search.facets.LETTER_FIELDS_ON_DECISIONS``) as its letter maps them."""
        mapping: dict[str, Any] = cls._doc_type.mapping.to_dict()
        letter = mapping["properties"]
        letter[NESTED]["properties"].update(
            {name: copy.deepcopy(letter[name]) for name in LETTER_FIELDS_ON_DECISIONS}
        )
        return mapping


def index_settings() -> dict[str, Any]:
    return {
        "number_of_shards": settings.OPENSEARCH_SHARDS,
        "number_of_replicas": settings.OPENSEARCH_REPLICAS,
        "refresh_interval": settings.OPENSEARCH_REFRESH_INTERVAL,
        "max_inner_result_window": 100,
        "analysis": ANALYSIS,
    }


def index_body() -> dict[str, Any]:
    """Settings and mappings of a new concrete index, its fingerprint in the mapping's ``_meta``."""
    mappings = {k: v for k, v in copy.deepcopy(LetterDocument.mapping_dict()).items() if k != "_meta"}
    body = {"settings": index_settings(), "mappings": mappings}
    # Of the analysis and the mappings (not the shard count or refresh interval, set per site).
    mappings["_meta"] = {"fingerprint": fingerprint({"analysis": ANALYSIS, "mappings": mappings})}
    return body


def mapping_fingerprint() -> str:
    """What an index built by this code carries in ``_meta``: another value means another mapping."""
    return str(index_body()["mappings"]["_meta"]["fingerprint"])


def fingerprint(value: Any) -> str:
    """A short stable digest of a JSON-able value (index bodies keep it in their mapping's ``_meta``)."""
    return hashlib.sha256(json.dumps(value, sort_keys=True, default=str).encode()).hexdigest()[:16]

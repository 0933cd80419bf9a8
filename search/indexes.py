"""Index definitions in one place: analyzers, synonyms, index names and settings.

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

# Analyzer names used by the document mapping (search.documents) and the query builder.
ENGLISH = "imr_english"  # index time: lowercase, folding, possessives, light stemming
ENGLISH_SEARCH = "imr_english_search"  # query time: the same plus the abbreviation synonyms
EXACT = "imr_exact"  # no stemming, no synonyms: "exact phrases"
NAME = "imr_name"  # drug names, identifiers: lowercase + folding
LOWERCASE = "imr_lowercase"  # keyword normalizer (case numbers)

# Positions between two values of a sentence array: no phrase, span or interval
# query with fewer gaps can cross a sentence boundary.
SENTENCE_GAP = 1000

# Common abbreviations in IMR letters, each line a set of equivalents (Solr format).
# Applied at query time only (synonym_graph), so multi-word forms work both ways.
SYNONYMS: list[str] = [
    "pt, physical therapy, physiotherapy",
    "ot, occupational therapy",
    "hep, home exercise program, home exercise programs",
    "esi, esis, epidural steroid injection, epidural steroid injections",
    "tfesi, transforaminal epidural steroid injection",
    "tens, transcutaneous electrical nerve stimulation, transcutaneous electrical nerve stimulator",
    "nsaid, nsaids, nonsteroidal anti inflammatory, non steroidal anti inflammatory",
    "mri, mris, magnetic resonance imaging",
    "ct, computed tomography, cat scan",
    "emg, electromyography, electromyogram",
    "ncs, nerve conduction study, nerve conduction studies",
    "ncv, nerve conduction velocity",
    "frp, functional restoration program, functional restoration programs",
    "rom, range of motion",
    "ur, utilization review",
    "dme, durable medical equipment",
    "imr, independent medical review",
    "mtus, medical treatment utilization schedule",
    "odg, official disability guidelines",
    "acoem, american college of occupational and environmental medicine",
    "rfa, radiofrequency ablation, radio frequency ablation",
    "mbb, medial branch block, medial branch blocks",
    "prp, platelet rich plasma",
    "cbt, cognitive behavioral therapy",
    "ppi, ppis, proton pump inhibitor, proton pump inhibitors",
    "adl, adls, activities of daily living",
    "otc, over the counter",
    "dvt, deep vein thrombosis",
    "ptp, primary treating physician",
    "qme, qualified medical evaluator",
    "ame, agreed medical evaluator",
    "lso, lumbosacral orthosis, lumbar sacral orthosis",
    "ekg, ecg, electrocardiogram",
    "cpm, continuous passive motion",
    "scs, spinal cord stimulator",
    "fce, functional capacity evaluation",
    "ssri, ssris, selective serotonin reuptake inhibitor",
]

ANALYSIS: dict[str, Any] = {
    "filter": {
        "imr_possessive": {"type": "stemmer", "language": "possessive_english"},
        "imr_stemmer": {"type": "stemmer", "language": "light_english"},
        "imr_synonyms": {"type": "synonym_graph", "synonyms": SYNONYMS, "lenient": True},
    },
    "normalizer": {LOWERCASE: {"type": "custom", "filter": ["lowercase", "asciifolding"]}},
    "analyzer": {
        ENGLISH: {
            "type": "custom",
            "tokenizer": "standard",
            "filter": ["imr_possessive", "lowercase", "asciifolding", "imr_stemmer"],
        },
        ENGLISH_SEARCH: {
            "type": "custom",
            "tokenizer": "standard",
            "filter": ["imr_possessive", "lowercase", "asciifolding", "imr_synonyms", "imr_stemmer"],
        },
        EXACT: {"type": "custom", "tokenizer": "standard", "filter": ["lowercase", "asciifolding"]},
        NAME: {"type": "custom", "tokenizer": "standard", "filter": ["lowercase", "asciifolding"]},
    },
}


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


def index_settings() -> dict[str, Any]:
    return {
        "number_of_shards": int(getattr(settings, "OPENSEARCH_SHARDS", 1)),
        "number_of_replicas": int(getattr(settings, "OPENSEARCH_REPLICAS", 0)),
        "refresh_interval": getattr(settings, "OPENSEARCH_REFRESH_INTERVAL", "1s"),
        "max_inner_result_window": 100,
        "analysis": ANALYSIS,
    }


def index_body() -> dict[str, Any]:
    """Settings and mappings of a new concrete index, its fingerprint in the mapping's ``_meta``."""
    from search.documents import LetterDocument

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

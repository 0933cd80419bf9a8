"""Canonical IMR taxonomy: treatment categories, drugs, reviewer specialties, states.

Plain Python (no Django). The parser and the corpus generator both depend on
this API; keep it stable.
"""

from .categories import (
    CATEGORIES,
    DRUG_CLASSES,
    TAXONOMY,
    canonical_category,
    canonical_drug_class,
    canonical_row,
    canonical_subcategory,
)
from .classify import Basis, Classification, classify_decision, classify_treatment
from .drugs import DRUGS, Drug, lookup_drug
from .regions import REGIONS, body_regions
from .specialties import SPECIALTIES, canonical_specialties, canonical_specialty
from .states import STATES, state_code

__all__ = [
    "CATEGORIES",
    "DRUGS",
    "DRUG_CLASSES",
    "REGIONS",
    "SPECIALTIES",
    "STATES",
    "TAXONOMY",
    "Basis",
    "Classification",
    "Drug",
    "body_regions",
    "canonical_category",
    "canonical_drug_class",
    "canonical_row",
    "canonical_specialties",
    "canonical_specialty",
    "canonical_subcategory",
    "classify_decision",
    "classify_treatment",
    "lookup_drug",
    "state_code",
]

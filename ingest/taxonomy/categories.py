"""Canonical treatment taxonomy (category / subcategory / drug class).

Built on the drop-down lists of the state's IMR search form
(``dwc_treatment_categories.tsv``): the state's names are kept where they are
clean, spelling is fixed ("Calcium Cannel Blocker" -> "Calcium Channel
Blockers") and near-duplicates are merged ("Benzodiazepine" /
"Benzodiazepines"). For pharmaceuticals the drug class doubles as the
subcategory (the state's form filters pharmaceuticals by drug class), so
``Pharmaceuticals / Opioids`` has the single drug class ``Opioids``.
"""

from __future__ import annotations

import re
from typing import TypedDict


class SubcategoryNode(TypedDict):
    name: str
    drug_classes: list[str]


class CategoryNode(TypedDict):
    name: str
    subcategories: list[SubcategoryNode]


PHARMACEUTICALS = "Pharmaceuticals"

# Canonical drug classes, and the state's raw names for each.
DRUG_CLASS_SOURCES: dict[str, tuple[str, ...]] = {
    "Adrenal Corticosteroids": ("Adrenal Cortical Steroids", "Corticosteroids", "Steroids"),
    "Alpha Blockers": ("Alpha-blocker", "Alpha blocker"),
    "Androgens & Anabolic Steroids": ("Androgens & Anabolic Steroids", "Androgens"),
    "Anticoagulants": ("Anti-coagulant", "Anticoagulant"),
    "Anti-epilepsy Drugs": ("Anti-epilepsy drugs", "AEDs", "Antiepileptics", "Anticonvulsants"),
    "Anti-infectives": ("Anti-infectives", "Antibiotics"),
    "Antianxiety Agents": ("AntiAnxiety", "Anti-anxiety", "Anxiolytics"),
    "Antidepressants": ("Antidepressant",),
    "Antidiabetics": ("Antidiabetics", "Antidiabetic"),
    "Antiemetics": ("Antiemetic",),
    "Antihistamines": ("Antihistamine",),
    "Antihypertensives": ("Antihypertensive",),
    "Antimigraine Agents": ("Antimigraine Agent",),
    "Asthma Medications": ("Asthma Medications", "Asthma medication"),
    "Atypical Antipsychotics": ("Atypical Antipsychotic",),
    "Barbiturates": ("Barbiturates", "Barbiturate"),
    "Benzodiazepines": ("Benzodiazepine", "Benzodiazepines"),
    "Beta Blockers": ("Beta-blocker", "Beta blocker"),
    "Bisphosphonates": ("Bisphosphonates",),
    "Calcium Channel Blockers": ("Calcium Cannel Blocker", "Calcium Channel Blocker"),
    "Cannabinoids": ("Cannabinoids",),
    "Dopamine Agonists": ("Dopamine agonists",),
    "Fibric Acid Derivatives": ("Fibric Acid", "Fibrates"),
    "GI Agents": ("GI Agents", "Gastrointestinal Agents"),
    "H2 Blockers": ("H2 Blocker", "Histamine 2", "Histamine 2 Blockers", "H2 Antagonists"),
    "Hormones": ("Hormones",),
    "Impotence Agents": ("Impotence Agents",),
    "Injectable Medications": ("Injection", "Injectables"),
    "Miscellaneous Analgesics": ("Misc Analgesics", "Miscellaneous Analgesics"),
    "Muscle Relaxants": ("Muscle Relaxant",),
    "NSAIDs": ("NSAID", "Non-steroidal Anti-inflammatory Drugs"),
    "Nutritional Products": ("Nutritional Products", "Medical Foods"),
    "Opioids": ("Opioids", "Opioid", "Opiates"),
    "Opioid Antagonists": ("Opoid Antagonist", "Opioid Antagonist"),
    "Proton Pump Inhibitors": ("Proton Pump Inhibitors", "PPIs", "PPI"),
    "Sedative-Hypnotics": ("Sedative-hypnotics", "Hypnotics", "Sleep Aids"),
    "Statins": ("Statin",),
    "Topical Analgesics": ("Topical Analgesics", "Topical Analgesic"),
    "Topical Compounds": ("Topical Compounds", "Compounded Topicals", "Compounds"),
    "TNF Modifiers": ("Tumor necrosis factor (TNF) modified", "TNF Inhibitors"),
    "Viscosupplementation": ("Viscosupplementation",),
}

# Canonical non-pharmaceutical (category, subcategories) with raw names per subcategory.
_CATEGORY_TREE: dict[str, dict[str, tuple[str, ...]]] = {
    "DMEPOS": {
        "DME": ("DME", "Durable Medical Equipment"),
        "Electrical Stimulation": ("Electrical Stimulation",),
        "Prosthetics/Orthotics": ("Prosthetics/Orthotics", "Orthotics", "Prosthetics"),
        "Supplies": ("Supplies", "Medical Supplies"),
    },
    "Diagnostic Testing": {
        "EMG/NCV/NCS": ("EMG/NCV/NCS", "Electrodiagnostic Testing"),
        "Lab & Pathology": ("Lab & Pathology", "Laboratory", "Lab and Pathology"),
        "Other Diagnostic Tests": ("Other Diagnostic Tests",),
        "Imaging/Radiology": ("Imaging/Radiology", "Imaging", "Radiology"),
    },
    "Evaluation & Management": {
        "Dental Services": ("Dental Services",),
        "Medical Specialties": ("Medical Specialties", "Consultations"),
    },
    "Home Health": {"Home Health": ("Home Health",)},
    "Injection": {
        "Facet Injection": ("Facet Injection", "Facet Injections"),
        "Injection": ("Injection", "Injections"),
    },
    PHARMACEUTICALS: {},  # filled from DRUG_CLASS_SOURCES below
    "Programs": {"Programs": ("Programs",)},
    "Psych Services": {
        "Evaluation & Management": ("Evaluation & Management",),
        "Therapies": ("Therapies",),
    },
    "Rehabilitation": {
        "Acupuncture": ("Acupuncture",),
        "Chiropractic": ("Chiropractic",),
        "Other Therapies": ("Other Therapies",),
        "Physical Therapy/Occupational Therapy (PT/OT)": (
            "Physical Therapy/Occupational Therapy (PT/OT)",
            "PT/OT",
            "Physical Therapy",
            "Occupational Therapy",
        ),
    },
    "Surgery": {
        "Adjunct Surgical Services": ("Adjunct Surgical Services",),
        "Arthroscopic Surgery": ("Arthroscopic Surgery",),
        "Non-arthroscopic Surgery": ("Non-arthroscopic Surgery", "Open Surgery"),
        "Spine": ("Spine", "Spine Surgery"),
        "Surgical Consult": ("Surgical Consult", "Surgical Consultation"),
    },
    # The state's "Therapies / Therapies" duplicates "Therapies / Other Therapies".
    "Therapies": {"Other Therapies": ("Other Therapies", "Therapies")},
    "Transportation": {"Transportation": ("Transportation",)},
}

CATEGORY_ALIASES_RAW: dict[str, tuple[str, ...]] = {
    "DMEPOS": ("DMEPOS", "DME", "Durable Medical Equipment"),
    "Diagnostic Testing": ("Diagnostic Testing", "Diagnostics"),
    "Evaluation & Management": ("Evaluation & Management", "Evaluation and Management", "E&M"),
    "Home Health": ("Home Health",),
    "Injection": ("Injection", "Injections"),
    PHARMACEUTICALS: ("Pharmaceuticals", "Pharmacy", "Medications", "Drugs"),
    "Programs": ("Programs",),
    "Psych Services": ("Psych Services", "Psychological Services"),
    "Rehabilitation": ("Rehabilitation",),
    "Surgery": ("Surgery",),
    "Therapies": ("Therapies",),
    "Transportation": ("Transportation",),
}


def alias_key(name: str) -> str:
    """Normalize a raw name for alias lookup (case, spacing, hyphens, '&'/'and')."""
    key = name.strip().lower().replace("&", " and ")
    key = re.sub(r"[\s\-_]+", " ", key)
    return re.sub(r"\s+", " ", key).strip()


def _build() -> tuple[list[CategoryNode], dict[str, str], dict[tuple[str, str], str], dict[str, str]]:
    tree: list[CategoryNode] = []
    cat_alias: dict[str, str] = {}
    sub_alias: dict[tuple[str, str], str] = {}
    class_alias: dict[str, str] = {}
    for canon, raws in DRUG_CLASS_SOURCES.items():
        for raw in (canon, *raws):
            class_alias[alias_key(raw)] = canon
    for cat, raws in CATEGORY_ALIASES_RAW.items():
        for raw in (cat, *raws):
            cat_alias.setdefault(alias_key(raw), cat)
    for cat in sorted(_CATEGORY_TREE, key=str.lower):
        subs = _CATEGORY_TREE[cat]
        nodes: list[SubcategoryNode] = []
        if cat == PHARMACEUTICALS:
            for cls in sorted(DRUG_CLASS_SOURCES, key=str.lower):
                nodes.append({"name": cls, "drug_classes": [cls]})
                for raw in (cls, *DRUG_CLASS_SOURCES[cls]):
                    sub_alias[(cat, alias_key(raw))] = cls
        else:
            for sub, raws in subs.items():
                nodes.append({"name": sub, "drug_classes": []})
                for raw in (sub, *raws):
                    sub_alias[(cat, alias_key(raw))] = sub
        tree.append({"name": cat, "subcategories": nodes})
    return tree, cat_alias, sub_alias, class_alias


TAXONOMY, CATEGORY_ALIASES, SUBCATEGORY_ALIASES, DRUG_CLASS_ALIASES = _build()
CATEGORIES: list[str] = [node["name"] for node in TAXONOMY]
DRUG_CLASSES: list[str] = sorted(DRUG_CLASS_SOURCES, key=str.lower)
SUBCATEGORIES: dict[str, list[str]] = {
    node["name"]: [sub["name"] for sub in node["subcategories"]] for node in TAXONOMY
}


def canonical_category(name: str) -> str | None:
    """The canonical category for a raw category name, or None."""
    return CATEGORY_ALIASES.get(alias_key(name))


def canonical_drug_class(name: str) -> str | None:
    """The canonical drug class for a raw drug class name, or None."""
    return DRUG_CLASS_ALIASES.get(alias_key(name))


def canonical_subcategory(category: str, name: str) -> str | None:
    """The canonical subcategory of a raw (category, subcategory) pair, or None.

    For pharmaceuticals a raw drug class is accepted too (it is the subcategory).
    """
    cat = canonical_category(category)
    if cat is None:
        return None
    return SUBCATEGORY_ALIASES.get((cat, alias_key(name)))


def canonical_row(
    category: str, subcategory: str = "", drug_class: str = ""
) -> tuple[str | None, str | None, str | None]:
    """Map one row of the state's TSV to canonical (category, subcategory, drug_class)."""
    cat = canonical_category(category)
    sub = canonical_subcategory(category, subcategory) if subcategory.strip() else None
    cls = canonical_drug_class(drug_class) if drug_class.strip() else None
    if cat == PHARMACEUTICALS:
        if cls is None and sub is not None:
            cls = sub
        if sub is None and cls is not None:
            sub = cls
    return cat, sub, cls

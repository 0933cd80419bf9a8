# ruff: noqa: E501  (keyword tables: one rule per line reads best)
"""Taxonomy rows that the classifier's rule tables name, as (category, subcategory, drug class).

A pharmaceutical row carries its drug class twice (the class is the subcategory, see
``categories``); a category's own row has neither (``category_row``).
"""

from __future__ import annotations

from .categories import PHARMACEUTICALS

Row = tuple[str, str | None, str | None]


def category_row(category: str) -> Row:
    """A category's own row: the category is known, not the leaf."""
    return (category, None, None)


def drug_row(drug_class: str) -> Row:
    return (PHARMACEUTICALS, drug_class, drug_class)


ADJUNCT: Row = ("Surgery", "Adjunct Surgical Services", None)
ARTHROSCOPIC: Row = ("Surgery", "Arthroscopic Surgery", None)
OPEN_SURGERY: Row = ("Surgery", "Non-arthroscopic Surgery", None)
SPINE: Row = ("Surgery", "Spine", None)
SURGICAL_CONSULT: Row = ("Surgery", "Surgical Consult", None)
MEDICAL: Row = ("Evaluation & Management", "Medical Specialties", None)
DENTAL: Row = ("Evaluation & Management", "Dental Services", None)
LAB: Row = ("Diagnostic Testing", "Lab & Pathology", None)
IMAGING: Row = ("Diagnostic Testing", "Imaging/Radiology", None)
EMG: Row = ("Diagnostic Testing", "EMG/NCV/NCS", None)
OTHER_TEST: Row = ("Diagnostic Testing", "Other Diagnostic Tests", None)
DME: Row = ("DMEPOS", "DME", None)
ESTIM: Row = ("DMEPOS", "Electrical Stimulation", None)
ORTHOTIC: Row = ("DMEPOS", "Prosthetics/Orthotics", None)
SUPPLIES: Row = ("DMEPOS", "Supplies", None)
INJECTION: Row = ("Injection", "Injection", None)
FACET: Row = ("Injection", "Facet Injection", None)
ACUPUNCTURE: Row = ("Rehabilitation", "Acupuncture", None)
CHIRO: Row = ("Rehabilitation", "Chiropractic", None)
PT: Row = ("Rehabilitation", "Physical Therapy/Occupational Therapy (PT/OT)", None)
MODALITY: Row = ("Rehabilitation", "Other Therapies", None)
PROGRAMS: Row = ("Programs", "Programs", None)
PSYCH_THERAPY: Row = ("Psych Services", "Therapies", None)
PSYCH_EVAL: Row = ("Psych Services", "Evaluation & Management", None)
HOME_HEALTH: Row = ("Home Health", "Home Health", None)
TRANSPORT: Row = ("Transportation", "Transportation", None)
PHARMA: Row = category_row(PHARMACEUTICALS)
SURGERY: Row = category_row("Surgery")
DIAGNOSTICS: Row = category_row("Diagnostic Testing")
DMEPOS: Row = category_row("DMEPOS")
TOPICAL_ANALGESICS: Row = drug_row("Topical Analgesics")
TOPICAL_COMPOUNDS: Row = drug_row("Topical Compounds")
NUTRITION: Row = drug_row("Nutritional Products")
INJECTABLES: Row = drug_row("Injectable Medications")

# Words that name a drug class (in a request, a rationale's "X is a ..." or a guideline section).
CLASS_WORDS: list[tuple[str, Row]] = [
    (r"\bproton[- ]pump|\bppis?\b|\bnsaids?,? gi symptoms|\bgi (?:symptoms|protect\w*)", drug_row("Proton Pump Inhibitors")),
    (r"\bh-?2 (?:blocker|antagonist|receptor)\w*|\bhistamine[- ]2", drug_row("H2 Blockers")),
    (r"\bopioid antagonist\w*|\bopioid[- ]induced constipation|\bnaloxone", drug_row("Opioid Antagonists")),
    (r"\bopioids?\b|\bopiates?\b|\bnarcotic\w*", drug_row("Opioids")),
    (r"\bmuscle relaxants?|\bantispasmodic\w*|\bantispasticity", drug_row("Muscle Relaxants")),
    (r"\banti-?epilep\w*|\baeds?\b|\banticonvulsant\w*", drug_row("Anti-epilepsy Drugs")),
    (r"\bnsaids?\b|\bnon-?steroidal anti-?inflammator\w*|\banti-?inflammator\w* (?:drug|medication|agent)\w*", drug_row("NSAIDs")),
    (r"\bcompounded|\bcompounds?\b", TOPICAL_COMPOUNDS),
    (r"\btopical (?:analgesic|anesthetic|nsaid|pain reliever|salicylate)s?|\bsalicylate topicals?|\blocal anesthetic", TOPICAL_ANALGESICS),
    (r"\bbenzodiazepines?", drug_row("Benzodiazepines")),
    (r"\binsomnia\b|\bhypnotics?\b|\bsleep (?:aids?|medication\w*)|\bsedative", drug_row("Sedative-Hypnotics")),
    (r"\bantidepressants?|\bsnris?\b|\bssris?\b|\btricyclic", drug_row("Antidepressants")),
    (r"\bantihistamine\w*", drug_row("Antihistamines")),
    (r"\banti-?emetic\w*|\bnausea", drug_row("Antiemetics")),
    (r"\blaxative\w*|\bstool softener\w*|\bconstipation", drug_row("GI Agents")),
    (r"\bmedical foods?|\bdietary supplement\w*|\bnutritional supplement\w*|\bvitamins?\b|\bnutraceutical", NUTRITION),
    (r"\bcorticosteroid\w*|\boral steroid\w*", drug_row("Adrenal Corticosteroids")),
    (r"\btriptans?\b|\bmigraine medication\w*", drug_row("Antimigraine Agents")),
    (r"\banxiolytic\w*|\banti-?anxiety", drug_row("Antianxiety Agents")),
    (r"\bantipsychotic\w*", drug_row("Atypical Antipsychotics")),
    (r"\bbarbiturate\w*", drug_row("Barbiturates")),
    (r"\bviscosupplement\w*|\bhyaluronic", drug_row("Viscosupplementation")),
    (r"\berectile dysfunction|\bimpotence", drug_row("Impotence Agents")),
    (r"\bcannabinoid\w*|\bmarijuana|\bcannabis", drug_row("Cannabinoids")),
]  # fmt: skip

# ruff: noqa: E501  (parameter tables)
"""The canonical taxonomy covers the state's raw names and classifies common requests."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from ingest.taxonomy import (
    CATEGORIES,
    DRUG_CLASSES,
    SPECIALTIES,
    TAXONOMY,
    canonical_row,
    canonical_specialties,
    canonical_specialty,
    classify_treatment,
    lookup_drug,
    state_code,
)

SHARED = Path("/work/shared/taxonomy")
needs_shared = pytest.mark.skipif(not SHARED.exists(), reason="shared taxonomy files absent")


def _tsv_rows() -> list[dict[str, str]]:
    with (SHARED / "dwc_treatment_categories.tsv").open(newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


@needs_shared
def test_every_tsv_row_maps_to_canonical_names() -> None:
    subcats = {c["name"]: {s["name"] for s in c["subcategories"]} for c in TAXONOMY}
    for row in _tsv_rows():
        cat, sub, cls = canonical_row(row["category"], row["subcategory"] or "", row["drug_class"] or "")
        assert cat in CATEGORIES, row
        if row["subcategory"]:
            assert sub in subcats[cat], row
        if row["drug_class"]:
            assert cls in DRUG_CLASSES, row
            assert sub == cls


def _state_specialties() -> list[str]:
    lines = (SHARED / "dwc_reviewer_specialties.txt").read_text().splitlines()
    return [line.strip() for line in lines if line.strip()]


@needs_shared
def test_every_state_specialty_is_its_own_canonical_name() -> None:
    for name in _state_specialties():
        assert canonical_specialty(name) == name
        assert name in SPECIALTIES


@needs_shared
def test_distinct_state_specialties_never_merge() -> None:
    names = _state_specialties()
    for first in names:
        for second in names:
            if first != second:
                assert canonical_specialties(f"{first}, {second}") == [first, second]


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("Preventive Medicine", "Public Health & General Preventive Medicine"),
        ("Psychology", "Psychologist"),
        ("Medical Oncology", "Oncology"),
        ("Podiatric Surgery", "Podiatrist"),
        ("Addiction Psychiatry", "Addiction Medicine"),  # not synonyms: two boards
    ],
)
def test_specialties_that_read_alike_stay_apart(first: str, second: str) -> None:
    assert canonical_specialties(f"{first}; {second}") == [first, second]


@pytest.mark.parametrize(
    ("alias", "name"),
    [
        ("Public Health and General Preventive Medicine", "Public Health & General Preventive Medicine"),
        ("Dentistry", "Dentist"),
        ("Podiatry", "Podiatrist"),
        ("Clinical Psychologist", "Psychologist"),
        ("Clinical Psychology", "Psychology"),
    ],
)
def test_aliases_are_spellings_of_one_specialty(alias: str, name: str) -> None:
    assert canonical_specialty(alias) == name


def test_duplicates_merge_and_typos_fixed() -> None:
    assert canonical_row("Pharmaceuticals", "", "Benzodiazepine")[2] == "Benzodiazepines"
    assert canonical_row("Pharmaceuticals", "", "Benzodiazepines")[2] == "Benzodiazepines"
    assert canonical_row("Pharmaceuticals", "", "Calcium Cannel Blocker")[2] == "Calcium Channel Blockers"
    assert canonical_row("Pharmaceuticals", "", "Opoid Antagonist")[2] == "Opioid Antagonists"
    assert canonical_row("Pharmaceuticals", "", "Asthma medication")[2] == "Asthma Medications"
    assert (
        canonical_row("Pharmaceuticals", "", "Histamine 2")[2]
        == canonical_row("Pharmaceuticals", "", "H2 Blocker")[2]
    )
    assert canonical_row("Pharmaceuticals", "Topical Compounds", "")[1] == "Topical Compounds"
    assert canonical_row("Therapies", "Therapies", "")[1] == "Other Therapies"
    names = [c["name"] for c in TAXONOMY]
    assert len(names) == len(set(names))
    for cat in TAXONOMY:
        subs = [s["name"] for s in cat["subcategories"]]
        assert len(subs) == len(set(subs))


@pytest.mark.parametrize(
    ("request_text", "category", "subcategory"),
    [
        ("Norco 10/325mg #60", "Pharmaceuticals", "Opioids"),
        (
            "Massage Therapy of the cervical and lumbar spine, 8 sessions (2x4)",
            "Rehabilitation",
            "Other Therapies",
        ),
        ("MRI of the lumbar spine", "Diagnostic Testing", "Imaging/Radiology"),
        ("TENS unit", "DMEPOS", "Electrical Stimulation"),
        ("left knee arthroscopy", "Surgery", "Arthroscopic Surgery"),
        ("acupuncture x6", "Rehabilitation", "Acupuncture"),
        ("EMG/NCV of the bilateral upper extremities", "Diagnostic Testing", "EMG/NCV/NCS"),
        ("Lumbar epidural steroid injection at L4-5", "Injection", "Injection"),
        ("Right L4-5 medial branch block", "Injection", "Facet Injection"),
        ("Functional restoration program, 80 hours", "Programs", "Programs"),
        ("Cognitive behavioral therapy, 6 sessions", "Psych Services", "Therapies"),
        ("L4-S1 posterior lumbar fusion", "Surgery", "Spine"),
        (
            "Physical therapy 2x6 for the right shoulder",
            "Rehabilitation",
            "Physical Therapy/Occupational Therapy (PT/OT)",
        ),
    ],
)
def test_classify_examples(request_text: str, category: str, subcategory: str) -> None:
    c = classify_treatment(request_text)
    assert (c.category, c.subcategory) == (category, subcategory)


def test_classify_details() -> None:
    c = classify_treatment("Norco 10/325mg #60")
    assert (c.drug_name, c.strength, c.quantity, c.drug_class) == ("Norco", "10/325mg", "60", "Opioids")
    c = classify_treatment("Massage Therapy of the cervical and lumbar spine, 8 sessions (2x4)")
    assert c.sessions == 8
    assert c.body_regions == ("Cervical spine", "Lumbar spine")
    assert classify_treatment("acupuncture x6").sessions == 6
    assert classify_treatment("left knee arthroscopy").body_regions == ("Knee",)
    c = classify_treatment("Flurbiprofen 20%/Baclofen 5%/Lidocaine 4% cream 180gm")
    assert c.drug_class == "Topical Compounds"


@pytest.mark.parametrize(
    ("name", "drug_class"),
    [
        ("Norco", "Opioids"), ("hydrocodone", "Opioids"), ("Ultram", "Opioids"), ("tramadol", "Opioids"),
        ("Percocet", "Opioids"), ("oxycodone", "Opioids"), ("OxyContin", "Opioids"),
        ("Nucynta", "Opioids"), ("tapentadol", "Opioids"), ("Butrans", "Opioids"), ("fentanyl", "Opioids"),
        ("Duragesic", "Opioids"), ("morphine", "Opioids"), ("MS Contin", "Opioids"), ("methadone", "Opioids"),
        ("Suboxone", "Opioids"), ("buprenorphine", "Opioids"),
        ("Narcan", "Opioid Antagonists"), ("naloxone", "Opioid Antagonists"),
        ("Flexeril", "Muscle Relaxants"), ("cyclobenzaprine", "Muscle Relaxants"), ("Soma", "Muscle Relaxants"),
        ("carisoprodol", "Muscle Relaxants"), ("tizanidine", "Muscle Relaxants"), ("Zanaflex", "Muscle Relaxants"),
        ("baclofen", "Muscle Relaxants"),
        ("Lidoderm", "Topical Analgesics"), ("lidocaine", "Topical Analgesics"), ("Terocin", "Topical Compounds"),
        ("Dendracin", "Topical Compounds"),
        ("gabapentin", "Anti-epilepsy Drugs"), ("Neurontin", "Anti-epilepsy Drugs"),
        ("Lyrica", "Anti-epilepsy Drugs"), ("pregabalin", "Anti-epilepsy Drugs"),
        ("Celebrex", "NSAIDs"), ("naproxen", "NSAIDs"), ("Anaprox", "NSAIDs"), ("Naprosyn", "NSAIDs"),
        ("ibuprofen", "NSAIDs"), ("Motrin", "NSAIDs"), ("meloxicam", "NSAIDs"), ("Mobic", "NSAIDs"),
        ("Toradol", "NSAIDs"), ("Voltaren", "NSAIDs"), ("diclofenac", "NSAIDs"),
        ("omeprazole", "Proton Pump Inhibitors"), ("Prilosec", "Proton Pump Inhibitors"),
        ("pantoprazole", "Proton Pump Inhibitors"), ("ranitidine", "H2 Blockers"),
        ("Ambien", "Sedative-Hypnotics"), ("zolpidem", "Sedative-Hypnotics"),
        ("Xanax", "Benzodiazepines"), ("alprazolam", "Benzodiazepines"), ("Valium", "Benzodiazepines"),
        ("diazepam", "Benzodiazepines"), ("Klonopin", "Benzodiazepines"),
        ("Cymbalta", "Antidepressants"), ("duloxetine", "Antidepressants"), ("amitriptyline", "Antidepressants"),
        ("trazodone", "Antidepressants"), ("Colace", "GI Agents"), ("Senna", "GI Agents"),
        ("Medrol", "Adrenal Corticosteroids"), ("Theramine", "Nutritional Products"),
        ("Sentra", "Nutritional Products"),
    ],
)  # fmt: skip
def test_drug_dictionary(name: str, drug_class: str) -> None:
    drug = lookup_drug(name)
    assert drug is not None, name
    assert drug.drug_class == drug_class
    assert classify_treatment(f"{name} #30").drug_class == drug_class


def test_misspellings() -> None:
    assert classify_treatment("Flexaril 7.5mg #90").drug_name == "Flexeril"
    assert classify_treatment("Gabapentine 600mg").drug_class == "Anti-epilepsy Drugs"
    assert classify_treatment("Cyclobenzeprine 10mg").drug_class == "Muscle Relaxants"
    assert classify_treatment("Hydrocodine 10/325mg #60").drug_class == "Opioids"


def test_specialties_and_states() -> None:
    assert canonical_specialty("Physical Medicine and Rehabilitation") == "Physical Medicine & Rehabilitation"
    assert canonical_specialty("Orthopaedic Surgery") == "Orthopedic Surgery"
    assert canonical_specialty("Pain Medicine") == "Pain Management"
    assert canonical_specialties("Physical Medicine & Rehabilitation, Pain Management") == [
        "Physical Medicine & Rehabilitation",
        "Pain Management",
    ]
    assert canonical_specialties("Anesthesiology and Pain Medicine") == ["Anesthesiology", "Pain Management"]
    assert canonical_specialties("Internal Medicine, Pulmonary Diseases") == [
        "Internal Medicine",
        "Pulmonary Disease",
    ]
    assert state_code("California") == "CA"
    assert state_code("ca") == "CA"
    assert state_code("New York") == "NY"
    assert state_code("Narnia") is None

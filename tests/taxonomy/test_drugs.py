# ruff: noqa: E501  (parameter tables)
"""The drug dictionary's data files: every line well formed, brands resolve to their generics
(the search groups names on ``Drug.generic``), kits and over-the-counter products are listed."""

from __future__ import annotations

import csv

import pytest

from ingest.taxonomy import DRUG_CLASSES, DRUGS, lookup_drug
from ingest.taxonomy.drugs import (
    DRUGS_FILE,
    KINDS,
    MANUFACTURED_TOPICALS,
    MISSPELLINGS_FILE,
    Drug,
    fuzzy_drug,
)

SOURCES = {"curated", "labeling-rules"}


def _lines(path: str) -> list[dict[str, str]]:
    with open(path, newline="", encoding="utf-8") as fh:
        rows = [line for line in fh if line.strip() and not line.startswith("#")]
    return list(csv.DictReader(rows, delimiter="\t"))


def test_every_line_is_well_formed() -> None:
    lines = _lines(str(DRUGS_FILE))
    assert len(lines) > 700
    names = [line["name"].lower() for line in lines]
    assert len(names) == len(set(names))
    for line in lines:
        assert line["class"] in DRUG_CLASSES, line
        assert line["kind"] in KINDS, line
        assert line["source"] in SOURCES, line
        assert line["generic"], line
        assert line["generic"] == line["generic"].lower(), line


def test_misspellings_name_listed_drugs() -> None:
    for line in _lines(str(MISSPELLINGS_FILE)):
        assert line["name"] in DRUGS, line
        assert lookup_drug(line["spelling"]) == DRUGS[line["name"]]


@pytest.mark.parametrize(
    ("name", "generic", "drug_class", "kind"),
    [
        ("Norco", "hydrocodone", "Opioids", "brand"), ("Percocet", "oxycodone", "Opioids", "brand"),
        ("Ultram", "tramadol", "Opioids", "brand"), ("Ultracet", "tramadol", "Opioids", "brand"),
        ("Hydrocodone/APAP", "hydrocodone", "Opioids", "generic"), ("Lorzone", "chlorzoxazone", "Muscle Relaxants", "brand"),
        ("Prevacid", "lansoprazole", "Proton Pump Inhibitors", "brand"), ("Viagra", "sildenafil", "Impotence Agents", "brand"),
        ("Celebrex", "celecoxib", "NSAIDs", "brand"), ("Duexis", "ibuprofen", "NSAIDs", "brand"),
        ("Fioricet", "butalbital", "Barbiturates", "brand"),
        # oral compounding kits: their agent's class
        ("Deprizine", "ranitidine", "H2 Blockers", "kit"), ("Fanatrex", "gabapentin", "Anti-epilepsy Drugs", "kit"),
        ("Tabradol", "cyclobenzaprine", "Muscle Relaxants", "kit"), ("Dicopanol", "diphenhydramine", "Antihistamines", "kit"),
        ("Synapryn", "tramadol", "Opioids", "kit"), ("Laxacin", "docusate", "GI Agents", "kit"),
        # compounded-cream kits
        ("TGHot", "tramadol", "Topical Compounds", "kit"), ("Fluriflex", "flurbiprofen", "Topical Compounds", "kit"),
        ("Gabacyclotram", "gabapentin", "Topical Compounds", "kit"),
        # manufactured and over-the-counter topicals
        ("Lidoderm", "lidocaine", "Topical Analgesics", "brand"), ("Voltaren Gel", "diclofenac", "Topical Analgesics", "brand"),
        ("Biofreeze", "menthol", "Topical Analgesics", "otc"), ("Bengay", "methyl salicylate", "Topical Analgesics", "otc"),
        ("Icy Hot", "methyl salicylate", "Topical Analgesics", "otc"), ("Salonpas", "methyl salicylate", "Topical Analgesics", "otc"),
        ("Mentherm", "methyl salicylate", "Topical Analgesics", "otc"),
        # branded multi-agent topicals dispensed by physicians, whose labels read like compounds
        ("Lidopro", "lidocaine", "Topical Compounds", "kit"), ("Terocin", "lidocaine", "Topical Compounds", "kit"),
        ("Medrox", "methyl salicylate", "Topical Compounds", "kit"),
        ("Theramine", "theramine", "Nutritional Products", "brand"), ("Synvisc", "hyaluronic acid", "Viscosupplementation", "brand"),
    ],
)  # fmt: skip
def test_names(name: str, generic: str, drug_class: str, kind: str) -> None:
    drug = lookup_drug(name)
    assert drug is not None, name
    assert (drug.name, drug.generic, drug.drug_class, drug.kind) == (name, generic, drug_class, kind)
    assert drug.is_brand == (kind != "generic")


def test_a_generic_groups_its_brands() -> None:
    by_generic: dict[str, set[str]] = {}
    for drug in DRUGS.values():
        by_generic.setdefault(drug.generic, set()).add(drug.name)
    assert {"Norco", "Vicodin", "Hydrocodone"} <= by_generic["hydrocodone"]
    assert {"Ultram", "Tramadol"} <= by_generic["tramadol"]


def test_manufactured_topicals() -> None:
    assert {"lidocaine", "diclofenac", "capsaicin", "menthol", "methyl salicylate"} <= MANUFACTURED_TOPICALS
    assert (
        not {"flurbiprofen", "ketoprofen", "gabapentin", "tramadol", "cyclobenzaprine"}
        & MANUFACTURED_TOPICALS
    )


def test_fuzzy() -> None:
    assert fuzzy_drug("Hydrocodine") == DRUGS["hydrocodone"]
    assert fuzzy_drug("Norco") == DRUGS["norco"]
    assert fuzzy_drug("Walker") is None
    assert isinstance(DRUGS["norco"], Drug)

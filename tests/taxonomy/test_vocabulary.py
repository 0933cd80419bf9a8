"""The search vocabulary (ingest.taxonomy.vocabulary): one group of equivalents a concept, no merges."""

from __future__ import annotations

from collections import Counter

import ingest.taxonomy.vocabulary as vocabulary_module
from ingest.taxonomy import DRUGS, Drug
from ingest.taxonomy.vocabulary import (
    ABBREVIATION,
    DRUG,
    ORDINARY_WORDS_FILE,
    REGION,
    equivalents,
    form,
    region_names,
    search_synonyms,
    unstemmed_words,
    vocabulary,
)


def group_of(text: str):
    """The group whose forms hold ``text``."""
    wanted = form(text)
    return next(g for g in vocabulary().groups if wanted in g.forms)


def test_forms_are_words_as_the_search_reads_them():
    assert form("MS Contin") == ("ms", "contin")
    assert form("Hydrocodone/APAP") == ("hydrocodone", "apap")
    assert form("Tylenol #3") == ("tylenol", "3")
    assert form("H-wave") == ("h", "wave")
    assert form("Norco's") == ("norco",)


def test_a_generic_and_its_brands_are_one_group():
    for generic, brands in [
        ("hydrocodone", ("Norco", "Vicodin")),
        ("tramadol", ("Ultram",)),
        ("cyclobenzaprine", ("Flexeril", "Fexmid")),
        ("gabapentin", ("Neurontin",)),
        ("morphine", ("MS Contin",)),
    ]:
        group = group_of(generic)
        assert group.source == DRUG
        assert all(form(b) in group.forms for b in brands), generic


def test_abbreviations_regions_and_their_long_forms():
    assert {form("UDS"), form("urine drug screen"), form("urine toxicology")} <= set(group_of("UDS").forms)
    assert {form("PT"), form("physical therapy")} <= set(group_of("physical therapy").forms)
    assert {form("chiropractor"), form("chiro")} <= set(group_of("chiropractic").forms)
    assert group_of("lumbar").source == REGION
    assert {form("lumbosacral"), form("low back")} <= set(group_of("lumbar").forms)
    assert group_of("EKG").source == ABBREVIATION
    assert form("ECG") in group_of("EKG").forms


def test_no_form_is_in_two_groups():
    """Else the synonym filter would join the two groups through it."""
    counts = Counter(f for g in vocabulary().groups for f in g.forms)
    assert [f for f, n in counts.items() if n > 1] == []


def test_no_group_merges_two_generics():
    """Every drug form of a group names the group's generic (and no other) in the dictionary."""
    generics: dict[tuple[str, ...], set[str]] = {}
    for key, drug in DRUGS.items():
        generics.setdefault(form(key), set()).add(drug.generic.lower())
        generics.setdefault(form(drug.generic), set()).add(drug.generic.lower())
    for group in vocabulary().groups:
        if group.source == DRUG:
            assert {g for f in group.forms for g in generics[f]} == {group.name}, group


def test_a_name_of_two_generics_or_an_ordinary_word_is_left_out(monkeypatch):
    monkeypatch.setitem(DRUGS, "relief", Drug("Relief", "ibuprofen", "NSAIDs", True))
    monkeypatch.setitem(DRUGS, "duoprofen", Drug("Duoprofen", "ibuprofen", "NSAIDs", True))
    monkeypatch.setitem(DRUGS, "duoprofen ", Drug("Duoprofen", "naproxen", "NSAIDs", True))
    vocabulary_module.vocabulary.cache_clear()
    try:
        forms = {f for g in vocabulary_module.vocabulary().groups for f in g.forms}
        dropped = {f: why for _, f, why in vocabulary_module.vocabulary().dropped}
        assert form("relief") not in forms
        assert "ordinary English word" in dropped[form("relief")]
        assert form("duoprofen") not in forms
        assert "more than one generic" in dropped[form("duoprofen")]
        assert form("advil") in group_of("ibuprofen").forms
    finally:
        vocabulary_module.vocabulary.cache_clear()


def test_no_drug_form_is_an_ordinary_word():
    ordinary = {w.strip() for w in ORDINARY_WORDS_FILE.read_text().splitlines() if not w.startswith("#")}
    drug_words = {f[0] for g in vocabulary().groups if g.source == DRUG for f in g.forms if len(f) == 1}
    assert drug_words.isdisjoint(ordinary)


def test_narrower_rules_go_one_way():
    lines = search_synonyms()
    esi = next(line for line in lines if line.startswith("esi, ") and "=>" in line)
    assert esi.split("=>")[1].strip().endswith("tfesi")
    assert not any(line.startswith("tfesi") and "=>" in line for line in lines)


def test_abbreviations_the_stemmer_would_fold_are_kept_whole():
    assert {"tens", "uds", "cts", "scs"} <= set(unstemmed_words())
    assert "pt" not in unstemmed_words()


def test_region_names_of_a_region_search():
    assert region_names("lumbar") == ("Lumbar spine",)
    assert region_names("low back") == ("Lumbar spine",)
    assert region_names("L4-5") == ("Lumbar spine",)
    assert region_names("wrist") == ("Hand/wrist",)
    assert set(region_names("spine")) == {"Spine", "Cervical spine", "Thoracic spine", "Lumbar spine"}
    assert region_names("hamstring") == ()


def test_the_rules_are_deterministic():
    assert search_synonyms() == search_synonyms()
    assert all(line == line.lower() for line in search_synonyms())


def test_the_equivalents_of_a_search():
    assert {form("Norco"), form("hydrocodone")} <= set(equivalents("Vicodin"))
    assert form("tfesi") in equivalents("ESI")
    assert form("esi") not in equivalents("TFESI")
    assert equivalents("massage") == (form("massage"),)

# ruff: noqa: E501  (letter-like texts)
"""A decision whose request does not settle its row is read further: the rationale's definition
of the item, the reviewer's guideline sections, the claims administrator's, the rationale's first
sentences; ``basis`` says which decided."""

from __future__ import annotations

from ingest.parsing import taxonomy_bridge
from ingest.parsing.result import Guideline
from ingest.taxonomy import Basis, classify_decision
from ingest.taxonomy.rationale import definitions, item_words
from ingest.taxonomy.topics import citation_row

MTUS = "MTUS Chronic Pain Medical Treatment 2016, Section(s): "


def test_an_unknown_oral_kit_takes_its_agents_class_from_the_rationale() -> None:
    found = classify_decision(
        "Xenotrex 10mg/ml oral suspension 250ml",
        reviewer_citations=[MTUS + "Insomnia treatment"],
        rationale="Xenotrex is an oral suspension of gabapentin. Guidelines recommend AEDs for neuropathic pain.",
    )
    assert (found.category, found.drug_class, found.basis) == (
        "Pharmaceuticals",
        "Anti-epilepsy Drugs",
        Basis.RATIONALE,
    )
    assert (found.drug_name, found.strength) == ("Gabapentin", "10mg/ml")


def test_an_unknown_cream_brand_defined_as_a_compound_is_a_topical_compound() -> None:
    found = classify_decision(
        "Zyfloro cream 120gm",
        reviewer_citations=[MTUS + "Topical analgesics"],
        rationale="The MTUS states that topical analgesics are largely experimental. Zyfloro is a compounded topical containing flurbiprofen and lidocaine.",
    )
    assert (found.drug_class, found.basis) == ("Topical Compounds", Basis.RATIONALE)


def test_an_unknown_device_defined_by_the_rationale() -> None:
    found = classify_decision(
        "Associated surgical service: Kryotek 4 for 21 days",
        rationale="The Kryotek 4 is a cold compression device that also provides DVT prophylaxis.",
    )
    assert (found.category, found.subcategory, found.basis) == ("DMEPOS", "DME", Basis.RATIONALE)


def test_the_reviewers_section_before_the_administrators() -> None:
    found = classify_decision(
        "Xylatrol ER #60",
        reviewer_citations=[
            "MTUS Opioid Treatment 2016, Section(s): 3.3.3 Opioids for Chronic Pain and Chronic Opioid Treatment: Initiation of Chronic Opioid Treatment"
        ],
        administrator_citations=[MTUS + "Muscle relaxants (for pain)"],
    )
    assert (found.drug_class, found.basis) == ("Opioids", Basis.GUIDELINE)
    found = classify_decision(
        "Xylatrol ER #60", administrator_citations=[MTUS + "Muscle relaxants (for pain)"]
    )
    assert (found.drug_class, found.basis) == ("Muscle Relaxants", Basis.GUIDELINE)


def test_a_section_naming_a_drug_names_its_class() -> None:
    found = classify_decision("Mystery pill", reviewer_citations=[MTUS + "Celebrex (celecoxib)"])
    assert (found.drug_class, found.basis) == ("NSAIDs", Basis.GUIDELINE)


def test_a_section_naming_a_family_gives_the_categorys_own_row() -> None:
    found = classify_decision(
        "Unspecified item", reviewer_citations=["MTUS Low Back Complaints 2004, Section(s): Special Studies"]
    )
    assert (found.category, found.subcategory, found.drug_class, found.basis) == (
        "Diagnostic Testing",
        None,
        None,
        Basis.GUIDELINE,
    )


def test_the_rationales_first_sentences_echo_the_topic() -> None:
    found = classify_decision(
        "Helper 4 hours a day",
        reviewer_citations=["MTUS General Approaches 2004, Section(s): Initial Approaches to Treatment"],
        rationale="According to the MTUS, home health services are recommended only for patients who are homebound.",
    )
    assert (found.category, found.basis) == ("Home Health", Basis.RATIONALE)


def test_a_weak_request_takes_its_leaf_from_the_decision_within_its_category() -> None:
    found = classify_decision(
        "Right shoulder surgery",
        reviewer_citations=[
            "Official Disability Guidelines (ODG) Shoulder, Surgery for impingement syndrome"
        ],
    )
    assert (found.subcategory, found.basis) == ("Arthroscopic Surgery", Basis.GUIDELINE)
    # a section of another category does not move it
    found = classify_decision(
        "Right shoulder surgery", reviewer_citations=[MTUS + "Physical medicine treatment"]
    )
    assert (found.subcategory, found.basis) == ("Non-arthroscopic Surgery", Basis.REQUEST)


def test_a_settled_request_ignores_the_rest() -> None:
    found = classify_decision(
        "Four sessions of infrared therapy two times a week times 2 weeks",
        reviewer_citations=[MTUS + "Thermography (infrared stress thermography)"],
    )
    assert (found.category, found.subcategory, found.basis) == (
        "Rehabilitation",
        "Other Therapies",
        Basis.REQUEST,
    )


def test_nothing_named_is_unclassified() -> None:
    found = classify_decision(
        "Xylomatic 3000",
        reviewer_citations=["MTUS General Approaches 2004"],
        rationale="The request is not medically necessary.",
    )
    assert (found.category, found.subcategory, found.drug_class, found.basis) == (None, None, None, "")


def test_citation_sections() -> None:
    assert citation_row(
        "MTUS Opioid Treatment 2016, Section(s): 3.3.6 Opioids for Chronic Pain and Chronic Opioid Treatment: Use of Urine Drug Testing (UDT)"
    ) == ("Diagnostic Testing", "Lab & Pathology", None)
    assert citation_row(MTUS + "Proton Pump Inhibitors (PPIs)") == (
        "Pharmaceuticals",
        "Proton Pump Inhibitors",
        "Proton Pump Inhibitors",
    )
    assert citation_row(MTUS + "NSAIDs, GI symptoms & cardiovascular risk") == (
        "Pharmaceuticals",
        "Proton Pump Inhibitors",
        "Proton Pump Inhibitors",
    )
    assert citation_row(MTUS + "Home health services") == ("Home Health", "Home Health", None)
    assert citation_row(MTUS + "Office visits") == ("Evaluation & Management", "Medical Specialties", None)
    assert citation_row("Official Disability Guidelines (ODG) Low Back, Adhesiolysis, percutaneous") == (
        "Surgery",
        "Spine",
        None,
    )
    assert citation_row(
        "Official Disability Guidelines (ODG) Knee/DME, Low Back Lumbar and Thoracic/Mattress selection"
    ) == ("DMEPOS", "DME", None)
    assert citation_row("MTUS Acupuncture Treatment 2007") == ("Rehabilitation", "Acupuncture", None)
    assert citation_row("MTUS Low Back Complaints 2004, Section(s): Physical Methods") is None
    assert citation_row("MTUS General Approaches 2004, Section(s): Initial Approaches to Treatment") is None


def test_definitions_start_at_the_items_name() -> None:
    assert item_words("Retrospective request for Fanatrex 25mg/ml oral suspension") == ["fanatrex"]
    text = "The patient has pain. Fanatrex (gabapentin) is an oral suspension. It is not recommended."
    assert definitions("Fanatrex 420ml", text) == ["fanatrex (gabapentin) is an oral suspension."]
    assert definitions("Fanatrex 420ml", "Fanatrex is not recommended.") == []


def test_the_parser_bridge_reads_the_reviewer_and_the_administrator_apart() -> None:
    guidelines = [
        Guideline("MTUS", MTUS + "Muscle relaxants (for pain)", "claims_administrator"),
        Guideline("MTUS", "MTUS Opioid Treatment 2016", "maximus"),
    ]
    found = taxonomy_bridge.classify_decision("Xylatrol ER #60", guidelines, "")
    assert (found.drug_class, found.basis) == ("Opioids", Basis.GUIDELINE)
    assert taxonomy_bridge.classify_decision("Norco 10/325mg #60", guidelines, "").basis == Basis.REQUEST


def test_a_procedure_done_either_way_takes_the_arthroscope_from_the_decision() -> None:
    found = classify_decision(
        "Right shoulder rotator cuff repair",
        rationale="The request is for a right shoulder arthroscopic rotator cuff repair. The ODG supports repair of full thickness tears.",
    )
    assert (found.subcategory, found.basis) == ("Arthroscopic Surgery", Basis.RATIONALE)
    found = classify_decision(
        "Right shoulder rotator cuff repair", reviewer_citations=[MTUS + "Surgical Considerations"]
    )
    assert (found.subcategory, found.basis) == ("Non-arthroscopic Surgery", Basis.REQUEST)


def test_a_visit_not_named_further_may_be_a_psychological_evaluation_or_a_surgeons_consult() -> None:
    found = classify_decision(
        "Evaluation and treatment", reviewer_citations=[MTUS + "Psychological evaluations"]
    )
    assert (found.category, found.subcategory, found.basis) == (
        "Psych Services",
        "Evaluation & Management",
        Basis.GUIDELINE,
    )
    found = classify_decision(
        "Consultation",
        rationale="The requested consultation is a referral to a spine surgeon for the low back.",
    )
    assert (found.category, found.subcategory, found.basis) == (
        "Surgery",
        "Surgical Consult",
        Basis.RATIONALE,
    )
    found = classify_decision("Follow-up visit", reviewer_citations=[MTUS + "Opioids, ongoing management"])
    assert (found.subcategory, found.basis) == ("Medical Specialties", Basis.REQUEST)
    # a specialty named settles the visit
    found = classify_decision(
        "Neurology consultation", reviewer_citations=[MTUS + "Psychological evaluations"]
    )
    assert (found.subcategory, found.basis) == ("Medical Specialties", Basis.REQUEST)


def test_a_block_not_named_further_takes_its_kind_from_the_reviewers_section() -> None:
    facet = "Official Disability Guidelines (ODG) Low Back, Facet joint diagnostic blocks (injections)"
    found = classify_decision("Block at L4-5 and L5-S1, bilateral", reviewer_citations=[facet])
    assert (found.category, found.subcategory, found.basis) == (
        "Injection",
        "Facet Injection",
        Basis.GUIDELINE,
    )
    found = classify_decision("Lumbar epidural steroid injection", reviewer_citations=[facet])
    assert (found.subcategory, found.basis) == ("Injection", Basis.REQUEST)

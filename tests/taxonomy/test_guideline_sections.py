# ruff: noqa: E501  (citation tables)
"""Guideline sections (``ingest.taxonomy.guideline_sections``): the letters' spellings of a cited
book and section meet in one facet value, on a table of real-looking citations, on the generator's
citations and on the 40 real letters of ../shared."""

from __future__ import annotations

import random
import re
from collections import defaultdict

import pytest

from ingest.generator import prose
from ingest.parsing import parse_file
from ingest.parsing.guidelines import MAXIMUS
from ingest.taxonomy.guideline_sections import MAX_SECTIONS, guideline_sections
from tests.conftest import shared_path

_BOOK_FAMILY = re.compile(r"MTUS|ODG|ACOEM|Official Disability", re.IGNORECASE)

CASES: list[tuple[str, list[str]]] = [
    # MTUS 2016 layout: book, year, "Section(s):"
    ("MTUS Chronic Pain Medical Treatment 2016, Section(s): Muscle relaxants (for pain)", ["MTUS Chronic Pain: Muscle relaxants"]),
    ("MTUS Chronic Pain Medical Treatment 2016, Section(s): Opioids, criteria for use", ["MTUS Chronic Pain: Opioids"]),
    ("MTUS Chronic Pain Medical Treatment 2016, Section(s): TENS, chronic pain (transcutaneous electrical nerve stimulation)", ["MTUS Chronic Pain: TENS"]),
    ("MTUS Chronic Pain Medical Treatment 2016, Section(s): NSAIDs, GI symptoms & cardiovascular risk", ["MTUS Chronic Pain: NSAIDs, GI symptoms & cardiovascular risk"]),
    ("MTUS Chronic Pain Medical Treatment 2016, Section(s): Cyclobenzaprine (Flexeril), Muscle relaxants (for pain)", ["MTUS Chronic Pain: Cyclobenzaprine (Flexeril)", "MTUS Chronic Pain: Muscle relaxants"]),
    ("MTUS Chronic Pain Medical Treatment 2016, Section(s): Antiepilepsy drugs (AEDs) for pain, Gabapentin (Neurontin)", ["MTUS Chronic Pain: Antiepilepsy drugs (AEDs)", "MTUS Chronic Pain: Gabapentin (Neurontin)"]),
    ("MTUS Chronic Pain Medical Treatment 2016, Section(s): Physical medicine treatment", ["MTUS Chronic Pain: Physical medicine"]),
    ("MTUS Chronic Pain Medical Treatment 2016, Section(s): Topical Analgesics", ["MTUS Chronic Pain: Topical analgesics"]),
    ("MTUS Chronic Pain Medical Treatment 2016", ["MTUS Chronic Pain"]),
    ("MTUS Opioid Treatment 2016, Section(s): 3.3.6 Opioids for Chronic Pain and Chronic Opioid Treatment: Use of Urine Drug Testing (UDT)", ["MTUS Opioids: Opioids for chronic pain"]),
    ("MTUS Opioid Treatment 2016, Section(s): 3.3.9 Opioids for Chronic Pain and Chronic Opioid Treatment: Maintenance of Chronic Opioid Treatment, 4.1 Tapering Opioids: Indications for Tapering Opioids", ["MTUS Opioids: Opioids for chronic pain", "MTUS Opioids: Tapering opioids"]),
    ("MTUS Low Back Complaints 2004, Section(s): Surgical Considerations, Physical Methods, Summary", ["MTUS Low Back: Surgical Considerations", "MTUS Low Back: Physical Methods", "MTUS Low Back: Summary"]),
    ("MTUS Low Back Complaints 2004, Section(s): Diagnositc Criteria, Special Studies", ["MTUS Low Back: Diagnostic Criteria", "MTUS Low Back: Special Studies"]),
    ("MTUS Neck and Upper Back Complaints 2004, Section(s): Special Studies", ["MTUS Neck & Upper Back: Special Studies"]),
    ("MTUS Forearm, Wrist, and Hand Complaints 2004, Section(s): Surgical Considerations", ["MTUS Forearm, Wrist & Hand: Surgical Considerations"]),
    ("MTUS Acupuncture Treatment 2007", ["MTUS Acupuncture"]),
    ("MTUS Acupuncture Medical Treatment 2007, Section(s): Acupuncture", ["MTUS Acupuncture"]),
    # several books in one citation; a page number for a section
    ("MTUS Elbow Complaints 2007, Section(s): 326, and Chronic Pain Medical Treatment 2016, Section(s): Physical medicine treatment", ["MTUS Elbow", "MTUS Chronic Pain: Physical medicine"]),
    ("MTUS Shoulder Complaints 2004, and Low Back Complaints 2004", ["MTUS Shoulder", "MTUS Low Back"]),
    ("MTUS Chronic Pain Medical Treatment 2016, Section(s): Tramadol (Ultram), and Opioid Treatment 2016", ["MTUS Chronic Pain: Tramadol (Ultram)", "MTUS Opioids"]),
    ("MTUS General Approaches 2004, Section(s): Initial Approaches to Treatment, and Neck and Upper Back Complaints 2004, Section(s): Summary", ["MTUS General Approaches: Initial Approaches to Treatment", "MTUS Neck & Upper Back: Summary"]),
    # MTUS 2014 layout (no "Section(s):") and 2013 layout (no "MTUS": "which is part of the MTUS")
    ("MTUS Chronic Pain Treatment Guidelines Massage therapy", ["MTUS Chronic Pain: Massage therapy"]),
    ("MTUS Chronic Pain Treatment Guidelines Medical food", ["MTUS Chronic Pain: Medical food"]),
    ("MTUS Low Back Complaints Guidelines Special Studies", ["MTUS Low Back: Special Studies"]),
    ("Chronic Pain Medical Treatment Guidelines", ["MTUS Chronic Pain"]),
    ("Chronic Pain Medical Treatment Guidelines (May 2009), Opioids, criteria for use", ["MTUS Chronic Pain: Opioids"]),
    ("Low Back Complaints, Facet injections", ["MTUS Low Back: Facet injections"]),
    ("California MTUS 2009: 9792.24.2. Chronic Pain Medical Treatment Guidelines", ["MTUS Chronic Pain"]),
    ("MTUS Guidelines", ["MTUS"]),
    # ODG: chapter spellings, separators, topics
    ("Official Disability Guidelines (ODG) Low Back, Epidural steroid injections (ESIs)", ["ODG Low Back: Epidural steroid injections (ESIs)"]),
    ("Official Disability Guidelines (ODG) Low Back (Thoracic and Lumbar, Acute and Chronic) Chapter, Epidural Steroid Injection (ESI) and Other Medical Treatment Guidelines www.mdguidelines.com", ["ODG Low Back: Epidural steroid injections (ESIs)"]),
    ("Official Disability Guidelines, Low Back - Lumbar & Thoracic (Acute & Chronic), Electrodiagnostic Studies (EDS); Nerve Conduction Studies (NCS)", ["ODG Low Back: Electrodiagnostic studies (EDS)", "ODG Low Back: Nerve conduction studies (NCS)"]),
    ("Official Disability Guidelines (ODG) Chapter: Low Back-Lumbar & Thoracic (Acute & Chronic) 12/20/2016 MRI (magnetic resonance imaging)", ["ODG Low Back: MRIs (magnetic resonance imaging)"]),
    ("Official Disability Guidelines, Lumbar & Thoracic (Acute & Chronic), MRI (Magnetic Resonance Imaging)", ["ODG Low Back: MRIs (magnetic resonance imaging)"]),
    ("Official Disability Guidelines (ODG) Low Back chapter/ x-ray", ["ODG Low Back: Radiography (x-rays)"]),
    ("Official Disability Guidelines (ODG) Low Back (Shock wave therapy)", ["ODG Low Back: Shock wave therapy"]),
    ("Official Disability Guidelines (ODG) Low Back, Adhesiolysis, percutaneous", ["ODG Low Back: Adhesiolysis"]),
    ("ODG Neck and Upper Back Chapter", ["ODG Neck & Upper Back"]),
    ("Official Disability Guidelines, Knee and leg", ["ODG Knee & Leg"]),
    ("Official Disability Guidelines (ODG), Neck and Upper Back; Low Back", ["ODG Neck & Upper Back", "ODG Low Back"]),
    ("Official Disability Guidelines (ODG) Pain Section/Voltaren® Gel (diclofenac) Topic", ["ODG Pain: Voltaren Gel (diclofenac)"]),
    ("Official Disability Guidelines (ODG), Pain Chapter (Online Version) Lidoderm (lidocaine patch)", ["ODG Pain: Lidoderm (lidocaine patch)"]),
    ("Official Disability Guidelines (ODG) Pain Section/Lidoderm® (lidocaine patch) Topic", ["ODG Pain: Lidoderm (lidocaine patch)"]),
    ("Official Disability Guidelines (ODG) Pain (Chronic), Electrodiagnostic testing (EMG/NCS)", ["ODG Pain: Electrodiagnostic testing (EMG/NCS)"]),
    ("Official Disability Guidelines (ODG) Knee/DME, Low Back Lumbar and Thoracic/Mattress selection and Other Medical Treatment Guidelines https://www.cms.gov/x.pdf", ["ODG Knee & Leg: Durable medical equipment (DME)", "ODG Low Back: Mattress selection"]),
    ("Official Disability Guidelines (ODG), Knee & Leg (updated 11/22/16) Chapter: Home Health Services: Criteria for skilled nursing facility", ["ODG Knee & Leg: Home health services"]),
    ("Official Disability Guidelines (ODG) MRI Elbow", ["ODG Elbow: MRIs (magnetic resonance imaging)"]),
    ("Official Disability Guidelines (ODG), Pain Chapter, Opioids, criteria for use", ["ODG Pain: Opioids"]),
    ("ODG-TWC Knee & Leg Procedure Summary", ["ODG Knee & Leg"]),
    ("Official Disability Guidelines (ODG) PRP", ["ODG: Platelet-rich plasma (PRP)"]),
    ("Official Disability Guidelines (ODG), Physical Therapy Guidelines", ["ODG: Physical therapy"]),
    ("Official Disability Guidelines (ODG)", ["ODG"]),
    # ACOEM: 2nd edition chapter numbers name the book; a 3rd edition's do not
    ("ACOEM Occupational Medicine Practice Guidelines, 2nd Edition (2004), Chapter 12", ["ACOEM Low Back"]),
    ("American College of Occupational and Environmental Medicine (ACOEM), 2nd Edition, (2004), Chapter 12, Low Back Complaints", ["ACOEM Low Back"]),
    ("MTUS: ACOEM Practice Guidelines, 2nd Edition (2004), Chapter 7, Independent Medical Examinations and Consultations", ["ACOEM General Approaches: Independent Medical Examinations and Consultations"]),
    ("ACOEM Practice Guidelines, 3rd Edition, Chapter 12", ["ACOEM"]),
    # several families
    ("ODG Pain Chapter and MTUS Chronic Pain Medical Treatment Guidelines", ["ODG Pain", "MTUS Chronic Pain"]),
    # no guideline book: no section (the source facet says "other")
    ("Sildenafil: Drug information, UpToDate", []),
    ("FDA.gov, Prescribing Information", []),
    ("University of Michigan Health System. Gastroesophageal reflux disease (GERD). Ann Arbor (MI): University of Michigan Health System; 2007 Jan. 10", []),
]  # fmt: skip


@pytest.mark.parametrize(("citation", "expected"), CASES)
def test_spellings(citation: str, expected: list[str]) -> None:
    assert guideline_sections(citation) == expected


def test_spellings_of_one_section_meet() -> None:
    spellings = [
        "Official Disability Guidelines (ODG) Low Back, Epidural steroid injections (ESIs)",
        "Official Disability Guidelines (ODG) Low Back: ESIs",
        "Official Disability Guidelines (ODG) Low Back (Thoracic and Lumbar, Acute and Chronic) Chapter, Epidural Steroid Injection (ESI)",
        "Official Disability Guidelines, Low Back - Lumbar & Thoracic (Acute & Chronic), epidural steroid injection",
    ]
    assert {tuple(guideline_sections(c)) for c in spellings} == {
        ("ODG Low Back: Epidural steroid injections (ESIs)",)
    }


def test_few_entries_a_citation() -> None:
    citation = (
        "MTUS Forearm, Wrist, and Hand Complaints 2004, Section(s): Special Studies, Surgical Considerations, "
        "Summary, Initial Care, Physical Methods"
    )
    found = guideline_sections(citation)
    assert len(found) == MAX_SECTIONS
    assert found[0] == "MTUS Forearm, Wrist & Hand: Special Studies"


def test_a_copy_each_call() -> None:
    first = guideline_sections("MTUS Low Back Complaints 2004, Section(s): Special Studies")
    first.append("changed")
    assert guideline_sections("MTUS Low Back Complaints 2004, Section(s): Special Studies") == [
        "MTUS Low Back: Special Studies"
    ]


def test_generated_citations() -> None:
    """Every citation the generator writes of a guideline book names a section of it, the others none."""
    rng = random.Random(14)
    for topic in prose.TOPICS:
        for era in ("2013", "2014", "2016"):
            for _ in range(20):
                cited = prose.citation(rng, topic, era)
                found = guideline_sections(cited.citation)
                if cited.source == "other":
                    assert found == [], cited.citation
                else:
                    assert found, cited.citation
                    assert all(f.startswith(cited.source) for f in found), cited.citation


def test_real_letters() -> None:
    """On the 40 real letters: every reviewer citation of MTUS, ODG or ACOEM names a section, and
    spellings meet: the distinct sections are fewer than the distinct citations although one
    citation may name several, and many a section is reached from two spellings or more (run with -s
    for the counts)."""
    pdfs = sorted(shared_path("letters", "real").glob("*.pdf"))
    assert len(pdfs) >= 40
    spellings: dict[str, set[str]] = defaultdict(set)  # section -> the citations that name it
    citations: dict[str, set[str]] = {MAXIMUS: set(), "all": set()}
    missing: list[str] = []
    for pdf in pdfs:
        for treatment in parse_file(pdf).treatments:
            for guideline in treatment.guidelines:
                assert guideline.sections == guideline_sections(guideline.citation)
                citations["all"].add(guideline.citation)
                for section in guideline.sections:
                    spellings[section].add(guideline.citation)
                if guideline.cited_by != MAXIMUS:
                    continue
                citations[MAXIMUS].add(guideline.citation)
                if _BOOK_FAMILY.search(guideline.citation) and not guideline.sections:
                    missing.append(guideline.citation)
    reviewer = {s for c in citations[MAXIMUS] for s in guideline_sections(c)}
    met = [s for s, cited in spellings.items() if len(cited) > 1]
    print(
        f"\nreviewer: {len(citations[MAXIMUS])} distinct citations, {len(reviewer)} distinct sections;"
        f" both parties: {len(citations['all'])} citations, {len(spellings)} sections,"
        f" {len(met)} of them reached from two citations or more"
    )
    assert not missing, missing
    assert len(reviewer) < len(citations[MAXIMUS])
    assert len(spellings) <= 0.8 * len(citations["all"])
    assert len(met) >= 20

# ruff: noqa: E501  (keyword-rule tables: one rule per line reads best)
"""The treatment a guideline topic is about: "Section(s): Opioids" names the opioids.

A reviewer cites the guideline section the request was judged under (MTUS "Section(s): Home
health services", ODG "Low Back, Adhesiolysis, percutaneous"). When the request alone does not
name its category (a brand, a kit, a garbled text), the section does. Books and chapters that
name no treatment ("Low Back Complaints", "General Approaches") name nothing here; a section
that names only a family ("Special Studies", "Surgical Considerations") names that category's row.
"""

from __future__ import annotations

import re

from .rows import (
    ACUPUNCTURE,
    ADJUNCT,
    ARTHROSCOPIC,
    CHIRO,
    CLASS_WORDS,
    DIAGNOSTICS,
    DME,
    EMG,
    ESTIM,
    FACET,
    HOME_HEALTH,
    IMAGING,
    INJECTION,
    LAB,
    MEDICAL,
    MODALITY,
    OPEN_SURGERY,
    ORTHOTIC,
    OTHER_TEST,
    PROGRAMS,
    PSYCH_EVAL,
    PSYCH_THERAPY,
    PT,
    SPINE,
    SURGERY,
    TOPICAL_ANALGESICS,
    TOPICAL_COMPOUNDS,
    TRANSPORT,
    Row,
)

TOPICS: list[tuple[str, Row]] = [
    (r"\burine drug|\bdrug (?:testing|screen\w*)|\budt\b|\buds\b|\bpre-?operative (?:lab\w*|testing)", LAB),
    (r"\bpre-?operative (?:ecg|ekg|electrocardiogram)|\bfunctional capacity|\bfce\b|\bfitness for duty|\bsleep stud\w*|\bpolysomnogra\w*|\bflexibility|\bcomputeri[sz]ed|\brange of motion|\bmuscle testing|\bfunctional improvement measures|\bthermography|\bgrip strength", OTHER_TEST),
    (r"\bpre-?operative (?:medical )?clearance|\bpre-?operative (?:evaluation|testing, general)|\boffice visits?|\bevaluation (?:&|and) management|\be ?& ?m\b|\bconsultations?\b|\breferrals?\b|\bindependent medical", MEDICAL),
    (r"\bsurgical assistant|\bassistant surgeon|\bhospital length of stay|\blength of stay|\blos\b|\banesthesia", ADJUNCT),
    (r"\btopical analgesics?,? compounded|\bcompounded (?:drugs?|topicals?|medications?)", TOPICAL_COMPOUNDS),
    (r"\btopical analgesics?|\blidoderm|\bsalicylate topicals?|\bcapsaicin,? topical|\btopical (?:nsaids?|lidocaine|diclofenac)", TOPICAL_ANALGESICS),
    (r"\belectrodiagnos\w*|\bemg\b|\bncs\b|\bnerve conduction|\belectromyogra\w*|\bsomatosensory", EMG),
    (r"\bmris?\b|\bmagnetic resonance|\bx-?rays?\b|\bradiograph\w*|\bct\b|\bcomputed tomography|\bimaging\b|\bbone scan|\bultrasound, diagnostic|\bdiagnostic ultrasound|\bmyelograph\w*|\bdiscograph\w*", IMAGING),
    (r"\bspecial studies", DIAGNOSTICS),
    (r"\bultrasound, therapeutic|\btherapeutic ultrasound|\bmassage|\bhot packs|\bcold packs|\bheat therapy|\binfrared|\blow level laser|\blllt\b|\blaser therapy|\bshock ?wave|\beswt\b|\bbiofeedback|\btraction\b|\biontophoresis|\bdiathermy|\bmyofascial|\bkinesio|\bpassive modalit\w*", MODALITY),
    (r"\btens\b|\btranscutaneous|\bh-?wave|\binterferential|\bnmes\b|\bneuromuscular electrical|\belectrical stimulat\w*|\bpemf\b|\bgalvanic", ESTIM),
    (r"\bmanual therapy|\bmanipulation|\bchiropract\w*", CHIRO),
    (r"\bacupuncture", ACUPUNCTURE),
    (r"\bphysical medicine|\bphysical therapy|\baquatic therapy|\bwork conditioning|\bwork hardening|\bexercise\b|\boccupational therapy|\bpt\b", PT),
    (r"\bfunctional restoration|\bchronic pain programs?|\bmultidisciplinary|\binterdisciplinary|\bdetoxification|\bweight (?:loss|reduction)|\bpartial hospitali\w*", PROGRAMS),
    (r"\bbehavioral interventions|\bcognitive behavioral|\bpsychological treatment|\bpsychotherapy", PSYCH_THERAPY),
    (r"\bpsychological evaluations?|\bpsychiatric|\bpsychological (?:testing|assessment)", PSYCH_EVAL),
    (r"\bhome health|\bskilled nursing", HOME_HEALTH),
    (r"\btransportation", TRANSPORT),
    (r"\bbraces?\b|\bbracing|\borthos[ie]s|\borthotics?|\blumbar supports?|\bsplints?\b|\bimmobili\w*|\bslings?\b|\bhearing aids?|\bshoes\b|\binsoles", ORTHOTIC),
    (r"\bdurable medical|\bdme\b|\bcryotherapy|\bcold/heat|\bcontinuous[- ]flow|\bcold therapy|\bvasopneumatic|\bcompression (?:devices|garments)|\bcontinuous passive|\bcpm\b|\bwalking aids|\bwheelchair|\bpower mobility|\bmattress|\bhospital bed|\bknee scooter|\bgym memberships?|\bexercise equipment|\bbone growth stimulat\w*", DME),
    (r"\bfacet|\bmedial branch|\bradiofrequency|\bneurotomy|\brhizotomy", FACET),
    (r"\bepidural steroid|\besis?\b|\bepidural injections?|\bnerve blocks?|\btrigger point|\binjections?\b|\bprp\b|\bplatelet|\bsacroiliac|\bbotulinum|\bprolotherapy", INJECTION),
    (r"\badhesiolysis|\bspinal cord stimulat\w*|\bfusion|\bdiscectomy|\blaminectomy|\bkyphoplasty|\bvertebroplasty|\bimplantable drug|\bdisc prosthesis|\bdecompression, lumbar", SPINE),
    (r"\barthroscop\w*|\bmeniscectomy|\bchondroplasty|\bacromioplasty|\bsurgery for impingement|\bsubacromial decompression", ARTHROSCOPIC),
    (r"\barthroplasty|\bcarpal tunnel release|\bknee joint replacement|\bhip (?:joint )?replacement|\brotator cuff repair|\bsurgery for", OPEN_SURGERY),
    (r"\bsurgical considerations|\bsurgery\b", SURGERY),
    *CLASS_WORDS,
]  # fmt: skip

_COMBINED = re.compile("|".join(f"(?P<t{i}>{pattern})" for i, (pattern, _) in enumerate(TOPICS)))
# What a citation names before its section: "Section(s):", an ODG chapter and its punctuation.
_SECTION = re.compile(r"section\(?s?\)?\s*:\s*", re.IGNORECASE)


def topic_row(text: str) -> Row | None:
    """The row of the first topic named in ``text`` (any case), or None."""
    m = _COMBINED.search(text.lower())
    if m is None or m.lastgroup is None:
        return None
    return TOPICS[int(m.lastgroup[1:])][1]


def citation_row(citation: str) -> Row | None:
    """The row of the treatment a guideline citation's section is about, or None.

    The section (after "Section(s):") is read first, its last part first ("3.3.6 Opioids for
    Chronic Pain ...: Use of Urine Drug Testing" is about drug testing); then the whole citation.
    """
    parts = _SECTION.split(citation, maxsplit=1)
    if len(parts) == 2:
        section = parts[1]
        for piece in (section.rsplit(":", 1)[-1], section):
            found = topic_row(piece)
            if found is not None:
                return found
    return topic_row(citation)

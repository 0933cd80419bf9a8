"""Canonical reviewer specialties and their aliases.

Every name on the state's list (``dwc_reviewer_specialties.txt``) is a specialty of its own, even
where two read alike ("Psychologist" / "Psychology", "Preventive Medicine" / "Public Health &
General Preventive Medicine"); an alias is only another spelling of the same specialty.
"""

from __future__ import annotations

import re

from .categories import alias_key

# Canonical name -> aliases (the state's raw names included).
_SPECIALTIES: dict[str, tuple[str, ...]] = {
    "Addiction Medicine": (),
    "Addiction Psychiatry": (),
    "Allergy and Immunology": ("Allergy & Immunology", "Allergy"),
    "Anesthesiology": ("Anesthesia", "Anesthesiologist"),
    "Cardiovascular Disease": ("Cardiology", "Cardiovascular Diseases"),
    "Child and Adolescent Psychiatry": ("Child & Adolescent Psychiatry",),
    "Chiropractic": ("Chiropractor", "Chiropractic Medicine", "Doctor of Chiropractic"),
    "Colon and Rectal Surgery": ("Colon & Rectal Surgery", "Colorectal Surgery"),
    "Critical Care Medicine": ("Critical Care",),
    "Dentist": ("Dentistry", "Dental", "General Dentistry"),
    "Dermatology": (),
    "Diagnostic Radiology": (),
    "Emergency Medicine": (),
    "Family Practice": ("Family Medicine", "Family Practice Medicine", "General Practice"),
    "Gastroenterology": (),
    "General Vascular Surgery": ("Vascular Surgery",),
    "Geriatric Medicine": ("Geriatrics",),
    "Hand Surgery": ("Surgery of the Hand",),
    "Hospice & Palliative Medicine": ("Hospice and Palliative Medicine", "Palliative Medicine"),
    "Infectious Disease": ("Infectious Diseases",),
    "Internal Medicine": ("Internist",),
    "Interventional Cardiology": (),
    "Medical Oncology": ("Hematology and Oncology", "Hematology/Oncology"),
    "Medical Toxicology": ("Toxicology",),
    "Nephrology": (),
    "Neurological Surgery": ("Neurosurgery", "Neurosurgeon", "Neurologic Surgery"),
    "Neurology": ("Neurologist",),
    "Neuromuscular Medicine": (),
    "Neuroradiology": (),
    "Occupational Medicine": ("Occupational and Environmental Medicine",),
    "Oncology": (),
    "Ophthalmology": (),
    "Optometry": ("Optometrist",),
    "Oriental Medicine": ("Acupuncture", "Acupuncturist", "Acupuncture and Oriental Medicine"),
    "Orthopedic Surgery": (
        "Orthopaedic Surgery",
        "Orthopedics",
        "Orthopaedics",
        "Orthopedic Surgeon",
        "Orthopaedic Surgeon",
        "Orthopedic Spine Surgery",
        "Orthopedic Sports Medicine",
    ),
    "Otolaryngology": ("ENT", "Otolaryngology - Head and Neck Surgery"),
    "Pain Management": (
        "Pain Medicine",
        "Interventional Pain Management",
        "Interventional Pain Medicine",
        "Pain Management and Rehabilitation",
    ),
    "Pediatrics": (),
    "Physical Medicine & Rehabilitation": (
        "Physical Medicine and Rehabilitation",
        "PM&R",
        "PMR",
        "Physiatry",
        "Physical Medicine",
    ),
    "Plastic Surgery": ("Plastic and Reconstructive Surgery",),
    "Podiatric Surgery": ("Foot and Ankle Surgery",),
    "Podiatrist": ("Podiatry", "Podiatric Medicine"),
    "Preventive Medicine": (),
    "Psychiatry": ("Psychiatrist", "Psychiatry and Neurology"),
    "Psychologist": ("Clinical Psychologist",),
    "Psychology": ("Clinical Psychology",),
    "Public Health & General Preventive Medicine": (),
    "Pulmonary Disease": ("Pulmonary Diseases", "Pulmonology", "Pulmonary Medicine"),
    "Radiology": ("Radiologist",),
    "Registered Nurse": ("RN", "Nursing"),
    "Rheumatology": (),
    "Sleep Medicine": (),
    "Sports Medicine": (),
    "Surgical Critical Care": (),
    "Thoracic Surgery": (),
    "Urology": (),
    "General Surgery": ("Surgery",),
}

SPECIALTIES: list[str] = sorted(_SPECIALTIES)
SPECIALTY_ALIASES: dict[str, str] = {}
for _canon, _aliases in _SPECIALTIES.items():
    for _name in (_canon, *_aliases):
        SPECIALTY_ALIASES[alias_key(_name)] = _canon

_ALIAS_RE = re.compile(
    r"(?<![a-z])(?:"
    + "|".join(re.escape(k) for k in sorted(SPECIALTY_ALIASES, key=len, reverse=True))
    + r")(?![a-z])"
)
_SPLIT_RE = re.compile(r"\s*[;,\n]\s*|\s+/\s+")
_TRIM_RE = re.compile(r"^(?:board certified in|certified in|and|in)\s+|[\s.]+$", re.I)


def canonical_specialty(name: str) -> str | None:
    """The canonical specialty for one name (any alias or spelling), or None."""
    key = alias_key(_TRIM_RE.sub("", name.strip()))
    return SPECIALTY_ALIASES.get(key)


def canonical_specialties(text: str) -> list[str]:
    """All specialties named in ``text`` ("Physical Medicine & Rehabilitation, Pain Management").

    Pieces that are not known specialties are kept, whitespace-collapsed.
    """
    out: list[str] = []
    for piece in _SPLIT_RE.split(text):
        piece = _TRIM_RE.sub("", piece.strip())
        if not piece:
            continue
        found = canonical_specialty(piece)
        if found is not None:
            names = [found]
        else:
            names = [SPECIALTY_ALIASES[m.group(0)] for m in _ALIAS_RE.finditer(alias_key(piece))]
            if not names:
                names = [" ".join(piece.split())]
        for name in names:
            if name not in out:
                out.append(name)
    return out

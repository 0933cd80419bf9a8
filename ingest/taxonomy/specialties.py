"""Canonical reviewer specialties and their aliases.

Every name on the state's list (``dwc_reviewer_specialties.txt``) is a specialty of its own, even
where two read alike ("Psychologist" / "Psychology", "Preventive Medicine" / "Public Health &
General Preventive Medicine"); an alias is only another spelling of the same specialty.

A name that misses every listed name and alias by a typo ("Sports Medicinea", "Orthopedic Surgey")
is read as the specialty it is nearest to, when that is unambiguous (:func:`canonical_specialty`).
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
    "Cardiovascular Disease": ("Cardiology", "Cardiologist", "Cardiovascular Diseases"),
    "Child and Adolescent Psychiatry": ("Child & Adolescent Psychiatry",),
    "Chiropractic": ("Chiropractor", "Chiropractic Medicine", "Doctor of Chiropractic"),
    "Colon and Rectal Surgery": ("Colon & Rectal Surgery", "Colorectal Surgery"),
    "Critical Care Medicine": ("Critical Care",),
    "Dentist": ("Dentistry", "Dental", "General Dentistry"),
    "Dermatology": ("Dermatologist",),
    "Diagnostic Radiology": (),
    "Emergency Medicine": (),
    "Family Practice": ("Family Medicine", "Family Practice Medicine", "General Practice"),
    "Gastroenterology": ("Gastroenterologist",),
    "General Vascular Surgery": ("Vascular Surgery",),
    "Geriatric Medicine": ("Geriatrics",),
    "Hand Surgery": ("Surgery of the Hand",),
    "Hospice & Palliative Medicine": ("Hospice and Palliative Medicine", "Palliative Medicine"),
    "Infectious Disease": ("Infectious Diseases",),
    "Internal Medicine": ("Internist",),
    "Interventional Cardiology": (),
    "Medical Oncology": ("Hematology and Oncology", "Hematology/Oncology"),
    "Medical Toxicology": ("Toxicology",),
    "Nephrology": ("Nephrologist",),
    "Neurological Surgery": ("Neurosurgery", "Neurosurgeon", "Neurologic Surgery"),
    "Neurology": ("Neurologist",),
    "Neuromuscular Medicine": (),
    "Neuroradiology": (),
    "Occupational Medicine": ("Occupational and Environmental Medicine",),
    "Oncology": ("Oncologist",),
    "Ophthalmology": ("Ophthalmologist",),
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
    "Otolaryngology": ("ENT", "Otolaryngologist", "Otolaryngology - Head and Neck Surgery"),
    "Pain Management": (
        "Pain Medicine",
        "Interventional Pain Management",
        "Interventional Pain Medicine",
        "Pain Management and Rehabilitation",
    ),
    "Pediatrics": ("Pediatrician",),
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
    "Rheumatology": ("Rheumatologist",),
    "Sleep Medicine": (),
    "Sports Medicine": (),
    "Surgical Critical Care": (),
    "Thoracic Surgery": (),
    "Urology": ("Urologist",),
    "General Surgery": ("Surgery",),
}

# Specialties that letters may name and the state's list does not hold (boards, subspecialties and
# other professions). A name nearest to one of them is not a typo of a listed name: "Pediatric
# Surgery" is one edit from "Podiatric Surgery", "Interventional Radiology" two from
# "Interventional Cardiology".
OTHER_SPECIALTIES: tuple[str, ...] = (
    "Acupressure", "Audiology", "Aviation Medicine", "Bariatric Medicine", "Endocrinology",
    "Gynecology", "Hematology", "Hepatology", "Hospital Medicine", "Immunology",
    "Interventional Radiology", "Laryngology", "Neonatology", "Neuropathology", "Neurophysiology",
    "Neuropsychology", "Nuclear Medicine", "Nurse Practitioner", "Obstetrics and Gynecology",
    "Occupational Therapy", "Oral Medicine", "Oral Surgery", "Orthodontics", "Pathology",
    "Pediatric Surgery", "Pharmacology", "Physical Therapy", "Physician Assistant",
    "Radiation Oncology", "Rhinology", "Spine Surgery", "Surgical Oncology",
)  # fmt: skip

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


_OTHER = ""  # what the names of OTHER_SPECIALTIES stand for among the candidates of a typo
_CANDIDATES: tuple[tuple[str, str], ...] = (
    *SPECIALTY_ALIASES.items(),
    *((alias_key(name), _OTHER) for name in OTHER_SPECIALTIES),
)
# A typo is this many edits (letters inserted, deleted, replaced, or two swapped) at most, by the
# length of the name: none below 5 characters ("ENT", "RN"), 2 from 20 on.
_TYPO_EDITS = ((5, 1), (20, 2))
# ... and the next specialty is this many edits farther still.
_TYPO_MARGIN = 2


def _edits(a: str, b: str, limit: int) -> int:
    """The edit distance of ``a`` and ``b`` (adjacent swaps count one), or ``limit + 1`` if larger."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    before: list[int] = []
    row = list(range(len(b) + 1))
    for i, char in enumerate(a, start=1):
        current = [i]
        for j, other in enumerate(b, start=1):
            cost = min(row[j] + 1, current[j - 1] + 1, row[j - 1] + (char != other))
            if i > 1 and j > 1 and char == b[j - 2] and a[i - 2] == other:
                cost = min(cost, before[j - 2] + 1)
            current.append(cost)
        if min(current) > limit:
            return limit + 1
        before, row = row, current
    return min(row[-1], limit + 1)


def typo_edits(key: str) -> int:
    """How many edits a name of ``alias_key`` ``key`` may be from the specialty it misspells."""
    edits = 0
    for length, allowed in _TYPO_EDITS:
        if len(key) >= length:
            edits = allowed
    return edits


def _key(name: str) -> str:
    return alias_key(_TRIM_RE.sub("", name.strip()))


def _misspelled(key: str) -> str | None:
    """The listed specialty that ``key`` misspells, when that is unambiguous; else None."""
    allowed = typo_edits(key)
    if allowed == 0:
        return None
    limit = allowed + _TYPO_MARGIN
    nearest: dict[str, int] = {}
    for candidate, specialty in _CANDIDATES:
        distance = _edits(key, candidate, limit)
        if distance < nearest.get(specialty, limit + 1):
            nearest[specialty] = distance
    ranked = sorted(nearest.items(), key=lambda item: item[1])
    if not ranked or ranked[0][1] > allowed or ranked[0][0] == _OTHER:
        return None
    if len(ranked) > 1 and ranked[1][1] < ranked[0][1] + _TYPO_MARGIN:
        return None
    return ranked[0][0]


def canonical_specialty(name: str) -> str | None:
    """The canonical specialty for one name (any alias or spelling, or a typo of one), or None.

    A typo reads as the specialty it misspells when that is unambiguous: the name is at most
    :func:`typo_edits` edits from a name or alias of one listed specialty, and at least
    ``_TYPO_MARGIN`` edits farther from every other specialty, listed or not (``OTHER_SPECIALTIES``).
    """
    key = _key(name)
    found = SPECIALTY_ALIASES.get(key)
    return found if found is not None else _misspelled(key)


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

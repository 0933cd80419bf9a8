"""Body regions: the region vocabulary, its synonyms, and the regions a request names.

One table (``REGIONS``) gives each canonical region the words and phrases that name it; the
classifier reads a request's regions from it and the search analyzers take their region
synonyms from it, so ``lumbar`` finds "lumbosacral" and "low back" the same way a
``region:`` filter does.
"""

from __future__ import annotations

import re

# Canonical region -> the words and phrases that name it (lower case; the first is the plain name).
# A phrase is matched as whole words; spinal levels ("L4-5", "C5-6") name their spine region.
REGIONS: dict[str, tuple[str, ...]] = {
    "Cervical spine": ("cervical", "neck", "c-spine", "cervicothoracic"),
    "Thoracic spine": ("thoracic", "upper back", "mid back", "middle back", "t-spine", "thoracolumbar"),
    "Lumbar spine": (
        "lumbar", "lumbosacral", "low back", "lower back", "l-spine", "lumbar spine", "sacral", "sacrum",
        "lumbar sacral",
    ),
    "Spine": ("spine", "spinal", "back"),
    "Sacroiliac joint": ("sacroiliac", "si joint", "si joints"),
    "Shoulder": ("shoulder", "shoulders", "rotator cuff", "acromioclavicular"),
    "Elbow": ("elbow", "elbows", "epicondyle", "epicondylitis", "olecranon"),
    "Hand/wrist": (
        "hand", "hands", "wrist", "wrists", "finger", "fingers", "thumb", "thumbs", "carpal", "palm",
        "digit", "digits",
    ),
    "Hip": ("hip", "hips"),
    "Knee": ("knee", "knees", "patella", "patellar", "meniscus"),
    "Ankle/foot": ("ankle", "ankles", "foot", "feet", "toe", "toes", "heel", "plantar", "achilles"),
    "Upper extremity": ("upper extremity", "upper extremities", "arm", "arms", "forearm", "forearms"),
    "Lower extremity": ("lower extremity", "lower extremities", "leg", "legs", "thigh", "calf"),
    "Head": ("head", "headache", "headaches", "brain", "face", "facial"),
    "Jaw": ("jaw", "tmj", "temporomandibular"),
    "Chest": ("chest", "rib", "ribs"),
    "Abdomen/pelvis": ("abdomen", "abdominal", "pelvis", "pelvic", "groin", "hernia"),
}  # fmt: skip

# A region named twice in one request is listed once; "Spine" gives way to a named spine region.
_SPINE_REGIONS = frozenset({"Cervical spine", "Thoracic spine", "Lumbar spine"})
_LEVEL = re.compile(r"\b([CTL])\d{1,2}\s?(?:-|/|to)\s?(?:[CTLS])?\d\b|\b(L)5\s?-\s?S1\b", re.IGNORECASE)
_LEVEL_REGION = {"c": "Cervical spine", "t": "Thoracic spine", "l": "Lumbar spine"}

_BY_PHRASE: dict[str, str] = {phrase: region for region, phrases in REGIONS.items() for phrase in phrases}
_PHRASES = re.compile(
    r"\b(" + "|".join(re.escape(p) for p in sorted(_BY_PHRASE, key=len, reverse=True)) + r")\b"
)


def body_regions(text: str) -> tuple[str, ...]:
    """The canonical regions ``text`` names, in order of first mention."""
    low = text.lower()
    found: list[tuple[int, str]] = [(m.start(), _BY_PHRASE[m.group(1)]) for m in _PHRASES.finditer(low)]
    for m in _LEVEL.finditer(low):
        found.append((m.start(), _LEVEL_REGION[(m.group(1) or m.group(2)).lower()]))
    regions: list[str] = []
    for _, region in sorted(found):
        if region not in regions:
            regions.append(region)
    if "Spine" in regions and _SPINE_REGIONS.intersection(regions):
        regions.remove("Spine")
    return tuple(regions)


# The words that mean the same spine region (a narrower word such as "sacrum", or "upper back" as in
# ODG's "Neck and Upper Back" chapter, names a region without meaning it): search synonyms.
_SYNONYMS: tuple[tuple[str, ...], ...] = (
    ("cervical", "neck", "c-spine", "cervical spine"),
    ("thoracic", "t-spine", "thoracic spine", "mid back", "middle back"),
    ("lumbar", "lumbosacral", "low back", "lower back", "l-spine", "lumbar spine", "lumbar sacral"),
)


def region_synonyms() -> list[str]:
    """Search synonym lines (Solr format): the words that mean one spine region are equivalent."""
    return [", ".join(words) for words in _SYNONYMS]

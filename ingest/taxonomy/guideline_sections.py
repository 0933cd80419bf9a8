"""Guideline sections: the book and the chapter or section a guideline citation names, normalized.

``guideline_sections(citation)`` reads one citation as the parser stores it (``Guideline.citation``)
and returns the cited books' sections as facet values: ``"<family> <book>: <section>"``
("MTUS Chronic Pain: Opioids", "ODG Low Back: Epidural steroid injections (ESIs)"), the book alone
when the citation names no section ("MTUS Acupuncture", "ODG Knee & Leg"), ``"<family>: <section>"``
when it names a section but no book ("ODG: Platelet-rich plasma (PRP)"), and the family alone when
it names neither ("ODG"). Families are the parser's guideline sources: MTUS, ODG, ACOEM. A citation
of no family (UpToDate, FDA, a journal article) has no section: the source facet already shows it
as "other", and its free-text titles would make one facet value per citation.

Normalization, so that the letters' spellings meet:
- books: one canonical name per book (``MTUS_BOOKS``, ``ODG_BOOKS``), years, "Complaints",
  "Disorders", "Chapter", "Medical Treatment", "Guidelines" and ODG's "(Acute & Chronic)" dropped,
  "and" written "&"; ACOEM 2nd edition chapter numbers name their book ("Chapter 12": Low Back);
- sections: split at commas and semicolons, a piece that starts in lower case continuing the one
  before it and dropped with it ("Opioids, criteria for use": Opioids), section numbers and pages
  dropped ("3.3.6 Opioids for ...": the guideline part before its first colon), a trailing
  "(for pain)" dropped, and the spellings of ``SECTIONS`` (case, typos, abbreviations, singular or
  plural) written one way; a section the table does not know is kept as written, first letter up.
- at most ``MAX_SECTIONS`` values a citation, in the citation's order, each once.

Plain Python; results are cached per citation string.
"""

from __future__ import annotations

import re
from functools import lru_cache

MAX_SECTIONS = 4
_MAX_SECTION_CHARS = 80  # a longer "section" is a sentence, not a heading
_CACHE = 8192

MTUS, ODG, ACOEM = "MTUS", "ODG", "ACOEM"

# Canonical book -> its names (regex alternatives, matched as whole words, ignoring case). The MTUS
# books are the state's guidelines (the 2004 ACOEM chapters it adopted among them); ACOEM books
# share their names.
MTUS_BOOKS: dict[str, str] = {
    "Chronic Pain": r"chronic pain",
    "Opioids": r"opioids?",
    "Acupuncture": r"acupuncture",
    "Postsurgical": r"post-?\s?surgical",
    "General Approaches": r"general approaches",
    "Neck & Upper Back": r"neck (?:&|and) upper back|neck",
    "Cervical & Thoracic Spine": r"cervical (?:&|and) thoracic spine",
    "Shoulder": r"shoulder",
    "Elbow": r"elbow",
    "Forearm, Wrist & Hand": r"forearm,? wrist,? (?:&|and) hand|hand,? wrist,? (?:&|and) forearm",
    "Low Back": r"low back",
    "Knee": r"knee",
    "Hip & Groin": r"hip (?:&|and) groin",
    "Ankle & Foot": r"ankle (?:&|and) foot",
    "Stress Related Conditions": r"stress[- ]related conditions",
    "Eye": r"eye",
}  # fmt: skip
# The chapters of the Official Disability Guidelines (Treatment in Workers' Comp).
ODG_BOOKS: dict[str, str] = {
    "Ankle & Foot": r"ankle (?:&|and) foot|ankle",
    "Burns": r"burns",
    "Carpal Tunnel Syndrome": r"carpal tunnel syndrome",
    "Diabetes": r"diabetes",
    "Elbow": r"elbow",
    "Eye": r"eye",
    "Fitness for Duty": r"fitness for duty",
    "Forearm, Wrist & Hand": r"forearm,? wrist,? (?:&|and) hand|hand,? wrist,? (?:&|and) forearm",
    "Head": r"head",
    "Hernia": r"hernia",
    "Hip & Pelvis": r"hip (?:&|and) pelvis|hip",
    "Knee & Leg": r"knee (?:&|and) leg|knee",
    "Low Back": (
        r"low back(?:\s?[-\u2013,]?\s?(?:lumbar (?:&|and) thoracic|thoracic (?:&|and) lumbar))?"
        r"|lumbar (?:&|and) thoracic|lumbar"
    ),
    "Mental Illness & Stress": r"mental illness (?:&|and) stress|mental illness",
    "Neck & Upper Back": r"neck (?:&|and) upper back|neck",
    "Pain": r"chronic pain|pain",
    "Pulmonary": r"pulmonary",
    "Shoulder": r"shoulder",
    "Traumatic Brain Injury": r"traumatic brain injury|tbi",
}  # fmt: skip
# ACOEM Occupational Medicine Practice Guidelines, 2nd edition (2004): chapter -> (book, section).
# Chapters 1 to 7 are the MTUS's "General Approaches"; 8 to 15 its body-part books. A 3rd edition
# citation numbers its chapters otherwise: its numbers are not read.
ACOEM_CHAPTERS: dict[int, tuple[str, str | None]] = {
    1: ("General Approaches", "Prevention"),
    2: ("General Approaches", "General Approach to Initial Assessment and Documentation"),
    3: ("General Approaches", "Initial Approaches to Treatment"),
    4: ("General Approaches", "Work-Relatedness"),
    5: ("General Approaches", "Cornerstones of Disability Prevention and Management"),
    6: ("General Approaches", "Pain, Suffering, and the Restoration of Function"),
    7: ("General Approaches", "Independent Medical Examinations and Consultations"),
    8: ("Neck & Upper Back", None),
    9: ("Shoulder", None),
    10: ("Elbow", None),
    11: ("Forearm, Wrist & Hand", None),
    12: ("Low Back", None),
    13: ("Knee", None),
    14: ("Ankle & Foot", None),
    15: ("Stress Related Conditions", None),
}

# Canonical section -> other spellings of it. Spellings meet after folding (case, "&"/"and",
# hyphens, punctuation, a plural "s"): "Diagnostic criteria" needs no entry, "MRI" does. The
# canonical spelling is the guideline's own where the letters show it.
SECTIONS: dict[str, tuple[str, ...]] = {
    # MTUS (ACOEM 2004 chapters)
    "Diagnostic Criteria": ("Diagnositc Criteria",),
    "Special Studies": ("Special Studies and Diagnostic and Treatment Considerations",),
    "Surgical Considerations": (),
    "Physical Methods": (),
    "Initial Care": (),
    "Initial Assessment": (),
    "General Approach": (),
    "Medications": (),
    "Activity Alteration": (),
    "Work Activities": (),
    "Follow-up Visits": (),
    "Red Flags": (),
    "Summary": ("Summary of Recommendations",),
    "Introduction": (),
    **{section: () for _, section in ACOEM_CHAPTERS.values() if section},
    # MTUS Chronic Pain (2009/2016) and the ODG topics the letters name
    "Antiepilepsy drugs (AEDs)": ("Antiepilepsy drugs", "AEDs", "Anticonvulsants"),
    "NSAIDs (non-steroidal anti-inflammatory drugs)": ("NSAIDs", "Non-steroidal anti-inflammatory drugs"),
    "NSAIDs, GI symptoms & cardiovascular risk": (),
    "Proton pump inhibitors (PPIs)": ("Proton pump inhibitors", "PPIs"),
    "Epidural steroid injections (ESIs)": ("Epidural steroid injections", "ESIs"),
    "Electrodiagnostic testing (EMG/NCS)": ("Electrodiagnostic testing", "EMG/NCS", "EMG/NCV"),
    "Electrodiagnostic studies (EDS)": ("Electrodiagnostic studies", "EDS"),
    "Nerve conduction studies (NCS)": ("Nerve conduction studies", "NCS", "NCV"),
    "MRIs (magnetic resonance imaging)": ("MRI", "Magnetic resonance imaging"),
    "Radiography (x-rays)": ("Radiography", "Radiographs", "X-ray", "X-rays", "Plain films"),
    "CT (computed tomography)": ("CT", "Computed tomography", "CT scan"),
    "TENS": (
        "TENS (transcutaneous electrical nerve stimulation)", "Transcutaneous electrical nerve stimulation",
        "TENS unit",
    ),
    "Physical medicine": ("Physical medicine treatment",),
    "Physical therapy": ("Physical therapy (PT)", "PT"),
    "Manual therapy & manipulation": ("Manipulation",),
    "Work conditioning, work hardening": ("Work conditioning", "Work hardening"),
    "Functional restoration programs (FRPs)": (
        "Functional restoration programs", "FRP", "Chronic pain programs (functional restoration programs)",
    ),
    "Durable medical equipment (DME)": ("DME", "Durable medical equipment"),
    "Home health services": ("Home health", "Home health care"),
    "Office visits": ("Office visit",),
    "Lidoderm (lidocaine patch)": ("Lidoderm", "Lidocaine patch"),
    "Voltaren Gel (diclofenac)": ("Voltaren Gel",),
    "Platelet-rich plasma (PRP)": ("PRP", "Platelet-rich plasma"),
    "Opioids for chronic pain": (
        "Opioids for chronic pain and chronic opioid treatment", "Chronic opioid treatment",
    ),
}  # fmt: skip

_FAMILY = re.compile(
    r"(?P<ACOEM>\bACOEM\b|\bAmerican College of Occupational (?:&|and) Environmental Medicine\b)"
    r"|(?P<MTUS>\bMTUS\b|\bMedical Treatment Utilization Schedule\b)"
    r"|(?P<ODG>\bODG(?:-TWC)?\b|\bOfficial Disability Guidelines?\b)",
    re.IGNORECASE,
)
_PRECEDENCE = (ACOEM, MTUS, ODG)  # the parser's: a citation naming ACOEM and MTUS is ACOEM's
# What may stand between two family names that name one source ("MTUS/ACOEM", "(ODG) ODG-TWC").
_BETWEEN_FAMILIES = re.compile(r"[\s,:;/()\-]*(?:citation[\s:]*)?", re.IGNORECASE)
_TAIL = re.compile(
    r"\b(?:and\s+)?other\s+medical\s+treatment\s+guidelines?\b.*$|\baccessed\b.*$|https?://\S+|www\.\S+",
    re.IGNORECASE,
)
_NOISE = re.compile(
    r"\bNon-?\s?MTUS\b|\bCitation\b|\bTreatment\s+in\s+Workers'?\s*Comp(?:ensation)?\b|\bTWC\b"
    r"|\bIntegrated\s+Treatment/Disability\s+Duration\b|\bPreface\b"
    r"|\b(?:Occupational\s+Medicine\s+)?Practice\s+Guidelines?\b"
    r"|\b\d(?:st|nd|rd|th)\s+Ed(?:ition|\.)?(?!\w)|\(\s*(?:[A-Za-z]+\.?\s+)?(?:19|20)\d\d\s*\)"
    r"|\(\s*(?:online\s+version|updated[^)]*|(?:acute|chronic|lumbar|thoracic|and|&|,|\s)+)\)"
    r"|\bupdated\s+\d{1,2}/\d{1,2}/\d{2,4}|\b\d{1,2}/\d{1,2}/\d{2,4}\b|\b9792\.\d+(?:\.\d+)*\b|\u00a7"
    r"|[\u00ae\u2122]|\((?:ODG|MTUS|ACOEM)\)|\bChapter\s*:",
    re.IGNORECASE,
)
# What may stand between a family's name and its first book ("MTUS 2009: 9792.24.2. Chronic Pain ...").
_LEADING = re.compile(r"^(?:[\W\d_]+|(?:Treatment|Guidelines?)\b)*", re.IGNORECASE)
_THIRD_EDITION = re.compile(r"\b3rd\s+ed", re.IGNORECASE)
_CHAPTER_NUMBER = re.compile(r"\bChapters?\s*(\d{1,2})\b", re.IGNORECASE)
# What may follow a book's name and marks it as one ("Low Back Complaints 2004", "Pain Chapter").
_BOOK_WORDS = (
    r"(?:\s*(?:complaints|disorders|medical\s+treatment|treatment|guidelines?|chapter|section"
    r"|procedure\s+summary|(?:19|20)\d\d)\b)*"
)
# Where a book may start: the text's start, or after a separator.
_BOOK_START = re.compile(r"(?:^|[;/]|,|\band\b)\s*$", re.IGNORECASE)
_FOLLOWS = re.compile(r"\s*(?:$|[^\w\s])")
_SECTION_WORDS = re.compile(
    r"\bSection\s*(?:\(s\))?\s*:?|\bChapter\b:?|\bGuidelines?\b|\bTopic\b|\bProcedure\s+Summary\b"
    r"|\bPages?\s*(?:\(s\))?\s*:?",
    re.IGNORECASE,
)
_NUMBERED = re.compile(r"^\s*\d+(?:\.\d+)*\.?\s+(?=[A-Za-z])")
_NUMBERED_SPLIT = re.compile(r",\s*(?=\d+(?:\.\d+)*\.?\s+[A-Za-z])")
_FOR_PAIN = re.compile(r"\s*(?:\(for pain\)|\bfor pain)$", re.IGNORECASE)
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_EDGES = " \t,;:/.-\u2013"
_TRAILING_AND = re.compile(r"[\s,]*\band$", re.IGNORECASE)


def _books(table: dict[str, str]) -> re.Pattern[str]:
    alternatives = "|".join(
        f"(?P<b{i}>{pattern})" for i, pattern in enumerate(table.values())
    )  # one group a book
    return re.compile(rf"\b(?:{alternatives})\b(?P<words>{_BOOK_WORDS})", re.IGNORECASE)


_MTUS_PATTERN = (_books(MTUS_BOOKS), tuple(MTUS_BOOKS))
_BOOK_PATTERNS: dict[str, tuple[re.Pattern[str], tuple[str, ...]]] = {
    MTUS: _MTUS_PATTERN,
    ACOEM: _MTUS_PATTERN,
    ODG: (_books(ODG_BOOKS), tuple(ODG_BOOKS)),
}


def _fold(text: str) -> str:
    """The key spellings of one section meet under: lower case, "&" as "and", no hyphens or
    punctuation, no plural "s" on a word of four letters or more."""
    text = text.lower().replace("&", " and ").replace("-", "").replace("\u2013", "")
    words = re.sub(r"[^a-z0-9]+", " ", text).split()
    return " ".join(w[:-1] if len(w) >= 4 and w.endswith("s") else w for w in words)


_CANONICAL: dict[str, str] = {
    _fold(spelling): canonical
    for canonical, spellings in SECTIONS.items()
    for spelling in (canonical, *spellings)
}


def _section(text: str) -> str | None:
    text = _FOR_PAIN.sub("", _YEAR.sub("", text)).strip(_EDGES)
    text = " ".join(text.split())
    if not text or len(text) > _MAX_SECTION_CHARS or not re.search(r"[A-Za-z]", text):
        return None
    if text.count("(") != text.count(")"):
        text = text.replace("(", "").replace(")", "").strip()
    return _CANONICAL.get(_fold(text)) or _sentence_case(text)


def _sentence_case(text: str) -> str:
    """A section as "Topical analgesics" (written "Topical Analgesics"): the first letter up, a
    capitalized word after it down, but in parentheses ("Gabapentin (Neurontin)") and acronyms."""
    words = text.split(" ")
    depth = 0
    for i, word in enumerate(words):
        if i and depth == 0 and word[:1].isupper() and word[1:].islower() and word[1:].isalpha():
            words[i] = word.lower()
        depth = max(0, depth + word.count("(") - word.count(")"))
    first = words[0]
    words[0] = first[:1].upper() + first[1:]
    return " ".join(words)


def _pieces(text: str) -> list[str]:
    """Split at commas and semicolons outside parentheses."""
    pieces, depth, start = [], 0, 0
    for i, char in enumerate(text):
        if char == "(":
            depth += 1
        elif char == ")":
            depth = max(0, depth - 1)
        elif char in ",;" and depth == 0:
            pieces.append(text[start:i])
            start = i + 1
    pieces.append(text[start:])
    return [p.strip() for p in pieces if p.strip()]


def _sections(text: str) -> list[str]:
    """The sections one book's part of a citation names."""
    text = _TRAILING_AND.sub("", _SECTION_WORDS.sub(" ", text).strip(_EDGES)).strip(_EDGES)
    if text.startswith("(") and text.endswith(")") and text.count("(") == 1:
        text = text[1:-1]
    if _NUMBERED.match(text):  # "3.3.6 Opioids for ...: Use of ..., 4.1 Tapering Opioids: ..."
        heads = [_NUMBERED.sub("", piece).split(":")[0] for piece in _NUMBERED_SPLIT.split(text)]
    else:
        heads = []
        pieces = _pieces(text)
        i = 0
        while i < len(pieces):
            # a name of SECTIONS that holds a comma ("NSAIDs, GI symptoms & cardiovascular risk")
            joined = next(
                (
                    n
                    for n in (3, 2)
                    if i + n <= len(pieces) and _fold(", ".join(pieces[i : i + n])) in _CANONICAL
                ),
                1,
            )
            piece = ", ".join(pieces[i : i + joined])
            i += joined
            if piece[0].islower() and heads:
                continue  # "Opioids, criteria for use": the continuation of the piece before
            heads.append(piece if joined > 1 else piece.split(":")[0])
    found: list[str] = []
    for head in heads:
        section = _section(head)
        if section and section not in found:
            found.append(section)
    return found


def _family_spans(citation: str) -> list[tuple[str, str]]:
    """(family, the text that family's books and sections are read from), in order."""
    marks: list[tuple[int, int, str]] = []
    for match in _FAMILY.finditer(citation):
        family = match.lastgroup or ODG
        if marks and _BETWEEN_FAMILIES.fullmatch(citation[marks[-1][1] : match.start()]):
            start, _, before = marks.pop()
            family = min(family, before, key=_PRECEDENCE.index)
            marks.append((start, match.end(), family))
        else:
            marks.append((match.start(), match.end(), family))
    spans = [
        (family, citation[end : marks[i + 1][0] if i + 1 < len(marks) else len(citation)].lstrip(")"))
        for i, (_, end, family) in enumerate(marks)
    ]
    head = citation[: marks[0][0]] if marks else citation
    # 2013 letters: "the Chronic Pain Medical Treatment Guidelines, which is part of the MTUS".
    first = _MTUS_PATTERN[0].match(re.sub(r"^the\s+", "", _NOISE.sub(" ", head).strip(), flags=re.IGNORECASE))
    if first and first.group("words").strip():
        spans.insert(0, (MTUS, head))
    return spans


def _book_matches(family: str, text: str) -> list[tuple[int, int, str]]:
    """(start, end, canonical book) of the books ``text`` names."""
    pattern, names = _BOOK_PATTERNS[family]
    found: list[tuple[int, int, str]] = []
    anywhere: list[tuple[int, int, str]] = []
    lead = len(text) - len(text.lstrip(_EDGES))
    for match in pattern.finditer(text):
        book = next(names[i] for i in range(len(names)) if match.group(f"b{i}") is not None)
        item = (match.start(), match.end(), book)
        marked = bool(match.group("words").strip())
        follows = bool(_FOLLOWS.match(text, match.end()))
        if match.start() <= lead or (
            _BOOK_START.search(text, 0, match.start()) and (marked or (family == ODG and follows))
        ):
            found.append(item)
        elif follows and family == ODG:
            anywhere.append(item)  # "ODG MRI Elbow"
    return found or anywhere[:1]


def _read(family: str, text: str) -> list[str]:
    """The facet values of one family's part of a citation."""
    parts: list[tuple[str | None, str]] = []  # (book, its section text)
    if family != ODG and not _THIRD_EDITION.search(text):  # the MTUS's chapters are ACOEM's
        for match in _CHAPTER_NUMBER.finditer(text):
            book, section = ACOEM_CHAPTERS.get(int(match.group(1)), (None, None))
            if book:
                parts.append((book, section or ""))
        text = _CHAPTER_NUMBER.sub(",", text)
    text = _LEADING.sub("", _NOISE.sub(" ", text))
    books = _book_matches(family, text)
    if not books and parts:  # "Chapter 7, Independent Medical Examinations and Consultations"
        parts[-1] = (parts[-1][0], f"{parts[-1][1]}, {text}")
    elif not books:
        parts.append((None, text))
    else:
        lead = text[: books[0][0]].strip(_EDGES)
        for i, (_, end, book) in enumerate(books):
            stop = books[i + 1][0] if i + 1 < len(books) else len(text)
            parts.append((book, (lead + ", " if i == 0 and lead else "") + text[end:stop]))
    values: list[str] = []
    for book, section_text in parts:
        name = f"{family} {book}" if book else family
        sections = [s for s in _sections(section_text) if not book or _fold(s) != _fold(book)]
        for value in [f"{name}: {s}" for s in sections] or [name]:
            if value not in values:
                values.append(value)
    return values


@lru_cache(maxsize=_CACHE)
def _guideline_sections(citation: str) -> tuple[str, ...]:
    citation = _TAIL.sub("", " ".join(citation.split()))
    values: list[str] = []
    for family, text in _family_spans(citation):
        for value in _read(family, text):
            if value not in values:
                values.append(value)
    # A family or a book named bare and again with more ("MTUS", "MTUS Low Back: Summary"): the more.
    values = [v for v in values if not any(w.startswith((v + " ", v + ": ")) for w in values)]
    return tuple(values[:MAX_SECTIONS])


def guideline_sections(citation: str) -> list[str]:
    """The normalized sections one guideline citation names (see the module's docstring)."""
    return list(_guideline_sections(citation))


def clear_cache() -> None:
    """Forget the citations already read."""
    _guideline_sections.cache_clear()

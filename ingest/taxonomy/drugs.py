"""Drug dictionary: brand, generic, kit and over-the-counter names -> generic and drug class.

The names live in data files beside this module, read once at import:

- ``data/drugs.tsv``: one name a line with its generic (the principal active ingredient: Norco is
  hydrocodone), its canonical drug class, its kind (generic, brand, otc, kit), its route and the
  source of the line. Its header says what each column holds.
- ``data/drug_misspellings.tsv``: spellings seen in requests -> the name they stand for.

Look-ups are by lower-cased name; ``fuzzy_drug`` also tolerates a misspelled word (a cached
close match).
"""

from __future__ import annotations

import csv
import difflib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
DRUGS_FILE = DATA / "drugs.tsv"
MISSPELLINGS_FILE = DATA / "drug_misspellings.tsv"

KINDS = ("generic", "brand", "otc", "kit")
TOPICAL = "topical"
ORAL = "oral"
INJECTION = "injection"


@dataclass(frozen=True, slots=True)
class Drug:
    name: str  # display name, as usually spelled ("Norco", "Hydrocodone")
    generic: str  # the principal active ingredient, lower case ("hydrocodone")
    drug_class: str  # a canonical drug class (ingest.taxonomy.categories)
    is_brand: bool  # a brand, an over-the-counter product or a kit (not a generic name)
    kind: str = "generic"  # one of KINDS
    route: str = ""  # "oral", "topical", "transdermal", "injection", ...; "" when any


def _rows(path: Path) -> list[list[str]]:
    with path.open(newline="", encoding="utf-8") as fh:
        lines = [line for line in fh if line.strip() and not line.startswith("#")]
    return [row for row in csv.reader(lines, delimiter="\t")][1:]  # the first line names the columns


def _display(name: str) -> str:
    return name[:1].upper() + name[1:]


def _load() -> dict[str, Drug]:
    table: dict[str, Drug] = {}
    for name, generic, drug_class, kind, route, _ingredients, _source in _rows(DRUGS_FILE):
        if kind not in KINDS:
            raise ValueError(f"{DRUGS_FILE.name}: {name!r} has an unknown kind {kind!r}")
        key = name.lower()
        if key in table:
            raise ValueError(f"{DRUGS_FILE.name}: {name!r} is listed twice")
        table[key] = Drug(_display(name), generic, drug_class, kind != "generic", kind, route)
    for wrong, right in _rows(MISSPELLINGS_FILE):
        table.setdefault(wrong.lower(), table[right.lower()])
    return table


DRUGS: dict[str, Drug] = _load()
MAX_WORDS: int = max(len(key.split()) for key in DRUGS)

# Generics that have a manufactured (not compounded) topical form: a topical class's generic line, or
# the generic of a brand or over-the-counter topical product (lidocaine: Lidoderm; diclofenac: Voltaren Gel).
MANUFACTURED_TOPICALS: frozenset[str] = frozenset(
    d.generic
    for d in DRUGS.values()
    if d.route == TOPICAL and d.kind != "kit" and d.drug_class == "Topical Analgesics"
)

_FUZZY_KEYS: dict[str, list[str]] = {}
for _key in DRUGS:
    if " " not in _key and len(_key) >= 5:
        _FUZZY_KEYS.setdefault(_key[0], []).append(_key)


def lookup_drug(name: str) -> Drug | None:
    """Exact (case-insensitive) lookup of a drug name, misspellings included."""
    return DRUGS.get(name.strip().lower())


@lru_cache(maxsize=65536)
def fuzzy_drug(word: str) -> Drug | None:
    """Spelling-tolerant lookup of one word (>= 6 letters, same first letter)."""
    word = word.lower()
    hit = DRUGS.get(word)
    if hit is not None or len(word) < 6:
        return hit
    candidates = _FUZZY_KEYS.get(word[0], [])
    match = difflib.get_close_matches(word, candidates, n=1, cutoff=0.86)
    return DRUGS[match[0]] if match else None

"""The search vocabulary: the words of the letters that name the same thing, from the taxonomy's data.

The search analyzer (``search.indexes``) expands a word of a query into its equivalents with the
synonym rules of ``search_synonyms()`` (Solr format), drawn from three sources:

- **drugs**: a generic and its brands (``DRUGS`` grouped on ``Drug.generic``, the dictionary's
  misspellings included): ``hydrocodone`` finds "Norco" and back. A generic that is an ingredient of
  a combination also finds the combination's brands, one way: ``oxycodone`` finds "Percocet"
  (oxycodone with acetaminophen), but ``Percocet`` does not find every oxycodone;
- **the letters' abbreviations** and other words naming the same thing (``data/synonyms.tsv``):
  ``UDS`` finds "urine drug screen", ``chiropractic`` finds "chiropractor", and back;
- **body regions** (``regions.region_synonyms``): ``lumbar`` finds "lumbosacral" and "low back".

A form (a name as its words) belongs to one group of equivalents only, or two groups would be
merged through it. Where two sources name the same form, the abbreviations come first, then the
regions, then the drugs; a form that two drugs of different generics share, or that is an ordinary
English word of the letters (``data/ordinary_words.txt``), is left out of the drug groups.
``vocabulary().dropped`` says what was left out and why.

Plain Python, no Django: the search side reads it, the taxonomy's tests check it.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from .drugs import DRUGS
from .regions import REGIONS, body_regions, region_synonyms

DATA = Path(__file__).with_name("data")
SYNONYMS_FILE = DATA / "synonyms.tsv"
ORDINARY_WORDS_FILE = DATA / "ordinary_words.txt"

Form = tuple[str, ...]  # a name as its lower-case words, as the search's tokenizer reads them
Dropped = tuple[str, Form, str]  # a form left out of the vocabulary: (source, form, why)
ABBREVIATION, REGION, DRUG = "abbreviation", "region", "drug"
_PRIORITY = (ABBREVIATION, REGION, DRUG)  # who keeps a form two sources name
_WORD = re.compile(r"[^\W_]+")
_POSSESSIVE = re.compile(r"['\u2019]s\b")
# The spine regions a search for the spine as a whole finds (a request naming one is not "Spine").
SPINE = "Spine"
_SPINE_PARTS = tuple(name for name in REGIONS if name.endswith(" spine"))


@dataclass(frozen=True, slots=True)
class Group:
    """Equivalent forms: a search for any of them finds every one."""

    source: str
    name: str  # the drug's generic, the abbreviation, the region's first word
    forms: tuple[Form, ...]
    abbreviations: int = 0  # how many of the forms, first, are abbreviations


@dataclass(frozen=True, slots=True)
class Narrower:
    """A search for any of ``broader`` also finds ``narrower``; not back."""

    source: str
    broader: tuple[Form, ...]
    narrower: tuple[Form, ...]


@dataclass(frozen=True, slots=True)
class Vocabulary:
    groups: tuple[Group, ...]
    narrower: tuple[Narrower, ...]
    dropped: tuple[Dropped, ...]
    abbreviations: frozenset[str]  # the one-word abbreviations ("tens", "uds")

    def rules(self) -> list[str]:
        """The synonym rules in Solr format: one line a group, one ``=>`` line a narrower rule."""
        lines = [", ".join(_text(f) for f in g.forms) for g in self.groups]
        lines += [
            f"{', '.join(_text(f) for f in n.broader)} => "
            f"{', '.join(_text(f) for f in (*n.broader, *n.narrower))}"
            for n in self.narrower
        ]
        return lines

    def multi_word_forms(self) -> frozenset[Form]:
        """Every form of more than one word that a rule matches in a query."""
        forms = [f for g in self.groups for f in g.forms]
        forms += [f for n in self.narrower for f in n.broader]
        return frozenset(f for f in forms if len(f) > 1)


def form(text: str) -> Form:
    """``text`` as the search reads it, word by word: lower case, accents and possessives gone."""
    folded = unicodedata.normalize("NFKD", _POSSESSIVE.sub("", text.lower()))
    return tuple(_WORD.findall("".join(ch for ch in folded if not unicodedata.combining(ch))))


def search_synonyms() -> list[str]:
    """The search analyzer's synonym rules (Solr format), from the taxonomy's data."""
    return vocabulary().rules()


def equivalents(text: str) -> tuple[Form, ...]:
    """The forms a search for ``text`` finds (before stemming): itself, the forms of its group,
    and the narrower forms it finds one way. For tests that read what a search should find."""
    wanted = form(text)
    found = [wanted]
    for group in vocabulary().groups:
        if wanted in group.forms:
            found += group.forms
    for rule in vocabulary().narrower:
        if wanted in rule.broader:
            found += rule.narrower
    return _unique(found)


def unstemmed_words() -> list[str]:
    """Abbreviations the English stemmer would fold into another word ("TENS" into "ten",
    "PENS" into "pen"): the analyzers mark them as keywords, so they keep their own meaning."""
    return sorted(w for w in vocabulary().abbreviations if w.endswith("s"))


def region_names(text: str) -> tuple[str, ...]:
    """The canonical body regions a ``region:`` search for ``text`` finds: those its words name
    (``lumbar``, "low back", ``L4-5``: "Lumbar spine"; ``wrist``: "Hand/wrist"), and each spine
    region for the spine as a whole (``spine``, ``back``)."""
    names = list(body_regions(text))
    if SPINE in names:
        names += [part for part in _SPINE_PARTS if part not in names]
    return tuple(names)


@cache
def vocabulary() -> Vocabulary:
    """The groups and narrower rules of the three sources, each form in one group only."""
    abbreviations, narrower = _abbreviations(SYNONYMS_FILE.read_text(encoding="utf-8"))
    ordinary = _ordinary_words(ORDINARY_WORDS_FILE.read_text(encoding="utf-8"))
    drugs, dropped = _drug_groups(ordinary)
    groups, owner, collisions = _resolve([*abbreviations, *_region_groups(), *drugs])
    rules = []
    for rule in [*narrower, *_combinations(groups, ordinary)]:
        # a broader form another source owns would find the narrower forms for that source's words
        broader = tuple(f for f in rule.broader if f not in owner or owner[f].source == rule.source)
        if broader and rule.narrower:
            rules.append(Narrower(rule.source, broader, rule.narrower))
    short = frozenset(f[0] for g in abbreviations for f in g.forms[: g.abbreviations] if len(f) == 1)
    return Vocabulary(tuple(groups), tuple(rules), tuple(dropped + collisions), short)


def _abbreviations(text: str) -> tuple[list[Group], list[Narrower]]:
    groups: list[Group] = []
    narrower: list[Narrower] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        columns = [*line.split("\t"), "", ""][:3]
        short, long, narrow = ([form(f) for f in c.split(",") if form(f)] for c in columns)
        forms = _unique([*short, *long])
        if len(forms) < 2:
            raise ValueError(f"{SYNONYMS_FILE.name}:{number}: a line needs two forms: {line!r}")
        groups.append(Group(ABBREVIATION, " ".join(forms[0]), forms, len(_unique(short))))
        if narrow:
            narrower.append(Narrower(ABBREVIATION, forms, _unique(narrow)))
    return groups, narrower


def _ordinary_words(text: str) -> frozenset[str]:
    return frozenset(w for line in text.splitlines() if (w := line.strip().lower()) and not w.startswith("#"))


def _region_groups() -> list[Group]:
    groups = []
    for line in region_synonyms():
        forms = _unique(form(f) for f in line.split(","))
        groups.append(Group(REGION, " ".join(forms[0]), forms))
    return groups


def _drug_groups(ordinary: frozenset[str]) -> tuple[list[Group], list[Dropped]]:
    """One group a generic: its name, its brands and their misspellings. A form two generics
    share is left out of both; so is an ordinary English word."""
    generics: dict[Form, set[str]] = defaultdict(set)
    by_generic: dict[str, list[Form]] = defaultdict(list)
    dropped: list[Dropped] = []
    for key, drug in DRUGS.items():
        for name in (key, drug.generic):
            f = form(name)
            if not f or all(w.isdigit() for w in f):
                continue
            if len(f) == 1 and f[0] in ordinary:
                dropped.append((DRUG, f, f"an ordinary English word (a name of {drug.generic})"))
                continue
            generics[f].add(drug.generic.lower())
            by_generic[drug.generic.lower()].append(f)
    groups = []
    for generic, names in sorted(by_generic.items()):
        forms = []
        for f in _unique(names):
            if len(generics[f]) > 1:
                dropped.append((DRUG, f, f"names more than one generic: {', '.join(sorted(generics[f]))}"))
            else:
                forms.append(f)
        if len(forms) > 1:
            groups.append(Group(DRUG, generic, tuple(forms)))
    return groups, list(dict.fromkeys(dropped))


def _resolve(groups: list[Group]) -> tuple[list[Group], dict[Form, Group], list[Dropped]]:
    """Each form kept in the group of the source that comes first (``_PRIORITY``); the groups
    left with two forms or more, the group each form is kept in, and the forms left out."""
    owner: dict[Form, Group] = {}
    for group in sorted(groups, key=lambda g: _PRIORITY.index(g.source)):
        for f in group.forms:
            owner.setdefault(f, group)
    kept: list[Group] = []
    dropped: list[Dropped] = []
    for group in groups:
        forms = [f for f in group.forms if owner[f] is group]
        dropped += [
            (group.source, f, f"a form of {owner[f].source} {owner[f].name!r}")
            for f in group.forms
            if owner[f] is not group
        ]
        if len(forms) > 1:
            kept.append(Group(group.source, group.name, tuple(forms), group.abbreviations))
    owners = {f: g for g in kept for f in g.forms}
    return kept, owners, dropped


def _combinations(groups: list[Group], ordinary: frozenset[str]) -> list[Narrower]:
    """An ingredient of a combination (``oxycodone`` of ``oxycodone/acetaminophen``) also finds the
    combination's brands ("Percocet"), but for a brand that names the ingredient itself."""
    by_name = {g.name: g for g in groups if g.source == DRUG}
    brands: dict[Form, list[Form]] = defaultdict(list)
    for drug in DRUGS.values():
        parts = [form(p) for p in drug.generic.split("/")]
        combination = by_name.get(drug.generic.lower())
        brand = form(drug.name)
        if len(parts) < 2 or not drug.is_brand or combination is None or brand not in combination.forms:
            continue
        for part in parts:
            if part and not (len(part) == 1 and part[0] in ordinary) and not _contains(brand, part):
                brands[part].append(brand)
    return [Narrower(DRUG, (part,), _unique(found)) for part, found in sorted(brands.items())]


def _contains(words: Form, part: Form) -> bool:
    n = len(part)
    return any(words[i : i + n] == part for i in range(len(words) - n + 1))


def _unique(forms: Iterable[Form]) -> tuple[Form, ...]:
    return tuple(dict.fromkeys(f for f in forms if f))


def _text(f: Form) -> str:
    return " ".join(f)


__all__ = [
    "Form",
    "Group",
    "Narrower",
    "Vocabulary",
    "equivalents",
    "form",
    "region_names",
    "search_synonyms",
    "unstemmed_words",
    "vocabulary",
]

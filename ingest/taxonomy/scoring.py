"""Score classifications against hand labels (``categories.jsonl`` beside the real letters).

A label is one row of the state's taxonomy file, compared through ``canonical_row``: the state's
duplicate rows (Benzodiazepine / Benzodiazepines, H2 Blocker / Histamine 2, the two Topical
Compounds rows) count as one label. Scores are given on all items and on the labeler's ``sure``
items apart, as the labeling rules ask.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from .categories import canonical_row
from .rows import Row

Key = tuple[str, int]  # (pdf, the item's 0-based position in its letter)
Got = tuple[str | None, str | None, str | None]  # a classification's (category, subcategory, drug class)


@dataclass(frozen=True, slots=True)
class Miss:
    key: Key
    request: str
    confidence: str
    want: Row
    got: Got | None


@dataclass(slots=True)
class Score:
    items: int = 0
    category: int = 0  # right category
    leaf: int = 0  # right category and leaf (subcategory; drug class for medicines)
    classified: int = 0  # any category
    misses: list[Miss] = field(default_factory=list)

    def share(self, count: int) -> float:
        return count / self.items if self.items else 0.0

    def line(self, name: str) -> str:
        return (
            f"{name}: {self.items} items, category {self.share(self.category):.3f}, "
            f"leaf {self.share(self.leaf):.3f}, classified {self.share(self.classified):.3f}"
        )


def label_row(label: Mapping[str, Any]) -> Row:
    """A label's canonical row."""
    cat, sub, cls = canonical_row(label["category"], label["subcategory"] or "", label["drug_class"] or "")
    if cat is None:
        raise ValueError(f"label of {label['pdf']} item {label['i']} names no category of the taxonomy")
    return cat, sub, cls


def score(labels: Iterable[Mapping[str, Any]], predicted: Mapping[Key, Got]) -> dict[str, Score]:
    """Scores on "all" items and on the "sure" ones; an item the parser did not find counts as
    unclassified."""
    scores = {"all": Score(), "sure": Score()}
    for label in labels:
        key = (str(label["pdf"]), int(label["i"]))
        want = label_row(label)
        got = predicted.get(key)
        groups = [scores["all"]] + ([scores["sure"]] if label["confidence"] == "sure" else [])
        for group in groups:
            group.items += 1
            if got is not None and got[0] is not None:
                group.classified += 1
            if got is not None and got[0] == want[0]:
                group.category += 1
                if got[1] == want[1]:
                    group.leaf += 1
                    continue
            group.misses.append(Miss(key, str(label["request"]), str(label["confidence"]), want, got))
    return scores

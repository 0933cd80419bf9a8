"""The classifier against the hand labels of the real letters (../shared/letters/real/categories.jsonl).

Parses every real PDF and scores each disputed treatment's category and leaf (drug class for
medicines) with ``ingest.taxonomy.scoring``; fails when a score falls below what issue #14
delivered. ``bench/score_classifier.py`` prints the same scores and the misses.
"""

from __future__ import annotations

import json
from functools import cache

import pytest

from ingest.parsing import parse_file
from ingest.taxonomy.scoring import Got, Key, Score, score
from tests.conftest import shared_path

REAL = ("letters", "real")
# (category, leaf, classified) delivered by issue #14, on all items and on the labeler's sure items
FLOORS = {"all": (1.0, 1.0, 1.0), "sure": (1.0, 1.0, 1.0)}


@cache
def _scores() -> dict[str, Score]:
    folder = shared_path(*REAL)
    lines = shared_path(*REAL, "categories.jsonl").read_text().splitlines()
    labels = [json.loads(line) for line in lines if line]
    predicted: dict[Key, Got] = {}
    for pdf in sorted({label["pdf"] for label in labels}):
        for i, t in enumerate(parse_file(folder / pdf).treatments):
            predicted[(pdf, i)] = (t.category, t.subcategory, t.drug_class)
    return score(labels, predicted)


@pytest.mark.parametrize("group", sorted(FLOORS))
def test_scores_hold(group: str) -> None:
    result = _scores()[group]
    category, leaf, classified = FLOORS[group]
    misses = "\n".join(f"{m.key}: {m.request[:60]!r} want {m.want} got {m.got}" for m in result.misses)
    assert result.share(result.category) >= category, misses
    assert result.share(result.leaf) >= leaf, misses
    assert result.share(result.classified) >= classified, misses


def test_every_label_is_scored() -> None:
    assert _scores()["all"].items == 75

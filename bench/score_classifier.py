"""Score the treatment classifier against the hand labels of the real letters.

Run with ``.venv/bin/python bench/score_classifier.py [--folder DIR]``: parses every PDF of
``../shared/letters/real`` (never copied into the repository), compares each disputed treatment's
category and leaf with ``categories.jsonl`` (``ingest.taxonomy.scoring``) and prints category
accuracy, leaf accuracy and the share classified, on all items and on the ``sure`` items, then
the misses. tests/taxonomy/test_real_categories.py holds the scores this must keep.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REAL_LETTERS = ROOT / ".." / "shared" / "letters" / "real"
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from ingest.parsing import parse_file  # noqa: E402
from ingest.taxonomy.scoring import Got, Key, score  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--folder", type=Path, default=REAL_LETTERS, help="the letters and categories.jsonl")
    args = parser.parse_args()
    lines = (args.folder / "categories.jsonl").read_text().splitlines()
    labels = [json.loads(line) for line in lines if line]
    predicted: dict[Key, Got] = {}
    bases: Counter[str] = Counter()
    for pdf in sorted({label["pdf"] for label in labels}):
        for i, t in enumerate(parse_file(args.folder / pdf).treatments):
            predicted[(pdf, i)] = (t.category, t.subcategory, t.drug_class)
            bases[t.basis or "unclassified"] += 1
    scores = score(labels, predicted)
    for name, result in scores.items():
        print(result.line(name))
    print("decided by: " + ", ".join(f"{basis} {count}" for basis, count in bases.most_common()))
    for miss in scores["all"].misses:
        where = f"{miss.key[0]} #{miss.key[1]} ({miss.confidence})"
        print(f"MISS {where} {miss.request[:70]!r}: want {miss.want}, got {miss.got}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Run every benchmark in one go (`make bench`); each prints a markdown table for docs/benchmarks.md.

Sizes come from the environment: BENCH_LETTERS (ingest and search corpus, default 100000),
BENCH_PARSE_LETTERS (parser corpus, default 2000).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LETTERS = os.environ.get("BENCH_LETTERS", "100000")
PARSE_LETTERS = os.environ.get("BENCH_PARSE_LETTERS", "2000")

BENCHES = [
    ("bench_parser.py", ["--letters", PARSE_LETTERS]),
    ("bench_ingest.py", ["--letters", LETTERS]),
    ("bench_search.py", ["--letters", LETTERS]),
    # the Outcomes page and the sidebar's rates, on the corpus and index bench_search.py just built
    ("bench_outcomes.py", ["--letters", LETTERS, "--reuse", "--reuse-index"]),
]


def main() -> int:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "portal.settings", "PYTHONPATH": str(ROOT)}
    failed = 0
    for script, args in BENCHES:
        path = ROOT / "bench" / script
        if not path.exists():
            print(f"== {script}: missing, skipped")
            continue
        print(f"== {script} {' '.join(args)}", flush=True)
        failed += subprocess.call([sys.executable, str(path), *args], cwd=ROOT, env=env) != 0
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())

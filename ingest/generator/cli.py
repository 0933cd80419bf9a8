"""Command line: ``python -m ingest.generator --count N --out DIR --seed S [--layouts text,html]``."""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from .corpus import LAYOUTS, write_corpus


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--count", type=int, required=True, help="number of letters")
    parser.add_argument("--out", type=Path, required=True, help="output directory")
    parser.add_argument("--seed", type=int, default=0, help="random seed (same seed, same bytes)")
    parser.add_argument(
        "--layouts",
        default=",".join(LAYOUTS),
        help=f"comma-separated subset of {','.join(LAYOUTS)}",
    )


def parse_layouts(value: str) -> list[str]:
    kinds = [k.strip() for k in value.split(",") if k.strip()]
    bad = [k for k in kinds if k not in LAYOUTS]
    if bad or not kinds:
        raise ValueError(f"unknown layouts {bad}; choose from {','.join(LAYOUTS)}")
    return kinds


def run(count: int, out: Path, seed: int, layouts: str) -> str:
    start = time.perf_counter()
    n = write_corpus(out, count, seed, parse_layouts(layouts))
    took = time.perf_counter() - start
    return f"wrote {n} letters to {out} in {took:.1f}s ({n / max(took, 1e-9):.0f}/s)"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m ingest.generator", description=__doc__)
    add_arguments(parser)
    args = parser.parse_args(argv)
    try:
        print(run(args.count, args.out, args.seed, args.layouts))
    except ValueError as exc:
        parser.error(str(exc))
    return 0


if __name__ == "__main__":
    sys.exit(main())

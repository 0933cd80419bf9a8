"""``python -m ingest.compile_parser [build|status|clean]``: see :mod:`ingest.native`."""

from __future__ import annotations

import argparse
import os
import sys

from ingest.native import build, clean, module_states


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m ingest.compile_parser", description=__doc__.splitlines()[0]
    )
    commands = parser.add_subparsers(dest="command")
    build_parser = commands.add_parser(
        "build", help="compile the modules whose extension is missing or stale"
    )
    build_parser.add_argument("--force", action="store_true", help="recompile every module")
    build_parser.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    build_parser.add_argument(
        "--strict", action="store_true", help="fail when it cannot compile (default: warn, run from source)"
    )
    commands.add_parser("status", help="each module: compiled, stale or source")
    commands.add_parser("clean", help="remove the extensions: run from source")
    words = sys.argv[1:] if argv is None else argv
    if not words or words[0] not in ("build", "status", "clean", "-h", "--help"):
        words = ["build", *words]  # `python -m ingest.compile_parser [--force]`: build
    args = parser.parse_args(words)
    if args.command == "status":
        for name, state in module_states().items():
            print(f"{state:9s} {name}")
        return 0
    if args.command == "clean":
        print(f"removed {clean()} compiled modules")
        return 0
    try:
        built = build(force=args.force, jobs=max(1, args.jobs))
    except Exception as exc:  # no compiler or no Cython: the sources still run
        if args.strict:
            raise
        print(
            f"compiled parser not built ({type(exc).__name__}: {exc}); running from source", file=sys.stderr
        )
        return 0
    print(f"compiled parser: {len(built)} modules built" if built else "compiled parser: up to date")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

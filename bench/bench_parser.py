"""Parser benchmark: text letters per second, and PDFs end to end vs bare pypdfium2.

Run with ``.venv/bin/python bench/bench_parser.py [--letters N] [--rounds R]``.
Reads the seeds and the real letters from ``../shared`` (never copied into the
repository) and prints a markdown table.

* text: a mixed corpus of distinct letters, no letter repeated: the two seeds,
  the text of every real PDF (as pypdfium2 extracts it) and N letters from the
  corpus generator (``ingest.generator``: pdf-text, HTML, 2013 and cp1252
  layouts, seed 20240601). Each round parses all of them once on one core
  (this process, one thread) after clearing the parser's caches (the
  classification cache is keyed by request string, so it is cold for every
  distinct request, as on a real stream of new letters). Reported: CPU time
  (user + system of this process) and wall clock, median and best of R
  rounds, for ``parse_text`` on already decoded text and ``parse_bytes`` on the
  letters' bytes (decoding included);
* pdf: every real PDF, once with bare pypdfium2 text extraction (open, text of
  every page, close) and once with ``parse_bytes`` (the same extraction plus
  the whole parse), alternately, keeping each file's best CPU time of R rounds.
  The ratio is the parser's PDF throughput as a share of bare extraction.

The parser runs as built in this tree (``make`` compiles it with Cython: see
``ingest/native.py``); the same text measure is then repeated with the pure-Python
build (``IMR_PARSER_PURE=1``, in a child process) for a side-by-side ratio, unless
``--no-pure``. The machine is shared: the 1-minute load average before and after is
printed.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT / ".." / "shared"
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from ingest import native  # noqa: E402
from ingest.parsing import ParseError, clear_caches, parse_bytes, parse_text  # noqa: E402
from ingest.parsing.extract import decode_bytes, extract_pdf  # noqa: E402

GENERATED_LAYOUTS = ("text", "html", "2013", "cp1252")
GENERATOR_SEED = 20240601


def _bare_pdfium(data: bytes) -> str:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(data)
    try:
        pages = []
        for index in range(len(doc)):
            page = doc[index]
            textpage = page.get_textpage()
            pages.append(textpage.get_text_range())
            textpage.close()
            page.close()
        return "\f".join(pages)
    finally:
        doc.close()


def _loop_calibration() -> float:
    """Seconds for 10 million empty loop iterations: how fast this machine runs Python."""
    start = time.perf_counter()
    for _ in range(10_000_000):
        pass
    return time.perf_counter() - start


def _clear_caches() -> None:
    clear_caches()  # every cache of the parser: each round meets the letters as new


def bench_text(items: list, parse: Callable, rounds: int) -> tuple[list[float], list[float], int]:
    """(letters/s by CPU time per round, letters/s by wall clock per round, parse failures)."""
    for item in items[:50]:  # warm-up: imports, regex compilation
        with contextlib.suppress(ParseError):
            parse(item)
    cpu_rates: list[float] = []
    wall_rates: list[float] = []
    failures = 0
    for _ in range(rounds):
        _clear_caches()
        failures = 0
        wall, cpu = time.perf_counter(), time.process_time()
        for item in items:
            try:
                parse(item, "bench")
            except ParseError:
                failures += 1
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        cpu_rates.append(len(items) / cpu)
        wall_rates.append(len(items) / wall)
    return cpu_rates, wall_rates, failures


def _generated(count: int) -> list[bytes]:
    if count <= 0:
        return []
    from ingest.generator import iter_letters

    return [letter.content for letter in iter_letters(count, GENERATOR_SEED, layouts=GENERATED_LAYOUTS)]


def bench_pdf(pdfs: list[bytes], rounds: int) -> tuple[float, float]:
    """(bare pypdfium2 letters/s, parse_bytes letters/s) in CPU time.

    Each file is timed both ways alternately, ``rounds`` times, keeping each
    file's best time: on a shared machine, load then hits both sides alike.
    """
    bare = [float("inf")] * len(pdfs)
    parsed = [float("inf")] * len(pdfs)
    for _ in range(rounds):
        for index, data in enumerate(pdfs):
            start = time.process_time()
            _bare_pdfium(data)
            bare[index] = min(bare[index], time.process_time() - start)
            start = time.process_time()
            parse_bytes(data, "bench.pdf")
            parsed[index] = min(parsed[index], time.process_time() - start)
    return len(pdfs) / sum(bare), len(pdfs) / sum(parsed)


def _rates(rates: list[float]) -> str:
    return f"{statistics.median(rates):,.0f} letters/s (best {max(rates):,.0f})"


def _pure_rates(letters: int, rounds: int) -> list[float]:
    """``parse_text`` CPU rates of the pure-Python build, measured in a child process."""
    env = {**os.environ, native.PURE_ENV: "1"}
    command = [sys.executable, __file__, "--letters", str(letters), "--rounds", str(rounds), "--text-json"]
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=True)
    return json.loads(result.stdout)["text_cpu"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--letters",
        type=int,
        default=int(os.environ.get("BENCH_PARSE_LETTERS", "2000")),
        help="generated letters added to the real ones and the seeds",
    )
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--no-pure", action="store_true", help="skip the pure-Python side-by-side measure")
    parser.add_argument("--text-json", action="store_true", help=argparse.SUPPRESS)  # the child's output
    args = parser.parse_args(argv)
    load_before = os.getloadavg()[0]

    seeds = sorted((SHARED / "seeds").glob("*.txt"))
    pdf_paths = sorted((SHARED / "letters" / "real").glob("*.pdf"))
    if not seeds and not pdf_paths:
        print(f"{SHARED.resolve()} has no seeds or letters: nothing to measure", file=sys.stderr)
        return 1
    pdfs = [path.read_bytes() for path in pdf_paths]
    real_texts = [path.read_text(encoding="utf-8") for path in seeds] + [
        extract_pdf(data).text for data in pdfs
    ]
    generated = _generated(args.letters)
    blobs = [text.encode("utf-8") for text in real_texts] + generated
    texts = real_texts + [decode_bytes(data) for data in generated]
    average = sum(map(len, texts)) // len(texts)
    corpus = (
        f"{len(texts):,} distinct letters: {len(seeds)} seeds + {len(pdfs)} real (PDF text) + "
        f"{len(generated):,} generated ({', '.join(GENERATED_LAYOUTS)}); avg {average:,} chars"
    )

    text_cpu, text_wall, failures = bench_text(texts, parse_text, args.rounds)
    if args.text_json:
        print(json.dumps({"text_cpu": text_cpu}))
        return 0
    build = native.describe()
    bytes_cpu, bytes_wall, _ = bench_text(blobs, parse_bytes, args.rounds)
    per_round = f"median of {args.rounds} rounds, caches cleared each round"
    rows = [
        ("text letters (`parse_text`), CPU time, one core", f"{corpus}; {per_round}", _rates(text_cpu)),
        ("text letters (`parse_text`), wall clock", "same", _rates(text_wall)),
        ("text letters from bytes (`parse_bytes`, decoding included), CPU time", "same", _rates(bytes_cpu)),
        ("text letters from bytes (`parse_bytes`), wall clock", "same", _rates(bytes_wall)),
    ]
    if not args.no_pure and native.loaded_build().get("ingest.parsing.lines") == "compiled":
        pure = _pure_rates(args.letters, args.rounds)
        ratio = statistics.median(text_cpu) / statistics.median(pure)
        rows += [
            ("text letters (`parse_text`), CPU time, pure-Python build", "same", _rates(pure)),
            ("compiled / pure-Python build (`parse_text`)", "same run", f"{ratio:.2f}x"),
        ]
    if pdfs:
        bare, parsed = bench_pdf(pdfs, args.rounds)
        pdf_corpus = f"{len(pdfs)} real PDFs, CPU time, best of {args.rounds} per file"
        rows += [
            ("PDF, bare pypdfium2 text extraction", pdf_corpus, f"{bare:,.1f} letters/s"),
            ("PDF end to end (`parse_bytes`)", pdf_corpus, f"{parsed:,.1f} letters/s"),
            ("PDF end to end / bare extraction", "same run", f"{parsed / bare:.0%}"),
        ]
    print(f"Parser build: {build}.")
    print()
    print("| measure | corpus | result |")
    print("|---|---|---|")
    for row in rows:
        print(f"| {' | '.join(row)} |")
    print()
    print(
        f"Machine: {_loop_calibration():.2f} s for a 10M-iteration empty Python loop "
        f"(about 0.15-0.25 s on a current desktop core); {os.cpu_count()} CPUs; "
        f"Python {sys.version.split()[0]}; 1-minute load average {load_before:.2f} before, "
        f"{os.getloadavg()[0]:.2f} after."
    )
    if failures:
        print(f"{failures} of {len(texts)} text letters raised ParseError", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Parser benchmark: text letters per second, and PDFs end to end vs bare pypdfium2.

Run with ``.venv/bin/python bench/bench_parser.py [--letters N] [--rounds R]``.
Reads the seeds and the real letters from ``../shared`` (never copied into the
repository) and prints a markdown table.

* text: the seeds plus the text of every real PDF (as pypdfium2 extracts it),
  repeated to N letters, each parsed with ``parse_text`` on one core;
* pdf: every real PDF, once with bare pypdfium2 text extraction (open, text of
  every page, close) and once with ``parse_bytes`` (the same extraction plus
  the whole parse), alternately, keeping each file's best CPU time of R rounds.
  The ratio is the parser's PDF throughput as a share of bare extraction.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT / ".." / "shared"
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from ingest.parsing import ParseError, parse_bytes, parse_text  # noqa: E402
from ingest.parsing.extract import extract_pdf  # noqa: E402


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


def bench_text(texts: list[str], letters: int) -> tuple[float, float, int]:
    """(letters/s by wall clock, letters/s by CPU time, parse failures)."""
    corpus = [texts[i % len(texts)] for i in range(letters)]
    for text in texts:  # warm-up: imports, regex compilation
        with contextlib.suppress(ParseError):
            parse_text(text)
    failures = 0
    wall, cpu = time.perf_counter(), time.process_time()
    for text in corpus:
        try:
            parse_text(text, "bench")
        except ParseError:
            failures += 1
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    return letters / wall, letters / cpu, failures


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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--letters", type=int, default=int(os.environ.get("BENCH_PARSE_LETTERS", "2000")))
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args(argv)

    seeds = sorted((SHARED / "seeds").glob("*.txt"))
    pdf_paths = sorted((SHARED / "letters" / "real").glob("*.pdf"))
    if not seeds and not pdf_paths:
        print(f"{SHARED.resolve()} has no seeds or letters: nothing to measure", file=sys.stderr)
        return 1
    pdfs = [path.read_bytes() for path in pdf_paths]
    texts = [path.read_text(encoding="utf-8") for path in seeds] + [extract_pdf(data).text for data in pdfs]
    average = sum(map(len, texts)) // len(texts)

    text_wall, text_cpu, failures = bench_text(texts, args.letters)
    rows = [
        ("text letters (`parse_text`), wall clock", f"{args.letters} letters ({len(texts)} distinct, "
         f"avg {average} chars)", f"{text_wall:,.0f} letters/s"),
        ("text letters (`parse_text`), CPU time", "same", f"{text_cpu:,.0f} letters/s"),
    ]  # fmt: skip
    if pdfs:
        bare, parsed = bench_pdf(pdfs, args.rounds)
        corpus = f"{len(pdfs)} PDFs, CPU time, best of {args.rounds} per file"
        rows += [
            ("PDF, bare pypdfium2 text extraction", corpus, f"{bare:,.1f} letters/s"),
            ("PDF end to end (`parse_bytes`)", corpus, f"{parsed:,.1f} letters/s"),
            ("PDF end to end / bare extraction", "", f"{parsed / bare:.0%}"),
        ]
    print("| measure | corpus | result |")
    print("|---|---|---|")
    for row in rows:
        print(f"| {' | '.join(row)} |")
    print()
    print(
        f"Machine: {_loop_calibration():.2f} s for a 10M-iteration empty Python loop "
        f"(about 0.15-0.25 s on a current desktop core); {os.cpu_count()} CPUs; "
        f"Python {sys.version.split()[0]}."
    )
    if failures:
        print(f"{failures} of {args.letters} text letters raised ParseError", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Parser benchmark: the parser's cost next to bare pypdfium2 on the real PDF letters.

Run with ``.venv/bin/python bench/bench_parser.py [--rounds R] [--letters N]``; prints
a markdown table. Reads the real letters from ``../shared/letters/real`` (never copied
into the repository).

Side by side in one run, so that the host's speed cancels out, each real PDF is timed
three ways in turn, R rounds, keeping each file's best CPU time (one core):

* bare pypdfium2 text extraction (open, text of every page, close);
* ``parse_bytes`` on the PDF's bytes (our extraction and the parse: end to end);
* ``parse_text`` on the text our extraction gives (the parse alone).

The parser's caches are cleared before every parse, so each letter is met as new.
Aims (issue #11): ``parse_text`` costs at most 10% of bare extraction per letter, and
PDF end to end keeps at least 90% of bare pypdfium2's throughput. "End to end minus
bare" is what our extraction and the parse add to a letter as they run in a pipeline,
right after pdfium's work. The absolute rates are reported, not aimed at, with
``parse_text`` on N generated letters for scale.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pypdfium2 as pdfium

ROOT = Path(__file__).resolve().parent.parent
REAL_LETTERS = ROOT / ".." / "shared" / "letters" / "real"
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from ingest.generator import iter_letters  # noqa: E402
from ingest.parsing import clear_caches, parse_bytes, parse_text  # noqa: E402
from ingest.parsing.extract import decode_bytes, extract_pdf  # noqa: E402

GENERATOR_SEED = 20240601
GENERATED_LAYOUTS = ("text", "html", "2013", "cp1252")


def bare_pdfium(data: bytes) -> str:
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


def cpu_seconds(run: Callable[..., object], *args: object) -> float:
    start = time.process_time()
    run(*args)
    return time.process_time() - start


def bench_pdfs(pdfs: list[bytes], rounds: int) -> dict[str, float]:
    """Total CPU seconds over all files (each file's best of ``rounds``), per measure.

    Each file is timed every way in turn before the next file, so a slower spell of
    the shared host hits every measure alike.
    """
    texts = [extract_pdf(data).text for data in pdfs]
    best: dict[str, list[float]] = {name: [float("inf")] * len(pdfs) for name in ("bare", "bytes", "text")}
    for _ in range(rounds):
        for index, (data, text) in enumerate(zip(pdfs, texts, strict=True)):
            for name, run, arg in (
                ("bare", bare_pdfium, data),
                ("bytes", parse_bytes, data),
                ("text", parse_text, text),
            ):
                clear_caches()
                best[name][index] = min(best[name][index], cpu_seconds(run, arg))
    return {name: sum(times) for name, times in best.items()}


def bench_generated_text(count: int, rounds: int) -> float:
    """``parse_text`` letters/s on generated letters (CPU time, median of rounds; cold caches)."""
    letters = iter_letters(count, GENERATOR_SEED, GENERATED_LAYOUTS)
    texts = [decode_bytes(letter.content) for letter in letters]
    rates = []
    for _ in range(rounds):
        clear_caches()
        rates.append(count / cpu_seconds(lambda: [parse_text(text, "bench") for text in texts]))
    return statistics.median(rates)


def _cost(ms: float) -> str:
    return f"{ms:.2f} ms/letter ({1000 / ms:,.0f} letters/s)"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5, help="timings per file; the best counts")
    parser.add_argument(
        "--letters",
        type=int,
        default=2000,
        help="generated text letters for the absolute parse_text rate (0: none)",
    )
    args = parser.parse_args(argv)
    pdfs = [path.read_bytes() for path in sorted(REAL_LETTERS.glob("*.pdf"))]
    if not pdfs:
        print(f"{REAL_LETTERS.resolve()} holds no PDF: nothing to measure", file=sys.stderr)
        return 1
    load_before = os.getloadavg()[0]
    totals = bench_pdfs(pdfs, args.rounds)
    count = len(pdfs)
    ms = {name: 1000 * total / count for name, total in totals.items()}
    corpus = f"{count} real PDFs, CPU time, best of {args.rounds} per file"
    rows = [
        ("bare pypdfium2 text extraction", corpus, _cost(ms["bare"])),
        ("PDF end to end (`parse_bytes`)", "same run", _cost(ms["bytes"])),
        (
            "PDF end to end / bare pypdfium2 throughput (aim >= 90%)",
            "same run",
            f"{ms['bare'] / ms['bytes']:.1%}",
        ),
        ("`parse_text` on the extracted text", "same run", _cost(ms["text"])),
        (
            "`parse_text` / bare extraction, per letter (aim <= 10%)",
            "same run",
            f"{ms['text'] / ms['bare']:.1%}",
        ),
        (
            "PDF end to end minus bare extraction, per letter",
            "same run",
            f"{(ms['bytes'] - ms['bare']) / ms['bare']:.1%}",
        ),
    ]
    if args.letters > 0:
        rate = bench_generated_text(args.letters, args.rounds)
        layouts = ", ".join(GENERATED_LAYOUTS)
        generated = f"{args.letters:,} generated letters ({layouts}), CPU time, median of {args.rounds}"
        rows.append(("`parse_text` on generated text letters", generated, f"{rate:,.0f} letters/s"))
    print("| measure | corpus | result |")
    print("|---|---|---|")
    for row in rows:
        print(f"| {' | '.join(row)} |")
    print()
    print(
        f"One core; Python {sys.version.split()[0]}; {os.cpu_count()} CPUs; "
        f"1-minute load average {load_before:.2f} before, {os.getloadavg()[0]:.2f} after."
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Stream generated letters: ``iter_letters`` in memory, ``write_corpus`` to disk."""

from __future__ import annotations

import json
import random
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .case import random_case, truth
from .modern import render_glued_text, render_html, render_pdf_text, smarten
from .notice2013 import render_2013

# CLI name -> (weight, truth layout, era choices, extension)
LAYOUTS: dict[str, tuple[float, str, tuple[str, ...], str]] = {
    "text": (30, "pdf-text", ("2014", "2014", "2016"), "txt"),
    "html": (30, "html", ("2014",), "html"),
    "pdf": (12, "pdf", ("2016",), "pdf"),
    "2013": (15, "2013", ("2013",), "txt"),
    "cp1252": (13, "pdf-text", ("2016", "2014"), "txt"),
}
PER_FOLDER = 1000
# The share of "text" letters rendered as ``modern.render_glued_text`` (variant "glued"): item
# statements glued onto the previous rationale, as some real letters extract. Drawn from its own
# random stream, so the other letters are the same with or without the variant.
GLUED_SHARE = 0.1
GLUED = "glued"


@dataclass(slots=True)
class GeneratedLetter:
    filename: str  # relative path, e.g. "0000/imr-0000001.txt"
    content: bytes
    truth: dict[str, Any]
    kind: str  # the CLI layout name
    variant: str = ""  # a variant of the layout ("glued"), "" for the layout as such


CASE_SERIALS = 10_000_000  # the 7-digit serial of a case number
_SERIAL_STEP = 7_919_133  # coprime with CASE_SERIALS: index -> serial is a bijection


def unique_case_number(case_number: str, index: int, seed: int) -> str:
    """Give letter `index` a serial no other letter of the corpus has (up to ten million letters)."""
    offset = random.Random(f"serials:{seed}").randrange(CASE_SERIALS)
    serial = (offset + index * _SERIAL_STEP) % CASE_SERIALS
    return f"{case_number.split('-', 1)[0]}-{serial:07d}"


def _render(kind: str, index: int, seed: int) -> GeneratedLetter:
    rng = random.Random(f"{seed}:{index}")
    _, layout, eras, ext = LAYOUTS[kind]
    case = random_case(rng, rng.choice(eras))
    if case.case_number:
        case.case_number = unique_case_number(case.case_number, index, seed)
    stem = f"{index // PER_FOLDER:04d}/imr-{index:07d}"
    filename = f"{stem}.{ext}"
    header = True
    variant = ""
    if kind == "text":
        variant = GLUED if random.Random(f"{GLUED}:{seed}:{index}").random() < GLUED_SHARE else ""
        render = render_glued_text if variant else render_pdf_text
        content = render(case, rng).encode("utf-8")
        header = False
    elif kind == "html":
        content = render_html(case, rng).encode("utf-8")
    elif kind == "2013":
        content = render_2013(case, rng).encode("utf-8")
    elif kind == "cp1252":
        smarten(case)
        content = render_pdf_text(case, rng, with_header=True, crlf=True).encode("cp1252")
    else:
        from .pdf import render_pdf  # fpdf2 import only when PDFs are wanted

        content = render_pdf(case, rng)
    return GeneratedLetter(filename, content, truth(case, filename, layout, header=header), kind, variant)


def iter_letters(
    count: int,
    seed: int = 0,
    layouts: Iterable[str] | None = None,
    keep: Callable[[int, str], bool] | None = None,
) -> Iterator[GeneratedLetter]:
    """Yield ``count`` letters, one at a time; the same seed gives the same bytes.

    ``keep(index, kind)`` returning False skips rendering that letter (PDFs are slow);
    the other letters are the same as without ``keep``.
    """
    kinds = list(layouts) if layouts else list(LAYOUTS)
    unknown = [k for k in kinds if k not in LAYOUTS]
    if unknown:
        raise ValueError(f"unknown layouts {unknown}; choose from {sorted(LAYOUTS)}")
    weights = [LAYOUTS[k][0] for k in kinds]
    picker = random.Random(f"layouts:{seed}")
    for index in range(count):
        kind = picker.choices(kinds, weights=weights)[0]
        if keep is None or keep(index, kind):
            yield _render(kind, index, seed)


def write_corpus(out: Path, count: int, seed: int = 0, layouts: Iterable[str] | None = None) -> int:
    """Write letters and ``<name>.json`` ground truth beside each; returns the count written."""
    out = Path(out)
    made: set[str] = set()
    n = 0
    for letter in iter_letters(count, seed, layouts):
        path = out / letter.filename
        folder = str(path.parent)
        if folder not in made:
            path.parent.mkdir(parents=True, exist_ok=True)
            made.add(folder)
        path.write_bytes(letter.content)
        path.with_suffix(".json").write_text(
            json.dumps(letter.truth, ensure_ascii=False, indent=1), encoding="utf-8"
        )
        n += 1
    return n

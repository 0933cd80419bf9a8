"""The compiled parser: built from the current sources, never run stale, parsing exactly like the sources.

``make`` compiles the parsing modules with Cython (``python -m ingest.compile_parser``).
These tests check that the build in this tree matches its sources, that a stale or
unrecorded extension is never imported, and that the compiled and the pure-Python
parser give the same result, byte for byte, on letters of every layout (the seeds and
real letters from ``../shared`` when present, generated and mangled letters always).
"""

from __future__ import annotations

import importlib
import json
import os
import random
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from ingest import native
from ingest.generator import iter_letters
from tests.parsing.conftest import REAL, SEEDS

_REBUILD = "run `python -m ingest.compile_parser` (make does it on install)"

# Parses every file named on stdin; prints, per file, its JSON result or its ParseError.
_PARSE_SCRIPT = """
import json, sys
import ingest.native
from ingest.parsing import ParseError, parse_bytes
builds = set(ingest.native.loaded_build().values())
print(json.dumps(sorted(builds)))
for path in sys.stdin.read().split("\\n"):
    data = open(path, "rb").read()
    try:
        out = json.dumps(parse_bytes(data, "x").to_json(include_text=True), sort_keys=True, default=str)
    except ParseError as exc:
        out = "ParseError: " + str(exc)
    print(out)
"""


def _compiled_build_expected() -> bool:
    """Whether this machine can compile the parser (Cython and a C compiler), as ``make`` does."""
    try:
        import Cython  # noqa: F401
    except ImportError:
        return False
    return shutil.which(os.environ.get("CC", "cc")) is not None


def _require_compiled() -> None:
    states = native.module_states()
    if not _compiled_build_expected() and "compiled" not in states.values():
        pytest.skip("no C compiler or no Cython here: the parser runs from source only")


def _python(code: str, stdin: str = "", **env: str) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if k not in (native.PURE_ENV, native.MANIFEST_ENV)}
    return subprocess.run(
        [sys.executable, "-c", code],
        input=stdin,
        env={**environment, **env},
        cwd=native.ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )


# Imports every compiled module and prints where each was loaded from.
_LOADED = (
    "import importlib, json, ingest.native as n\n"
    "for name in n.module_paths(): importlib.import_module(name)\n"
    "print(json.dumps(n.loaded_build()))"
)


def _loaded_with(manifest: dict[str, object], folder: Path) -> subprocess.CompletedProcess[str]:
    """``_LOADED`` run in a process that reads ``manifest`` instead of the build's own."""
    path = folder / "manifest.json"
    path.write_text(json.dumps(manifest), encoding="utf-8")
    return _python(_LOADED, **{native.MANIFEST_ENV: str(path)})


def test_the_module_list_is_the_parser() -> None:
    modules = native.module_paths()
    assert {
        "ingest.parsing.lines",
        "ingest.parsing.letter",
        "ingest.caseless",
        "ingest.taxonomy.classify",
    } <= set(modules)
    assert all(path.suffix == ".py" and path.exists() for path in modules.values())
    assert not any(name.endswith("__init__") for name in modules)  # packages stay Python


def test_the_build_matches_the_sources() -> None:
    _require_compiled()
    states = native.module_states()
    assert {name: state for name, state in states.items() if state != "compiled"} == {}, _REBUILD
    for name in states:
        importlib.import_module(name)
    assert set(native.loaded_build().values()) == {"compiled"}, _REBUILD


def test_a_stale_extension_runs_from_its_source(tmp_path: Path) -> None:
    _require_compiled()
    manifest = json.loads(native.MANIFEST.read_text(encoding="utf-8"))
    manifest["modules"]["ingest.parsing.lines"] = "0" * 64  # as if lines.py had changed since the build
    result = _loaded_with(manifest, tmp_path)
    loaded = json.loads(result.stdout)
    assert loaded["ingest.parsing.lines"] == "source"
    assert {state for name, state in loaded.items() if name != "ingest.parsing.lines"} == {"compiled"}
    assert "compiled parser out of date for ingest.parsing.lines" in result.stderr


def test_an_unrecorded_build_is_never_run(tmp_path: Path) -> None:
    """Extensions without a manifest (copied in, or left by an interrupted build) count as stale."""
    _require_compiled()
    result = _python(_LOADED, **{native.MANIFEST_ENV: str(tmp_path / "absent.json")})
    assert set(json.loads(result.stdout).values()) == {"source"}


def test_a_build_for_another_python_is_rebuilt_not_trusted(tmp_path: Path) -> None:
    _require_compiled()
    manifest = json.loads(native.MANIFEST.read_text(encoding="utf-8"))
    manifest["python"] = "3.11.0 /elsewhere/bin/python3.11"
    result = _loaded_with(manifest, tmp_path)
    assert set(json.loads(result.stdout).values()) == {"source"}


def test_pure_mode_runs_every_module_from_source() -> None:
    result = _python(_LOADED, **{native.PURE_ENV: "1"})
    loaded = json.loads(result.stdout)
    assert set(loaded) == set(native.module_paths())
    assert set(loaded.values()) == {"source"}
    assert result.stderr == ""  # forced, not stale: no warning


def _mangled(text: str, rng: random.Random) -> str:
    lines = text.split("\n")
    match rng.randrange(5):
        case 0:
            return text[: rng.randrange(len(text) + 1)]
        case 1:
            rng.shuffle(lines)
            return "\n".join(lines)
        case 2:
            return "\n\f\n".join("\n".join(lines[i : i + 12]) for i in range(0, len(lines), 12))
        case 3:
            chars = list(text)
            for _ in range(30):
                chars[rng.randrange(len(chars))] = rng.choice("-\u00ad\u2019:.*#<>\t\r\n\f é")
            return "".join(chars)
        case _:
            return text.upper()


def _inputs(folder: Path) -> list[Path]:
    """Files of every layout: the seeds and real PDFs when present, generated and mangled letters."""
    paths: list[Path] = []
    if SEEDS.exists():
        paths += sorted(SEEDS.glob("*.txt"))
    if REAL.exists():
        paths += sorted(REAL.glob("*.pdf"))
    rng = random.Random(7)
    for letter in iter_letters(400, seed=11, keep=lambda index, kind: kind != "pdf" or index % 8 == 0):
        path = folder / letter.filename.replace("/", "_")
        path.write_bytes(letter.content)
        paths.append(path)
        if letter.kind != "pdf" and rng.random() < 0.4:
            mangled = folder / f"mangled-{path.name}"
            text = letter.content.decode("utf-8", "replace")
            mangled.write_bytes(_mangled(text, rng).encode("utf-8", "surrogatepass"))
            paths.append(mangled)
    return paths


@pytest.mark.slow
def test_compiled_and_pure_parsers_give_identical_results(tmp_path: Path) -> None:
    _require_compiled()
    paths = _inputs(tmp_path)
    stdin = "\n".join(map(str, paths))
    compiled = _python(_PARSE_SCRIPT, stdin).stdout.splitlines()
    pure = _python(_PARSE_SCRIPT, stdin, **{native.PURE_ENV: "1"}).stdout.splitlines()
    assert json.loads(compiled[0]) == ["compiled"]
    assert json.loads(pure[0]) == ["source"]
    assert len(compiled) == len(pure) == len(paths) + 1
    parsed = sum(not line.startswith("ParseError") for line in compiled[1:])
    assert parsed >= 0.8 * len(paths)  # mostly letters, with some rejected mangled ones
    for path, left, right in zip(paths, compiled[1:], pure[1:], strict=True):
        assert left == right, f"{path.name}: the compiled parser differs from its source"

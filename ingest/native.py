"""The parser compiled to C extensions (Cython), and the guard that never lets a stale build run.

The parsing modules are plain Python and always work as such. Compiled in place
by ``python -m ingest.compile_parser`` (``make`` does it on install), the same
sources run about a fifth faster: each ``ingest/parsing/lines.py`` gets a
``lines.cpython-311-x86_64-linux-gnu.so`` beside it, which Python's import
system prefers to the ``.py``.

That preference is the danger: an edit to the ``.py`` would be silently
shadowed by the old extension. So every build records a digest of each
module's sources (the ``.py`` and its optional ``.pxd`` of C type
declarations) in a manifest, and :func:`install_guard` (run by
``ingest/__init__.py`` before anything imports the parser) sends the import of
any module whose extension does not match its sources to the ``.py``, with a
warning. ``IMR_PARSER_PURE=1`` runs every module from source (the equivalence
test compares both builds letter by letter).
"""

from __future__ import annotations

import hashlib
import importlib.machinery
import importlib.util
import json
import os
import sys
import warnings
from collections.abc import Iterable, Sequence
from importlib.machinery import ModuleSpec
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parent.parent
PACKAGE_DIRS = ("ingest/parsing",)
EXTRA_MODULES = ("ingest/caseless.py", "ingest/taxonomy/classify.py")
MANIFEST = ROOT / "ingest" / ".native-build.json"  # git-ignored, written by build()
BUILD_DIR = ROOT / ".cache" / "cython"
PURE_ENV = "IMR_PARSER_PURE"
MANIFEST_ENV = "IMR_NATIVE_MANIFEST"  # another manifest (tests of the guard)
EXT_SUFFIX = importlib.machinery.EXTENSION_SUFFIXES[0]


def module_paths() -> dict[str, Path]:
    """Every compiled module's dotted name and ``.py`` path (package ``__init__`` files stay Python)."""
    paths = [path for folder in PACKAGE_DIRS for path in sorted((ROOT / folder).glob("*.py"))]
    paths += [ROOT / name for name in EXTRA_MODULES]
    return {
        ".".join(path.relative_to(ROOT).with_suffix("").parts): path
        for path in paths
        if path.name != "__init__.py"
    }


def extension_path(source: Path) -> Path:
    return source.with_name(source.stem + EXT_SUFFIX)


def source_digest(source: Path) -> str:
    """sha256 of the module's ``.py`` and, when present, its ``.pxd`` (C types for Cython)."""
    digest = hashlib.sha256(source.read_bytes())
    declarations = source.with_suffix(".pxd")
    if declarations.exists():
        digest.update(b"\0pxd\0" + declarations.read_bytes())
    return digest.hexdigest()


def _manifest_path() -> Path:
    return Path(os.environ.get(MANIFEST_ENV) or MANIFEST)


def _interpreter() -> str:
    """The Python the extensions were built for: its version and where it is installed."""
    return f"{sys.version.split()[0]} {os.path.realpath(getattr(sys, '_base_executable', sys.executable))}"


def read_manifest() -> dict[str, str]:
    """Source digests by module, as of the last build for this interpreter ({} when none)."""
    try:
        data = json.loads(_manifest_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("python") != _interpreter():
        return {}  # built by another Python: rebuild rather than trust the ABI
    modules = data.get("modules")
    return {str(k): str(v) for k, v in modules.items()} if isinstance(modules, dict) else {}


def module_states() -> dict[str, str]:
    """Per module: ``compiled`` (its extension matches its sources), ``stale`` or ``source`` (none built)."""
    manifest = read_manifest()
    states: dict[str, str] = {}
    for name, source in module_paths().items():
        if not extension_path(source).exists():
            states[name] = "source"
        elif manifest.get(name) == source_digest(source):
            states[name] = "compiled"
        else:
            states[name] = "stale"
    return states


class _SourceFinder:
    """A meta-path finder of the listed modules' ``.py`` files, ahead of any extension beside them.

    (A plain class: ``importlib.abc`` would import ``importlib.resources`` into every process.)
    """

    def __init__(self, sources: dict[str, Path], *, warn: bool) -> None:
        self.sources = sources
        self.warn = warn

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> ModuleSpec | None:
        source = self.sources.get(fullname)
        if source is None:
            return None
        if self.warn:  # (once: a module is found once, then it is in sys.modules)
            warnings.warn(
                f"compiled parser out of date for {fullname}: running it from source "
                "(rebuild with `python -m ingest.compile_parser`)",
                RuntimeWarning,
                stacklevel=2,
            )
        return importlib.util.spec_from_file_location(fullname, source)


_guard: _SourceFinder | None = None


def install_guard() -> None:
    """Import stale (or, with ``IMR_PARSER_PURE=1``, all) compiled modules from their sources.

    A stale module warns when it is imported (a build, which imports none, stays quiet).
    """
    global _guard
    if _guard is not None:
        sys.meta_path[:] = [finder for finder in sys.meta_path if finder is not _guard]
        _guard = None
    paths = module_paths()
    forced = os.environ.get(PURE_ENV, "") not in ("", "0")
    pure = set(paths) if forced else {name for name, state in module_states().items() if state == "stale"}
    if pure:
        _guard = _SourceFinder({name: paths[name] for name in pure}, warn=not forced)
        sys.meta_path.insert(0, _guard)


def loaded_build(names: Iterable[str] | None = None) -> dict[str, str]:
    """Per imported module: ``compiled`` or ``source``, from the file it was actually loaded from."""
    out: dict[str, str] = {}
    for name in names if names is not None else module_paths():
        module = sys.modules.get(name)
        if module is not None:
            out[name] = "compiled" if str(getattr(module, "__file__", "")).endswith(EXT_SUFFIX) else "source"
    return out


def describe() -> str:
    """One line for benchmarks and logs: which build of the parser this process runs."""
    import ingest.parsing  # noqa: F401 - imports every parsing module

    loaded = loaded_build()
    compiled = sum(state == "compiled" for state in loaded.values())
    if compiled == 0:
        return "pure Python (no compiled module loaded)"
    try:
        from Cython import __version__ as cython_version
    except ImportError:
        cython_version = "?"
    return f"compiled with Cython {cython_version}: {compiled} of {len(loaded)} modules"


def build(*, force: bool = False, jobs: int = 2) -> list[str]:
    """Compile every module whose extension is missing or stale; return their names."""
    paths = module_paths()
    states = module_states()
    todo = {name: path for name, path in paths.items() if force or states[name] != "compiled"}
    if not todo:
        return []
    digests = {name: source_digest(path) for name, path in todo.items()}
    from Cython.Build import cythonize
    from setuptools import Distribution

    extensions = cythonize(
        [str(path.relative_to(ROOT)) for path in todo.values()],
        build_dir=str(BUILD_DIR / "c"),
        language_level=3,
        nthreads=jobs,
        quiet=True,
        force=True,
        compiler_directives={"binding": True, "embedsignature": True},
    )
    distribution = Distribution({"name": "imr-parser", "ext_modules": extensions})
    command = distribution.get_command_obj("build_ext")
    command.inplace = True
    command.build_temp = str(BUILD_DIR / "tmp")
    command.build_lib = str(BUILD_DIR / "lib")
    command.parallel = jobs
    cwd = os.getcwd()
    os.chdir(ROOT)  # cythonize names the modules from paths relative to the project
    try:
        distribution.run_command("build_ext")
    finally:
        os.chdir(cwd)
    manifest = read_manifest()
    manifest.update(digests)
    manifest = {name: manifest[name] for name in sorted(manifest) if name in paths}
    payload = json.dumps({"python": _interpreter(), "ext_suffix": EXT_SUFFIX, "modules": manifest}, indent=1)
    temporary = MANIFEST.with_suffix(".tmp")
    temporary.write_text(payload + "\n", encoding="utf-8")
    temporary.replace(MANIFEST)
    return sorted(todo)


def clean() -> int:
    """Remove every extension and the manifest: the parser runs from source."""
    removed = 0
    for source in module_paths().values():
        extension = extension_path(source)
        if extension.exists():
            extension.unlink()
            removed += 1
    MANIFEST.unlink(missing_ok=True)
    return removed

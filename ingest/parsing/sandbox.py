"""A PDF read in a child process with limits on pages, memory and time.

pdfium reads hostile input in native code: a page whose form XObjects nest ten deep takes
gigabytes within seconds, text drawn over itself makes its text page quadratic, and an
allocation it is refused aborts the whole process. So a PDF letter is read (pdfium's text
extraction and the parse of that text, :func:`ingest.parsing.parse_bytes`) in a child process,
started once per process and reused from letter to letter:

* pages: the child counts them before extracting any;
* memory: the parent samples the child's resident memory while it works and kills it past the
  limit; the child's address space is capped a little above (``RLIMIT_AS``), so that one huge
  allocation is refused at once (pdfium then aborts: "the PDF extractor crashed (signal 6, SIGABRT)");
* time: the parent kills the child's process group after the wall-clock limit; the child's own
  CPU limit (``RLIMIT_CPU``, raised before each letter) ends it if its parent is gone, and it
  dies with its parent (``PR_SET_PDEATHSIG``).

A child that failed a letter, or grew past half its memory limit, is replaced before the next.
This bounds resources; it is not a security boundary (the child runs as the same user).
Plain Python, no Django: the pipeline (ingest.pipeline.parse) passes the limits.
"""

from __future__ import annotations

import atexit
import contextlib
import ctypes
import math
import os
import pickle
import resource
import select
import signal
import struct
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import psutil

from ingest.parsing import parse_bytes
from ingest.parsing.extract import pdf_page_count
from ingest.parsing.result import ParsedLetter, ParseError

POLL_SECONDS = 0.02  # how often the parent samples the child's memory while it works
ADDRESS_HEADROOM_MB = 256  # the child's address space may exceed its memory limit by this much
_FRAME = struct.Struct("!Q")
_ROOT = Path(__file__).resolve().parents[2]  # the folder holding the `ingest` package
_PR_SET_PDEATHSIG = 1


@dataclass(frozen=True, slots=True)
class Limits:
    memory_mb: int = 1024
    seconds: int = 60
    max_pages: int = 500
    max_text: int = 50 * 1024 * 1024  # characters of text (a text letter has as many bytes at most)


class LimitExceeded(ParseError):
    """The PDF went past a limit, or the extractor died on it; ``limit`` names which one."""

    def __init__(self, message: str, limit: str) -> None:
        super().__init__(message)
        self.limit = limit  # "pages", "memory", "seconds", "text" or "crash"


def parse_pdf(data: bytes, source: str, limits: Limits) -> ParsedLetter:
    """Parse a PDF letter in this process's extractor child; raises ParseError (LimitExceeded) only."""
    return _extractor().parse(data, source, limits)


def describe_memory(megabytes: int) -> str:
    return f"{megabytes // 1024:,} GB" if megabytes % 1024 == 0 else f"{megabytes:,} MB"


def _signal_name(number: int) -> str:
    try:
        return signal.Signals(number).name
    except ValueError:
        return "unknown signal"


# --- the parent's side -------------------------------------------------------------------------


class Extractor:
    """One extractor child of this process, started when first needed and after each failure."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._child: subprocess.Popen[bytes] | None = None
        self._watched: psutil.Process | None = None
        self._memory_mb = 0

    def parse(self, data: bytes, source: str, limits: Limits) -> ParsedLetter:
        with self._lock:
            child, watched = self._started(limits.memory_mb)
            try:
                reply = self._exchange(child, watched, (source, data, limits), limits)
            except BaseException:
                self.stop()  # a limit, a crash, or this process interrupted (a task's soft time limit)
                raise
            if _resident(watched) > limits.memory_mb * 1024 * 1024 // 2:
                self.stop()  # what a large letter left behind would count against the next one
        status, value, limit = reply
        if status == "ok" and isinstance(value, ParsedLetter):
            return value
        if status == "limit":
            raise LimitExceeded(str(value), limit)
        raise ParseError(str(value))

    @property
    def pid(self) -> int | None:
        """The child's process id while it runs."""
        return None if self._child is None else self._child.pid

    def stop(self) -> None:
        child, self._child, self._watched = self._child, None, None
        if child is None:
            return
        if child.poll() is None:
            _kill_group(child.pid)
        child.wait()
        for stream in (child.stdin, child.stdout):
            if stream is not None:
                stream.close()

    def _started(self, memory_mb: int) -> tuple[subprocess.Popen[bytes], psutil.Process]:
        if self._child is not None and (self._child.poll() is not None or self._memory_mb != memory_mb):
            self.stop()
        if self._child is None:
            argv = [sys.executable, "-m", "ingest.parsing.sandbox", str(memory_mb), str(os.getpid())]
            self._child = subprocess.Popen(
                argv,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                bufsize=0,
                cwd=_ROOT,
                env=_child_env(),
                start_new_session=True,  # its own process group, killed as one
            )
            self._watched = psutil.Process(self._child.pid)
            self._memory_mb = memory_mb
        assert self._watched is not None
        return self._child, self._watched

    def _exchange(
        self,
        child: subprocess.Popen[bytes],
        watched: psutil.Process,
        request: tuple[object, ...],
        limits: Limits,
    ) -> tuple[str, object, str]:
        assert child.stdin is not None
        assert child.stdout is not None
        deadline = time.monotonic() + limits.seconds
        try:
            _write_frame(child.stdin, pickle.dumps(request, protocol=pickle.HIGHEST_PROTOCOL))
        except BrokenPipeError:
            raise self._died(child, limits) from None
        memory_bytes = limits.memory_mb * 1024 * 1024
        answer = select.poll()  # not select(): a process may hold descriptors past FD_SETSIZE
        answer.register(child.stdout, select.POLLIN)
        while True:
            if answer.poll(POLL_SECONDS * 1000):
                frame = _read_frame(child.stdout)
                if frame is None:
                    raise self._died(child, limits)
                reply: tuple[str, object, str] = pickle.loads(frame)  # our own child's answer
                return reply
            if child.poll() is not None:
                raise self._died(child, limits)
            if _resident(watched) > memory_bytes:
                raise LimitExceeded(
                    f"PDF text extraction exceeded {describe_memory(limits.memory_mb)} of memory", "memory"
                )
            if time.monotonic() > deadline:
                raise LimitExceeded(f"PDF text extraction took longer than {limits.seconds:,} s", "seconds")

    def _died(self, child: subprocess.Popen[bytes], limits: Limits) -> LimitExceeded:
        code = child.wait()
        if code == -signal.SIGXCPU:
            return LimitExceeded(
                f"PDF text extraction used more than {limits.seconds:,} s of CPU time", "seconds"
            )
        if code < 0:  # pdfium aborts (SIGABRT) when the address-space cap refuses it memory
            return LimitExceeded(
                f"the PDF extractor crashed (signal {-code}, {_signal_name(-code)})", "crash"
            )
        return LimitExceeded(f"the PDF extractor exited with status {code}", "crash")


def _resident(process: psutil.Process) -> int:
    """Resident memory in bytes (0 once the process is gone)."""
    try:
        return int(process.memory_info().rss)
    except psutil.Error:
        return 0


def _child_env() -> dict[str, str]:
    """What the child needs to start, and none of this process's secrets (database, mail, keys)."""
    keep = ("PATH", "LANG", "LC_ALL", "TMPDIR", "VIRTUAL_ENV")
    return {name: os.environ[name] for name in keep if name in os.environ} | {"PYTHONPATH": str(_ROOT)}


def _kill_group(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pid, signal.SIGKILL)  # the child leads its own group (start_new_session)


_extractors: dict[int, Extractor] = {}


def _extractor() -> Extractor:
    """This process's extractor (a process forked from one that had an extractor starts its own)."""
    pid = os.getpid()
    extractor = _extractors.get(pid)
    if extractor is None:
        _extractors.clear()  # a parent's, inherited through fork: its child is not ours to stop
        extractor = _extractors[pid] = Extractor()
    return extractor


@atexit.register
def _stop_extractors() -> None:
    extractor = _extractors.get(os.getpid())
    if extractor is not None:
        extractor.stop()


# --- framing ----------------------------------------------------------------------------------


def _write_frame(stream: IO[bytes], payload: bytes) -> None:
    stream.write(_FRAME.pack(len(payload)))
    view = memoryview(payload)
    while view:
        written = stream.write(view)
        view = view[written or 0 :]


def _read_exact(stream: IO[bytes], size: int) -> bytes | None:
    parts: list[bytes] = []
    while size:
        part = stream.read(size)
        if not part:
            return None
        parts.append(part)
        size -= len(part)
    return b"".join(parts)


def _read_frame(stream: IO[bytes]) -> bytes | None:
    header = _read_exact(stream, _FRAME.size)
    if header is None:
        return None
    (size,) = _FRAME.unpack(header)
    return _read_exact(stream, size)


# --- the child's side --------------------------------------------------------------------------


def serve(memory_mb: int, parent: int) -> None:
    """Answer requests from the parent on stdin/stdout until it closes stdin (or dies)."""
    _die_with_parent(parent)
    address_space = (memory_mb + ADDRESS_HEADROOM_MB) * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (address_space, address_space))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    requests = os.fdopen(os.dup(0), "rb", buffering=0)
    replies = os.fdopen(os.dup(1), "wb", buffering=0)
    os.dup2(2, 1)  # a library's print goes to the log, never into the replies
    while (frame := _read_frame(requests)) is not None:
        source, data, limits = pickle.loads(frame)  # our parent's request
        _limit_cpu(limits.seconds)
        reply = _read(data, source, limits)
        _write_frame(replies, pickle.dumps(reply, protocol=pickle.HIGHEST_PROTOCOL))


def _read(data: bytes, source: str, limits: Limits) -> tuple[str, object, str]:
    out_of_memory = f"PDF text extraction exceeded {describe_memory(limits.memory_mb)} of memory"
    try:
        pages = pdf_page_count(data)
        if pages > limits.max_pages:
            return "limit", f"PDF has {pages:,} pages; the limit is {limits.max_pages:,}", "pages"
        letter = parse_bytes(data, source)
    except MemoryError:
        return "limit", out_of_memory, "memory"
    except ParseError as exc:
        if isinstance(exc.__cause__, MemoryError):
            return "limit", out_of_memory, "memory"
        return "error", str(exc), ""
    if len(letter.text) > limits.max_text:
        return (
            "limit",
            f"PDF text has {len(letter.text):,} characters; the limit is {limits.max_text:,}",
            "text",
        )
    return "ok", letter, ""


def _limit_cpu(seconds: int) -> None:
    """This letter may use `seconds` more CPU time than the child has used so far (then SIGXCPU)."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    soft = math.ceil(usage.ru_utime + usage.ru_stime) + seconds + 1
    resource.setrlimit(resource.RLIMIT_CPU, (soft, resource.RLIM_INFINITY))


def _die_with_parent(parent: int) -> None:
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:  # the parent died before the line above
        os._exit(1)


if __name__ == "__main__":
    serve(int(sys.argv[1]), int(sys.argv[2]))

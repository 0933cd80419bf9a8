"""PDFs read in a child process with limits (ingest.parsing.sandbox), on the generator's hostile files.

Each limit is met by a file built for it (ingest.generator.hostile) under small limits, so every
test takes seconds; the child's death by a signal is a real signal sent to the real child.
"""

from __future__ import annotations

import os
import resource
import signal
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Iterator

import psutil
import pytest

from ingest.generator import hostile, iter_letters
from ingest.parsing import ParseError, parse_bytes
from ingest.parsing.sandbox import Extractor, LimitExceeded, Limits, describe_memory, parse_pdf

SMALL = Limits(memory_mb=200, seconds=3, max_pages=20)


@pytest.fixture
def extractor() -> Iterator[Extractor]:
    extractor = Extractor()
    yield extractor
    extractor.stop()


@pytest.fixture(scope="module")
def pdf_letters() -> list[bytes]:
    return [letter.content for letter in iter_letters(3, seed=13, layouts=("pdf",))]


def test_a_pdf_letter_reads_the_same_as_in_process(extractor, pdf_letters) -> None:
    for data in pdf_letters:
        assert extractor.parse(data, "letter.pdf", SMALL) == parse_bytes(data, "letter.pdf")


def test_one_child_reads_letter_after_letter(extractor, pdf_letters) -> None:
    extractor.parse(pdf_letters[0], "a.pdf", SMALL)
    first = extractor.pid
    for data in pdf_letters:
        extractor.parse(data, "b.pdf", SMALL)
    assert extractor.pid == first


def test_an_unreadable_pdf_is_a_parse_error_and_the_child_stays(extractor, pdf_letters) -> None:
    extractor.parse(pdf_letters[0], "a.pdf", SMALL)
    first = extractor.pid
    with pytest.raises(ParseError, match="not a readable PDF") as caught:
        extractor.parse(b"%PDF-1.7\nnot really", "broken.pdf", SMALL)
    assert not isinstance(caught.value, LimitExceeded)
    extractor.parse(pdf_letters[1], "b.pdf", SMALL)
    assert extractor.pid == first


def test_too_many_pages_are_refused_before_extraction(extractor) -> None:
    with pytest.raises(LimitExceeded, match=r"^PDF has 30 pages; the limit is 20$") as caught:
        extractor.parse(hostile.many_pages(30), "pages.pdf", SMALL)
    assert caught.value.limit == "pages"


def test_nested_xobjects_stop_at_the_memory_limit(extractor, pdf_letters) -> None:
    started = time.monotonic()
    with pytest.raises(LimitExceeded, match=r"^PDF text extraction exceeded 200 MB of memory$") as caught:
        extractor.parse(hostile.nested_xobjects(), "nested.pdf", SMALL)
    assert caught.value.limit == "memory"
    assert time.monotonic() - started < SMALL.seconds, "stopped by the memory limit, not the clock"
    assert extractor.pid is None, "the child that failed is gone"
    assert extractor.parse(pdf_letters[0], "next.pdf", SMALL).treatments, "a new child reads the next letter"


def test_the_flate_bomb_stops_at_the_memory_limit(extractor) -> None:
    with pytest.raises(LimitExceeded, match="exceeded 200 MB of memory"):
        extractor.parse(hostile.flate_bomb(), "bomb.pdf", SMALL)


def test_overprinted_text_stops_at_the_time_limit(extractor) -> None:
    limits = Limits(memory_mb=200, seconds=2)
    started = time.monotonic()
    with pytest.raises(LimitExceeded, match=r"^PDF text extraction took longer than 2 s$") as caught:
        extractor.parse(hostile.overprinted_text(), "spin.pdf", limits)
    assert caught.value.limit == "seconds"
    assert 2 <= time.monotonic() - started < 2 + 1.5


def test_a_child_killed_by_a_signal_is_a_crash(extractor, pdf_letters) -> None:
    """A segmentation fault of pdfium, or the kernel's out-of-memory killer: a real signal to the child."""
    extractor.parse(pdf_letters[0], "a.pdf", SMALL)
    pid = extractor.pid
    threading.Timer(0.5, os.kill, (pid, signal.SIGSEGV)).start()
    with pytest.raises(LimitExceeded, match=r"^the PDF extractor crashed \(signal 11, SIGSEGV\)$") as caught:
        extractor.parse(hostile.overprinted_text(), "spin.pdf", Limits(memory_mb=200, seconds=30))
    assert caught.value.limit == "crash"
    assert not psutil.pid_exists(pid) or psutil.Process(pid).status() == psutil.STATUS_ZOMBIE


def test_the_text_of_a_letter_has_a_limit(extractor, pdf_letters) -> None:
    with pytest.raises(LimitExceeded, match=r"^PDF text has [\d,]+ characters; the limit is 100$"):
        extractor.parse(pdf_letters[0], "long.pdf", Limits(max_text=100))


def test_the_child_gets_none_of_the_parents_secrets(extractor, pdf_letters, monkeypatch) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgres://portal:secret@db/portal")
    extractor.parse(pdf_letters[0], "a.pdf", SMALL)
    environ = psutil.Process(extractor.pid).environ()
    assert "DATABASE_URL" not in environ
    assert set(environ) <= {"PATH", "LANG", "LC_ALL", "TMPDIR", "VIRTUAL_ENV", "PYTHONPATH"}


def test_the_child_dies_with_its_parent(pdf_letters, tmp_path) -> None:
    """A pool process killed outright (SIGKILL) leaves no extractor behind."""
    letter = tmp_path / "letter.pdf"
    letter.write_bytes(pdf_letters[0])
    script = textwrap.dedent(
        f"""
        import sys, time
        from ingest.parsing.sandbox import Limits, parse_pdf
        parse_pdf(open({str(letter)!r}, "rb").read(), "a.pdf", Limits())
        print("ready", flush=True)
        time.sleep(60)
        """
    )
    parent = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, cwd=os.getcwd())
    try:
        assert parent.stdout is not None
        assert parent.stdout.readline().strip() == b"ready"
        (child,) = psutil.Process(parent.pid).children()
        parent.kill()
        parent.wait()
        child.wait(timeout=10)  # gone, not orphaned
    finally:
        if parent.poll() is None:
            parent.kill()
            parent.wait()


def test_in_process_the_nested_file_kills_a_memory_limited_reader() -> None:
    """What the child spares the worker: the same read in one process with an address-space limit (as a
    container's memory limit would) aborts that process (issue #13: `ingest --sync` exited with 134)."""
    script = textwrap.dedent(
        """
        import resource
        from ingest.generator import hostile
        from ingest.parsing import parse_bytes
        limit = 600 * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
        parse_bytes(hostile.nested_xobjects(), "nested.pdf")
        """
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, timeout=120, check=False)
    assert result.returncode == -signal.SIGABRT, result.stderr.decode()[-2000:]


def test_the_module_keeps_one_extractor_per_process(pdf_letters) -> None:
    parse_pdf(pdf_letters[0], "a.pdf", SMALL)
    children = {p.pid for p in psutil.Process().children() if "ingest.parsing.sandbox" in p.cmdline()}
    parse_pdf(pdf_letters[1], "b.pdf", SMALL)
    assert {p.pid for p in psutil.Process().children() if "ingest.parsing.sandbox" in p.cmdline()} == children
    assert len(children) == 1


@pytest.mark.parametrize(
    ("megabytes", "text"), [(1024, "1 GB"), (2048, "2 GB"), (256, "256 MB"), (1536, "1,536 MB")]
)
def test_memory_reads_as_people_write_it(megabytes: int, text: str) -> None:
    assert describe_memory(megabytes) == text


def test_cpu_limit_is_what_the_child_used_plus_the_letters_seconds() -> None:
    """The soft CPU limit moves up before each letter; the hard one stays open (so it can move)."""
    script = textwrap.dedent(
        """
        import resource
        from ingest.parsing.sandbox import _limit_cpu
        sum(range(3_000_000))
        _limit_cpu(5)
        print(*resource.getrlimit(resource.RLIMIT_CPU))
        """
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    soft, hard = (int(value) for value in result.stdout.split())
    assert 6 <= soft <= 8
    assert hard == resource.RLIM_INFINITY

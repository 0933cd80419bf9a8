"""Start, find and stop background processes by pid file (never by name)."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Service data, logs and pid files; independent of PORTAL_VAR_DIR so that test runs with their own
# database folder still find the services this project started.
VAR = Path(os.environ.get("PORTAL_SERVICES_DIR", ROOT / "var"))
RUN_DIR = VAR / "run"
LOG_DIR = VAR / "log"


@dataclass(frozen=True)
class Managed:
    name: str

    @property
    def pid_file(self) -> Path:
        return RUN_DIR / f"{self.name}.pid"

    @property
    def log_file(self) -> Path:
        return LOG_DIR / f"{self.name}.log"

    def pid(self) -> int | None:
        """The pid from our pid file when that process is still alive."""
        try:
            pid = int(self.pid_file.read_text().strip())
        except (FileNotFoundError, ValueError):
            return None
        if not alive(pid):
            self.pid_file.unlink(missing_ok=True)
            return None
        return pid

    def start(self, argv: Sequence[str], env: Mapping[str, str] | None = None, cwd: Path = ROOT) -> int:
        RUN_DIR.mkdir(parents=True, exist_ok=True)
        LOG_DIR.mkdir(parents=True, exist_ok=True)
        with self.log_file.open("ab") as log:
            process = subprocess.Popen(
                list(argv),
                cwd=cwd,
                env={**os.environ, **(env or {})},
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group: stop() signals the group
            )
        self.pid_file.write_text(str(process.pid))
        return process.pid

    def stop(self, timeout: float = 30.0) -> bool:
        """SIGTERM the process group we started, SIGKILL it after `timeout`. True if it was running."""
        pid = self.pid()
        if pid is None:
            return False
        _signal_group(pid, signal.SIGTERM)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and alive(pid):
            time.sleep(0.2)
        if alive(pid):
            _signal_group(pid, signal.SIGKILL)
            time.sleep(0.5)
        self.pid_file.unlink(missing_ok=True)
        return True


def _signal_group(pid: int, sig: signal.Signals) -> None:
    try:
        os.killpg(pid, sig)  # the group leader's pid is the group id (start_new_session)
    except ProcessLookupError:
        pass
    except PermissionError:
        os.kill(pid, sig)


def alive(pid: int) -> bool:
    """Whether the process runs: a zombie (exited, not yet reaped by its parent) counts as gone."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:  # a zombie child of ours counts as gone
        waited, _ = os.waitpid(pid, os.WNOHANG)
        return waited == 0
    except ChildProcessError:
        stat = Path(f"/proc/{pid}/stat")
        return stat.exists() and ") Z " not in stat.read_text()


def already_up(label: str, process: Managed, ready: Callable[[], bool], where: str) -> bool:
    """Whether a service is up already: ours (by its pid file), or another that answers ``where``."""
    if pid := process.pid():
        print(f"{label}: already running (pid {pid}) {where}")
        return True
    if ready():
        print(f"{label}: something already answers {where}; using it")
        return True
    return False


def wait_for(check: Callable[[], bool], what: str, timeout: float, log: Path | None = None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.5)
    hint = f" (see {log})" if log else ""
    raise SystemExit(f"{what} did not become ready within {timeout:.0f}s{hint}")

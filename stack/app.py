"""The portal's own processes: a Celery worker, Celery beat and the web site (gunicorn)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import urllib.error
import urllib.request

from stack.procs import VAR, Managed, wait_for

WEB_PORT = int(os.environ.get("WEB_PORT", "8000"))
WEB_URL = f"http://127.0.0.1:{WEB_PORT}"
WORKER = Managed("worker")
BEAT = Managed("beat")
WEB = Managed("web")
BIN = os.path.dirname(sys.executable)


def _celery(*args: str) -> list[str]:
    return [os.path.join(BIN, "celery"), "-A", "portal", *args]


def worker_ready() -> bool:
    result = subprocess.run(
        _celery("inspect", "ping", "--timeout", "2", "--json"),
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    return result.returncode == 0 and "pong" in result.stdout


def start_worker(concurrency: int = 2) -> None:
    if WORKER.pid():
        print(f"Celery worker: already running (pid {WORKER.pid()})")
        return
    argv = _celery(
        "worker", "--loglevel", "INFO", "--concurrency", str(concurrency),
        "--hostname", f"worker-{os.getpid()}@%h", "--without-mingle", "--without-gossip",
    )  # fmt: skip
    pid = WORKER.start(argv)
    wait_for(worker_ready, "Celery worker", timeout=90, log=WORKER.log_file)
    print(f"Celery worker: ready (pid {pid}, concurrency {concurrency})")


def start_beat() -> None:
    if BEAT.pid():
        print(f"Celery beat: already running (pid {BEAT.pid()})")
        return
    schedule = VAR / "celerybeat-schedule"
    pid = BEAT.start(_celery("beat", "--loglevel", "INFO", "--schedule", str(schedule)))
    print(f"Celery beat: started (pid {pid})")


def web_ready() -> bool:
    try:
        with urllib.request.urlopen(f"{WEB_URL}/healthz", timeout=5) as response:
            return bool(json.load(response))
    except urllib.error.HTTPError as error:
        return error.code == 503  # serving, even if a service is still coming up
    except (OSError, ValueError):
        return False


def start_web() -> None:
    if WEB.pid():
        print(f"Web: already running (pid {WEB.pid()}) at {WEB_URL}")
        return
    argv = [
        os.path.join(BIN, "gunicorn"), "portal.wsgi:application",
        "--bind", f"127.0.0.1:{WEB_PORT}", "--workers", "3", "--threads", "2",
        "--timeout", "120", "--access-logfile", "-",
    ]  # fmt: skip
    pid = WEB.start(argv)
    wait_for(web_ready, "Web site", timeout=60, log=WEB.log_file)
    print(f"Web: serving {WEB_URL} (pid {pid})")

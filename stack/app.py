"""The portal's own processes: two Celery workers, Celery beat and the web site (gunicorn).

The main worker consumes ingest and indexing (queues ``celery`` and ``search``); a small worker of
its own consumes the ``alerts`` queue (percolation, alert e-mail), so a long ingest never delays an
alert. `start_workers` starts both.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import urllib.error
import urllib.request

from stack.procs import VAR, Managed, wait_for

WEB_PORT = int(os.environ.get("WEB_PORT", "8000"))
WEB_URL = f"http://127.0.0.1:{WEB_PORT}"
WORKER = Managed("worker")
ALERTS_WORKER = Managed("alerts")
WORKER_QUEUES = "celery,search"
ALERTS_QUEUE = "alerts"
BEAT = Managed("beat")
WEB = Managed("web")
BIN = os.path.dirname(sys.executable)


def _celery(*args: str) -> list[str]:
    return [os.path.join(BIN, "celery"), "-A", "portal", *args]


def worker_ready(hostname: str) -> bool:
    result = subprocess.run(
        _celery("inspect", "ping", "--timeout", "2", "--json", "--destination", hostname),
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    return result.returncode == 0 and "pong" in result.stdout


def _start_celery_worker(label: str, process: Managed, node: str, queues: str, concurrency: int) -> None:
    if pid := process.pid():
        print(f"{label}: already running (pid {pid})")
        return
    hostname = f"{node}-{os.getpid()}@{socket.gethostname()}"
    argv = _celery(
        "worker", "--loglevel", "INFO", "--queues", queues, "--concurrency", str(concurrency),
        "--hostname", hostname, "--without-mingle", "--without-gossip",
    )  # fmt: skip
    pid = process.start(argv)
    wait_for(lambda: worker_ready(hostname), label, timeout=90, log=process.log_file)
    print(f"{label}: ready (pid {pid}, queues {queues}, concurrency {concurrency})")


def start_workers() -> None:
    """Both workers (`python -m stack start worker`)."""
    start_worker()
    start_alerts_worker()


def start_worker(concurrency: int = 2) -> None:
    """The ingest and index worker."""
    _start_celery_worker("Celery worker", WORKER, "worker", WORKER_QUEUES, concurrency)


def start_alerts_worker() -> None:
    """The alerts worker: one process is enough for percolation and e-mail, and it is always free."""
    _start_celery_worker("Celery alerts worker", ALERTS_WORKER, "alerts", ALERTS_QUEUE, 1)


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

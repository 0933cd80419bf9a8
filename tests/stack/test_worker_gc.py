"""A pool process sets its start-up objects aside from the garbage collector (portal.celery)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

CHILD = """
import gc
from celery import signals
import portal.celery  # (sets DJANGO_SETTINGS_MODULE)
import django
django.setup()
assert gc.get_freeze_count() == 0
signals.worker_process_init.send(sender=None)
print(gc.get_freeze_count())
"""


def test_a_pool_process_freezes_what_start_up_built() -> None:
    # In a process of its own: a frozen object stays frozen for the life of the process.
    done = subprocess.run(
        [sys.executable, "-c", CHILD], cwd=ROOT, capture_output=True, text=True, timeout=120, check=True
    )
    assert int(done.stdout.split()[-1]) > 10_000  # Django and the apps, not a handful of objects

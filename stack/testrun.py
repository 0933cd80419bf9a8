"""Run the test suite: start the services it needs, run pytest, stop only what this run started."""

from __future__ import annotations

import os
import subprocess
import sys

from stack import opensearch, redis


def run(pytest_args: list[str]) -> int:
    started = []
    for name, module, process in (
        ("opensearch", opensearch, opensearch.NODE),
        ("redis", redis, redis.SERVER),
    ):
        if process.pid() is None and not module.ready():
            module.start()
            started.append((name, process))
        else:
            print(f"{name}: already running, the tests use it and leave it running")
    try:
        env = {**os.environ, "PORTAL_TEST_RUN": "1"}
        argv = [sys.executable, "-m", "pytest", *pytest_args]
        print("==", " ".join(argv[1:]), flush=True)
        return subprocess.call(argv, env=env)
    finally:
        for name, process in reversed(started):
            process.stop()
            print(f"{name}: stopped (started by this test run)")

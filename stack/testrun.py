"""Run the test suite: start the services it needs, run pytest, stop only what this run started."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from typing import NamedTuple

from stack import opensearch, postgres, redis
from stack.procs import Managed


class Service(NamedTuple):
    name: str
    process: Managed
    ready: Callable[[], bool]
    start: Callable[[], None]
    stop: Callable[[], object]


def needed() -> list[Service]:
    services = [
        Service("opensearch", opensearch.NODE, opensearch.ready, opensearch.start, opensearch.NODE.stop),
        Service("redis", redis.SERVER, redis.ready, redis.start, redis.SERVER.stop),
    ]
    if postgres.used():
        services.append(Service("postgres", postgres.SERVER, postgres.ready, postgres.start, postgres.stop))
    else:
        print("postgres: not started, DATABASE_URL names another database")
    return services


def run(pytest_args: list[str]) -> int:
    started = []
    for service in needed():
        if service.process.pid() is None and not service.ready():
            service.start()
            started.append(service)
        else:
            print(f"{service.name}: already running, the tests use it and leave it running")
    try:
        env = {**os.environ, "PORTAL_TEST_RUN": "1"}
        argv = [sys.executable, "-m", "pytest", *pytest_args]
        print("==", " ".join(argv[1:]), flush=True)
        return subprocess.call(argv, env=env)
    finally:
        for service in reversed(started):
            service.stop()
            print(f"{service.name}: stopped (started by this test run)")

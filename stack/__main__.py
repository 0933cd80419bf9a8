"""python -m stack {install,start,stop,status} [service ...] | test [pytest args]

Services: opensearch, redis, postgres, worker (the ingest and index worker, and the alerts worker
beside it), alerts (that one alone), beat, web. `start` with no names starts opensearch, redis and
postgres (what the tests need); `stop` with no names stops every service this project started, by
pid file, the three-node cluster of `python -m stack.cluster` included.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable

from stack import app, browser, cluster, opensearch, postgres, redis, testrun
from stack.procs import Managed

STARTERS: dict[str, Callable[[], None]] = {
    "opensearch": opensearch.start,
    "redis": redis.start,
    "postgres": postgres.start,
    "worker": app.start_workers,
    "alerts": app.start_alerts_worker,
    "beat": app.start_beat,
    "web": app.start_web,
}
PROCESSES: dict[str, Managed] = {
    "opensearch": opensearch.NODE,
    "redis": redis.SERVER,
    "postgres": postgres.SERVER,
    "worker": app.WORKER,
    "alerts": app.ALERTS_WORKER,
    "beat": app.BEAT,
    "web": app.WEB,
}
SERVICES = ["opensearch", "redis", "postgres"]
STOP_ORDER = ["web", "beat", "alerts", "worker", "postgres", "redis", "opensearch"]


def default_services() -> list[str]:
    """What `start` with no names starts: the services the portal and its tests use."""
    if postgres.used():
        return SERVICES
    print("postgres: not started, DATABASE_URL names another database")
    return [name for name in SERVICES if name != "postgres"]


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m stack", description=__doc__)
    parser.add_argument("command", choices=["install", "start", "stop", "status", "test"])
    parser.add_argument("services", nargs="*", help="services, or pytest arguments after `test`")
    args, extra = parser.parse_known_args()
    names: list[str] = args.services
    if args.command == "test":
        raise SystemExit(testrun.run([*names, *extra]))
    unknown = set(names) - set(STARTERS)
    if unknown:
        parser.error(f"unknown service(s): {', '.join(sorted(unknown))}")
    if args.command == "install":
        redis.install()
        postgres.install()
        cluster.install()  # the single node's jars, and the launcher the cluster's nodes need
        browser.install()
    elif args.command == "start":
        for name in names or default_services():
            STARTERS[name]()
    elif args.command == "stop":
        if not names and cluster.running():
            cluster.stop()
        for name in [n for n in STOP_ORDER if n in (names or STOP_ORDER)]:
            if name == "postgres":
                postgres.stop()  # a fast shutdown of the server alone, not a signal to its group
            elif PROCESSES[name].stop():
                print(f"{name}: stopped")
    else:
        for name, process in PROCESSES.items():
            pid = process.pid()
            print(f"{name:11} {'running, pid ' + str(pid) if pid else 'stopped'}")
        if cluster.running():
            cluster.status()


if __name__ == "__main__":
    main()

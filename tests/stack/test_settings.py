"""Settings come from the environment; production settings pass `check --deploy` cleanly."""

from __future__ import annotations

import ast
import os
import re
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured

from portal.email import email_settings
from portal.env import env_bool, env_int, env_list
from tests.conftest import ROOT, database_url_for_workers

PRODUCTION_ENV = {
    "DEBUG": "false",
    "SECRET_KEY": "x7!kq2#Lm9@vR4$tP8^wZ1&nB6*cF3(hJ5)dG0-sY_eU+aO=iQ]rT[yW}oN{lM;",
    "ALLOWED_HOSTS": "imr.example.org",
    "DATABASE_URL": "postgres://imr:secret@db.example.org:5432/imr",
    "REDIS_URL": "redis://redis.example.org:6379/0",
    "OPENSEARCH_URL": "http://opensearch.example.org:9200",
    "EMAIL_URL": "smtp+tls://mailer:pw@smtp.example.org:587",
    "PORTAL_BASE_URL": "https://imr.example.org",
}
DEV_SECRET = "dev-only-insecure-secret-key-change-me-in-production-0123456789"


def run_manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    test_only = {"PORTAL_TESTING", "DJANGO_ALLOW_ASYNC_UNSAFE"}  # set for the suite, never in production
    clean = {k: v for k, v in os.environ.items() if k not in PRODUCTION_ENV and k not in test_only}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, "PORTAL_TESTING": "0", **env},
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_settings_pass_check_deploy_without_warnings() -> None:
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_without_secret_key_fails_loudly() -> None:
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "SECRET_KEY"}
    result = run_manage("check", env=env)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_database_url_selects_postgresql() -> None:
    code = "from django.conf import settings; print(settings.DATABASES['default']['ENGINE'])"
    result = run_manage("shell", "-c", code, env=PRODUCTION_ENV)
    assert result.stdout.strip().splitlines()[-1] == "django.db.backends.postgresql", result.stderr


@pytest.mark.parametrize(
    ("url", "backend"),
    [
        ("console://", "django.core.mail.backends.console.EmailBackend"),
        ("locmem://", "django.core.mail.backends.locmem.EmailBackend"),
        ("smtp+tls://u:p%40ss@mail.example.org:587", "django.core.mail.backends.smtp.EmailBackend"),
    ],
)
def test_email_url(url: str, backend: str) -> None:
    assert email_settings(url)["EMAIL_BACKEND"] == backend


def test_email_url_smtp_fields() -> None:
    parsed = email_settings("smtp+tls://u:p%40ss@mail.example.org:587")
    assert (parsed["EMAIL_HOST"], parsed["EMAIL_PORT"], parsed["EMAIL_HOST_PASSWORD"]) == (
        "mail.example.org",
        587,
        "p@ss",
    )
    assert parsed["EMAIL_USE_TLS"] is True


def test_email_url_rejects_unknown_scheme() -> None:
    with pytest.raises(ImproperlyConfigured):
        email_settings("pigeon://coop")


def test_env_readers(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("X_BOOL", "yes")
    monkeypatch.setenv("X_INT", "42")
    monkeypatch.setenv("X_LIST", "a, b,,c")
    assert env_bool("X_BOOL") is True
    assert env_int("X_INT", 0) == 42
    assert env_list("X_LIST") == ["a", "b", "c"]
    monkeypatch.setenv("X_BOOL", "maybe")
    with pytest.raises(ImproperlyConfigured):
        env_bool("X_BOOL")


def test_media_files_are_not_served_directly(client) -> None:
    assert client.get("/media/letters/anything.pdf").status_code == 404


def test_container_health_check_host_is_allowed_in_production(db) -> None:
    code = (
        "from django.test import Client; r = Client(HTTP_HOST='127.0.0.1:8000', secure=True)"
        ".get('/healthz/live'); print(r.status_code)"
    )
    env = {**PRODUCTION_ENV, "DATABASE_URL": database_url_for_workers()}  # this run's test database
    result = run_manage("shell", "-c", code, env=env)
    assert result.stdout.strip().splitlines()[-1] == "200", result.stderr


def test_debug_is_off_unless_asked_for() -> None:
    """Without DEBUG in the environment the settings are production's: no key, no start."""
    env = {k: v for k, v in PRODUCTION_ENV.items() if k not in ("DEBUG", "SECRET_KEY")}
    result = run_manage("check", env=env)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr
    code = "from django.conf import settings; print(settings.DEBUG)"
    result = run_manage("shell", "-c", code, env={k: v for k, v in PRODUCTION_ENV.items() if k != "DEBUG"})
    assert result.stdout.strip().splitlines()[-1] == "False", result.stderr


def test_the_development_key_is_refused_in_production() -> None:
    result = run_manage("check", env={**PRODUCTION_ENV, "SECRET_KEY": DEV_SECRET})
    assert result.returncode != 0
    assert "development key" in result.stderr


@pytest.mark.parametrize("name", ["EMAIL_URL", "PORTAL_BASE_URL"])
def test_production_needs_its_mail_server_and_address(name: str) -> None:
    """Without them, password resets and alerts would go to the log, their links to 127.0.0.1."""
    result = run_manage("check", env={k: v for k, v in PRODUCTION_ENV.items() if k != name})
    assert result.returncode != 0
    assert name in result.stderr


def test_development_is_asked_for_explicitly() -> None:
    code = "from django.conf import settings as s; print(s.DEBUG, s.EMAIL_BACKEND, s.PORTAL_BASE_URL)"
    result = run_manage("shell", "-c", code, env={"DEBUG": "true"})
    assert result.stdout.strip().splitlines()[-1] == (
        "True django.core.mail.backends.console.EmailBackend http://127.0.0.1:8000"
    ), result.stderr


def test_smtp_has_a_timeout() -> None:
    code = "from django.conf import settings; print(settings.EMAIL_TIMEOUT)"
    result = run_manage("shell", "-c", code, env=PRODUCTION_ENV)
    assert int(result.stdout.strip().splitlines()[-1]) > 0, result.stderr


def environment_names_read() -> set[str]:
    """Every environment variable the settings read (portal/settings.py's env_* calls, and the
    ingest limits of ingest/conf.py, which fall back to the environment)."""
    tree = ast.parse((ROOT / "portal" / "settings.py").read_text())
    names = {
        node.args[0].value
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id.startswith("env_")
        and node.args
        and isinstance(node.args[0], ast.Constant)
    }
    from ingest import conf

    return names | set(conf.DEFAULTS)


def readme_configuration_names() -> set[str]:
    readme = (ROOT / "README.md").read_text()
    section = readme.split("\n## Configuration\n", 1)[1].split("\n## ", 1)[0]
    names: set[str] = set()
    for line in section.splitlines():
        if line.startswith("| `"):
            names |= set(re.findall(r"`([A-Z][A-Z0-9_]+)`", line.split("|")[1]))
    return names


def test_the_readme_documents_every_variable_the_settings_read() -> None:
    read, documented = environment_names_read(), readme_configuration_names()
    assert {"DATABASE_URL", "INGEST_CHUNK_SIZE"} <= read  # the reader finds both kinds
    assert not read - documented, f"README's configuration table lacks {sorted(read - documented)}"


def test_only_postgresql_is_a_database_of_the_portal() -> None:
    env = {**PRODUCTION_ENV, "DATABASE_URL": "sqlite:////tmp/imr.sqlite3"}
    result = run_manage("check", env=env)
    assert result.returncode != 0
    assert "must name a PostgreSQL database" in result.stderr


def test_an_unknown_original_files_for_fails_loudly() -> None:
    result = run_manage("check", env={"DEBUG": "true", "ORIGINAL_FILES_FOR": "everyone"})
    assert result.returncode != 0
    assert "ORIGINAL_FILES_FOR" in result.stderr

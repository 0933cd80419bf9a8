"""The Content-Security-Policy: on every page, and nothing in the templates that it would block."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.contrib.auth.models import User

from ingest.models import Letter

pytestmark = pytest.mark.integration

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
HANDLER = re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)
JS_URL = re.compile(r"javascript:", re.IGNORECASE)
STYLE_ATTR = re.compile(r"\sstyle\s*=", re.IGNORECASE)


def page_templates() -> list[Path]:
    """Every template a browser renders (e-mails are not pages: a mail client ignores the header)."""
    return [p for p in sorted(TEMPLATES.rglob("*.html")) if "emails" not in p.parts]


@pytest.mark.parametrize("path", page_templates(), ids=lambda p: str(p.relative_to(TEMPLATES)))
def test_no_template_has_inline_script_handlers_or_style_attributes(path: Path):
    text = path.read_text()
    for pattern in (INLINE_SCRIPT, HANDLER, JS_URL, STYLE_ATTR):
        assert not pattern.search(text), f"{path.name}: {pattern.pattern} would be blocked by the CSP"


def test_the_policy_allows_only_the_sites_own_scripts_and_styles(client, db):
    policy = client.get("/accounts/login/")["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["base-uri"] == "'self'"
    assert directives["form-action"] == "'self'"


def test_every_page_answers_with_the_policy(client, corpus, settings):
    staff = User.objects.create_superuser("csp-admin", "csp@example.com", "a-long-password-123")
    case_number = Letter.objects.get(pk=corpus.letter_ids[0]).case_number
    client.force_login(staff)
    pages = [
        "/",
        "/?q=request",
        f"/letters/{case_number}/",
        "/outcomes",
        "/outcomes/compare",
        "/outcomes/phrases",
        "/accounts/",
        "/saved/",
        "/api/",
        "/admin/",
        "/admin/ingest/ingestbatch/",
        f"/admin/ingest/ingestbatch/{corpus.batch_id}/change/",
    ]
    for page in pages:
        response = client.get(page)
        assert response.status_code == 200, page
        assert "script-src 'self'" in response["Content-Security-Policy"], page
    client.logout()
    for page in ("/accounts/login/", "/accounts/password_reset/"):
        assert "Content-Security-Policy" in client.get(page), page

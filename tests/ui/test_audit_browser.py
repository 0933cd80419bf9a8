"""The audit trail in Chromium: a member signs in, searches, opens a letter and exports CSV; a staff
user then opens the audit page, filters by that member and sees exactly those events (screenshot)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.core.cache import cache
from playwright.sync_api import Page, expect

from accounts.models import AuditEvent, AuditKind
from accounts.services import create_account
from tests.conftest import wait_until
from tests.ui.test_search_ui import common_word

pytestmark = pytest.mark.django_db(transaction=True)


def sign_in(page: Page, site: str, username: str, password: str) -> None:
    page.goto(f"{site}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="Search")).to_be_visible()


def test_staff_see_a_members_searches_views_and_exports(page: Page, site: str, shot):
    cache.clear()  # the search dedupe's memory of earlier runs (keyed by user id)
    member = create_account("wanda", "wanda@example.com", "member long passphrase")
    create_account("audrey", "audrey@example.com", "staff long passphrase", staff=True)
    word = common_word()

    sign_in(page, site, "wanda", "member long passphrase")
    page.locator("#q").fill(word)
    page.locator("#q").press("Enter")
    # the landing page lists letters already: wait for the search's own results before opening one
    expect(page).to_have_url(re.compile(rf"[?&]q={word}(&|$)"))
    expect(page.locator(".hit__case a").first).to_be_visible()
    page.locator(".hit__case a").first.click()
    expect(page.locator("h1.letter__title")).to_be_visible()
    case_number = page.url.split("/letters/", 1)[1].split("/", 1)[0]
    page.go_back()
    expect(page.locator(".hit__case a").first).to_be_visible()
    with page.expect_download() as info:
        page.get_by_role("link", name="Export CSV").click()
    lines = Path(info.value.path()).read_text(encoding="utf-8-sig").strip().splitlines()
    wait_until(lambda: AuditEvent.objects.filter(kind=AuditKind.EXPORT).exists(), 30, "the export's event")
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, site, "audrey", "staff long passphrase")
    page.goto(f"{site}/accounts/audit/")
    page.get_by_label("User name").fill("wanda")
    page.get_by_role("button", name="Filter").click()
    rows = page.locator("[data-testid=audit-events] tbody tr")
    expect(page.locator(".audit-count")).to_be_visible()
    kinds = [row.get_attribute("data-kind") for row in rows.all()]
    assert kinds == ["sign_out", "export", "letter_view", "search", "sign_in"]  # newest first
    assert rows.nth(3).locator(".audit-query").inner_text() == f"q={word}"
    assert rows.nth(2).locator("td").nth(4).inner_text() == case_number
    assert rows.nth(1).locator("td").nth(6).inner_text() == str(len(lines) - 1)  # the rows sent, header aside
    assert set(AuditEvent.objects.filter(username="wanda").values_list("user", flat=True)) == {member.pk}
    shot(page, "audit-trail")

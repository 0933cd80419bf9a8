"""Browser: sign in, search, save the search, find it in "My searches", run it again."""

from __future__ import annotations

import re

import pytest

from accounts.services import create_account
from search.models import SavedQuery
from tests.conftest import SCREENSHOTS
from tests.saved.factory import acupuncture, index, massage

pytestmark = [pytest.mark.browser, pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def shot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"saved-{name}.png"), full_page=True)


def test_sign_in_search_save_list_rerun(page, live_server, search_index, settings):
    settings.SEARCH_REQUIRES_LOGIN = True
    create_account("attorney", "attorney@example.com", "a long browser passphrase")
    letters = [acupuncture("overturned"), acupuncture("upheld"), massage()]
    index(letters)

    page.goto(f"{live_server.url}/?q=acupuncture")
    page.wait_for_url(re.compile(r"/accounts/login/\?next="))
    shot(page, "1-sign-in")
    page.get_by_label("Username").fill("attorney")
    page.get_by_label("Password").fill("a long browser passphrase")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r"/\?q=acupuncture"))
    for letter in letters[:2]:
        assert page.get_by_text(letter.case_number).first.is_visible()
    shot(page, "2-results")

    page.get_by_role("link", name="Save this search").click()
    page.wait_for_url(re.compile(r"/saved/new\?q=acupuncture"))
    page.get_by_label("Name").fill("Acupuncture decisions")
    page.get_by_label("Email alerts").select_option("daily")
    with page.expect_navigation():
        page.get_by_role("button", name="Save this search").click()
    assert re.search(r"/\?q=acupuncture", page.url)
    assert page.get_by_text("Saved “Acupuncture decisions”").is_visible()

    page.get_by_role("link", name="My searches").click()
    page.wait_for_url(re.compile(r"/saved/$"))
    row = page.locator("tr", has_text="Acupuncture decisions")
    assert row.locator(".saved-count").inner_text().strip() == "2"
    assert "Daily digest" in row.inner_text()
    shot(page, "3-my-searches")

    saved_at = SavedQuery.objects.get(name="Acupuncture decisions").last_run_at
    with page.expect_navigation():
        row.get_by_role("link", name="Run").click()
    assert re.search(r"/\?q=acupuncture", page.url)
    assert page.get_by_text(letters[0].case_number).first.is_visible()
    rerun_at = SavedQuery.objects.get(name="Acupuncture decisions").last_run_at
    assert saved_at is None or rerun_at > saved_at, "Run (a POST through htmx) records the run"
    shot(page, "4-rerun")

"""The letter page in a real browser: highlighted hits and the hit navigator, result navigation."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.ui.test_search_ui import common_word

pytestmark = [pytest.mark.browser, pytest.mark.integration]


def test_hit_navigation_on_the_letter_page(page: Page, site: str, shot):
    word = common_word()
    page.goto(f"{site}/?q={word}")
    page.locator(".hit__case a").first.click()
    expect(page.locator("h1.letter__title")).to_be_visible()
    marks = page.locator("mark.term-hit")
    status = page.locator(".js-hit-status")
    # the page's own "N hits highlighted" satisfies the count below before its script has set up the
    # hit navigator (after the whole page is read): wait for the script's words before counting marks
    expect(status).to_contain_text("press n / p")
    total = marks.count()
    assert total >= 1
    expect(status).to_contain_text(f"{total} hit")

    page.get_by_role("link", name="Next hit").click()
    expect(status).to_have_text(f"Hit 1 of {total}")
    expect(page.locator("mark.is-current")).to_have_attribute("id", "hit-1")
    expect(page.locator("mark.is-current")).to_be_in_viewport()
    if total > 1:
        page.keyboard.press("n")
        expect(status).to_have_text(f"Hit 2 of {total}")
        expect(page).to_have_url(re.compile(r"#hit-2$"))
    page.get_by_role("link", name="Previous hit").click()
    expect(status).to_have_text(re.compile(rf"Hit \d+ of {total}"))
    expect(page.locator("#similar")).not_to_contain_text("Looking for")  # loaded after the letter (htmx)
    shot(page, "letter-hit-navigation", full_page=False)
    shot(page, "letter-full")
    page.emulate_media(media="print")
    expect(page.locator(".letter-aside")).to_be_hidden()
    shot(page, "letter-print")
    page.emulate_media(media="screen")

    next_result = page.get_by_role("link", name="Next result")
    if next_result.count():
        first_title = page.locator("h1.letter__title").inner_text()
        next_result.click()
        expect(page.locator("h1.letter__title")).not_to_have_text(first_title)
        expect(page.locator(".letter-nav__pos")).to_contain_text("Result 2")
    page.get_by_role("link", name="Back to results").click()
    expect(page).not_to_have_url(re.compile(r"/letters/"))  # the letter's own address has q= too
    expect(page).to_have_url(re.compile(rf"q={word}"))
    expect(page.locator(".hit").first).to_be_visible()


def test_letter_page_on_a_phone(browser, site: str, shot):
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True
    )
    page = context.new_page()
    page.goto(f"{site}/?q=request")
    page.locator(".hit__case a").first.click()
    expect(page.locator("h1.letter__title")).to_be_visible()
    # "Similar decisions" fills in after the letter (htmx): measure the page it makes
    expect(page.locator("#similar")).not_to_contain_text("Looking for")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    shot(page, "letter-phone", full_page=False)
    context.close()


def test_the_letter_page_shows_how_each_category_was_decided_and_whose_guidelines(
    page: Page, site: str, shot
):
    page.goto(f"{site}/?admin_guideline=ODG")
    page.locator(".hit__case a").first.click()
    expect(page.locator("h1.letter__title")).to_be_visible()
    expect(page.locator(".dispute__basis").first).to_contain_text("Category from the")
    expect(page.get_by_role("heading", name="Cited by the claims administrator").first).to_be_visible()
    reviewer = page.get_by_role("heading", name="Guidelines the IMR reviewer relied on")
    assert reviewer.count() >= 1
    page.locator(".guidelines--administrator").first.scroll_into_view_if_needed()
    shot(page, "letter-guidelines-by-party", full_page=False)

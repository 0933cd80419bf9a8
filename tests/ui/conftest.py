"""Browser tests: pytest-playwright driving Debian's Chromium against pytest-django's live server."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import ConsoleMessage, Page

from tests.conftest import SCREENSHOTS, CorpusShape
from tests.views.corpus import Corpus


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict) -> dict:
    return {**browser_context_args, "viewport": {"width": 1360, "height": 900}, "accept_downloads": True}


# An empty style attribute (style="", which applies nothing) is still reported: htmx's history restore
# (the back button) brings some back on inputs. Its hash is the empty string's.
EMPTY_STYLE = "sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="
REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (e) => {
  const target = e.target;
  const emptyStyle = target.getAttribute && target.getAttribute("style") === "";
  if (e.violatedDirective.startsWith("style-src") && emptyStyle) return;
  window.reportCspViolation(
    `${e.violatedDirective} blocked ${e.blockedURI} at ${e.sourceFile}:${e.lineNumber}`
    + ` on ${(target.outerHTML || "").slice(0, 160)}`
  );
});
"""


@pytest.fixture
def page(page: Page) -> Iterator[Page]:
    """pytest-playwright's page, failing the test on any Content-Security-Policy violation: a console
    message from Chromium ("... violates the following Content Security Policy ...") or a
    securitypolicyviolation event in the page."""
    violations: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        if "Content Security Policy" in message.text and EMPTY_STYLE not in message.text:
            violations.append(message.text)

    page.on("console", on_console)
    page.expose_function("reportCspViolation", lambda text: violations.append(text))
    page.add_init_script(REPORT_VIOLATIONS)
    yield page
    assert not violations, f"Content-Security-Policy violations: {violations}"


@pytest.fixture(scope="module")
def corpus_shape() -> CorpusShape:
    """The browser tests' own generated letters (``corpus_module``, tests/conftest.py)."""
    return {"count": 40, "seed": 5}


@pytest.fixture
def site(corpus_module: Corpus, live_server, settings) -> str:
    """The live server's base URL, with the corpus in the database and search open to anonymous users."""
    settings.SEARCH_REQUIRES_LOGIN = False
    corpus_module.restore()
    return live_server.url


@pytest.fixture
def shot():
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def take(page, name: str, *, full_page: bool = True) -> Path:
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=full_page)
        return path

    return take

"""Browser tests: Playwright for Python driving Debian's Chromium against the live server."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

# Playwright's sync API runs an event loop in this thread; the test's own database
# work is still synchronous, so Django's async guard would otherwise refuse it.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("TSUNAGU_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AXE_SOURCE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text(encoding="utf-8")
QUICK_EXIT_URL = "http://quick-exit.test/forecast"


def pytest_collection_modifyitems(items):
    # This hook sees every collected test, so mark only the ones in this folder.
    here = Path(__file__).parent
    for item in items:
        if here in item.path.parents:
            item.add_marker(pytest.mark.e2e)
            # The live server needs committed data, so these tests are transactional; the
            # serialized rollback restores what data migrations wrote (the trouble
            # taxonomy), which each test's flush would otherwise wipe for the next one.
            item.add_marker(pytest.mark.django_db(transaction=True, serialized_rollback=True))


@pytest.fixture(scope="session")
def browser() -> Browser:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def site(live_server, settings):
    settings.TSUNAGU_QUICK_EXIT_URL = QUICK_EXIT_URL
    return live_server.url


def _new_page(browser: Browser, **context_options) -> Page:
    context = browser.new_context(locale="ja-JP", **context_options)
    page = context.new_page()
    # The quick exit leaves for a real site; this machine has no internet, so answer it here.
    page.route(
        "http://quick-exit.test/**",
        lambda route: route.fulfill(
            status=200, content_type="text/html", body="<title>天気予報</title>"
        ),
    )
    return page


@pytest.fixture
def page(browser: Browser) -> Page:
    page = _new_page(browser)
    yield page
    page.context.close()


@pytest.fixture
def page_without_js(browser: Browser) -> Page:
    page = _new_page(browser, java_script_enabled=False)
    yield page
    page.context.close()


@pytest.fixture
def phone_page(browser: Browser) -> Page:
    page = _new_page(browser, viewport={"width": 360, "height": 740}, is_mobile=True)
    yield page
    page.context.close()


def axe_violations(page: Page, impacts=("serious", "critical")) -> list[dict]:
    """Run axe-core in the page and return the violations of the given impacts."""
    # evaluate() runs through the DevTools protocol, so the site's strict CSP (no inline
    # scripts) stays on for the page while axe is injected for the check.
    page.evaluate(AXE_SOURCE)
    result = page.evaluate("async () => await axe.run(document)")
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]]}
        for v in result["violations"]
        if v["impact"] in impacts
    ]

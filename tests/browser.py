"""Headless Chromium for the browser tests: Debian's /usr/bin/chromium driven by Playwright.

Never downloads a browser (no `playwright install`): the system Chromium is required, and a
test that needs it FAILS with a one-line Dutch message when it is missing.

    from browser import chromium, watched_page  # tests/ is on sys.path (rootdir conftest)

    def test_x(chromium):                        # session-scoped Browser fixture
        with watched_page(chromium) as (page, console_errors, requests):
            page.goto(url)

Or use `launch()` as a context manager.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest

CHROMIUM = os.environ.get("WORKBOOK_CHROMIUM", "/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def chromium_path() -> str:
    """The Chromium executable, or a failing test with a Dutch explanation."""
    path = CHROMIUM if os.path.isfile(CHROMIUM) else shutil.which("chromium")
    if not path:
        pytest.fail(
            "Chromium ontbreekt: installeer het met 'apt-get install -y chromium' "
            "(make test doet dit); browsertests kunnen niet draaien.",
            pytrace=False,
        )
    return path


@contextmanager
def launch() -> Iterator[Any]:
    """A headless Chromium browser (Playwright's Browser)."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail(
            "Playwright ontbreekt: installeer de ontwikkelpakketten met "
            "\"pip install -e '.[dev]'\"; browsertests kunnen niet draaien.",
            pytrace=False,
        )
    executable = chromium_path()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    """One browser for the whole session; make a fresh page (or context) per test."""
    with launch() as browser:
        yield browser


@contextmanager
def watched_page(browser: Any, **context_options: Any) -> Iterator[tuple[Any, list[str], list[str]]]:
    """A page in a fresh context, with the console errors and the URLs of every request."""
    context = browser.new_context(**context_options)
    page = context.new_page()
    errors: list[str] = []
    requests: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("request", lambda r: requests.append(r.url))
    try:
        yield page, errors, requests
    finally:
        context.close()

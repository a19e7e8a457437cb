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

import atexit
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager, suppress
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


_PLAYWRIGHT: Any = None
_SHARED: Any = None


def _playwright() -> Any:
    """One Playwright driver for the whole test process.

    Playwright's sync API allows only one running instance per thread; several test modules
    hold browsers at the same time, so they all share this one (stopped at exit).
    """
    global _PLAYWRIGHT
    if _PLAYWRIGHT is None:
        try:
            from playwright.sync_api import sync_playwright
        except ImportError:
            pytest.fail(
                "Playwright ontbreekt: installeer de ontwikkelpakketten met "
                "\"pip install -e '.[dev]'\"; browsertests kunnen niet draaien.",
                pytrace=False,
            )
        _PLAYWRIGHT = sync_playwright().start()
        atexit.register(_stop)
    return _PLAYWRIGHT


def _stop() -> None:
    global _PLAYWRIGHT, _SHARED
    with suppress(Exception):
        if _SHARED is not None:
            _SHARED.close()
    with suppress(Exception):
        if _PLAYWRIGHT is not None:
            _PLAYWRIGHT.stop()
    _PLAYWRIGHT = _SHARED = None


@contextmanager
def launch() -> Iterator[Any]:
    """A headless Chromium browser of its own (Playwright's Browser), closed afterwards."""
    executable = chromium_path()
    browser = _playwright().chromium.launch(executable_path=executable, args=ARGS)
    try:
        yield browser
    finally:
        with suppress(Exception):
            browser.close()


def shared_browser() -> Any:
    """One browser for the whole test process; open a fresh context (or page) per test."""
    global _SHARED
    if _SHARED is None or not _SHARED.is_connected():
        executable = chromium_path()
        _SHARED = _playwright().chromium.launch(executable_path=executable, args=ARGS)
    return _SHARED


@pytest.fixture(scope="session")
def chromium() -> Any:
    """The shared browser; make a fresh page (or context) per test."""
    return shared_browser()


@contextmanager
def watched_page(
    browser: Any, **context_options: Any
) -> Iterator[tuple[Any, list[str], list[str]]]:
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

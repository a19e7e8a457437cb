"""Full-text search on the site in headless Chromium, served on 127.0.0.1 by `workbook
serve`'s handler: a word from one example's werkwijze finds it first, an inflected form too,
no match says "Geen resultaten"; filters, keyboard, more results, phone width, axe; and the
note in the search field when the site is opened from file://."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from axe import axe_violations, describe
from browser import chromium, watched_page
from search_support import (
    LABEL,
    published_yaml,
    run_search,
    site,
    texts,
    url,
    word_in_one_werkwijze,
    words,
)

from workbook.base.words import LABELS
from workbook.model.book import Book

__all__ = ["chromium", "site", "url"]  # fixtures

# A word of the bundled data and an inflected form of it that occurs nowhere: Dutch
# stemming (Snowball) makes both "wijkkrant", so the inflected form finds the example too.
INFLECTED = ("wijkkrant", "wijkkranten")
NO_MATCH = "xyzzyqq"


# ---------------------------------------------------------------------------------------------
# In the browser, served on 127.0.0.1


def test_a_word_from_one_werkwijze_finds_that_example_first(
    chromium: Any, book: Book, url: str
) -> None:
    word, example_id = word_in_one_werkwijze(book)
    example = next(e for e in book.examples if e.id == example_id)
    with watched_page(chromium) as (page, errors, requests):
        shown = run_search(page, url + "index.html", word)
        assert shown["titles"][0] == example.titel, (word, shown)
        assert shown["hrefs"][0] == f"{url}{example_id}.html"
        assert word in shown["marks"], shown
        n = len(shown["titles"])
        assert shown["status"] == (
            f"1 resultaat voor “{word}”." if n == 1 else f"{n} resultaten voor “{word}”."
        )
        page.click("#zoeken-lijst li:first-child a")
        page.wait_for_url(f"{url}{example_id}.html")
        assert errors == []
        assert all(r.startswith(url) for r in requests), requests


def test_an_inflected_form_finds_it_too(chromium: Any, book: Book, url: str) -> None:
    base, inflected = INFLECTED
    data = published_yaml(book)
    having = [eid for eid, item in data.items() if base in words(item["werkwijze"])]
    assert len(having) == 1, having
    assert all(inflected not in " ".join(texts(item)).lower() for item in data.values())
    example = next(e for e in book.examples if e.id == having[0])
    with watched_page(chromium) as (page, errors, _):
        shown = run_search(page, url + "index.html", inflected)
        assert shown["titles"][0] == example.titel, shown
        assert base in shown["marks"]
        assert errors == []


def test_a_query_without_match_says_geen_resultaten(chromium: Any, url: str) -> None:
    with watched_page(chromium) as (page, errors, _):
        shown = run_search(page, url + "kapot-sterk.html", NO_MATCH)
        assert shown["status"] == f"Geen resultaten voor “{NO_MATCH}”."
        assert shown["titles"] == []
        assert errors == []


def test_the_filters_hold_theme_approach_status_and_province(
    chromium: Any, book: Book, url: str
) -> None:
    labels = LABELS["nl"]
    expected: dict[str, dict[str, int]] = {
        "thema": {t.titel: len(t.examples) for t in book.themes if t.examples}
    }
    for key in ("benadering", "status", "provincie"):
        values = [getattr(e, key) for e in book.examples if getattr(e, key)]
        names = [labels[v] if key != "provincie" else v for v in values]
        expected[key] = {name: names.count(name) for name in names}
    with watched_page(chromium) as (page, _, _):
        page.goto(url + "index.html")
        filters = page.evaluate(
            """async (bundle) => { const pagefind = await import(bundle);
                 await pagefind.init(); return await pagefind.filters(); }""",
            url + "pagefind/pagefind.js",
        )
    assert filters == expected


def test_search_is_usable_with_the_keyboard(chromium: Any, book: Book, url: str) -> None:
    with watched_page(chromium) as (page, errors, _):
        shown = run_search(page, url + "index.html", "ronselen")
        assert len(shown["titles"]) > 1
        field = page.get_by_label(LABEL)
        assert field.get_attribute("aria-controls") == "zoekresultaten"
        assert page.get_attribute("#zoeken-status", "role") == "status"
        field.focus()
        page.keyboard.press("Tab")  # the search button
        page.keyboard.press("Tab")  # then the first result
        active = "() => document.activeElement.textContent"
        assert page.evaluate(active) == shown["titles"][0]
        page.keyboard.press("Escape")  # back to the field
        assert page.evaluate("() => document.activeElement.id") == "zoeken-veld"
        page.keyboard.press("ArrowDown")  # to the first result
        assert page.evaluate(active) == shown["titles"][0]
        page.keyboard.press("Escape")
        page.keyboard.press("Escape")  # clears the field and the results
        assert field.input_value() == ""
        assert page.text_content("#zoeken-status") == ""
        assert page.eval_on_selector_all("#zoeken-lijst li", "els => els.length") == 0
        assert errors == []


def test_more_results_come_on_request(chromium: Any, book: Book, url: str) -> None:
    with watched_page(chromium) as (page, errors, _):
        # A word in every example (each has a "Werkwijze" heading and a summary).
        shown = run_search(page, url + "index.html", "de")
        total = int(shown["status"].split()[0])
        assert total == len(book.examples) > 10
        assert len(shown["titles"]) == 10
        page.click("#zoeken-meer")
        page.wait_for_function(
            f"() => document.querySelectorAll('#zoeken-lijst li').length === {total}"
        )
        assert page.is_hidden("#zoeken-meer")
        # Focus moves to the first of the new results.
        assert page.evaluate("() => document.activeElement.closest('li') !== null")
        assert errors == []


@pytest.mark.parametrize("name", ["index.html", "garageboxen-in-beeld.html"])
def test_axe_finds_no_violations_with_results_shown(chromium: Any, url: str, name: str) -> None:
    with watched_page(chromium) as (page, _, _):
        run_search(page, url + name, "ronselen")
        violations = axe_violations(page)
        assert violations == [], describe(violations)


@pytest.mark.parametrize("width", [1280, 390])
def test_results_fit_desktop_and_phone(chromium: Any, url: str, width: int) -> None:
    with watched_page(chromium, viewport={"width": width, "height": 900}) as (page, _, _):
        run_search(page, url + "kapot-sterk.html", "ronselen")
        assert page.evaluate("() => document.documentElement.scrollWidth") <= width
        box = page.locator("#zoeken-lijst li").first.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width


# ---------------------------------------------------------------------------------------------
# Opened from file://


def test_from_file_the_field_explains_where_search_works(
    chromium: Any, book: Book, site: Path
) -> None:
    with watched_page(chromium) as (page, errors, requests):
        page.goto((site / "index.html").as_uri())
        note = page.locator("#zoeken-uitleg")
        assert note.is_visible()
        text = note.text_content() or ""
        assert "gepubliceerde website" in text and "workbook serve" in text
        field = page.get_by_label(LABEL)
        assert field.is_visible() and not field.is_editable()
        assert field.get_attribute("aria-describedby") == "zoeken-uitleg"
        # The filter keeps working next to it.
        page.select_option("#filter-thema", "onderwijs")
        onderwijs = next(t for t in book.themes if t.id == "onderwijs")
        visible = page.evaluate("() => document.querySelectorAll('.card:not([hidden])').length")
        assert visible == len(onderwijs.examples)
        assert errors == []
        assert all(r.startswith("file://") for r in requests), requests
        # (axe itself tries to read the stylesheets, which a file:// page may not: after.)
        violations = axe_violations(page)
        assert violations == [], describe(violations)

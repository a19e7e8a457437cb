"""Full-text search on the site (Pagefind): what the index holds, the search field on every
page, results in headless Chromium with the site served on 127.0.0.1, the note when the
site is opened from file://, accessibility (axe), `workbook build` and `workbook serve`."""

from __future__ import annotations

import json
import re
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.request import urlopen

import pytest
import yaml
from axe import axe_violations, describe
from browser import chromium, watched_page
from markupsafe import escape

from workbook.errors import BuildError
from workbook.model import Book
from workbook.render import search as search_module
from workbook.render.html import LABELS
from workbook.render.search import BUNDLE, UNUSED_FILES, index_site
from workbook.render.site import write_site
from workbook.serve import Builder, Handler, Server, State

__all__ = ["chromium"]  # the session fixture, used by the browser tests below

REPO = Path(__file__).resolve().parents[1]
LABEL = "Zoeken in de voorbeelden"
# A word of the bundled data and an inflected form of it that occurs nowhere: Dutch
# stemming (Snowball) makes both "wijkkrant", so the inflected form finds the example too.
INFLECTED = ("wijkkrant", "wijkkranten")
NO_MATCH = "xyzzyqq"
WORD = re.compile(r"(?<![\w-])[^\W\d_]+(?![\w-])")


@pytest.fixture(scope="module")
def site(book: Book, tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("dist") / "site"
    write_site(book, target, pdf_name=None, epub_name=None)
    index_site(target)
    return target


@contextmanager
def serving(state: State) -> Iterator[str]:
    """`workbook serve`'s own HTTP handler on 127.0.0.1, in a thread; yields the base URL."""
    server = Server(("127.0.0.1", 0), Handler)
    server.state = state
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture(scope="module")
def url(site: Path) -> Iterator[str]:
    state = State()
    state.publish(site, None)
    with serving(state) as base:
        yield base


def run_search(page: Any, address: str, query: str) -> dict[str, Any]:
    """Open `address`, type `query` into the search field; what the results show."""
    page.goto(address)
    page.get_by_label(LABEL).fill(query)
    page.wait_for_function(
        """(q) => { const s = document.getElementById("zoeken-status").textContent;
                   const n = document.querySelectorAll("#zoeken-lijst li").length;
                   return s.includes(q) && (n > 0 || /^(Geen|0) /.test(s)); }""",
        arg=query,
        timeout=10_000,
    )
    return page.evaluate(
        """() => ({
             status: document.getElementById("zoeken-status").textContent,
             titles: [...document.querySelectorAll("#zoeken-lijst .search-title a")]
               .map(a => a.textContent),
             hrefs: [...document.querySelectorAll("#zoeken-lijst .search-title a")]
               .map(a => a.getAttribute("href")),
             marks: [...document.querySelectorAll("#zoeken-lijst li:first-child mark")]
               .map(m => m.textContent.toLowerCase().replace(/[^\\p{L}]+$/u, "")),
           })"""
    )


# ---------------------------------------------------------------------------------------------
# The bundled data, read from the YAML files


def _texts(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _texts(item)
    elif isinstance(value, list):
        for item in value:
            yield from _texts(item)


def published_yaml(book: Book) -> dict[str, dict[str, Any]]:
    """The data of every published (non-draft) bundled example, by example id."""
    ids = {example.source.as_posix(): example.id for example in book.examples}
    data: dict[str, dict[str, Any]] = {}
    for path in sorted((REPO / "examples").rglob("*.yaml")):
        loaded = yaml.safe_load(path.read_text(encoding="utf-8"))
        if loaded.get("concept") is True:
            continue
        data[ids[path.relative_to(REPO).as_posix()]] = loaded
    assert len(data) == len(book.examples)
    return data


def words(text: str) -> set[str]:
    return set(WORD.findall(text.lower()))


def word_in_one_werkwijze(book: Book) -> tuple[str, str]:
    """(word, example id): the longest word that stands in exactly one example's werkwijze
    and nowhere else in any other example, not even inside another word."""
    data = published_yaml(book)
    everything = {eid: " ".join(_texts(item)).lower() for eid, item in data.items()}
    candidates = []
    for eid, item in data.items():
        for word in words(item["werkwijze"]):
            others = [e for e, text in everything.items() if e != eid and word in text]
            elsewhere = [e for e, i in data.items() if e != eid and word in words(i["werkwijze"])]
            if len(word) >= 8 and not others and not elsewhere:
                candidates.append((-len(word), word, eid))
    assert candidates, "geen woord dat in precies één werkwijze staat"
    _, word, eid = min(candidates)
    return word, eid


# ---------------------------------------------------------------------------------------------
# The index


def test_example_pages_are_the_records_in_dutch(book: Book, site: Path) -> None:
    entry = json.loads((site / BUNDLE / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert list(entry["languages"]) == ["nl"]
    assert entry["languages"]["nl"]["page_count"] == len(book.examples)


def test_only_the_example_content_is_marked_for_indexing(book: Book, site: Path) -> None:
    for example in book.examples:
        html = (site / f"{example.id}.html").read_text(encoding="utf-8")
        assert html.count("data-pagefind-body") == 1, example.id
        body = html[html.index("data-pagefind-body") :]
        assert "</nav>" not in body.split("</article>")[0]  # no navigation inside
        assert f'<h1 data-pagefind-meta="title">{escape(example.titel)}</h1>' in html
    for name in ("index.html", "insturen.html"):
        assert "data-pagefind-body" not in (site / name).read_text(encoding="utf-8")


def test_every_page_is_dutch_and_has_the_search_field(site: Path) -> None:
    pages = sorted(site.glob("*.html"))
    assert len(pages) > 2
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert '<html lang="nl"' in html, page.name
        assert f'<label for="zoeken-veld">{LABEL}</label>' in html, page.name
        assert 'id="zoeken-status" role="status"' in html, page.name
        assert '<script src="assets/search.js"></script>' in html, page.name


def test_the_index_is_reproducible_from_another_folder(
    book: Book, site: Path, tmp_path: Path
) -> None:
    other = tmp_path / "elders" / "site"
    write_site(book, other, pdf_name=None, epub_name=None)
    index_site(other)
    first = sorted(p.relative_to(site) for p in (site / BUNDLE).rglob("*"))
    second = sorted(p.relative_to(other) for p in (other / BUNDLE).rglob("*"))
    assert first == second
    for relative in first:
        if (site / relative).is_file():
            assert (site / relative).read_bytes() == (other / relative).read_bytes(), relative


def test_pagefinds_own_uis_are_not_shipped(site: Path) -> None:
    assert (site / BUNDLE / "pagefind.js").is_file()
    for name in UNUSED_FILES:
        assert not (site / BUNDLE / name).exists(), name


def test_a_failing_indexer_is_a_dutch_build_error(
    site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(search_module, "pagefind_executable", lambda: Path("/bin/false"))
    (tmp_path / "index.html").write_text("<html lang='nl'></html>", encoding="utf-8")
    with pytest.raises(BuildError) as caught:
        index_site(tmp_path)
    assert caught.value.message.startswith("de zoekindex van de website kon niet worden gemaakt")


def test_a_missing_pagefind_package_is_a_dutch_build_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(__import__("sys").modules, "pagefind_bin", None)
    with pytest.raises(BuildError) as caught:
        search_module.pagefind_executable()
    assert "Pagefind ontbreekt" in caught.value.message


def test_build_writes_the_index_with_the_site(make_project: Any, run_cli: Any) -> None:
    root = make_project()
    code, _, err = run_cli("build", "--format", "html", "--quiet", str(root))
    assert code == 0, err
    assert (root / "dist" / "site" / BUNDLE / "pagefind.js").is_file()
    assert not list((root / "dist").glob(".site*"))  # swapped in whole, nothing left over


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
    assert all(inflected not in " ".join(_texts(item)).lower() for item in data.values())
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


# ---------------------------------------------------------------------------------------------
# workbook serve


def test_serve_reindexes_after_each_rebuild(
    chromium: Any, make_project: Any, tmp_path: Path
) -> None:
    root = make_project()
    workdir = tmp_path / "serve"
    workdir.mkdir()
    state = State()
    builder = Builder(root, False, state, workdir)
    builder.rebuild(first=True)
    example = root / "examples" / "onderwijs" / "voorbeeld.yaml"
    with serving(state) as base, watched_page(chromium) as (page, errors, _):
        shown = run_search(page, base + "index.html", "xylofoonles")
        assert shown["titles"] == []
        text = example.read_text(encoding="utf-8")
        example.write_text(
            text.replace("Vijf lessen in de klas,", "Vijf lessen in de klas en een xylofoonles,"),
            encoding="utf-8",
        )
        with page.expect_event("load", timeout=10_000):  # the live reload of serve
            builder.rebuild()
        shown = run_search(page, base + "index.html", "xylofoonles")
        assert shown["titles"] == ["Weerbaar op school"]
        assert errors == []


def test_serve_holds_index_requests_until_the_index_is_written(site: Path, tmp_path: Path) -> None:
    copy = tmp_path / "site"
    shutil.copytree(site, copy)
    state = State()
    state.publish(copy, None)
    written = threading.Event()
    state.indexed[copy] = written
    statuses: list[int] = []

    def fetch() -> None:
        with urlopen(base + f"{BUNDLE}/pagefind-entry.json", timeout=10) as response:
            statuses.append(response.status)

    with serving(state) as base:
        with urlopen(base + "index.html", timeout=10) as response:  # pages are not held
            assert response.status == 200
        waiting = threading.Thread(target=fetch)
        waiting.start()
        waiting.join(timeout=0.3)
        assert waiting.is_alive() and statuses == []
        written.set()
        waiting.join(timeout=10)
        assert statuses == [200]

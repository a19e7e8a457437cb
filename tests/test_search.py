"""Full-text search on the site (Pagefind), without a browser: what the index holds and
what it leaves out, the search field on every page, reproducible index files, Dutch errors,
and the index from `workbook build` and `workbook serve` (which re-indexes each rebuild)."""

from __future__ import annotations

import json
import shutil
import threading
from pathlib import Path
from typing import Any
from urllib.request import urlopen

import pytest
from browser import chromium, watched_page
from markupsafe import escape
from search_support import LABEL, run_search, serving, site

from workbook.base.errors import BuildError
from workbook.model.book import Book
from workbook.render.site import search as search_module
from workbook.render.site.pages import write_site
from workbook.render.site.search import BUNDLE, UNUSED_FILES, index_site
from workbook.serve.site_builder import SiteBuilder
from workbook.serve.state import ServeState

__all__ = ["chromium", "site"]  # fixtures


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
    write_site(book, other)
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
# workbook serve


def test_serve_reindexes_after_each_rebuild(
    chromium: Any, make_project: Any, tmp_path: Path
) -> None:
    root = make_project()
    workdir = tmp_path / "serve"
    workdir.mkdir()
    state = ServeState()
    builder = SiteBuilder(root, False, state, workdir, lambda *_, **__: None)
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
    state = ServeState()
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

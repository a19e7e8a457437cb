"""Shared by the search tests: the bundled site with its index, `workbook serve`'s handler
on 127.0.0.1 in a thread, typing a query into the search field, and the bundled examples'
YAML data (the tests compute what to search for from it).

    from search_support import site, url, run_search   # tests/ is on sys.path
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import yaml

from workbook.model.book import Book
from workbook.render.site.pages import write_site
from workbook.render.site.search import index_site
from workbook.serve.http import Handler, Server
from workbook.serve.state import ServeState

REPO = Path(__file__).resolve().parents[1]
LABEL = "Zoeken in de voorbeelden"
WORD = re.compile(r"(?<![\w-])[^\W\d_]+(?![\w-])")


@pytest.fixture(scope="module")
def site(book: Book, tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("dist") / "site"
    write_site(book, target)
    index_site(target)
    return target


@contextmanager
def serving(state: ServeState) -> Iterator[str]:
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
    state = ServeState()
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


def texts(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from texts(item)
    elif isinstance(value, list):
        for item in value:
            yield from texts(item)


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
    everything = {eid: " ".join(texts(item)).lower() for eid, item in data.items()}
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

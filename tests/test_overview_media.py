"""'De voorbeelden in beeld' in the outputs: the PDF (contents, page text, bookmark, figures
tagged with alt text), the EPUB (nav, inline figures, Ace) and the site (a province or a
bar filters the list, by mouse and keyboard; axe-clean).

The expected numbers come straight from the YAML files (tests/overview_data.py).
"""

from __future__ import annotations

import functools
import http.server
import re
import threading
import zipfile
from collections.abc import Iterator
from io import BytesIO
from pathlib import Path
from typing import Any

import lxml.etree as etree
import pytest
from ace import ace_report
from browser import chromium, watched_page
from overview_data import REPO, expected_provinces, expected_themes
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

from workbook.model.book import Book
from workbook.model.overview import compute
from workbook.render.epub.package import build_epub
from workbook.render.figures.charts import render_charts
from workbook.render.site.pages import write_site

__all__ = ["chromium"]  # the session fixture, used by the browser tests below

SVG = "{http://www.w3.org/2000/svg}"
AXE = REPO / "tools" / "node_modules" / "axe-core" / "axe.min.js"


@pytest.fixture(scope="module")
def charts(book: Book) -> dict[str, Any]:
    return render_charts(compute(book), "print")


# ------------------------------------------------------------------------------- PDF


def _squash(text: str) -> str:
    text = re.sub(r"[\u00ad\u2010]\s*", "", text)
    return re.sub(r"\s+", " ", text)


@pytest.fixture(scope="module")
def reader(screen_pdf: bytes) -> PdfReader:
    return PdfReader(BytesIO(screen_pdf))


@pytest.fixture(scope="module")
def pdf_pages(reader: PdfReader) -> list[str]:
    return [_squash(page.extract_text() or "") for page in reader.pages]


def _overview_pages(pages: list[str]) -> tuple[int, str]:
    """The first page number and the text of the pages of the section (up to Thema 1)."""
    start = next(i for i, text in enumerate(pages) if text.startswith("De voorbeelden in beeld"))
    end = next(i for i in range(start, len(pages)) if "Thema 1" in pages[i][:200].title())
    return start + 1, " ".join(pages[start:end])


def test_contents_lists_the_overview_with_its_page(pdf_pages: list[str]) -> None:
    toc = next(text for text in pdf_pages if "Inhoudsopgave" in text[:200])
    match = re.search(r"De voorbeelden in beeld[ .]*?(\d+)", toc)
    assert match, "De voorbeelden in beeld staat niet in de inhoudsopgave"
    first, _ = _overview_pages(pdf_pages)
    assert int(match.group(1)) == first
    assert toc.index("Voorwoord") < toc.index("De voorbeelden in beeld")


def test_overview_is_on_two_pages_after_the_foreword(pdf_pages: list[str]) -> None:
    first, _ = _overview_pages(pdf_pages)
    assert pdf_pages[first - 2].startswith("Voorwoord")
    assert "Thema 1" in pdf_pages[first + 1][:200].title()  # two pages, then the first theme


def test_overview_pages_show_every_province_and_theme_with_its_count(
    book: Book, pdf_pages: list[str]
) -> None:
    _, text = _overview_pages(pdf_pages)
    for province, count in expected_provinces().items():
        assert re.search(rf"{re.escape(province)} {count}\b", text), province
    titles = {t.id: t.titel for t in book.themes}
    themes = expected_themes()
    for theme_id, count in themes.items():
        assert re.search(rf"{re.escape(titles[theme_id])}( \d+){{3}} {count}\b", text), theme_id
    assert f"Totaal {sum(themes.values())}" in text


def test_overview_has_a_level_one_bookmark(reader: PdfReader) -> None:
    titles = [item.title for item in reader.outline if not isinstance(item, list)]
    assert titles.index("De voorbeelden in beeld") == titles.index("Voorwoord") + 1


def _figures(node: Any, found: list[str]) -> list[str]:
    node = node.get_object() if isinstance(node, IndirectObject) else node
    if isinstance(node, ArrayObject):
        for kid in node:
            _figures(kid, found)
    elif isinstance(node, DictionaryObject):
        if node.get("/S") == "/Figure":
            found.append(str(node.get("/Alt", "")))
        if "/K" in node:
            _figures(node["/K"], found)
    return found


def test_figures_are_tagged_as_figure_with_their_finding_as_alt(
    reader: PdfReader, charts: dict[str, Any]
) -> None:
    tree = reader.trailer["/Root"]["/StructTreeRoot"]
    alts = _figures(tree["/K"], [])
    for chart in charts.values():
        assert chart.alt in alts, chart.key
    assert "Noord-Brabant heeft de meeste voorbeelden (2)." in charts["kaart"].alt


# ------------------------------------------------------------------------------ EPUB


def test_epub_has_the_overview_in_its_nav_with_inline_figures(book: Book) -> None:
    """test_epub.py runs EPUBCheck (0/0/0) on this same bundled EPUB, figures included."""
    with zipfile.ZipFile(BytesIO(build_epub(book))) as epub:
        nav = epub.read("EPUB/nav.xhtml").decode()
        page = epub.read("EPUB/in-beeld.xhtml")
        opf = epub.read("EPUB/content.opf").decode()
    assert 'href="in-beeld.xhtml">De voorbeelden in beeld<' in nav
    assert nav.index("voorwoord.xhtml") < nav.index("in-beeld.xhtml")
    root = etree.fromstring(page)
    svgs = root.findall(f".//{SVG}svg")
    assert len(svgs) == 5
    assert all(s.get("viewBox") and s.find(f"{SVG}title") is not None for s in svgs)
    assert re.search(r'href="in-beeld.xhtml"[^>]*properties="svg"', opf)
    assert b"@@werkboek-figuur" not in page


def test_epub_overview_has_no_ace_issues(book: Book) -> None:
    """Ace by DAISY on the whole EPUB; the overview's document must have no issue at all."""
    report = ace_report(build_epub(book))  # the same report test_epub.py reads
    checked = [a["earl:testSubject"]["url"] for a in report["assertions"]]
    problems = [
        (x["earl:test"]["dct:title"], x["earl:result"].get("dct:description"))
        for a in report["assertions"]
        if a["earl:testSubject"]["url"] == "in-beeld.xhtml"
        for x in a.get("assertions", [])
        if x["earl:result"]["earl:outcome"] == "fail"
    ]
    assert "in-beeld.xhtml" in checked
    assert problems == []


# ------------------------------------------------------------------------------ site


@pytest.fixture(scope="module")
def site(book: Book, tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("overview-site") / "site"
    write_site(book, target)
    return target


VISIBLE = (
    "() => Array.from(document.querySelectorAll('.card:not([hidden]) h4'))"
    ".map(h => h.textContent.trim())"
)


def test_clicking_a_province_filters_the_list(chromium: Any, book: Book, site: Path) -> None:
    brabant = sorted(e.titel for e in book.examples if e.provincie == "Noord-Brabant")
    with watched_page(chromium, viewport={"width": 1280, "height": 900}) as (page, errors, _):
        page.goto((site / "index.html").as_uri())
        province = page.locator("[data-filter='provincie=Noord-Brabant']")
        province.click()
        assert sorted(page.evaluate(VISIBLE)) == brabant
        assert page.input_value("#filter-provincie") == "Noord-Brabant"
        assert province.get_attribute("aria-pressed") == "true"
        assert page.text_content("#filter-count") == (
            f"{len(brabant)} van {len(book.examples)} praktijkvoorbeelden"
        )
        province.click()  # a second click shows everything again
        assert len(page.evaluate(VISIBLE)) == len(book.examples)
        assert errors == []


def test_a_bar_filters_the_list_from_the_keyboard(chromium: Any, book: Book, site: Path) -> None:
    with watched_page(chromium, viewport={"width": 390, "height": 800}) as (page, errors, _):
        page.goto((site / "index.html").as_uri())
        bar = page.locator("[data-filter='thema=onderwijs&benadering=preventief']")
        bar.focus()
        page.keyboard.press("Enter")
        expected = sorted(
            e.titel
            for e in book.examples
            if e.thema == "onderwijs" and e.benadering == "preventief"
        )
        assert sorted(page.evaluate(VISIBLE)) == expected
        page.locator("[data-filter='status=afgerond']").focus()
        page.keyboard.press(" ")
        assert sorted(page.evaluate(VISIBLE)) == sorted(
            e.titel for e in book.examples if e.status == "afgerond"
        )
        assert errors == []


@pytest.fixture
def served(site: Path) -> Iterator[str]:
    """The site over http on 127.0.0.1 (axe reads the stylesheets, which file:// forbids)."""
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


@pytest.mark.parametrize("width", [1280, 390])
def test_home_page_with_the_figures_has_no_axe_violations(
    chromium: Any, served: str, width: int
) -> None:
    if not AXE.is_file():
        pytest.skip("axe-core ontbreekt (npm ci --prefix tools --ignore-scripts installeert het)")
    with watched_page(chromium, viewport={"width": width, "height": 900}) as (page, errors, _):
        page.goto(f"{served}/index.html")
        page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
        result = page.evaluate("async () => (await axe.run(document)).violations")
        problems = [f"{v['id']}: {[n['target'] for n in v['nodes']][:3]}" for v in result]
        assert problems == []
        assert errors == []

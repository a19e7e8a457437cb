"""The static site: files, links, accessibility structure, and in headless Chromium from
file://: no console errors, no request that is not file://, a working filter, readable on a
phone, sufficient contrast, visible focus."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from browser import chromium, watched_page

from workbook.model.book import Book
from workbook.render.site.pages import Download, write_site

__all__ = ["chromium"]  # the session fixture, used by the browser tests below

REPO = Path(__file__).resolve().parents[1]
PDF, EPUB = "werkboek-ondermijning.pdf", "werkboek-ondermijning.epub"


@pytest.fixture(scope="module")
def site(book: Book, tmp_path_factory: pytest.TempPathFactory) -> Path:
    dist = tmp_path_factory.mktemp("dist")
    (dist / PDF).write_bytes(b"%PDF-1.7 " + b"x" * 2_400_000)
    (dist / EPUB).write_bytes(b"PK" + b"x" * 1_000)
    target = dist / "site"
    downloads = [Download(PDF, "pdf", dist / PDF), Download(EPUB, "epub", dist / EPUB)]
    write_site(book, target, downloads=downloads)
    return target


class Outline(HTMLParser):
    """Headings, landmarks, and every URL a page loads or links to."""

    def __init__(self) -> None:
        super().__init__()
        self.headings: list[int] = []
        self.tags: list[str] = []
        self.loads: list[str] = []
        self.links: list[str] = []
        self.skip_target = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        self.tags.append(tag)
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
        if tag in ("img", "script", "iframe", "source", "video", "audio") and "src" in values:
            self.loads.append(values["src"])
        if tag == "link" and "href" in values:
            self.loads.append(values["href"])
        if tag == "a" and "href" in values:
            self.links.append(values["href"])
            if "skip-link" in values.get("class", ""):
                self.skip_target = values["href"]


def outline(path: Path) -> Outline:
    parser = Outline()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def test_files(book: Book, site: Path) -> None:
    assert (site / "index.html").is_file()
    for example in book.examples:
        assert (site / f"{example.id}.html").is_file()
    assert (site / "assets" / "site.css").is_file()
    assert (site / "assets" / "filter.js").is_file()
    fonts = sorted(p.name for p in (site / "assets" / "fonts").iterdir())
    assert "SourceSerif4-Regular.otf" in fonts and "SourceSans3-Bold.otf" in fonts
    assert "OFL-SourceSans3.txt" in fonts
    images = [i for e in book.examples for i in e.afbeeldingen]
    assert images
    copied = list((site / "assets" / "img").iterdir())
    assert len(copied) == len(images)


def test_index_lists_every_example_without_javascript(book: Book, site: Path) -> None:
    text = (site / "index.html").read_text(encoding="utf-8")
    assert f"<h1>{book.titel}</h1>" in text
    cards = re.findall(r'<li class="card"[^>]*>', text)
    assert len(cards) == len(book.examples)
    assert not any("hidden" in card for card in cards)
    for example in book.examples:
        assert f'href="{example.id}.html"' in text
    for theme in book.themes:
        assert theme.titel in text
    assert f'href="downloads/{PDF}" download>' in text
    assert f'href="downloads/{EPUB}" download>' in text
    assert "(2,4 MB)" in text  # the size beside the download button
    assert (site / "downloads" / PDF).stat().st_size == 2_400_009
    # The filter form is only shown by the script (progressive enhancement).
    assert re.search(r'<form class="filter" id="filter" hidden', text)


def test_no_download_links_without_files(book: Book, tmp_path: Path) -> None:
    write_site(book, tmp_path / "site")
    text = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert ".pdf" not in text and ".epub" not in text
    assert "EventSource" not in text


def test_live_reload_script_only_when_asked(book: Book, tmp_path: Path) -> None:
    write_site(book, tmp_path / "site", live_reload="/__reload")
    for page in (tmp_path / "site").glob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert 'new EventSource("/__reload"' in text, page.name


def test_form_is_written_and_linked_from_every_page(site: Path) -> None:
    assert (site / "insturen.html").is_file()
    for page in sorted(site.glob("*.html")):
        if page.name != "insturen.html":
            assert 'href="insturen.html"' in page.read_text(encoding="utf-8"), page.name


def test_pages_have_landmarks_skip_link_and_ordered_headings(site: Path) -> None:
    for page in sorted(site.glob("*.html")):
        if page.name == "insturen.html":
            continue  # the form has its own page layout (tests/test_form.py)
        found = outline(page)
        for landmark in ("header", "nav", "main", "footer"):
            assert landmark in found.tags, (page.name, landmark)
        assert found.skip_target == "#inhoud", page.name
        assert found.headings[0] == 1 and found.headings.count(1) == 1, page.name
        for before, after in zip(found.headings, found.headings[1:], strict=False):
            assert after <= before + 1, (page.name, found.headings)


def test_nothing_is_loaded_from_outside(site: Path) -> None:
    for page in sorted(site.glob("*.html")):
        for url in outline(page).loads:
            assert not re.match(r"^(?:[a-z]+:)?//", url), (page.name, url)
    css = (site / "assets" / "site.css").read_text(encoding="utf-8")
    for url in re.findall(r"url\(([^)]*)\)", css):
        assert not re.search(r"(?:https?:)?//", url), url
        assert (site / "assets" / url.strip("\"'")).is_file(), url
    js = (site / "assets" / "filter.js").read_text(encoding="utf-8")
    assert "http" not in js and "fetch(" not in js and "XMLHttpRequest" not in js


def test_internal_links_resolve(site: Path) -> None:
    for page in sorted(site.glob("*.html")):
        for href in outline(page).links:
            if re.match(r"^(?:[a-z]+:|#|\.\./)", href):
                continue
            target = href.split("#", 1)[0]
            assert (site / target).is_file(), (page.name, href)


def test_example_page_uses_the_shared_sections(book: Book, site: Path) -> None:
    example = next(e for e in book.examples if e.afbeeldingen)
    text = (site / f"{example.id}.html").read_text(encoding="utf-8")
    for label in ("In het kort", "Aanleiding", "Doelen", "Werkwijze", "Lessen", "Aan de slag"):
        assert f">{label}</h2>" in text
    assert 'class="write-in"' not in text
    assert f'alt="{example.afbeeldingen[0].alt}"' in text
    assert 'src="assets/img/' in text


# ---------------------------------------------------------------------------------------------
# In the browser, from file://

CONTRAST_JS = """
() => {
  function rgb(text) {
    const m = text.match(/rgba?\\(([^)]+)\\)/);
    if (!m) return null;
    const p = m[1].split(',').map(parseFloat);
    return {r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1};
  }
  function lum(c) {
    const f = v => {
      v /= 255;
      return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    };
    return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b);
  }
  function background(el) {
    for (let e = el; e; e = e.parentElement) {
      const c = rgb(getComputedStyle(e).backgroundColor);
      if (c && c.a > 0.5) return c;
    }
    return {r: 255, g: 255, b: 255, a: 1};
  }
  const low = [];
  for (const el of document.querySelectorAll('body *')) {
    const own = Array.from(el.childNodes).some(n => n.nodeType === 3 && n.textContent.trim());
    if (!own || !el.getClientRects().length) continue;
    const style = getComputedStyle(el);
    if (style.visibility === 'hidden' || el.closest('[hidden]')) continue;
    const fg = rgb(style.color), bg = background(el);
    const [a, b] = [lum(fg), lum(bg)].sort((x, y) => y - x);
    const ratio = (a + 0.05) / (b + 0.05);
    if (ratio < 4.5) low.push(el.tagName + '.' + el.className + ': ' + ratio.toFixed(2));
  }
  return low;
}
"""


def test_index_from_file_has_no_errors_and_no_outside_requests(chromium: Any, site: Path) -> None:
    with watched_page(chromium, viewport={"width": 1280, "height": 900}) as (page, errors, urls):
        page.goto((site / "index.html").as_uri())
        page.wait_for_load_state("load")
        assert page.title()
        assert errors == []
        assert urls and all(u.startswith("file://") for u in urls), urls
        assert page.is_visible("#filter")
        # The bundled fonts are really used.
        assert page.evaluate("document.fonts.check('16px \"Source Sans 3\"')")
        assert page.evaluate("() => document.fonts.status") == "loaded"


def test_filter_narrows_the_list(chromium: Any, book: Book, site: Path) -> None:
    total = len(book.examples)
    onderwijs = next(t for t in book.themes if t.id == "onderwijs")
    with watched_page(chromium) as (page, errors, _):
        page.goto((site / "index.html").as_uri())
        visible = "() => document.querySelectorAll('.card:not([hidden])').length"
        assert page.evaluate(visible) == total
        page.select_option("#filter-thema", "onderwijs")
        assert page.evaluate(visible) == len(onderwijs.examples)
        assert page.is_hidden("#thema-frontlijn")
        assert (
            page.text_content("#filter-count")
            == f"{len(onderwijs.examples)} van {total} praktijkvoorbeelden"
        )
        page.select_option("#filter-thema", "")
        gemeente = book.examples[0].gemeenten[0]
        page.select_option("#filter-gemeente", gemeente)
        expected = sum(1 for e in book.examples if gemeente in e.gemeenten)
        assert page.evaluate(visible) == expected < total
        page.select_option("#filter-gemeente", "")
        page.select_option("#filter-status", "afgerond")
        page.select_option("#filter-benadering", "repressief")
        expected = sum(
            1 for e in book.examples if e.status == "afgerond" and e.benadering == "repressief"
        )
        assert page.evaluate(visible) == expected
        page.click("button[type=reset]")
        page.wait_for_function(
            f"() => document.querySelectorAll('.card:not([hidden])').length === {total}"
        )
        assert errors == []


def test_example_page_shows_its_sections(chromium: Any, book: Book, site: Path) -> None:
    example = next(e for e in book.examples if e.id == "kapot-sterk")
    with watched_page(chromium) as (page, errors, urls):
        page.goto((site / f"{example.id}.html").as_uri())
        headings = page.eval_on_selector_all("main h2", "els => els.map(e => e.textContent.trim())")
        for label in ("Aanleiding", "Werkwijze", "Aan de slag"):
            assert label in headings
        assert page.text_content("h1") == example.titel
        questions = page.eval_on_selector_all("ol.questions li", "els => els.length")
        assert questions == len(example.werkvragen)
        assert page.evaluate(
            "() => Array.from(document.images).every(i => i.complete && i.naturalWidth > 0)"
        )
        assert errors == []
        assert all(u.startswith("file://") for u in urls), urls


@pytest.mark.parametrize("name", ["index.html", "kapot-sterk.html"])
def test_phone_width_does_not_scroll_sideways(chromium: Any, site: Path, name: str) -> None:
    with watched_page(chromium, viewport={"width": 390, "height": 844}) as (page, errors, _):
        page.goto((site / name).as_uri())
        width = page.evaluate("() => document.documentElement.scrollWidth")
        assert width <= 390
        assert errors == []


@pytest.mark.parametrize("name", ["index.html", "kapot-sterk.html"])
def test_text_contrast_is_at_least_4_5(chromium: Any, site: Path, name: str) -> None:
    with watched_page(chromium) as (page, _, _):
        page.goto((site / name).as_uri())
        assert page.evaluate(CONTRAST_JS) == []


def test_skip_link_and_focus_are_visible(chromium: Any, site: Path) -> None:
    with watched_page(chromium) as (page, _, _):
        page.goto((site / "index.html").as_uri())
        page.keyboard.press("Tab")
        focused = page.evaluate(
            "() => { const e = document.activeElement; const r = e.getBoundingClientRect();"
            " const s = getComputedStyle(e);"
            " return {cls: e.className, top: r.top, h: r.height, outline: s.outlineStyle,"
            " width: parseFloat(s.outlineWidth)}; }"
        )
        assert focused["cls"] == "skip-link"
        assert focused["top"] >= 0 and focused["h"] > 0
        assert focused["outline"] != "none" and focused["width"] >= 2
        page.keyboard.press("Enter")
        assert page.evaluate("() => location.hash") == "#inhoud"
        page.keyboard.press("Tab")
        outline = page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
        assert outline != "none"

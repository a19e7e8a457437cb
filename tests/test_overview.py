"""'De voorbeelden in beeld': counts from the examples' own data, shown as a map, charts and
tables in the PDF (in the contents, tagged as figures with alt text), the EPUB and the site
(where a province or a bar filters the list).

The expected numbers are computed here straight from the YAML files, independently of
workbook.overview.
"""

from __future__ import annotations

import functools
import http.server
import itertools
import json
import os
import re
import subprocess
import sys
import threading
import zipfile
from collections import Counter
from collections.abc import Iterator
from io import BytesIO
from pathlib import Path
from typing import Any

import lxml.etree as etree
import pytest
import yaml
from browser import chromium, chromium_path, watched_page
from conftest import TODAY, VALID_EXAMPLE, WORKBOOK_YAML
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

from workbook.check import check_project
from workbook.model import Book
from workbook.overview import PROVINCES, compute
from workbook.render.charts import (
    APPROACH_COLOURS,
    INK,
    MUTED,
    RAMP,
    WHITE,
    contrast,
    render_charts,
    shade,
    text_colour,
)
from workbook.render.epub import build_epub
from workbook.render.site import write_site

__all__ = ["chromium"]  # the session fixture, used by the browser tests below

REPO = Path(__file__).resolve().parents[1]
SVG = "{http://www.w3.org/2000/svg}"
AXE = REPO / "tools" / "node_modules" / "axe-core" / "axe.min.js"
ACE = REPO / "tools" / "node_modules" / ".bin" / "ace-puppeteer"


# ----------------------------------------------------------- the numbers, from the YAML


def published_yaml() -> list[dict[str, Any]]:
    """Every bundled example file that is not a draft, read with plain PyYAML."""
    found = []
    for path in sorted((REPO / "examples").rglob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if data.get("concept") is not True:
            found.append(data)
    return found


def expected_provinces() -> Counter[str]:
    return Counter(d["provincie"] for d in published_yaml() if d.get("provincie"))


def expected_themes() -> Counter[str]:
    return Counter(d["thema"] for d in published_yaml())


def test_bundled_set_has_a_draft_so_the_draft_rule_is_tested() -> None:
    files = list((REPO / "examples").rglob("*.yaml"))
    assert len(published_yaml()) < len(files)


def test_counts_match_the_example_files(book: Book) -> None:
    data = published_yaml()
    overview = compute(book)
    assert overview.total == len(data)
    assert {p.key: p.count for p in overview.provinces if p.count} == dict(expected_provinces())
    assert overview.without_province == sum(1 for d in data if not d.get("provincie"))
    assert {t.key: t.count for t in overview.themes} == dict(expected_themes())
    for theme in overview.themes:
        for approach, count in zip(("repressief", "preventief", "beide"), theme.parts, strict=True):
            assert count == sum(
                1 for d in data if d["thema"] == theme.key and d["benadering"] == approach
            )
    assert {s.key: s.count for s in overview.statuses if s.count} == dict(
        Counter(d["status"] for d in data)
    )
    years = Counter(int(str(d["looptijd"]["start"])[:4]) for d in data)
    assert {int(y.key): y.count for y in overview.years if y.count} == dict(years)
    kinds = Counter(k for d in data for k in {p["soort"] for p in d["partners"]})
    schema = json.loads((REPO / "schema" / "praktijkvoorbeeld.schema.json").read_text("utf-8"))
    order = schema["properties"]["partners"]["items"]["properties"]["soort"]["enum"]
    ranked = sorted(kinds.items(), key=lambda kv: (-kv[1], order.index(kv[0])))  # ties: schema
    assert [(k.key, k.count) for k in overview.partner_kinds] == ranked[:10]
    assert len(overview.partner_kinds) == min(10, len(kinds))


def test_all_twelve_provinces_in_official_order_with_fryslan(book: Book) -> None:
    names = [p.label for p in compute(book).provinces]
    assert names == sorted(names) and len(names) == 12
    assert "Fryslân" in names and "Friesland" not in names


DRAFT = VALID_EXAMPLE.replace("status: lopend", "status: lopend\nconcept: true\nprovincie: Zeeland")


def test_drafts_are_never_counted_not_even_with_drafts(make_project) -> None:
    root = make_project(
        files={
            "examples/onderwijs/concept.yaml": DRAFT.replace(
                "Weerbaar op school", "Weerbaar op school, het concept"
            )
        }
    )
    book = check_project(root, include_drafts=True, today=TODAY).book
    assert book is not None and len(book.examples) == 2  # the draft is in the book ...
    overview = compute(book)
    assert overview.total == 1  # ... but not in the overview
    assert all(p.count == 0 for p in overview.provinces)
    assert overview.without_province == 1


# --------------------------------------------------------------------------- findings


def _book_with(make_project, provinces: list[str | None]) -> Book:
    files = {}
    for number, province in enumerate(provinces):
        text = VALID_EXAMPLE.replace("Weerbaar op school", f"Weerbaar op school {number}")
        if province:
            text += f"provincie: {province}\n"
        files[f"examples/onderwijs/v{number}.yaml"] = text
    root = make_project(None, files=files)
    book = check_project(root, today=TODAY).book
    assert book is not None
    return book


@pytest.mark.parametrize(
    ("provinces", "finding"),
    [
        (["Utrecht", "Utrecht", "Zeeland"], "Utrecht heeft de meeste voorbeelden (2)."),
        (["Utrecht", "Fryslân"], "Fryslân en Utrecht hebben de meeste voorbeelden (elk 1)."),
        ([None, None], "Geen van de 2 voorbeelden noemt een provincie."),
        (["Limburg", None], "1 voorbeeld noemt geen provincie."),
        (["Limburg"], "1 van de 12 provincies heeft voorbeelden."),
        ([], "Er zijn nog geen gepubliceerde praktijkvoorbeelden."),
    ],
)
def test_map_finding_wording(make_project, provinces: list[str | None], finding: str) -> None:
    assert finding in compute(_book_with(make_project, provinces)).findings.map


def test_status_finding_names_a_tie() -> None:
    from workbook.overview import Bar, _status_finding

    bars = (Bar("pilot", "Pilot", 2), Bar("lopend", "Lopend", 2), Bar("afgerond", "Afgerond", 0))
    assert _status_finding(bars, 4, "nl") == (
        "De statussen pilot en lopend komen het vaakst voor (elk 2 van 4)."
    )
    bars = (Bar("pilot", "Pilot", 3), Bar("lopend", "Lopend", 1))
    assert _status_finding(bars, 4, "nl") == "De meeste voorbeelden zijn pilots (3 van 4)."


# ------------------------------------------------------------------------- the figures


@pytest.fixture(scope="module")
def charts(book: Book) -> dict[str, Any]:
    return render_charts(compute(book), "print")


def test_figures_are_svg_with_real_text_in_the_bundled_font(charts: dict[str, Any]) -> None:
    assert set(charts) == {"kaart", "themas", "status", "startjaar", "partners"}
    for key, chart in charts.items():
        root = etree.fromstring(chart.svg.encode())
        assert root.tag == f"{SVG}svg"
        assert root.find(f"{SVG}title").text == chart.alt
        texts = root.findall(f".//{SVG}text")
        assert texts, key
        for text in texts:
            assert text.get("font-family") == "'Source Sans 3'", key
        # Nothing that changes between runs or leaks into the page around an inline SVG.
        assert root.find(f".//{SVG}metadata") is None and root.find(f".//{SVG}style") is None
        assert not [e for e in root.iter() if isinstance(e.tag, str) and e.get("style")], key
        ids = [e.get("id") for e in root.iter() if isinstance(e.tag, str) and e.get("id")]
        assert all(i.startswith(f"{key}-") for i in ids), key
        assert len(ids) == len(set(ids))


def test_user_text_in_a_figure_stays_literal_text(make_project) -> None:
    """A theme title is the only contributor text in the figures: no TeX, no markup."""
    title = "Geld $x^2$ & <b>macht</b> {bla}"
    config = WORKBOOK_YAML.replace(
        "titel: Onderwijs en ondermijnende criminaliteit", f"titel: '{title}'"
    )
    root = make_project(config=config)
    book = check_project(root, today=TODAY).book
    assert book is not None
    chart = render_charts(compute(book), "screen")["themas"]
    root_svg = etree.fromstring(chart.svg.encode())
    assert title in [t.text for t in root_svg.iter(f"{SVG}text")]
    assert "<b>" not in chart.svg


def test_map_shows_every_province_with_its_count(book: Book, charts: dict[str, Any]) -> None:
    root = etree.fromstring(charts["kaart"].svg.encode())
    words = [t.text for t in root.iter(f"{SVG}text")]
    counts = expected_provinces()
    for province in PROVINCES:
        at = words.index(province)
        assert words[at - 1] == str(counts.get(province, 0)), province
    without = len(published_yaml()) - sum(counts.values())
    assert f"Zonder provincie: {without}" in words


def test_svg_output_is_byte_identical_across_runs_and_folders(tmp_path: Path) -> None:
    """Two fresh processes (other hash seeds, other working folders) draw the same bytes."""
    script = (
        "import hashlib, pathlib, sys\n"
        "from workbook.check import check_project\n"
        "from workbook.overview import compute\n"
        "from workbook.render.charts import render_charts\n"
        f"book = check_project(pathlib.Path({str(REPO)!r})).book\n"
        "for layout in ('print', 'screen'):\n"
        "    for key, chart in sorted(render_charts(compute(book), layout).items()):\n"
        "        print(layout, key, hashlib.sha256(chart.svg.encode()).hexdigest())\n"
    )
    runs = []
    for seed in ("1", "2"):
        folder = tmp_path / f"run{seed}"
        folder.mkdir()
        done = subprocess.run(
            [sys.executable, "-c", script],
            cwd=folder,
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            timeout=120,
            check=True,
        )
        runs.append(done.stdout)
    assert runs[0] == runs[1] and runs[0].count("\n") == 10


@pytest.mark.parametrize("fill", [WHITE, *RAMP, *APPROACH_COLOURS.values()])
def test_text_on_every_fill_meets_wcag_aa(fill: str) -> None:
    assert contrast(text_colour(fill), fill) >= 4.5


@pytest.mark.parametrize("colour", [INK, MUTED])
def test_text_beside_the_shapes_meets_wcag_aa(colour: str) -> None:
    assert contrast(colour, WHITE) >= 4.5


def _grey(colour: str) -> float:
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.299 * r + 0.587 * g + 0.114 * b


def test_shades_stay_apart_in_greyscale() -> None:
    for series in (
        [WHITE, *RAMP],
        [APPROACH_COLOURS[a] for a in ("repressief", "beide", "preventief")],
    ):
        greys = [_grey(c) for c in series]
        steps = [a - b for a, b in itertools.pairwise(greys)]
        assert all(step >= 15 for step in steps) or all(step <= -15 for step in steps), greys


def test_map_shade_darkens_with_the_count() -> None:
    assert shade(0, 4) == WHITE
    assert [shade(n, 5) for n in range(1, 6)] == list(RAMP)
    assert shade(9, 9) == RAMP[-1]


def test_map_geometry_is_in_the_repository_with_its_provenance() -> None:
    folder = REPO / "workbook" / "render" / "data"
    data = json.loads((folder / "provincies.json").read_text(encoding="utf-8"))
    assert sorted(data["provincies"]) == sorted(PROVINCES)
    readme = (folder / "README.md").read_text(encoding="utf-8")
    assert "Natural Earth" in readme and "public domain" in readme


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


def test_epub_overview_has_no_ace_issues(book: Book, tmp_path: Path) -> None:
    """Ace by DAISY on the whole EPUB; the overview's document must have no issue at all."""
    if not ACE.is_file():
        pytest.skip(
            "Ace by DAISY ontbreekt (npm ci --prefix tools --ignore-scripts installeert het)"
        )
    epub = tmp_path / "boek.epub"
    epub.write_bytes(build_epub(book))
    done = subprocess.run(
        [str(ACE), "--silent", "--outdir", str(tmp_path / "ace"), str(epub)],
        env={**os.environ, "PUPPETEER_EXECUTABLE_PATH": chromium_path()},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    report = json.loads((tmp_path / "ace" / "report.json").read_text(encoding="utf-8"))
    checked = [a["earl:testSubject"]["url"] for a in report["assertions"]]
    problems = [
        (x["earl:test"]["dct:title"], x["earl:result"].get("dct:description"))
        for a in report["assertions"]
        if a["earl:testSubject"]["url"] == "in-beeld.xhtml"
        for x in a.get("assertions", [])
    ]
    assert "in-beeld.xhtml" in checked
    assert problems == []


# ------------------------------------------------------------------------------ site


@pytest.fixture(scope="module")
def site(book: Book, tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("overview-site") / "site"
    write_site(book, target, pdf_name=None, epub_name=None)
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

"""The EPUB cites the screen PDF's pages (issue 23): a page-break marker where each page of
the PDF begins, a page list, and the PDF named as the source of the page breaks.

The book is built as `workbook build --format pdf,epub` does it: the EPUB gets the page
numbers of the PDF laid out in the same build; `--format epub` alone takes them from the
layouts in the cache, or goes without them.
"""

from __future__ import annotations

import io
import re
import shutil
import zipfile
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

import lxml.etree as etree
import pikepdf
import pytest
from ace import ace_report, findings
from pypdf import PdfReader
from test_epub import NS, copy_project, load_book, run_epubcheck

from workbook.build.run import BuildOptions, run_build
from workbook.render.epub.page_markers import add_markers, marker_ids
from workbook.render.page_breaks import PageStart, index_after, solid, word_start

NAME = "werkboek-ondermijning"
NO_PAGES = (
    "info: de EPUB heeft geen paginanummers van de PDF; bouw de PDF mee "
    "(--format pdf,epub) om ze te krijgen"
)
PAGEBREAK = "//*[@epub:type='pagebreak']"


@dataclass
class Built:
    root: Path
    out: Path
    pdf: bytes
    epub: bytes
    said: str


def build(root: Path, out: Path, formats: set[str]) -> Built:
    """`workbook build` of `root` into `out` in this process (-j 1); what it said."""
    said = io.StringIO()
    options = BuildOptions(root, output=out, formats=frozenset(formats), jobs=1)
    with redirect_stdout(said), redirect_stderr(said):
        assert run_build(options) == 0, said.getvalue()
    pdf = out / f"{NAME}.pdf"
    return Built(
        root,
        out,
        pdf.read_bytes() if pdf.is_file() else b"",
        (out / f"{NAME}.epub").read_bytes(),
        said.getvalue(),
    )


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    root = copy_project(tmp_path_factory.mktemp("boek"))
    return build(root, root / "dist", {"pdf", "epub"})


def _spine(epub: bytes) -> list[tuple[str, etree._Element]]:
    """The EPUB's XHTML documents in reading order: (file name, root)."""
    with zipfile.ZipFile(BytesIO(epub)) as archive:
        opf = etree.fromstring(archive.read("EPUB/content.opf"))
        items = {i.get("id"): i.get("href") for i in opf.iterfind(".//opf:item", NS)}
        names = [items[ref.get("idref")] for ref in opf.iterfind(".//opf:itemref", NS)]
        return [(name, etree.fromstring(archive.read(f"EPUB/{name}"))) for name in names]


def _markers(epub: bytes) -> list[tuple[str, etree._Element]]:
    """Every page-break marker in reading order: (its document, the element)."""
    return [
        (name, marker)
        for name, root in _spine(epub)
        for marker in root.xpath(PAGEBREAK, namespaces=NS)
    ]


def _number(marker: etree._Element) -> int:
    return int(marker.get("aria-label"))


def _opf(epub: bytes) -> etree._Element:
    with zipfile.ZipFile(BytesIO(epub)) as archive:
        return etree.fromstring(archive.read("EPUB/content.opf"))


def _features(epub: bytes) -> list[str]:
    path = "//opf:meta[@property='schema:accessibilityFeature']"
    return [m.text for m in _opf(epub).xpath(path, namespaces=NS)]


def test_each_example_starts_at_its_pdf_page(built: Built) -> None:
    """The first page of each example (its named destination in the PDF) is the page of the
    last marker before the example's title in its EPUB document."""
    book = load_book(built.root)
    with pikepdf.open(BytesIO(built.pdf)) as pdf:
        pages = {page.objgen: index + 1 for index, page in enumerate(pdf.pages)}
        names = pikepdf.NameTree(pdf.Root.Names.Dests)
        first = {e.id: pages[names[f"vb-{e.id}"][0].objgen] for e in book.examples}
    documents = dict(_spine(built.epub))
    for example in book.examples:
        root = documents[f"vb-{example.id}.xhtml"]
        (title,) = root.xpath("//x:h1", namespaces=NS)
        assert "".join(title.itertext()).strip() == example.titel
        before = title.xpath("preceding::*[@epub:type='pagebreak'][1]", namespaces=NS)
        assert before, f"geen paginamarkering voor de titel van {example.id}"
        assert _number(before[0]) == first[example.id], example.id


def test_one_marker_per_pdf_page_but_the_cover_in_reading_order(built: Built) -> None:
    pages = len(PdfReader(BytesIO(built.pdf)).pages)
    markers = _markers(built.epub)
    assert [_number(m) for _, m in markers] == list(range(2, pages + 1))
    for _, marker in markers:
        number = str(_number(marker))
        assert marker.get("role") == "doc-pagebreak"
        assert marker.get("id") == f"page-{number}"
        assert marker.get("title") == number
        assert len(marker) == 0 and not (marker.text or "").strip()
    # The contents pages open the navigation document, the colophon's is in the colophon.
    assert markers[0][0] == "colofon.xhtml" and markers[1][0] == "nav.xhtml"


def test_the_page_list_links_every_marker(built: Built) -> None:
    documents = dict(_spine(built.epub))
    (nav,) = documents["nav.xhtml"].xpath("//x:nav[@epub:type='page-list']", namespaces=NS)
    assert nav.get("hidden") is not None and nav.get("role") == "doc-pagelist"
    links = nav.xpath("./x:ol/x:li/x:a", namespaces=NS)
    targets = [(name, m.get("id")) for name, m in _markers(built.epub)]
    assert [tuple(a.get("href").split("#")) for a in links] == targets
    assert [a.text for a in links] == [t.removeprefix("page-") for _, t in targets]


def test_markers_stand_where_the_pdf_pages_begin(built: Built) -> None:
    """The words after each marker are on its page of the PDF (where the EPUB shows the
    same content: not the contents pages, nor a page that begins with an image)."""
    reader = PdfReader(BytesIO(built.pdf))
    checked = 0
    for name, marker in _markers(built.epub):
        if name == "nav.xhtml":
            continue
        # The first words after the marker, up to the next element.
        following = [t for t in marker.xpath("following::text()", namespaces=NS) if solid(t)]
        after = solid(following[0])[:12].lower() if following else ""
        nxt = marker.getnext()
        starts_with_image = nxt is not None and nxt.tag == f"{{{NS['x']}}}figure"
        if starts_with_image or not after:
            continue
        page = solid(reader.pages[_number(marker) - 1].extract_text() or "").lower()
        page = page.replace("\u2010", "-")  # the hyphen's glyph reads as U+2010
        assert after in page, (_number(marker), after)
        checked += 1
    assert checked > 40


def test_the_pdf_is_named_as_the_source_of_the_page_breaks(built: Built) -> None:
    source = _opf(built.epub).xpath("//opf:meta[@property='pageBreakSource']", namespaces=NS)
    assert [m.text for m in source] == [f"Aanpak ondermijning in de wijk, PDF-uitgave ({NAME}.pdf)"]
    assert {"printPageNumbers", "pageNavigation"} <= set(_features(built.epub))


def test_epubcheck_reports_nothing(built: Built, tmp_path: Path) -> None:
    path = tmp_path / "boek.epub"
    path.write_bytes(built.epub)
    counts, output = run_epubcheck(path)
    assert counts == {"fatal": 0, "error": 0, "warning": 0, "info": 0}, output


def test_ace_finds_nothing_and_sees_the_page_list(built: Built) -> None:
    report = ace_report(built.epub)
    found = findings(report)
    assert found["critical"] == found["serious"] == found["moderate"] == [], found
    assert not [f for f in found["minor"] if re.match(r"epub-page", f)], found["minor"]
    assert report["properties"]["hasPageBreaks"] is True
    metadata = report["earl:testSubject"]["metadata"]
    assert metadata["pageBreakSource"].endswith(f"({NAME}.pdf)")
    assert {"printPageNumbers", "pageNavigation"} <= set(metadata["schema:accessibilityFeature"])


def test_the_same_bytes_in_another_folder(
    built: Built, tmp_path_factory: pytest.TempPathFactory
) -> None:
    root = copy_project(tmp_path_factory.mktemp("elders") / "nog" / "een" / "boek")
    again = build(root, tmp_path_factory.mktemp("uit"), {"pdf", "epub"})
    assert again.pdf == built.pdf
    assert again.epub == built.epub


def test_epub_alone_takes_the_page_numbers_from_the_cache(built: Built, tmp_path: Path) -> None:
    out = tmp_path / "kopie-van-dist"
    shutil.copytree(built.out, out)
    alone = build(built.root, out, {"epub"})
    assert alone.epub == built.epub
    assert NO_PAGES not in alone.said


def test_epub_alone_in_a_fresh_folder_has_no_page_numbers(built: Built, tmp_path: Path) -> None:
    alone = build(built.root, tmp_path / "nieuw", {"epub"})
    assert alone.said.count(NO_PAGES) == 1
    assert _markers(alone.epub) == []
    documents = dict(_spine(alone.epub))
    assert not documents["nav.xhtml"].xpath("//x:nav[@epub:type='page-list']", namespaces=NS)
    assert not _opf(alone.epub).xpath("//opf:meta[@property='pageBreakSource']", namespaces=NS)
    assert not {"printPageNumbers", "pageNavigation"} & set(_features(alone.epub))


def test_epub_alone_after_an_edit_has_no_page_numbers(
    built: Built, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """An edit since the PDF was laid out: the cache no longer holds the book's layout."""
    root = copy_project(tmp_path_factory.mktemp("bewerkt"))
    shutil.copytree(built.out / ".cache", root / "dist" / ".cache")
    example = next(root.glob("examples/**/kapot-sterk.yaml"))
    text = example.read_text("utf-8")
    example.write_text(text.replace("Kapot Sterk", "Kapot  Sterk!", 1), "utf-8")
    alone = build(root, root / "dist", {"epub"})
    assert alone.said.count(NO_PAGES) == 1
    assert _markers(alone.epub) == []


@pytest.mark.parametrize(
    ("text", "before", "expected"),
    [
        ("een woord hier", 3, 3),  # the page starts with "woord"
        ("een verbinding hier", 6, 13),  # "verbin-" / "ding": the split word stays before
        ("een\u00adheid twee", 3, 7),  # soft hyphens do not count
        ("  een  twee", 0, 0),
    ],
)
def test_a_split_word_belongs_to_the_page_it_starts_on(
    text: str, before: int, expected: int
) -> None:
    assert word_start(text, before) == expected
    assert index_after(text, expected) <= len(text)


XHTML = (
    '<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops">'
    "<head><title>t</title></head><body><article>"
    '<header><p class="kicker">Thema</p><h1>Titel</h1></header>'
    '<section class="s-werkwijze"><h2>Werkwijze</h2><p>een <em>twee</em> drie vier</p>'
    "<ul><li>item een</li></ul></section>"
    "<dl><div><dt>Gemeenten</dt><dd>Ergens</dd></div></dl>"
    "</article></body></html>"
)


def _marked(*starts: PageStart) -> str:
    pages = [(number, start) for number, start in enumerate(starts, 2)]
    placed = [(number, "vb-x.xhtml") for number, _ in pages]
    ids = marker_ids([n for n, _ in pages], [XHTML.encode()])
    out = add_markers({"vb-x.xhtml": XHTML.encode()}, pages, placed, ids)["vb-x.xhtml"]
    text = out.decode()
    return re.sub(r'<span [^>]*id="(page-\d+)"[^>]*/>', r"[\1]", text.split("<body>")[1])


def test_markers_go_before_a_block_or_into_its_text() -> None:
    body = _marked(
        PageStart("vb-x", "", 0, 0, "Thema"),
        PageStart("vb-x", "s-werkwijze", 1, 7, "driev"),  # "een twee" on the page before
        PageStart("vb-x", "s-werkwijze", 2, 0, "itemeen"),  # in a list: inside the item
        PageStart("vb-x", "", 99, 0, "Gemeenten"),  # found by its text; inside the dt
        PageStart("vb-x", "", 0, 0, "Thema"),  # before the previous one: right after it
    )
    assert '<header>[page-2]<p class="kicker">' in body
    assert "<em>twee</em> [page-3]drie vier</p>" in body
    assert "<li>[page-4]item een</li>" in body
    assert "<dt>[page-5][page-6]Gemeenten</dt>" in body


def test_a_marker_id_that_is_taken_gets_a_suffix() -> None:
    taken = [b'<article id="page-4">']
    assert marker_ids([3, 4], taken) == {3: "page-3", 4: "page-4-2"}

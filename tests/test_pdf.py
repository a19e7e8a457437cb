"""The PDF workbook, judged on the bundled project: structure, numbers, fonts, safety."""

from __future__ import annotations

import http.server
import re
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from bundled import copy_bundled
from conftest import TODAY, VALID_EXAMPLE
from pypdf import PdfReader

from workbook.build.run import BuildOptions, run_build
from workbook.check.run import check_project
from workbook.model.book import Book
from workbook.render.pdf.book import render

REPO = Path(__file__).resolve().parents[1]
A4 = (595.28, 841.89)


def _squash(text: str) -> str:
    # WeasyPrint's automatic hyphens come out as U+2010 followed by the line break.
    text = re.sub(r"[\u00ad\u2010]\s*", "", text)
    text = re.sub(r"(?<=[a-zà-ÿ])-\n(?=[a-zà-ÿ])", "", text)
    return re.sub(r"\s+", " ", text)


@pytest.fixture(scope="module")
def reader(screen_pdf: bytes, tmp_path_factory: pytest.TempPathFactory) -> PdfReader:
    path = tmp_path_factory.mktemp("pdf") / "book.pdf"
    path.write_bytes(screen_pdf)
    return PdfReader(path)


@pytest.fixture(scope="module")
def pages(reader: PdfReader) -> list[str]:
    return [_squash(page.extract_text() or "") for page in reader.pages]


def _toc_page(pages: list[str]) -> int:
    return next(i for i, text in enumerate(pages) if "Inhoudsopgave" in text[:200])


def _toc_number(toc: str, title: str) -> int:
    match = re.search(re.escape(_squash(title)) + r"[ .]*?(\d+)", toc)
    assert match, f"{title!r} staat niet in de inhoudsopgave"
    return int(match.group(1))


def test_every_example_is_in_contents_with_the_page_it_starts_on(
    book: Book, pages: list[str]
) -> None:
    toc = pages[_toc_page(pages)]
    for example in book.examples:
        number = _toc_number(toc, example.titel)
        start = pages[number - 1]
        assert _squash(example.titel) in start[:300], (example.id, number)
        # The page before belongs to something else: the example starts on page n.
        assert _squash(example.titel) not in pages[number - 2][:300]


def test_theme_openers_are_in_contents_and_list_their_examples(
    book: Book, pages: list[str]
) -> None:
    toc = pages[_toc_page(pages)]
    for theme in book.themes:
        number = _toc_number(toc, theme.titel)
        opener = pages[number - 1]
        assert opener.startswith("Thema") or theme.titel in opener[:200]
        for example in theme.examples:
            assert _squash(example.titel) in opener


def test_register_entries_point_at_pages_that_mention_them(
    reader: PdfReader, pages: list[str]
) -> None:
    raw = [page.extract_text() or "" for page in reader.pages]
    # The registers follow each other on shared pages: the lines from the first one on,
    # cut at the register titles.
    first = next(i for i, t in enumerate(raw) if t.startswith("REGISTERS\n"))
    lines = [line.strip() for text in raw[first:] for line in text.splitlines()]
    names = ("Gemeenten", "Partners", "Trefwoorden")
    starts = [lines.index(name) for name in names]
    for name, start, end in zip(names, starts, [*starts[1:], len(lines)], strict=True):
        entries = [
            m.groups()
            for line in lines[start + 1 : end]
            if (m := re.fullmatch(r"(\D+?) ((?:\d+, )*\d+)", line))
        ]
        assert len(entries) >= 5, (name, lines[start : start + 10])
        for term, numbers in entries:
            for number in numbers.split(", "):
                page = pages[int(number) - 1].casefold()
                assert _squash(term).casefold() in page, (name, term, number)


def test_bookmarks_follow_themes_and_examples(book: Book, reader: PdfReader) -> None:
    outline = reader.outline
    top = [item.title for item in outline if not isinstance(item, list)]
    for theme in book.themes:
        assert theme.titel in top
    children = [item for item in outline if isinstance(item, list)]
    nested = [[c.title for c in group if not isinstance(c, list)] for group in children]
    for theme in book.themes:
        assert [e.titel for e in theme.examples] in nested


def test_fonts_are_embedded_and_come_from_the_repository(reader: PdfReader) -> None:
    names: set[str] = set()
    for page in reader.pages:
        fonts = page.get("/Resources", {}).get("/Font", {})
        for font in fonts.values():
            font = font.get_object()
            names.add(str(font["/BaseFont"]))
            descendants = font.get("/DescendantFonts")
            descriptor = (
                descendants[0].get_object()["/FontDescriptor"]
                if descendants
                else font.get("/FontDescriptor")
            )
            descriptor = descriptor.get_object()
            assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
    assert names
    for name in names:
        plain = name.replace("-", "").replace(" ", "")
        assert "SourceSerif4" in plain or "SourceSans3" in plain, name


def test_pdf_is_tagged_dutch_titled_and_a4(book: Book, reader: PdfReader) -> None:
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "nl"
    assert bool(root["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in root
    assert reader.metadata is not None
    assert reader.metadata.title == book.titel
    assert reader.metadata.author == book.author
    for page in reader.pages:
        box = page.mediabox
        assert (round(float(box.width), 1), round(float(box.height), 1)) == (595.3, 841.9)


def test_cover_and_colophon_show_no_page_number_but_contents_does(pages: list[str]) -> None:
    assert not re.search(r"\b1\s*$", pages[0])
    assert not re.search(r"\b2\s*$", pages[1])
    toc_index = _toc_page(pages)
    assert re.search(rf"\b{toc_index + 1}\s*$", pages[toc_index])


def test_draft_is_left_out(pages: list[str]) -> None:
    draft = (REPO / "examples/frontlijn/signaalkaart-wijkteams.yaml").read_text("utf-8")
    title = re.search(r"^titel: (.+)$", draft, re.M)
    assert title
    assert all(_squash(title.group(1).strip("\"'")) not in page for page in pages)


def test_print_edition_has_bleed_and_openers_on_odd_pages(
    book: Book, print_pdf: bytes, tmp_path: Path
) -> None:
    path = tmp_path / "druk.pdf"
    path.write_bytes(print_pdf)
    reader = PdfReader(path)
    bleed = 3 / 25.4 * 72
    texts = [_squash(p.extract_text() or "") for p in reader.pages]
    for page in reader.pages:
        trim = page.trimbox
        assert round(float(trim.width), 1) == 595.3
        media = page.mediabox
        assert float(media.width) >= float(trim.width) + 2 * bleed - 0.5
        assert float(page.bleedbox.width) == pytest.approx(float(trim.width) + 2 * bleed, abs=0.5)
    for theme in book.themes:
        number = next(
            i + 1
            for i, t in enumerate(texts)
            if re.match(r"thema \d", t, re.I) and theme.titel in t[:200]
        )
        assert number % 2 == 1, (theme.id, number)


def _copy_project(tmp_path: Path) -> Path:
    """The bundled project without its editions (a few examples would leave one empty)."""
    return copy_bundled(tmp_path / "project")


def test_failed_build_leaves_previous_pdf_in_place(tmp_path: Path) -> None:
    project = _copy_project(tmp_path)
    for path in list((project / "examples").rglob("*.yaml"))[3:]:
        path.unlink()
    assert run_build(BuildOptions(project, formats=frozenset({"pdf"}), quiet=True)) == 0
    pdf = project / "dist" / "werkboek-ondermijning.pdf"
    before = pdf.read_bytes()
    broken = next((project / "examples").rglob("*.yaml"))
    broken.write_text(broken.read_text("utf-8").replace("status:", "staatus:"), "utf-8")
    own = {p.name: p.read_bytes() for p in (project / "dist" / "voorbeelden").iterdir()}
    assert run_build(BuildOptions(project, formats=frozenset({"pdf"}), quiet=True)) == 1
    assert pdf.read_bytes() == before
    assert sorted(p.name for p in (project / "dist").iterdir()) == [
        ".cache",
        ".workbook.lock",
        "voorbeelden",
        "werkboek-ondermijning.pdf",
        "werkboek-ondermijning.uitgave.json",
    ]
    assert {p.name: p.read_bytes() for p in (project / "dist" / "voorbeelden").iterdir()} == own
    assert not [p for p in (project / "dist").rglob("*.tmp")]


class _Counter(http.server.BaseHTTPRequestHandler):
    hits = 0

    def do_GET(self) -> None:
        type(self).hits += 1
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"<svg xmlns='http://www.w3.org/2000/svg'/>")

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def counting_server() -> Iterator[tuple[str, type[_Counter]]]:
    _Counter.hits = 0
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Counter)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", _Counter
    server.shutdown()


def test_hostile_svg_reads_no_file_outside_and_makes_no_request(
    make_project, counting_server: tuple[str, type[_Counter]]
) -> None:
    url, counter = counting_server
    svg = (
        "<svg xmlns='http://www.w3.org/2000/svg' xmlns:xlink='http://www.w3.org/1999/xlink' "
        "width='200' height='100'>"
        f"<image href='{url}/a.png' width='10' height='10'/>"
        "<image xlink:href='file:///etc/hostname' width='10' height='10'/>"
        f"<style>@import url('{url}/b.css');</style>"
        "<text x='5' y='50'>veilig</text></svg>"
    )
    example = VALID_EXAMPLE + "afbeeldingen:\n  - bestand: img/kaart.svg\n    alt: Een kaart\n"
    project = make_project(example, files={"examples/onderwijs/img/kaart.svg": svg})
    result = check_project(project, today=TODAY)
    assert result.book is not None
    rendered = render(result.book)
    assert rendered.data.startswith(b"%PDF")
    assert counter.hits == 0
    refused = " ".join(rendered.warnings)
    assert "etc/hostname" in refused and url in refused

"""The bundled project's editions, built as `workbook build` builds them: each a complete
book of exactly its selection (contents, text, overview, registers, true page numbers),
tagged and conforming like the book, an EPUB that EPUBCheck and Ace accept, the same bytes
from another folder and one process, and listed with its downloads on the site."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from ace import ace, ace_report, findings
from bundled import copy_bundled
from pypdf import PdfReader
from test_epub import run_epubcheck

from workbook.build.options import BuildOptions
from workbook.build.run import run_build
from workbook.check.run import check_project
from workbook.model.book import Book
from workbook.model.editions import Edition, edition_book

REPO = Path(__file__).resolve().parents[1]
BASE = "werkboek-ondermijning"


def copy_project(target: Path) -> Path:
    return copy_bundled(target, editions=True)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled project built with everything, editions included; returns dist/."""
    root = copy_project(tmp_path_factory.mktemp("editions") / "project")
    assert run_build(BuildOptions(root, quiet=True)) == 0
    return root / "dist"


@pytest.fixture(scope="module")
def editions() -> list[tuple[Edition, Book]]:
    result = check_project(REPO)
    assert result.book is not None and len(result.editions) == 3
    return [(edition, edition_book(result.book, edition)) for edition in result.editions]


def pages(path: Path) -> list[str]:
    reader = PdfReader(io.BytesIO(path.read_bytes()))
    return [re.sub(r"[\u00ad\u2010]\s*", "", page.extract_text() or "") for page in reader.pages]


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def test_the_bundled_editions_follow_the_masterclasses(
    editions: list[tuple[Edition, Book]],
) -> None:
    ids = {edition.id: book for edition, book in editions}
    assert list(ids) == ["masterclass-justitie", "masterclass-onderwijs", "masterclass-frontlijn"]
    assert {e.thema for e in ids["masterclass-onderwijs"].examples} == {"onderwijs"}
    assert {e.thema for e in ids["masterclass-frontlijn"].examples} == {"frontlijn"}
    justice = ids["masterclass-justitie"].examples
    assert len(justice) >= 3 and all("justitie" in e.trefwoorden for e in justice)
    assert len({e.thema for e in justice}) > 1  # across themes, in the book's order


@pytest.mark.parametrize("index", range(3))
def test_contents_and_text_are_exactly_the_selection_on_true_pages(
    built: Path, editions: list[tuple[Edition, Book]], index: int
) -> None:
    edition, book = editions[index]
    text = pages(built / f"{BASE}-{edition.id}.pdf")
    assert squash(text[0]).startswith("AANPAK ONDERMIJNING IN DE WIJK")  # the werkboek above
    assert book.titel in squash(text[0])
    assert "Een uitgave uit het werkboek ‘Aanpak ondermijning in de wijk’" in squash(text[1])
    contents = squash(text[2])
    listed = [e.titel for e in book.examples]
    positions = [contents.find(squash(title)) for title in listed]
    assert -1 not in positions and positions == sorted(positions), "book order"
    others = {e.titel for e in check_project(REPO).book.examples} - set(listed)  # type: ignore[union-attr]
    assert not [title for title in others if squash(title) in " ".join(map(squash, text))]
    for example in book.examples:
        # "<title> ..... <page>": the number printed after the title is where it starts.
        found = re.search(re.escape(squash(example.titel)) + r"[ .]*(\d+)", contents)
        assert found, example.titel
        page = int(found.group(1))
        assert squash(example.titel) in squash(text[page - 1]), (example.titel, page)


@pytest.mark.parametrize("index", range(3))
def test_overview_and_registers_cover_only_the_selection(
    built: Path, editions: list[tuple[Edition, Book]], index: int
) -> None:
    edition, book = editions[index]
    text = " ".join(map(squash, pages(built / f"{BASE}-{edition.id}.pdf")))
    count = len(book.examples)
    assert f"Waar lopen de {count} gepubliceerde praktijkvoorbeelden" in text
    registers = text.split("REGISTERS", 1)[1]
    municipalities = registers.split("Partners", 1)[0]
    wanted = {g for e in book.examples for g in e.gemeenten}
    everything = {g for e in check_project(REPO).book.examples for g in e.gemeenten}  # type: ignore[union-attr]
    for name in everything:
        present = re.search(rf"(?<!\w){re.escape(name)} \d", municipalities) is not None
        assert present == (name in wanted), name


def test_every_edition_pdf_passes_pdfua_and_pdfa(built: Path) -> None:
    import page

    for pdf in sorted(built.glob(f"{BASE}-masterclass-*.pdf")):
        for profile in ("ua1", "2a"):
            report = page.validate_pdf(str(pdf), profile=profile)
            assert report.is_compliant, (pdf.name, profile, str(report))


def test_every_edition_epub_passes_epubcheck(built: Path) -> None:
    for epub in sorted(built.glob(f"{BASE}-masterclass-*.epub")):
        counts, output = run_epubcheck(epub)
        assert counts == {"fatal": 0, "error": 0, "warning": 0, "info": 0}, output


def test_an_edition_epub_passes_ace(built: Path) -> None:
    ace()
    found = findings(ace_report((built / f"{BASE}-masterclass-justitie.epub").read_bytes()))
    assert {k: v for k, v in found.items() if k != "minor"} == {
        "critical": [],
        "serious": [],
        "moderate": [],
    }


def test_an_edition_is_the_same_from_another_folder_in_one_process(
    built: Path, tmp_path: Path
) -> None:
    root = copy_project(tmp_path / "elders")
    options = BuildOptions(root, jobs=1, quiet=True, editions=frozenset({"masterclass-justitie"}))
    assert run_build(options) == 0
    for suffix in ("pdf", "epub"):
        name = f"{BASE}-masterclass-justitie.{suffix}"
        assert (root / "dist" / name).read_bytes() == (built / name).read_bytes(), name
    assert not (root / "dist" / "site").exists() and not (root / "dist" / f"{BASE}.pdf").exists()


def test_the_site_lists_every_edition_with_its_downloads(
    built: Path, editions: list[tuple[Edition, Book]]
) -> None:
    index = (built / "site" / "index.html").read_text("utf-8")
    section = index.split('id="uitgaven"', 1)[1].split("</section>", 1)[0]
    for edition, book in editions:
        assert f"<h3>{book.titel}</h3>" in section
        assert f"{len(book.examples)} praktijkvoorbeelden" in section
        for suffix in ("pdf", "epub"):
            name = f"{BASE}-{edition.id}.{suffix}"
            assert f'href="downloads/{name}"' in section
            assert (built / "site" / "downloads" / name).read_bytes() == (built / name).read_bytes()
    assert re.search(r"\(\d+,\d MB\)", section)


def test_an_unknown_edition_is_a_usage_error(run_cli) -> None:
    code, _, err = run_cli("build", "--uitgave", "masterclass-sport", cwd=REPO)
    assert code == 2
    assert "onbekende uitgave 'masterclass-sport'; kies uit: masterclass-justitie" in err

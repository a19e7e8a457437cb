"""One version number: `workbook --version`, the PDF's Creator/Producer (and its XMP), the
EPUB's generator and the CHANGELOG all name `workbook.__version__`; runtime dependencies are
exactly what the package imports."""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

import lxml.etree as etree
import pytest
import weasyprint
from conftest import TODAY, run_cli, write_project
from pypdf import PdfReader

import workbook
from workbook.check.run import check_project
from workbook.render.pdf.book import render
from workbook.render.pdf.metadata import creator, producer, stamp_xmp

REPO = Path(__file__).resolve().parents[1]
VERSION = workbook.__version__
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
PDF_NS = "http://ns.adobe.com/pdf/1.3/"
XMP_NS = "http://ns.adobe.com/xap/1.0/"
# What WeasyPrint 70 writes for a pdf/ua-1 document (shortened).
WEASYPRINT_XMP = (
    b'<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?>\n'
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="' + RDF.encode() + b'" '
    b'xmlns:pdf="' + PDF_NS.encode() + b'" xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/" '
    b'xmlns:xmp="' + XMP_NS.encode() + b'">'
    b'<rdf:Description rdf:about="" pdfuaid:part="1"/>'
    b'<rdf:Description rdf:about="" pdf:Producer="WeasyPrint 70.0"/>'
    b'<rdf:Description rdf:about=""><xmp:CreatorTool>werkboek</xmp:CreatorTool>'
    b'</rdf:Description></rdf:RDF></x:xmpmeta>\n<?xpacket end="r"?>'
)


def test_version_option_prints_the_package_version() -> None:
    code, out, _ = run_cli("--version")
    assert code == 0
    assert out.strip() == f"workbook, versie {VERSION}"


def test_creator_and_producer_name_werkboek_and_weasyprint() -> None:
    assert creator() == f"werkboek {VERSION}"
    assert producer() == f"werkboek {VERSION} (WeasyPrint {weasyprint.__version__})"


def _xmp_values(packet: bytes) -> tuple[list[str], list[str]]:
    root = etree.fromstring(packet)
    producers = [
        *root.xpath("//rdf:Description/@pdf:Producer", namespaces={"rdf": RDF, "pdf": PDF_NS}),
        *root.xpath("//pdf:Producer/text()", namespaces={"pdf": PDF_NS}),
    ]
    tools = root.xpath("//xmp:CreatorTool/text()", namespaces={"xmp": XMP_NS})
    return [str(p) for p in producers], [str(t) for t in tools]


def test_stamp_xmp_replaces_weasyprints_values_and_keeps_the_rest() -> None:
    stamped = stamp_xmp(WEASYPRINT_XMP)
    assert _xmp_values(stamped) == ([producer()], [creator()])
    assert b'pdfuaid:part="1"' in stamped
    assert stamped.startswith(b"<?xpacket begin=") and stamped.endswith(b'<?xpacket end="r"?>')


def test_stamp_xmp_adds_values_that_are_missing() -> None:
    bare = re.sub(rb"<rdf:Description[^>]*pdf:Producer[^>]*/>", b"", WEASYPRINT_XMP)
    bare = re.sub(rb"<xmp:CreatorTool>.*?</xmp:CreatorTool>", b"", bare)
    assert _xmp_values(bare) == ([], [])
    assert _xmp_values(stamp_xmp(bare)) == ([producer()], [creator()])


@pytest.fixture(scope="module")
def small_pdf(tmp_path_factory: pytest.TempPathFactory) -> PdfReader:
    root = write_project(tmp_path_factory.mktemp("klein"))
    book = check_project(root, today=TODAY).book
    assert book is not None
    path = root / "klein.pdf"
    path.write_bytes(render(book).data)
    return PdfReader(path)


def test_pdf_info_names_werkboek_and_its_version(small_pdf: PdfReader) -> None:
    info = small_pdf.metadata
    assert info is not None
    assert info["/Creator"] == f"werkboek {VERSION}"
    assert info["/Producer"] == f"werkboek {VERSION} (WeasyPrint {weasyprint.__version__})"


def test_pdf_xmp_agrees_with_the_info_dictionary(small_pdf: PdfReader) -> None:
    packet = small_pdf.trailer["/Root"]["/Metadata"].get_object().get_data()
    assert _xmp_values(packet) == ([producer()], [creator()])
    assert b"pdfuaid" in packet


def test_changelog_has_an_unreleased_section_and_one_for_this_version() -> None:
    headings = re.findall(r"^## (.+)$", (REPO / "CHANGELOG.md").read_text("utf-8"), re.M)
    assert headings[0] == "Nog niet uitgebracht"
    assert any(h.split(" ")[0] == VERSION for h in headings[1:]), headings


def _imported_top_level_modules() -> set[str]:
    names: set[str] = set()
    for path in (REPO / "workbook").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Import):
                names.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names.add(node.module.split(".")[0])
    return names - set(sys.stdlib_module_names) - {"workbook"}


def _requirement_name(requirement: str) -> str:
    name = re.split(r"[<>=!~\[; ]", requirement, maxsplit=1)[0]
    return name.lower().replace("_", "-")


def test_runtime_dependencies_are_exactly_what_the_package_imports() -> None:
    project = tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))["project"]
    runtime = {_requirement_name(r) for r in project["dependencies"]}
    dev = {_requirement_name(r) for r in project["optional-dependencies"]["dev"]}
    distributions = packages_distributions()
    imported: set[str] = set()
    for module in _imported_top_level_modules():
        assert module in distributions, f"{module} is imported but not installed"
        imported.update(d.lower().replace("_", "-") for d in distributions[module])
    # Declared for what another library does with it: pyphen's Dutch hyphenation dictionaries.
    used_through = {"pyphen"}
    assert imported == runtime - used_through, (imported - runtime, runtime - imported)
    assert not (imported & dev), "a test tool is imported by the package"

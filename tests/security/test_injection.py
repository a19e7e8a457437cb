"""Injection through the outputs: hostile text in a contributor's file stays text.

Every text field that reaches a page (titel, gemeenten, partner naam, samenvatting, lists,
afbeelding alt, the book's titles ...) carries one of the payloads below. The outputs are
parsed, not grepped: the PDF's text is extracted with pypdf, the HTML behind the PDF and the
site pages are parsed with an HTML5 parser (as a browser would), the EPUB's XHTML with
lxml's XML parser (as a reading system would). Then:

- the payload appears literally, as text (or as the value of the attribute it belongs in);
- no <script> element, no on* attribute, no javascript:/data:/vbscript: URL and no
  <img src=x> comes from user text; JSON embedded in <script type="application/json">
  still parses (no break-out through "</script>");
- "{{ 7*7 }}" is never evaluated: "49" does not stand where it was.

Markdown fields (aanleiding, werkwijze, voorwoord) are stricter: raw HTML and unsafe links
are diagnostics (markdown-html, unsafe-link), so the build stops; what Markdown allows
(template syntax, escaped HTML) is rendered as literal text.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import lxml.etree
import pytest
import tinyhtml5
from conftest import TODAY, VALID_EXAMPLE, write_project
from pdf_support import single_document
from pypdf import PdfReader

from workbook.check.run import check_project
from workbook.model.book import Book
from workbook.render.jinja import environment
from workbook.render.pdf.book import render

PAYLOADS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "{{ 7*7 }}",
    "{% raw %}",
    "</style>",
    "[x](javascript:alert(1))",
]
# A payload that also closes the JSON island of the contributor form, and one for attributes.
EXTRA = ["</script><script>alert(1)</script>", "' onmouseover='alert(1)"]
ALL = PAYLOADS + EXTRA

REPO = Path(__file__).resolve().parents[2]


def titel(i: int, payload: str) -> str:
    return f"Aanpak {payload} nr {i}"


def _quote(text: str) -> str:
    return json.dumps(text)  # a JSON string is a valid YAML double-quoted scalar


def hostile_example(i: int, payload: str) -> str:
    q = _quote
    p = payload
    return f"""\
titel: {q(titel(i, p))}
thema: onderwijs
benadering: preventief
gemeenten:
  - {q("Gemeente " + p)}
wijken:
  - {q("Wijk " + p)}
status: lopend
looptijd:
  start: 2021-09
samenvatting: {q("In het kort: " + p + " " + "en nog meer tekst om de vijftig tekens te halen.")}
aanleiding: |
  Aanleiding \\{{{{ 7*7 }}}} en {{% raw %}} en \\<script>alert(1)\\</script> nr {i}.
doelen:
  - {q("Doel " + p)}
werkwijze: |
  Werkwijze {{{{ 7*7 }}}} met [een link](https://example.org/?q=%3Cscript%3E) nr {i}.
doelgroepen:
  - {q("Doelgroep " + p)}
partners:
  - naam: {q("Partner " + p)}
    soort: gemeente
    rol: {q("Rol " + p)}
resultaten:
  - omschrijving: {q("Resultaat " + p)}
    waarde: 12
    eenheid: {q(p[:60])}
    bron: {q("Bron " + p)}
knelpunten:
  - knelpunt: {q("Knelpunt " + p)}
    oplossing: {q("Oplossing " + p)}
vernieuwend:
  - {q("Vernieuwend " + p)}
lessen:
  - {q("Les " + p)}
werkvragen:
  - {q("Vraag een " + p)}
  - {q("Vraag twee " + p)}
financiering: {q("Financiering " + p)}
trefwoorden:
  - {q(p[:60])}
contact:
  naam: {q("Contact " + p)}
  organisatie: {q("Organisatie " + p)}
  email: contact@example.org
  toestemming: true
bronnen:
  - titel: {q("Bron " + p)}
    url: https://example.org/bron
    uitgever: {q("Uitgever " + p)}
afbeeldingen:
  - bestand: img/foto.png
    alt: {q("Alt " + p)}
    bijschrift: {q("Bijschrift " + p)}
    credit: {q("Credit " + p)}
bijgewerkt: 2024-05-01
"""


def hostile_config() -> str:
    q = _quote
    return f"""\
titel: {q("Boek " + PAYLOADS[0])}
ondertitel: {q("Ondertitel " + PAYLOADS[1] + " " + EXTRA[0])}
uitgever: {q("Uitgever " + PAYLOADS[4])}
redactie:
  - {q("Redacteur " + EXTRA[1])}
jaar: 2025
licentie: {q(PAYLOADS[2])}
voorwoord: |
  Voorwoord {{{{ 7*7 }}}} en {{% raw %}} in de tekst.
colofon: |
  Colofon \\</style> en \\<script>.
themas:
  - id: repressie-preventie
    titel: {q("Thema " + EXTRA[0])}
  - id: onderwijs
    titel: {q("Thema " + PAYLOADS[1])}
    inleiding: |
      Inleiding {{{{ 7*7 }}}} nr 0.
  - id: frontlijn
    titel: Frontlijnprofessionals
bestandsnaam: injectie
"""


def _tiny_png() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (8, 6), "white").save(buffer, "PNG")
    return buffer.getvalue()


@pytest.fixture(scope="module")
def hostile_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("hostile")
    files: dict[str, str | bytes] = {"examples/onderwijs/img/foto.png": _tiny_png()}
    for i, payload in enumerate(ALL):
        files[f"examples/onderwijs/inj-{i}.yaml"] = hostile_example(i, payload)
    return write_project(root, example=None, config=hostile_config(), files=files)


@pytest.fixture(scope="module")
def book(hostile_project: Path) -> Book:
    result = check_project(hostile_project, today=TODAY)
    assert [d for d in result.diagnostics if d.severity.value == "error"] == []
    assert result.book is not None
    return result.book


# ------------------------------------------------------------------ parse-based checks

DANGEROUS_SCHEMES = ("javascript:", "vbscript:", "data:text/html", "data:image/svg")
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "poster", "srcset"}


def _local(name: str) -> str:
    """'{http://www.w3.org/1999/xhtml}script' → 'script'."""
    return name.rsplit("}", 1)[-1].lower()


def _elements(root: Any) -> list[Any]:
    return [e for e in root.iter() if isinstance(e.tag, str)]


def assert_inert(root: Any, where: str) -> None:
    """Nothing executable or fetching in a parsed document comes from user text."""
    for element in _elements(root):
        tag = _local(element.tag)
        for name, value in element.attrib.items():
            attribute = _local(name)
            assert not attribute.startswith("on"), f"{where}: <{tag} {attribute}={value!r}>"
            if attribute in URL_ATTRIBUTES:
                plain = re.sub(r"[\s\x00-\x1f]", "", value).lower()
                assert not plain.startswith(DANGEROUS_SCHEMES), f"{where}: {attribute}={value!r}"
        if tag == "img":
            assert element.get("src") not in ("x", None), f"{where}: <img src=x>"
        if tag in ("iframe", "object", "embed", "base", "frame"):
            pytest.fail(f"{where}: <{tag}> element")
        if tag == "script":
            text = element.text or ""
            kind = (element.get("type") or "").lower()
            if kind == "application/json":
                json.loads(text)  # a break-out would leave broken JSON behind
            else:
                # Only the design's own scripts: external files or the serve reload code.
                assert "alert(" not in text, f"{where}: injected script {text!r}"
                assert element.get("src") or "EventSource" in text, f"{where}: inline {text!r}"
        if tag == "style":
            assert "Aanpak" not in (element.text or ""), f"{where}: user text in <style>"
        if tag == "meta" and (element.get("http-equiv") or "").lower() == "refresh":
            pytest.fail(f"{where}: meta refresh")


def text_of(root: Any) -> str:
    skip = {"script", "style"}
    parts = []
    for element in _elements(root):
        if _local(element.tag) not in skip and element.text:
            parts.append(element.text)
        if element.tail:
            parts.append(element.tail)
    return re.sub(r"\s+", " ", "".join(parts))


def attribute_values(root: Any, name: str) -> list[str]:
    return [e.get(name) for e in _elements(root) if e.get(name) is not None]


def parse_html(text: str) -> ElementTree.Element:
    return tinyhtml5.parse(text)


def assert_literal(document_text: str, expected: str, where: str) -> None:
    assert re.sub(r"\s+", " ", expected) in document_text, f"{where}: {expected!r} not shown"


def assert_not_evaluated(document_text: str, where: str) -> None:
    squashed = re.sub(r"\s+", "", document_text)
    assert "Aanpak49nr" not in squashed and "Aanpak7*7nr" not in squashed, where
    assert "{{7*7}}" in squashed, f"{where}: template syntax not shown literally"


# ------------------------------------------------------------------------------ the PDF


@pytest.fixture(scope="module")
def pdf_html(book: Book) -> str:
    return single_document(book)


@pytest.fixture(scope="module")
def pdf_text(book: Book) -> str:
    reader = PdfReader(io.BytesIO(render(book).data))
    text = "\n".join(page.extract_text() or "" for page in reader.pages)
    # WeasyPrint's automatic hyphens: U+2010 (or a soft hyphen) before a line break.
    text = re.sub(r"[\u00ad\u2010]\s*", "", text)
    return re.sub(r"\s+", " ", text)


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.mark.parametrize("i", range(len(ALL)))
def test_pdf_shows_payload_literally(pdf_text: str, i: int) -> None:
    payload = ALL[i]
    squashed = _squash(pdf_text)
    for shown in (titel(i, payload), "Gemeente " + payload, "Partner " + payload):
        assert _squash(shown) in squashed, f"{shown!r} not in the PDF text"


def test_pdf_does_not_evaluate_template_syntax(pdf_text: str) -> None:
    i = ALL.index("{{ 7*7 }}")
    squashed = _squash(pdf_text)
    assert _squash(titel(i, "{{ 7*7 }}")) in squashed
    assert _squash(titel(i, "49")) not in squashed
    assert "Gemeente49" not in squashed and "Partner49" not in squashed
    # Markdown: {{ 7*7 }} in aanleiding, werkwijze, voorwoord and a theme's inleiding.
    for field in ("Werkwijze", "Voorwoord", "Inleiding"):
        assert f"{field}{{{{7*7}}}}" in squashed, field
        assert f"{field}49" not in squashed, field
    assert "{%raw%}" in squashed


def test_html_behind_the_pdf_is_inert(pdf_html: str) -> None:
    root = parse_html(pdf_html)
    assert_inert(root, "book.html")
    text = text_of(root)
    for i, payload in enumerate(ALL):
        assert_literal(text, titel(i, payload), "book.html")
    assert_not_evaluated(text, "book.html")
    alts = attribute_values(root, "alt")
    for payload in ALL:
        assert "Alt " + payload in alts


# ----------------------------------------------------------------------------- the EPUB


@pytest.fixture(scope="module")
def epub_documents(book: Book) -> dict[str, bytes]:
    from workbook.render.epub.package import build_epub

    data = build_epub(book)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {
            name: archive.read(name)
            for name in archive.namelist()
            if name.endswith((".xhtml", ".html", ".opf", ".ncx"))
        }


def test_epub_xhtml_is_inert(epub_documents: dict[str, bytes]) -> None:
    parser = lxml.etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    texts = []
    alts: list[str] = []
    for name, content in epub_documents.items():
        root = lxml.etree.fromstring(content, parser)
        assert_inert(root, name)
        scripts = [e for e in _elements(root) if _local(e.tag) == "script"]
        assert scripts == [], f"{name}: the EPUB has no scripts at all"
        if name.endswith(".xhtml"):
            texts.append(text_of(root))
            alts += attribute_values(root, "alt")
    for payload in ALL:  # an attribute value, exactly as written
        assert "Alt " + payload in alts
    text = " ".join(texts)
    for i, payload in enumerate(ALL):
        assert_literal(text, titel(i, payload), "EPUB")
        assert_literal(text, "Partner " + payload, "EPUB")
    assert_not_evaluated(text, "EPUB")


def test_epub_package_documents_are_well_formed(epub_documents: dict[str, bytes]) -> None:
    """Titles go into the OPF and NCX too: escaped, so the XML still parses."""
    parser = lxml.etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    for name, content in epub_documents.items():
        if name.endswith((".opf", ".ncx")):
            root = lxml.etree.fromstring(content, parser)
            assert_inert(root, name)
            if name.endswith(".opf"):  # dc:title holds the book title, as text
                assert "Boek <script>alert(1)</script>" in "".join(root.itertext()), name


# ----------------------------------------------------------------------------- the site


@pytest.fixture(scope="module")
def site(book: Book, tmp_path_factory: pytest.TempPathFactory) -> Path:
    from workbook.render.site.pages import Download, write_site

    folder = tmp_path_factory.mktemp("site") / "site"
    write_site(book, folder, downloads=[Download("injectie.pdf", "pdf")])
    return folder


def test_site_html_is_inert(site: Path) -> None:
    pages = sorted(site.rglob("*.html"))
    assert pages, "the site has no pages"
    texts = {}
    for page in pages:
        root = parse_html(page.read_text("utf-8"))
        assert_inert(root, page.name)
        texts[page.name] = text_of(root)
    index = texts["index.html"]
    for i, payload in enumerate(ALL):
        assert_literal(index, titel(i, payload), "index.html")
        assert_literal(index, "Boek " + PAYLOADS[0], "index.html")
    assert_not_evaluated(index, "index.html")
    example_pages = [name for name in texts if name.startswith("inj-")]
    assert len(example_pages) == len(ALL)
    for name in example_pages:
        i = int(name.removeprefix("inj-").removesuffix(".html"))
        assert_literal(texts[name], "Partner " + ALL[i], name)
        assert_literal(texts[name], "Gemeente " + ALL[i], name)
        root = parse_html((site / name).read_text("utf-8"))
        assert "Alt " + ALL[i] in attribute_values(root, "alt"), name


def test_site_scripts_are_only_the_designs_own(site: Path) -> None:
    """Compared with the bundled project: user text adds no script element anywhere."""
    for page in sorted(site.rglob("*.html")):
        root = parse_html(page.read_text("utf-8"))
        for script in (e for e in _elements(root) if _local(e.tag) == "script"):
            src = script.get("src")
            if src is not None:
                own = r"assets/(vendor/[a-z0-9-]+/)?[a-z0-9.-]+\.js"
                assert re.fullmatch(own, src), f"{page.name}: {src}"
                assert (site / src).is_file(), f"{page.name}: {src}"
            else:
                assert (script.get("type") or "").lower() == "application/json", page.name


# ---------------------------------------------------------- Markdown: diagnostic or text


MARKDOWN_EXPECTED = {
    "<script>alert(1)</script>": "markdown-html",
    '"><img src=x onerror=alert(1)>': "markdown-html",
    "{{ 7*7 }}": None,
    "{% raw %}": None,
    "</style>": "markdown-html",
    "[x](javascript:alert(1))": "unsafe-link",
    "[x](JaVaScRiPt:alert(1))": "unsafe-link",
    "[x](&#106;avascript:alert(1))": "unsafe-link",
    "<javascript:alert(1)>": "unsafe-link",
    "[x][r]\n\n[r]: javascript:alert(1)": "unsafe-link",
    "[x](data:text/html,alert)": "unsafe-link",
    "![x](https://example.org/a.png)": "markdown-image",
    "<!-- commentaar -->": "markdown-html",
}


@pytest.mark.parametrize("field", ["aanleiding", "werkwijze"])
@pytest.mark.parametrize("payload", list(MARKDOWN_EXPECTED))
def test_markdown_payload_is_a_diagnostic_or_text(
    make_project: Any, field: str, payload: str
) -> None:
    block = "\n".join("  " + line for line in f"Tekst {payload}\n\nEinde.".split("\n"))
    old = {
        "aanleiding": "  Jonge kinderen worden in de wijk benaderd voor klusjes.",
        "werkwijze": "  Vijf lessen in de klas, samen met **politie** en jongerenwerk.",
    }[field]
    root = make_project(VALID_EXAMPLE.replace(old, block))
    result = check_project(root, today=TODAY)
    codes = {d.code for d in result.diagnostics}
    expected = MARKDOWN_EXPECTED[payload]
    if expected is None:
        assert not result.failed(), result.diagnostics
        assert result.book is not None
        example = result.book.examples[0]
        html = getattr(example, field)
        root_ = parse_html(html)
        assert_inert(root_, field)
        assert payload in text_of(root_)
    else:
        assert expected in codes, (payload, result.diagnostics)
        assert result.book is None  # nothing to render: the build stops here
        hit = next(d for d in result.diagnostics if d.code == expected)
        assert hit.field == field and hit.line >= 12


# ------------------------------------------------------- user text is never a template


def test_no_user_text_is_compiled_as_a_template() -> None:
    """Templates come from files only: no from_string()/Template() anywhere in workbook/."""
    offenders = []
    for path in sorted((REPO / "workbook").rglob("*.py")):
        for number, line in enumerate(path.read_text("utf-8").splitlines(), 1):
            code = line.split("#", 1)[0]
            if re.search(r"\bfrom_string\s*\(|\b(jinja2\.)?Template\s*\(|NativeEnvironment", code):
                offenders.append(f"{path.relative_to(REPO)}:{number}: {line.strip()}")
    assert offenders == []


def test_every_template_environment_autoescapes(tmp_path: Path) -> None:
    env = environment(tmp_path)
    autoescape = env.autoescape
    for name in ("book.html", "site/index.html", "epub/example.xhtml"):
        assert autoescape(name) if callable(autoescape) else autoescape is True
    # The one filter that marks text safe gets only sanitised Markdown (model.py: to_html).
    template = env.from_string("{{ x }}")  # a constant template: data stays data
    assert template.render(x="<script>") == "&lt;script&gt;"

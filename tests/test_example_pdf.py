"""Every example as a PDF of its own (`dist/voorbeelden/<id>.pdf`, and in the site).

The pages are the book's own pages (the same text, the same pixels), with on the first one
a provenance line that is tagged content; the structure is the example's, its headings
from H1; PDF/UA-1 and PDF/A-2a with no failed rule under `page`; the same bytes in any
folder and with any `-j`; the site's page of the example links its PDF.

The bundled book (`screen_pdf`, laid out once per test process) is cut into examples once
for this module; builds of small projects cover photos, English and the site.
"""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path
from typing import Any

import page
import pikepdf
import pypdf
import pypdfium2 as pdfium
import pytest
from bundled import copy_bundled
from conftest import VALID_EXAMPLE, WORKBOOK_YAML, write_project
from image_support import image_project
from pikepdf import Name
from PIL import ImageChops
from tagged_text import element_text, elements, marked_texts

from workbook.base.words import LABELS, format_date
from workbook.build.run import BuildOptions, run_build
from workbook.check.run import check_project
from workbook.model.book import Book, Example
from workbook.render.pdf.example_pdf import ExamplePdf, example_pdfs
from workbook.render.pdf.metadata import retitle_xmp
from workbook.render.pdf.open_part import parent_tree_items
from workbook.render.pdf.schedule import Scheduler

REPO = Path(__file__).resolve().parents[1]
# The first example of its theme, with a drawing and tables; one with six pages, sources
# and a contact; the last example of the book, just before the registers.
CHOSEN = ("buurthuis-groenewoud", "kapot-sterk", "woonconsulenten-signaleren")
STARTS = ("vb-", "thema-", "register-")
PROFILES = {"pdfua-1": page.ValidationProfile.PDF_UA_1, "pdfa-2a": page.ValidationProfile.PDF_A_2A}


@pytest.fixture(scope="module")
def own(
    book: Book, screen_pdf: bytes, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, ExamplePdf]:
    made = example_pdfs(book, screen_pdf, cache_dir=tmp_path_factory.mktemp("eigen") / "cache")
    return {made_one.id: made_one for made_one in made}


@pytest.fixture(scope="module")
def book_pages(screen_pdf: bytes) -> dict[str, range]:
    """Each example's page indexes in the book, found here from its named destinations:
    from its own to the one before the next that starts a page."""
    with pikepdf.open(io.BytesIO(screen_pdf)) as pdf:
        index = {p.obj.objgen: n for n, p in enumerate(pdf.pages)}
        dests = {
            str(name): index[value[0].objgen]
            for name, value in pikepdf.NameTree(pdf.Root.Names.Dests).items()
        }
        starts = sorted({p for name, p in dests.items() if name.startswith(STARTS)})
        found = {}
        for name, first in dests.items():
            if name.startswith("vb-"):
                after = [p for p in starts if p > first]
                found[name[3:]] = range(first, after[0] if after else len(pdf.pages))
        return found


def example(book: Book, ident: str) -> Example:
    return next(e for e in book.examples if e.id == ident)


def squeeze(text: str) -> str:
    """Text without hyphens and white space, in lower case: what a line break or the
    design's capitals change."""
    return re.sub(r"[\s\-\u2010\xad]+", "", text).lower()


def provenance(book: Book, first: int, last: int) -> str:
    pages = f"pagina {first}" if first == last else f"pagina {first}–{last}"
    return (
        f"Uit: {book.titel} ({book.uitgever}), uitgave van {format_date(book.build_date)}, "
        f"{pages}. Licentie: {book.licentie}."
    )


# ------------------------------------------------------------------------- the pages


def test_one_pdf_per_example_in_book_order(book: Book, own: dict[str, ExamplePdf]) -> None:
    assert list(own) == [e.id for e in book.examples]
    assert all(pdf.data.startswith(b"%PDF-1.7") for pdf in own.values())


@pytest.mark.parametrize("ident", CHOSEN)
def test_the_pages_are_the_books_pages(
    ident: str,
    book: Book,
    own: dict[str, ExamplePdf],
    screen_pdf: bytes,
    book_pages: dict[str, range],
) -> None:
    pages = book_pages[ident]
    made = own[ident]
    assert (made.first, made.last) == (pages.start + 1, pages.stop)  # printed = PDF pages
    mine = pypdf.PdfReader(io.BytesIO(made.data))
    theirs = pypdf.PdfReader(io.BytesIO(screen_pdf))
    assert len(mine.pages) == len(pages)
    line = provenance(book, made.first, made.last)
    for offset, number in enumerate(pages):
        text = mine.pages[offset].extract_text()
        if offset == 0:  # the provenance line is drawn last
            assert text.endswith("\n" + line)
            text = text[: -len(line) - 1]
        assert text == theirs.pages[number].extract_text()


@pytest.mark.parametrize("ident", CHOSEN)
def test_the_pages_look_like_the_books_with_the_line_above_the_running_head(
    ident: str, own: dict[str, ExamplePdf], screen_pdf: bytes, book_pages: dict[str, range]
) -> None:
    """Rendered: every page is the book's page to the pixel, but for the provenance line on
    the first, which stays in the top margin above the running head, inside the width of
    the text block."""
    mine = pdfium.PdfDocument(own[ident].data)
    theirs = pdfium.PdfDocument(screen_pdf)
    scale = 100 / 72
    for offset, number in enumerate(book_pages[ident]):
        a = mine[offset].render(scale=scale).to_pil().convert("L")
        b = theirs[number].render(scale=scale).to_pil().convert("L")
        assert a.size == b.size
        changed = ImageChops.difference(a, b).point(lambda v: 255 if v > 8 else 0).getbbox()
        if offset:
            assert changed is None
            continue
        assert changed is not None
        left, top, right, bottom = changed
        ink = ImageChops.invert(b).point(lambda v: 255 if v > 55 else 0).getbbox()
        assert ink is not None
        mm = 100 / 25.4
        assert bottom < ink[1] - 1 * mm  # clear of the running head, the first ink on the page
        assert top > 5 * mm  # not in the unprintable edge
        block = 18 * mm if (number + 1) % 2 == 0 else 25 * mm  # the text block of this side
        assert block - 1 <= left and right <= block + 167 * mm + 1


@pytest.mark.parametrize("ident", CHOSEN)
def test_the_whole_example_is_in_it(ident: str, book: Book, own: dict[str, ExamplePdf]) -> None:
    e = example(book, ident)
    t = LABELS["nl"]
    reader = pypdf.PdfReader(io.BytesIO(own[ident].data))
    text = squeeze("\n".join(p.extract_text() for p in reader.pages))
    wanted = [e.titel, t["municipalities"], t["approach"], t["status"], t["summary"]]
    wanted += [t["background"], t["goals"], t["method"], t["roles"], t["lessons"]]
    wanted += [t["get_started"], *e.werkvragen, e.samenvatting[:60]]
    if e.bronnen:
        wanted += [t["sources"], e.bronnen[0].titel]
    if e.contact:
        wanted += [t["contact"], e.contact.naam or e.contact.organisatie or ""]
    if e.resultaten:
        wanted.append(t["results"])
    missing = [w for w in wanted if squeeze(w) not in text]
    assert missing == []
    others = [o.titel for o in book.examples if o.id != ident]
    assert [o for o in others if squeeze(o) in text] == []


# ------------------------------------------------------------- the line, the metadata


@pytest.mark.parametrize("ident", CHOSEN)
def test_the_provenance_line_is_tagged_text_first_in_the_structure(
    ident: str, book: Book, own: dict[str, ExamplePdf], book_pages: dict[str, range]
) -> None:
    pages = book_pages[ident]
    with pikepdf.open(io.BytesIO(own[ident].data)) as pdf:
        document = pdf.Root.StructTreeRoot.K[0]
        line = document.K[0]
        assert Name.P == line.S
        texts = marked_texts(pdf)
        assert element_text(line, texts) == provenance(book, pages.start + 1, pages.stop)
        references = [
            k
            for e in elements(line)
            for k in (e.K if isinstance(e.K, pikepdf.Array) else [e.K])
            if isinstance(k, pikepdf.Dictionary) and k.get(Name.Type) == Name.MCR
        ]
        assert references
        form = pdf.pages[0].Resources.XObject.WbHerkomst
        for reference in references:
            assert reference.Stm == form and reference.Pg == pdf.pages[0].obj
        tree = dict(parent_tree_items(pdf.Root.StructTreeRoot.ParentTree))
        assert len(tree[int(form.StructParents)]) == len(references)


@pytest.mark.parametrize("ident", CHOSEN)
def test_title_language_and_who_made_it(
    ident: str, book: Book, own: dict[str, ExamplePdf], screen_pdf: bytes
) -> None:
    e = example(book, ident)
    with (
        pikepdf.open(io.BytesIO(own[ident].data)) as pdf,
        pikepdf.open(io.BytesIO(screen_pdf)) as whole,
    ):
        assert str(pdf.Root.Lang) == "nl"
        assert str(pdf.docinfo.Title) == e.titel
        assert str(pdf.docinfo.Subject) == e.samenvatting
        for key in (Name.Author, Name.Creator, Name.Producer, Name.CreationDate):
            assert str(pdf.docinfo[key]) == str(whole.docinfo[key])
        with pdf.open_metadata() as xmp:
            assert xmp.get("dc:title") == e.titel
            assert xmp.get("pdfuaid:part") == "1" and xmp.get("pdfaid:part") == "2"
        assert bool(pdf.Root.ViewerPreferences.DisplayDocTitle)
        outline = pdf.Root.Outlines
        assert int(outline.Count) == 1 and str(outline.First.Title) == e.titel
        assert outline.First.Dest[0] == pdf.pages[0].obj
        labels = pdf.Root.PageLabels.Nums
        assert int(labels[1].St) == own[ident].first


@pytest.mark.parametrize("ident", CHOSEN)
def test_the_structure_is_the_examples_from_h1(
    ident: str, book: Book, own: dict[str, ExamplePdf]
) -> None:
    e = example(book, ident)
    t = LABELS["nl"]
    with pikepdf.open(io.BytesIO(own[ident].data)) as pdf:
        root = pdf.Root.StructTreeRoot
        document = root.K[0]
        assert Name.Document == document.S
        assert [str(k.S) for k in document.K][1:] == ["/Art"] * (len(document.K) - 1)
        found = list(elements(document))
        pages = {p.obj.objgen for p in pdf.pages}
        assert all(x.Pg.objgen in pages for x in found if Name.Pg in x)  # no page of another
        texts = marked_texts(pdf)
        headings = {
            level: [squeeze(element_text(x, texts)) for x in found if Name(f"/H{level}") == x.S]
            for level in range(1, 7)
        }
        assert headings[1] == [squeeze(e.titel)]
        sections = {squeeze(t[k]) for k in ("summary", "background", "goals", "method", "roles")}
        assert sections <= set(headings[2])
        assert all(not headings[level] for level in range(3, 7))
        kinds = {str(x.S) for x in found}
        assert {"/P", "/L", "/LI", "/Table", "/TH", "/TD"} <= kinds
        links = any(b.url for b in e.bronnen) or bool(e.contact and e.contact.email)
        assert ("/Link" in kinds) == links
        everything = squeeze("".join(texts.values()))
        assert [
            o.titel for o in book.examples if o.id != ident and squeeze(o.titel) in everything
        ] == []
        # The parent tree is the file's own: every page, form and link is in it.
        tree = dict(parent_tree_items(root.ParentTree))
        assert sorted(tree) == list(range(int(root.ParentTreeNextKey)))
        for number, one in enumerate(pdf.pages):
            marked = tree[int(one.obj.StructParents)]
            content = pikepdf.unparse_content_stream(pikepdf.parse_content_stream(one))
            assert len(marked) == len(re.findall(rb"/MCID (\d+)", content))
            assert all(x.Pg.objgen == one.obj.objgen for x in marked)
            for annotation in one.get(Name.Annots, []):
                assert Name.Link == tree[int(annotation.StructParent)].S
            assert number or Name.StructParents in one.Resources.XObject.WbHerkomst


@pytest.mark.parametrize("profile", sorted(PROFILES))
@pytest.mark.parametrize("ident", CHOSEN)
def test_page_finds_no_failed_rule(ident: str, profile: str, own: dict[str, ExamplePdf]) -> None:
    report = page.validate_pdf_bytes(own[ident].data, profile=PROFILES[profile])
    assert report.rules.total > 100  # the profile was really checked
    assert sorted({f.rule_id for f in report.failures}) == []


# --------------------------------------------------------------------- the same bytes


def test_the_same_bytes_in_another_folder_with_two_processes(
    own: dict[str, ExamplePdf], screen_pdf: bytes, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The book itself is the same whatever makes it (test_pdf_parts); from its bytes, the
    examples' PDFs are the same with the lines laid out in a worker process and the last
    examples cut in a helper process (as for a book of HELPER_FROM examples or more), for
    the project in another folder, with a fresh cache."""
    from workbook.render.pdf import example_pdf

    project = copy_bundled(tmp_path / "elders" / "project")
    result = check_project(project)
    assert result.book is not None
    monkeypatch.setattr(example_pdf, "HELPER_FROM", 2)
    here: list[str] = []
    cut = example_pdf._cut

    def counted(source: Any, provenance: Any, work: Any) -> Any:
        here.extend(item.example.id for item in work)
        return cut(source, provenance, work)

    monkeypatch.setattr(example_pdf, "_cut", counted)
    with Scheduler(2) as scheduler:
        again = example_pdfs(
            result.book, screen_pdf, cache_dir=tmp_path / "cache", scheduler=scheduler
        )
    everything = [e.id for e in result.book.examples]
    assert here == everything[: len(everything) - int(len(everything) * example_pdf.HELPER_SHARE)]
    assert 0 < len(here) < len(everything)  # the rest was cut in the helper process
    assert [(a.id, a.data) for a in again] == [(a.id, a.data) for a in own.values()]


def test_the_lines_laid_out_with_the_book_are_used_as_they_are(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`render(lines=True)` lays out the provenance lines beside the front matter, for the
    final page numbers: the examples' PDFs take them from there, laying out nothing."""
    from workbook.render.pdf import layout
    from workbook.render.pdf.book import render

    root = write_project(tmp_path / "project", files={"examples/frontlijn/tweede.yaml": SECOND})
    result = check_project(root)
    assert result.book is not None
    rendered = render(result.book, cache_dir=tmp_path / "cache", lines=True)
    assert rendered.lines is not None and rendered.lines.pages == 2
    assert "herkomst" in rendered.laid_out

    def refuse(job: object) -> None:
        raise AssertionError("laid out again")

    monkeypatch.setattr(layout, "run", refuse)
    made = example_pdfs(
        result.book, rendered.data, cache_dir=tmp_path / "cache", lines=rendered.lines
    )
    assert [m.id for m in made] == ["voorbeeld", "tweede"]
    monkeypatch.undo()
    again = example_pdfs(result.book, rendered.data, cache_dir=tmp_path / "elders")
    assert [m.data for m in again] == [m.data for m in made]


# ---------------------------------------------------------- builds: photos, site, English


SECOND = VALID_EXAMPLE.replace("Weerbaar op school", "Samen sterk in de wijk").replace(
    "thema: onderwijs", "thema: frontlijn"
)


@pytest.fixture(scope="module")
def photo_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project with a photo, a PNG and an SVG, and a second example, built in full."""
    root = image_project(tmp_path_factory.mktemp("beelden") / "project")
    (root / "examples" / "frontlijn").mkdir()
    (root / "examples" / "frontlijn" / "tweede.yaml").write_text(SECOND, "utf-8")
    assert run_build(BuildOptions(root, quiet=True, jobs=1)) == 0
    return root / "dist"


def test_a_build_writes_them_beside_the_book_and_into_the_site(photo_build: Path) -> None:
    made = sorted(p.name for p in (photo_build / "voorbeelden").iterdir())
    assert made == ["tweede.pdf", "voorbeeld.pdf"]
    for name in made:
        copy = photo_build / "site" / "downloads" / "voorbeelden" / name
        assert copy.read_bytes() == (photo_build / "voorbeelden" / name).read_bytes()
    page_html = (photo_build / "site" / "voorbeeld.html").read_text("utf-8")
    link = re.search(
        r'<a class="button[^"]*" href="downloads/voorbeelden/voorbeeld.pdf" download>'
        r'([^<]*)<span class="size">\(([^)]*)\)',
        page_html,
    )
    assert link is not None
    assert link.group(1).strip() == LABELS["nl"]["download_example_pdf"]
    size = (photo_build / "voorbeelden" / "voorbeeld.pdf").stat().st_size
    assert link.group(2) == f"{round(size / 1000)} kB"


@pytest.mark.parametrize("profile", sorted(PROFILES))
def test_an_example_with_photos_passes(photo_build: Path, profile: str) -> None:
    data = (photo_build / "voorbeelden" / "voorbeeld.pdf").read_bytes()
    report = page.validate_pdf_bytes(data, profile=PROFILES[profile])
    assert sorted({f.rule_id for f in report.failures}) == []
    with pikepdf.open(io.BytesIO(data)) as pdf:
        images = [
            o
            for o in pdf.objects
            if isinstance(o, pikepdf.Stream) and o.get(Name.Subtype) == Name.Image
        ]
        assert len(images) >= 2  # the photo and the PNG, not those of another example
        alts = {str(x.Alt) for x in elements(pdf.Root.StructTreeRoot.K[0]) if Name.Figure == x.S}
        assert {"Een foto van de wijk", "Een schema met kleuren"} <= alts
    other = (photo_build / "voorbeelden" / "tweede.pdf").read_bytes()
    with pikepdf.open(io.BytesIO(other)) as pdf:
        assert not [
            o
            for o in pdf.objects
            if isinstance(o, pikepdf.Stream) and o.get(Name.Subtype) == Name.Image
        ]


def test_the_same_bytes_with_one_or_two_processes_in_two_folders(
    photo_build: Path, tmp_path: Path
) -> None:
    root = image_project(tmp_path / "ergens" / "anders")
    (root / "examples" / "frontlijn").mkdir()
    (root / "examples" / "frontlijn" / "tweede.yaml").write_text(SECOND, "utf-8")
    assert run_build(BuildOptions(root, formats=frozenset({"pdf"}), quiet=True, jobs=2)) == 0
    for name in ("voorbeeld.pdf", "tweede.pdf"):
        again = (root / "dist" / "voorbeelden" / name).read_bytes()
        assert again == (photo_build / "voorbeelden" / name).read_bytes()


def test_a_removed_example_leaves_no_file_and_a_site_build_links_what_is_there(
    tmp_path: Path,
) -> None:
    root = write_project(tmp_path / "project", files={"examples/frontlijn/tweede.yaml": SECOND})
    assert run_build(BuildOptions(root, formats=frozenset({"pdf"}), quiet=True, jobs=1)) == 0
    dist = root / "dist"
    assert sorted(p.name for p in (dist / "voorbeelden").iterdir()) == [
        "tweede.pdf",
        "voorbeeld.pdf",
    ]
    (root / "examples" / "frontlijn" / "tweede.yaml").unlink()
    assert run_build(BuildOptions(root, formats=frozenset({"pdf"}), quiet=True, jobs=1)) == 0
    assert sorted(p.name for p in (dist / "voorbeelden").iterdir()) == ["voorbeeld.pdf"]
    # The site alone: it links the PDF the last build made, like the book's own.
    assert run_build(BuildOptions(root, formats=frozenset({"html"}), quiet=True)) == 0
    assert "downloads/voorbeelden/voorbeeld.pdf" in (dist / "site" / "voorbeeld.html").read_text(
        "utf-8"
    )
    shutil.rmtree(dist / "voorbeelden")
    options = BuildOptions(root, formats=frozenset({"html"}), quiet=True, use_cache=False)
    assert run_build(options) == 0
    assert "voorbeelden/" not in (dist / "site" / "voorbeeld.html").read_text("utf-8")
    assert not (dist / "site" / "downloads" / "voorbeelden").exists()


def test_an_english_book_says_where_the_example_comes_from_in_english(tmp_path: Path) -> None:
    config = WORKBOOK_YAML + "taal: en\nlicentie: CC BY 4.0\n"
    root = write_project(tmp_path / "project", config=config)
    assert run_build(BuildOptions(root, formats=frozenset({"pdf"}), quiet=True, jobs=1)) == 0
    result = check_project(root)
    assert result.book is not None
    data = (root / "dist" / "voorbeelden" / "voorbeeld.pdf").read_bytes()
    with pikepdf.open(io.BytesIO(data)) as pdf:
        line = element_text(pdf.Root.StructTreeRoot.K[0].K[0], marked_texts(pdf))
        assert str(pdf.Root.Lang) == "en"
        first = int(pdf.Root.PageLabels.Nums[1].St)
        last = first + len(pdf.pages) - 1
    pages = f"page {first}" if first == last else f"pages {first}–{last}"
    date = format_date(result.book.build_date, "en")
    assert line == (
        f"From: Testwerkboek ondermijning (Testuitgeverij), edition of {date}, {pages}. "
        "Licence: CC BY 4.0."
    )


# ---------------------------------------------------------------------------- pieces


def test_retitled_metadata_keeps_everything_else() -> None:
    packet = (
        b'<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/">'
        b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
        b'xmlns:dc="http://purl.org/dc/elements/1.1/"><rdf:Description rdf:about="">'
        b'<dc:title><rdf:Alt><rdf:li xml:lang="x-default">Het boek</rdf:li></rdf:Alt></dc:title>'
        b'</rdf:Description><rdf:Description rdf:about=""><dc:creator><rdf:Seq><rdf:li>Redactie'
        b"</rdf:li></rdf:Seq></dc:creator></rdf:Description></rdf:RDF></x:xmpmeta>"
        b'<?xpacket end="r"?>'
    )
    out = retitle_xmp(packet, "Een voorbeeld & meer", "Wat het is")
    assert b"Het boek" not in out
    assert b">Een voorbeeld &amp; meer</rdf:li>" in out and b">Wat het is</rdf:li>" in out
    assert b"<rdf:li>Redactie</rdf:li>" in out
    assert out.startswith(b"<?xpacket begin") and out.endswith(b'<?xpacket end="r"?>')


def test_a_parent_tree_with_kids_is_read_whole() -> None:
    pdf = pikepdf.new()
    leaf = pikepdf.Dictionary(Nums=pikepdf.Array([3, pikepdf.Array([1]), 4, pikepdf.Array([2])]))
    tree = pikepdf.Dictionary(
        Nums=pikepdf.Array([0, pikepdf.Array([0])]), Kids=pikepdf.Array([pdf.make_indirect(leaf)])
    )
    assert [key for key, _ in parent_tree_items(tree)] == [0, 3, 4]

"""The PDF laid out in parts and merged: as good as one pass, the same bytes however made.

The bundled book is laid out once in this process (`screen_render`, `-j 1`, in the
session's cache); these tests compare other ways of making it against that one, and read
the merged file the way a PDF/UA checker does.
"""

from __future__ import annotations

import contextlib
import re
import shutil
from collections import Counter
from pathlib import Path
from typing import Any

import pikepdf
import pytest
from bundled import copy_bundled
from conftest import write_project
from pdf_support import single_document
from pikepdf import Name

from workbook.check.run import check_project
from workbook.model.book import Book
from workbook.render.pdf import flow, merge
from workbook.render.pdf import stylesheet_cache as sheets
from workbook.render.pdf.book import RenderedPdf, render
from workbook.render.pdf.schedule import Scheduler

REPO = Path(__file__).resolve().parents[1]


def copy_project(target: Path) -> Path:
    return copy_bundled(target)


def load(root: Path) -> Book:
    result = check_project(root)
    assert result.book is not None
    return result.book


@pytest.fixture(scope="module")
def merged(screen_render: RenderedPdf, tmp_path_factory: pytest.TempPathFactory) -> pikepdf.Pdf:
    path = tmp_path_factory.mktemp("merged") / "book.pdf"
    path.write_bytes(screen_render.data)
    return pikepdf.open(path)


# ------------------------------------------------------------------ the same bytes, always


def test_two_processes_in_another_folder_give_the_same_bytes(
    screen_render: RenderedPdf, tmp_path: Path
) -> None:
    """`-j 2`, a fresh cache, the project copied elsewhere: byte for byte the same PDF, as
    finished (PDF/A-2a and PDF/UA-1: the XMP packet is the only plain-text stream)."""
    book = load(copy_project(tmp_path / "elders" / "project"))
    again = render(book, jobs=2, cache_dir=tmp_path / "cache")
    assert b"<pdfaid:part>2</pdfaid:part>" in screen_render.data
    assert again.data == screen_render.data
    assert again.pages == screen_render.pages


def test_a_rebuild_lays_out_only_what_changed_and_equals_a_clean_build(
    screen_cache: Path, screen_render: RenderedPdf, tmp_path: Path
) -> None:
    project = copy_project(tmp_path / "project")
    cache = tmp_path / "cache"
    shutil.copytree(screen_cache, cache)
    unchanged = render(load(project), cache_dir=cache)
    assert unchanged.data == screen_render.data
    assert unchanged.laid_out == []  # everything came from the cache

    # One example's werkwijze grows by a few paragraphs: its run is laid out again, and
    # so are the parts that print page numbers, where numbers moved.
    example = project / "examples/onderwijs/kapot-sterk.yaml"
    text = example.read_text("utf-8")
    extra = "  Een nieuwe alinea over de evaluatie van de lessen en wat daarna veranderde.\n\n"
    example.write_text(text.replace("werkwijze: |\n", "werkwijze: |\n" + extra * 40, 1), "utf-8")
    book = load(project)
    incremental = render(book, cache_dir=cache)
    clean = render(book, cache_dir=tmp_path / "clean")
    assert incremental.data == clean.data
    assert incremental.pages > screen_render.pages  # the edit added pages
    runs = [name for name in incremental.laid_out if name.startswith("vb-")]
    assert len([n for n in runs if "marge" not in n]) == 1  # one run of examples again
    assert len([n for n in clean.laid_out if n.startswith("vb-")]) > len(runs)


def test_a_damaged_or_foreign_cache_entry_is_laid_out_again(
    screen_cache: Path, screen_render: RenderedPdf, book: Book, tmp_path: Path
) -> None:
    cache = tmp_path / "cache"
    shutil.copytree(screen_cache, cache)
    pdfs = sorted((cache / "parts").glob("*.pdf"))
    truncated = pdfs[0]
    truncated.write_bytes(truncated.read_bytes()[:1000])
    foreign = pdfs[1].with_suffix(".json")
    foreign.write_text(foreign.read_text("utf-8").replace('"key": "', '"key": "x'), "utf-8")
    again = render(book, cache_dir=cache)
    assert len(again.damaged) == 2
    assert again.data == screen_render.data


def test_a_front_matter_that_came_out_shorter_starts_the_merge_over(
    screen_cache: Path,
    screen_render: RenderedPdf,
    book: Book,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The merge starts on the body while the front matter is laid out for good. Here the
    front's trial layout is a page longer than the final one: every page number after it
    moved, so the parts that print them are laid out again and the merge starts over,
    with the same bytes as ever."""
    original = flow._Flow.count

    def count(self: Any, part: Any) -> None:
        if part.kind != "front":
            original(self, part)
            return
        html = self.plan.html(part, lambda _: flow.PLACEHOLDER)
        html = html.replace("</body>", '<p style="break-before: page">proef</p></body>')
        css = flow.start_css(1, True)
        self.submit("count", part, self.plan.job(self.cache, part, html, css, counted=False))

    mergers: list[Any] = []
    start = merge._Merger.__init__

    def merger(self: Any, layouts: Any) -> None:
        mergers.append(layouts)
        start(self, layouts)

    monkeypatch.setattr(flow._Flow, "count", count)
    monkeypatch.setattr(merge._Merger, "__init__", merger)
    cache = tmp_path / "cache"
    shutil.copytree(screen_cache, cache)
    again = render(book, cache_dir=cache)
    assert len(mergers) == 2  # the body merged with the wrong page numbers, then again
    assert again.data == screen_render.data


def test_stylesheets_parsed_once_per_process_change_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The design's stylesheets are parsed once per process, not once per part: the same
    bytes and the same warnings (a project's own CSS with an unknown property) as when
    WeasyPrint parses them for every part."""
    book_css = (REPO / "templates" / "css" / "book.css").read_text("utf-8")
    root = write_project(
        tmp_path / "project",
        files={"templates/css/book.css": book_css + "\n.facts { kleur: rood; }\n"},
    )
    cached = render(load(root), jobs=1, cache_dir=tmp_path / "cache-1")
    parsed = sheets.cache_for(str(load(root).root), False).sheets
    assert len(parsed) >= 2  # fonts.css, book.css (and overview.css)
    assert all(n == 1 for n in Counter(key[0] for key in parsed).values())
    assert any("kleur" in w for w in cached.warnings), cached.warnings

    monkeypatch.setattr(sheets, "parsed_once", lambda *_: contextlib.nullcontext())
    every_part = render(load(root), jobs=1, cache_dir=tmp_path / "cache-2")
    assert every_part.data == cached.data
    assert every_part.warnings == cached.warnings


# ------------------------------------------------------------------ one book, not pieces


def test_page_numbers_run_on_across_the_parts(merged: pikepdf.Pdf) -> None:
    from pypdf import PdfReader

    reader = PdfReader(merged.filename)
    for index, page in enumerate(reader.pages[2:], start=3):
        text = (page.extract_text() or "").strip()
        assert re.search(rf"(?:^|\s){index}$", text), (index, text[-80:])


def _dests(pdf: pikepdf.Pdf) -> dict[str, int]:
    pages = {page.objgen: number for number, page in enumerate(pdf.pages, 1)}
    tree = pikepdf.NameTree(pdf.Root.Names.Dests)
    return {str(name): pages[value[0].objgen] for name, value in tree.items()}


def test_every_internal_link_lands_on_the_page_its_text_names(
    merged: pikepdf.Pdf, book: Book
) -> None:
    """Contents, theme lists and registers: the number printed is where the link goes."""
    from pypdf import PdfReader

    dests = _dests(merged)
    reader = PdfReader(merged.filename)
    titles = {f"vb-{e.id}": e.titel for e in book.examples}
    checked = 0
    for number, page in enumerate(merged.pages, 1):
        for annotation in page.get(Name.Annots, []):
            if Name.Dest not in annotation:
                continue
            target = str(annotation.Dest)
            assert target in dests, target
            assert Name.A not in annotation  # no werkboek: URI left
            if target in titles:
                assert str(annotation.Contents) == titles[target]
                start = reader.pages[dests[target] - 1].extract_text() or ""
                assert re.sub(r"\s+", "", titles[target])[:25] in re.sub(r"\s+", "", start)
            checked += 1
        del number
    assert checked >= 3 * len(book.examples)  # contents, theme lists, registers


def _elements(pdf: pikepdf.Pdf) -> list[Any]:
    found, todo = [], [pdf.Root.StructTreeRoot.K[0]]
    while todo:
        element = todo.pop()
        found.append(element)
        kids = element.get(Name.K)
        kids = kids if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []
        todo += [k for k in kids if isinstance(k, pikepdf.Dictionary) and Name.S in k]
    return found


def test_one_structure_tree_with_a_consistent_parent_tree(merged: pikepdf.Pdf) -> None:
    root = merged.Root.StructTreeRoot
    assert len(root.K) == 1 and Name.Document == root.K[0].S
    pages = {page.objgen for page in merged.pages}
    elements = _elements(merged)
    assert all(e.Pg.objgen in pages for e in elements if Name.Pg in e)
    nums = root.ParentTree.Nums
    tree = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
    assert int(root.ParentTreeNextKey) > max(tree)
    for page in merged.pages:
        if Name.StructParents not in page.obj:
            assert not page.get(Name.Annots)  # a blank page
            continue
        marked = tree[int(page.obj.StructParents)]
        content = pikepdf.unparse_content_stream(pikepdf.parse_content_stream(page))
        mcids = re.findall(rb"/MCID (\d+)", content)
        assert len(marked) == len(mcids)
        assert all(e.Pg.objgen == page.objgen for e in marked)
        for annotation in page.get(Name.Annots, []):
            link = tree[int(annotation.StructParent)]
            assert Name.Link == link.S
            assert any(
                isinstance(k, pikepdf.Dictionary) and k.get(Name.Obj) == annotation for k in link.K
            )
    ids = [str(e.ID) for e in elements if Name.ID in e]
    assert ids and len(ids) == len(set(ids))  # table header ids stay unique


def test_figures_keep_their_alternate_text(merged: pikepdf.Pdf, book: Book) -> None:
    alts = {str(e.Alt) for e in _elements(merged) if Name.Figure == e.S}
    for example in book.examples:
        for image in example.afbeeldingen:
            assert image.alt in alts


def test_language_title_and_who_made_it(merged: pikepdf.Pdf, book: Book) -> None:
    assert str(merged.Root.Lang) == "nl"
    assert bool(merged.Root.MarkInfo.Marked)
    assert str(merged.docinfo.Title) == book.titel
    with merged.open_metadata() as xmp:
        assert xmp.get("pdfuaid:part") == "1"
        assert book.titel in str(xmp.get("dc:title"))


def test_each_font_face_is_embedded_once(merged: pikepdf.Pdf) -> None:
    files: Counter[str] = Counter()
    for obj in merged.objects:
        if isinstance(obj, pikepdf.Dictionary) and obj.get(Name.Type) == Name.FontDescriptor:
            files[str(obj.FontName).split("+", 1)[-1]] += 1
    assert files and max(files.values()) == 1, files


def test_no_bigger_than_one_pass_would_be(book: Book, screen_render: RenderedPdf) -> None:
    """The whole book as one WeasyPrint document: the merged PDF is at most 1.25× its size."""
    from weasyprint import HTML

    from workbook.base.design import use_bundled_fonts
    from workbook.render.pdf.fetcher import ConfinedFetcher
    from workbook.render.pdf.urls import PROJECT_URL

    use_bundled_fonts()
    single = HTML(
        string=single_document(book),
        base_url=PROJECT_URL + "index.html",
        url_fetcher=ConfinedFetcher(book.root),
    ).write_pdf(pdf_variant="pdf/ua-1")
    assert len(screen_render.data) <= 1.25 * len(single), (len(screen_render.data), len(single))


def test_the_pdfua_checker_finds_nothing(merged: pikepdf.Pdf) -> None:
    import page

    report = page.validate_pdf(merged.filename, profile="ua1")
    assert report.is_compliant, str(report)


def test_a_scheduler_serves_several_books(book: Book, screen_cache: Path, tmp_path: Path) -> None:
    """`serve` keeps one scheduler (and its workers) for every rebuild."""
    cache = tmp_path / "cache"
    shutil.copytree(screen_cache, cache)
    with Scheduler(2) as scheduler:
        first = render(book, cache_dir=cache, scheduler=scheduler)
        second = render(book, cache_dir=cache, scheduler=scheduler)
    assert first.data == second.data and second.laid_out == []

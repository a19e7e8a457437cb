"""Every published example as a PDF of its own, to hand out or mail to a colleague
(`dist/voorbeelden/<id>.pdf`, and in the site under `downloads/voorbeelden/`).

Not a new layout: the example's pages are taken from the finished screen PDF of the same
build, from the page of its named destination `vb-<id>` up to the page before the next
destination that starts a page (the next example, a theme opener `thema-…`, the registers
`register-…`). The book's running heads and folios stay on them, so the page numbers are
those of the book (and /PageLabels says so to the reader's viewer). On the first page, in
the top margin, a line says where the example comes from (`provenance`).

Per example, with pikepdf (qpdf), from the book opened once (in each process, see
`example_pdfs`):
- the pages, with only the resources their content uses;
- the structure: a Document element with the provenance line's P, then the example's
  elements of the book (WeasyPrint writes one per page) with everything below them. qpdf
  copies each object of the book once per output file, so the /Pg of the copied elements
  point at the copied pages. The headings move up so that the example's title is H1 (in
  the book it is H3, below the theme's H2): a document of its own starts with H1;
- a fresh parent tree (the pages' StructParents and the links' StructParent numbered
  from 0), the book's role map, the named destinations on its pages, one bookmark (the
  example's title), the book's language;
- the book's metadata, with the example's title and summary as title and subject;
- finished like the book: PDF/A-2a and PDF/UA-1 (`archival`).

The bytes depend only on the book's bytes and the laid-out lines: the same in any folder
and with any `-j`.
"""

from __future__ import annotations

import io
import multiprocessing
import re
import tempfile
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pikepdf
from pikepdf import Array, Dictionary, Name, Pdf, String

from workbook.model.book import Book
from workbook.render.pdf.archival import finish_archival, write_archival
from workbook.render.pdf.layout import PartLayout
from workbook.render.pdf.metadata import retitle_xmp
from workbook.render.pdf.navigation import named_destinations, write_outline
from workbook.render.pdf.open_part import (
    copy_catalog,
    copy_object,
    parent_tree_items,
    set_destinations,
    set_structure,
)
from workbook.render.pdf.part_cache import PartCache
from workbook.render.pdf.provenance import STARTS, Line, Lines, lay_out_lines
from workbook.render.pdf.schedule import Scheduler

HEADINGS = {Name(f"/H{level}"): level for level in range(1, 7)}
# Structure types below which no heading is found (a paragraph, a list, a table ...).
NO_HEADINGS = {
    Name(f"/{kind}")
    for kind in (
        "P",
        "Span",
        "L",
        "LI",
        "Lbl",
        "LBody",
        "Table",
        "THead",
        "TBody",
        "TFoot",
        "TR",
        "TH",
        "TD",
        "Figure",
        "Caption",
        "Link",
        "Quote",
        "Note",
        "Reference",
    )
}
PAGE_CACHE_LABEL = "voorbeelden"
# A name in a content stream (ISO 32000-1, 7.3.5): what a page's resources are looked up by.
NAME = re.compile(rb"/([^\x00\t\n\x0c\r ()<>\[\]{}/%]+)")
NAME_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")


@dataclass(frozen=True)
class ExamplePdf:
    """One example's own PDF, and the pages of the book it was taken from (printed
    numbers, which are the PDF page numbers of the book)."""

    id: str
    first: int
    last: int
    data: bytes

    @property
    def name(self) -> str:
        return f"{self.id}.pdf"


def example_pdfs(
    book: Book,
    screen: bytes,
    *,
    cache_dir: Path | None = None,
    use_cache: bool = True,
    scheduler: Scheduler | None = None,
    lines: PartLayout | None = None,
) -> list[ExamplePdf]:
    """The own PDF of every example of `book`, from `screen`, the book's screen PDF of the
    same build. `cache_dir`: the part cache (the provenance lines are laid out there);
    `scheduler`: a running one, to lay them out in its processes; `lines`: the lines as
    the book's layout made them (`render(lines=True)`), if the pages are the same.

    With a scheduler of more than one process and a book of HELPER_FROM examples or more,
    a second process (started first, so that it is ready when the work is) cuts the last
    HELPER_SHARE of them meanwhile: the layout's workers are gone by now, the cores free."""
    if not book.examples:
        return []
    helped = scheduler is not None and scheduler.jobs > 1 and len(book.examples) >= HELPER_FROM
    with ExitStack() as stack:
        helper = None
        if helped:
            context = multiprocessing.get_context("spawn")
            helper = stack.enter_context(ProcessPoolExecutor(1, mp_context=context))
            helper.submit(_ready)
        if cache_dir is None:
            cache_dir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="werkboek-")))
        cache = PartCache(cache_dir, read=use_cache)
        source = _Book(stack.enter_context(pikepdf.open(io.BytesIO(screen))))
        examples = book.examples
        spans = [source.pages_of(f"vb-{e.id}") for e in examples]
        said = [
            Line(e.id, span.start + 1, span.stop) for e, span in zip(examples, spans, strict=True)
        ]
        laid_out = lay_out_lines(book, said, cache, scheduler, lines)
        cache.prune(PAGE_CACHE_LABEL)
        lines_path = cache.pdf_path(laid_out.key)
        work = [
            _Work(number, _Titles(e.id, e.titel, e.samenvatting))
            for number, e in enumerate(examples)
        ]
        provenance = Lines(stack.enter_context(pikepdf.open(lines_path)))
        if helper is None:
            return _cut(source, provenance, work)
        split = len(work) - int(len(work) * HELPER_SHARE)
        far = helper.submit(_cut_apart, screen, lines_path, work[split:])
        return _cut(source, provenance, work[:split]) + far.result()


HELPER_FROM = 40  # examples: for fewer, starting a process costs more than it saves
HELPER_SHARE = 0.5  # of the examples, for the helper


@dataclass(frozen=True)
class _Titles:
    """What an example's PDF takes from the example itself."""

    id: str
    titel: str
    samenvatting: str


@dataclass(frozen=True)
class _Work:
    number: int  # the example's place in the book, and its provenance line's page
    example: _Titles


def _cut(source: _Book, provenance: Lines, work: Sequence[_Work]) -> list[ExamplePdf]:
    made = []
    for item in work:
        span = source.pages_of(f"vb-{item.example.id}")
        data = _example_pdf(item.example, source, provenance, item.number, span)
        made.append(ExamplePdf(item.example.id, span.start + 1, span.stop, data))
    return made


def _ready() -> None:
    """Nothing: the helper process has imported this module by now."""


def _cut_apart(screen: bytes, lines_path: Path, work: Sequence[_Work]) -> list[ExamplePdf]:
    """`_cut` in a process of its own: the book and the lines opened there."""
    with pikepdf.open(io.BytesIO(screen)) as book, pikepdf.open(lines_path) as lines:
        return _cut(_Book(book), Lines(lines), work)


class _Book:
    """The screen PDF, opened once, with what every example's PDF takes from it."""

    def __init__(self, pdf: Pdf) -> None:
        self.pdf = pdf
        self.index: dict[tuple[int, int], int] = {
            page.obj.objgen: number for number, page in enumerate(pdf.pages)
        }
        self.dests = [
            (name, self.index[value[0].objgen], value) for name, value in named_destinations(pdf)
        ]
        self.by_name = {name: value for name, _, value in self.dests}
        self.trimmed: set[tuple[int, int]] = set()  # forms and patterns (objgen)
        self.starts = sorted({page for name, page, _ in self.dests if name.startswith(STARTS)})
        root = pdf.Root.StructTreeRoot
        self.tree = dict(parent_tree_items(root.get(Name.ParentTree)))
        self.role_map = root.get(Name.RoleMap)
        document = root.K[0] if isinstance(root.K, Array) else root.K
        # The top-level elements by page (WeasyPrint writes one or two per page); detached
        # from the document, so that a copy takes one element and what is below it only.
        self.elements: dict[int, list[Any]] = {}
        page = 0
        for kid in document.K:
            if Name.Pg in kid:
                page = self.index[kid.Pg.objgen]
            self.elements.setdefault(page, []).append(kid)
            if Name.P in kid:
                del kid[Name.P]

    def trim_resources(self, index: int) -> None:
        """Give page `index` resources of its own, with only what its content names.

        The pages of a part share one resource dictionary, which names every page's margin
        and every picture of the part, and the forms and patterns on a page name every font
        of the part: copied as they are, each example's PDF would carry the pictures of the
        other examples of its run. (qpdf's remove_unreferenced_resources does the same
        after the copy, at ten times the cost.)"""
        page = self.pdf.pages[index].obj
        contents = page.Contents if isinstance(page.Contents, Array) else [page.Contents]
        self._trim(page, b"\n".join(stream.read_bytes() for stream in contents))

    def _trim(self, holder: Any, content: bytes) -> None:
        """`holder` (a page, form or pattern) with resources of its own: what `content`
        names, the forms and patterns among them trimmed in turn (each once)."""
        if Name.Resources not in holder:
            return
        named = {_name(found) for found in set(NAME.findall(content))}
        resources = Dictionary()
        for category, entries in holder.Resources.items():
            if isinstance(entries, Dictionary):
                entries = Dictionary(
                    {key: value for key, value in entries.items() if key[1:] in named}
                )
                for value in entries.values():
                    if (
                        isinstance(value, pikepdf.Stream)
                        and Name.Resources in value
                        and value.objgen not in self.trimmed
                    ):
                        self.trimmed.add(value.objgen)
                        self._trim(value, value.read_bytes())
            resources[category] = entries
        holder.Resources = resources

    def pages_of(self, anchor: str) -> range:
        """The page indexes of the example whose destination is `anchor`."""
        first = self.index[self.by_name[anchor][0].objgen]
        following = [page for page in self.starts if page > first]
        return range(first, following[0] if following else len(self.pdf.pages))


def _name(written: bytes) -> str:
    """A name as a content stream writes it, read (#xx is the byte xx)."""
    return NAME_ESCAPE.sub(lambda m: bytes([int(m.group(1), 16)]), written).decode(
        "utf-8", "replace"
    )


def _example_pdf(
    example: _Titles, book: _Book, provenance: Lines, number: int, pages: range
) -> bytes:
    source = book.pdf
    out = Pdf.new()
    for index in pages:
        book.trim_resources(index)
        out.pages.append(source.pages[index])
    parent_tree: list[tuple[int, Any]] = []
    for page in out.pages:
        page_obj = page.obj
        if Name.StructParents in page_obj:
            value = book.tree[int(page_obj.StructParents)]
            page_obj.StructParents = len(parent_tree)
            parent_tree.append((len(parent_tree), copy_object(out, source, value)))
        for annotation in page_obj.get(Name.Annots, []):
            if Name.StructParent in annotation:
                value = book.tree[int(annotation.StructParent)]
                annotation.StructParent = len(parent_tree)
                parent_tree.append((len(parent_tree), copy_object(out, source, value)))
    first = out.pages[0].obj
    destination = book.by_name[f"vb-{example.id}"]
    corner = (float(destination[2]), float(destination[3]))
    line, entry = provenance.place(out, first, number, corner, len(parent_tree))
    parent_tree.append((len(parent_tree), entry))
    elements = [out.copy_foreign(kid) for index in pages for kid in book.elements.get(index, [])]
    _lift_headings(elements)
    document = out.make_indirect(
        Dictionary(Type=Name.StructElem, S=Name.Document, K=Array([*line, *elements]))
    )
    for element in [*line, *elements]:
        element.P = document
    dests = {
        name: copy_object(out, source, value) for name, page, value in book.dests if page in pages
    }
    _catalog(out, book, example, document, parent_tree, dests, pages)
    finish_archival(out)
    return write_archival(out)


def _lift_headings(elements: Sequence[Any]) -> None:
    """Renumber the headings so that the highest is H1, the others keeping their steps."""
    found: list[tuple[Any, int]] = []
    stack = list(elements)
    while stack:
        element = stack.pop()
        kind = element.get(Name.S)
        if kind in HEADINGS:
            found.append((element, HEADINGS[kind]))
        elif kind not in NO_HEADINGS:
            stack.extend(
                kid
                for kid in (element.K if isinstance(element.get(Name.K), Array) else [])
                if isinstance(kid, Dictionary) and Name.S in kid
            )
    if not found:
        return
    lift = min(level for _, level in found) - 1
    for element, level in found:
        element.S = Name(f"/H{level - lift}")


def _catalog(
    out: Pdf,
    book: _Book,
    example: _Titles,
    document: Any,
    parent_tree: list[tuple[int, Any]],
    dests: dict[str, Any],
    pages: range,
) -> None:
    source = book.pdf
    role_map = book.role_map
    if role_map is not None and len(role_map):
        role_map = copy_object(out, source, role_map)
    set_structure(out, document, parent_tree, len(parent_tree), role_map)
    copy_catalog(out, source, (Name.Lang, Name.MarkInfo, Name.ViewerPreferences))
    # The page numbers of the book, also in the viewer's page field.
    out.Root.PageLabels = Dictionary(Nums=Array([0, Dictionary(S=Name.D, St=pages.start + 1)]))
    metadata = out.make_stream(
        retitle_xmp(source.Root.Metadata.read_bytes(), example.titel, example.samenvatting)
    )
    metadata.Type = Name.Metadata
    metadata.Subtype = Name.XML
    out.Root.Metadata = metadata
    out.docinfo[Name.Title] = String(example.titel)
    out.docinfo[Name.Subject] = String(example.samenvatting)
    set_destinations(out, dests)
    write_outline(out, [(example.titel, f"vb-{example.id}", [])], dests)

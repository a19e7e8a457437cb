"""The provenance line of each example's own PDF: "Uit: <book> (<publisher>), uitgave van
<date>, pagina 8–12. Licentie: CC BY 4.0." (`templates/provenance.html`).

The lines of all examples are laid out once, as one small document with one page per
example, through the same machinery and cache as the book's parts (`layout`, `PartCache`).
Each page is the band above the text block of a book page (`css/provenance.css`): it goes
onto the example's first page as a form XObject, its lower left corner on the text block's
upper left corner, so the line sits in the top margin above the running head.

The line is content, not an artifact: the form XObject has /StructParents, its marked
content is referred to by marked-content references (/Type /MCR with /Pg, /Stm and /MCID)
from the line's structure element, a P that comes first in the document.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from importlib.metadata import version
from typing import Any

from pikepdf import Array, Dictionary, Name, Pdf

from workbook import __version__
from workbook.base.design import design_digest
from workbook.base.errors import BuildError
from workbook.model.book import Book
from workbook.render.jinja import context, environment
from workbook.render.pdf import layout
from workbook.render.pdf.layout import Job, PartLayout
from workbook.render.pdf.open_part import parent_tree_items
from workbook.render.pdf.part_cache import PartCache, digest
from workbook.render.pdf.parts import PageMap
from workbook.render.pdf.schedule import Scheduler
from workbook.render.pdf.urls import design_url

TEMPLATE = "provenance.html"
XOBJECT = Name("/WbHerkomst")
ANCHOR = "herkomst-"
# Named destinations that start a page of their own: an example ends before the next one.
STARTS = ("vb-", "thema-", "register-")


@dataclass(frozen=True)
class Line:
    """What the line of one example says: its id and its printed pages in the book."""

    id: str
    first: int
    last: int


def example_lines(book: Book, page_map: PageMap) -> list[Line]:
    """Each example's printed pages, from the book's page map: from its anchor `vb-<id>` to
    the page before the next anchor that starts a page (or the book's last page)."""
    starts = sorted({page for name, page in page_map.anchors.items() if name.startswith(STARTS)})
    lines = []
    for example in book.examples:
        first = page_map.anchors[f"vb-{example.id}"]
        following = [page for page in starts if page > first]
        lines.append(Line(example.id, first, following[0] - 1 if following else page_map.total))
    return lines


def provenance_job(book: Book, lines: Sequence[Line], cache: PartCache) -> Job:
    """The layout job of every example's line, one page each."""
    html = (
        environment(book.root)
        .get_template(TEMPLATE)
        .render(**context(book, asset=design_url, lines=list(lines)))
    )
    key = digest(
        "werkboek-herkomst-1",
        __version__,
        version("weasyprint"),
        design_digest(book.root),
        html,
    )
    return Job(
        key=key,
        name="herkomst",
        html=html,
        css="",
        root=str(book.root),
        cache=str(cache.folder),
        print_edition=False,
        counted=False,
    )


def lay_out_lines(
    book: Book,
    lines: Sequence[Line],
    cache: PartCache,
    scheduler: Scheduler | None,
    laid_out: PartLayout | None = None,
) -> PartLayout:
    """The lines laid out: page n is the line of `lines[n]`. `laid_out`: the lines as the
    book's layout made them (`render(lines=True)`), used when they say the same."""
    job = provenance_job(book, lines, cache)
    if laid_out is not None and laid_out.key == job.key and cache.pdf_path(job.key).exists():
        result = laid_out
        cache.used.add(job.key)  # kept by the cache's pruning, whoever laid it out
    elif scheduler is not None:
        scheduler.begin(cache, None, 0)
        scheduler.submit(job)
        _, result = scheduler.next()
    else:
        found = cache.lookup(job.key, job.name)
        if found is None:
            found = layout.run(job)
            cache.store(found)
        result = found
    for index, line in enumerate(lines):
        anchor = result.anchors.get(ANCHOR + line.id)
        if anchor is None or anchor[0] != index:
            raise BuildError(
                "de herkomstregel van de losse PDF's past niet in de ruimte boven de tekst "
                "(templates/css/provenance.css)"
            )
    if result.pages != len(lines):
        raise BuildError("de herkomstregels gaven een ander aantal pagina's dan voorbeelden")
    return result


class Lines:
    """The laid-out lines, opened: per example a form XObject and its structure elements,
    ready to be copied into that example's PDF."""

    def __init__(self, pdf: Pdf) -> None:
        self.pdf = pdf
        root = pdf.Root.StructTreeRoot
        self.tree = dict(parent_tree_items(root.get(Name.ParentTree)))
        document = root.K[0] if isinstance(root.K, Array) else root.K
        index: dict[tuple[int, int], int] = {
            page.obj.objgen: number for number, page in enumerate(pdf.pages)
        }
        self.elements: dict[int, list[Any]] = {}
        for kid in _as_list(document.K):
            self.elements.setdefault(index[kid.Pg.objgen], []).append(kid)
            # Copies take the line only: not the document above it, not the page below it.
            del kid[Name.P]
        for kid in _as_list(document.K):
            for element in _elements(kid):
                if Name.Pg in element:
                    del element[Name.Pg]
        self.forms: dict[int, Any] = {}

    def form(self, index: int) -> Any:
        """Page `index` as a form XObject (in the lines' PDF)."""
        if index not in self.forms:
            page = self.pdf.pages[index]
            form = self.pdf.make_indirect(page.as_form_xobject())
            form.StructParents = int(page.obj.StructParents)
            self.forms[index] = form
        return self.forms[index]

    def place(
        self, out: Pdf, page: Any, index: int, at: tuple[float, float], key: int
    ) -> tuple[list[Any], Any]:
        """Draw line `index` on `page` of `out` with its lower left corner `at`; its form
        XObject gets parent tree key `key`. Returns the line's structure elements (to put
        first in the document) and the parent tree entry of `key`."""
        source_form = self.form(index)
        mcids = self.tree[int(source_form.StructParents)]
        form = out.copy_foreign(source_form)
        form.StructParents = key
        entry = out.copy_foreign(mcids if mcids.is_indirect else self.pdf.make_indirect(mcids))
        elements = [out.copy_foreign(kid) for kid in self.elements.get(index, [])]
        for element in elements:
            _refer(element, page, form)
        resources = page.Resources
        if Name.XObject not in resources:
            resources.XObject = Dictionary()
        resources.XObject[XOBJECT] = form
        contents = page.Contents if isinstance(page.Contents, Array) else Array([page.Contents])
        x, y = at
        draw = f"Q\nq 1 0 0 1 {x:.4f} {y:.4f} cm {XOBJECT} Do Q\n".encode()
        page.Contents = Array([out.make_stream(b"q\n"), *contents, out.make_stream(draw)])
        return elements, entry


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return list(value) if isinstance(value, Array) else [value]


def _elements(element: Any) -> Iterator[Any]:
    """`element` and the structure elements below it."""
    yield element
    for kid in _as_list(element.get(Name.K)):
        if isinstance(kid, Dictionary) and Name.S in kid:
            yield from _elements(kid)


def _refer(element: Any, page: Any, form: Any) -> None:
    """Point `element` and those below it at `page`, and their marked content at the
    content stream of `form` (marked-content references)."""
    element.Pg = page
    kids = Array()
    for kid in _as_list(element.get(Name.K)):
        if isinstance(kid, int):
            kids.append(Dictionary(Type=Name.MCR, Pg=page, Stm=form, MCID=int(kid)))
        elif Name.S in kid:
            _refer(kid, page, form)
            kids.append(kid)
        elif kid.get(Name.Type) == Name.MCR:
            kid.Pg = page
            kid.Stm = form
            kids.append(kid)
        else:
            kids.append(kid)
    element.K = kids

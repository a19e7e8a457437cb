"""The book as PDF: laid out in parts (in parallel, cached), merged, then finished: the screen
PDF as PDF/A-2a and PDF/UA-1 at once (`archival`), the print edition as PDF/X-4.

`flow.lay_out` drives the parts through a pool of worker processes:

1. A calibration document is laid out first: one page per running head and side, with
   sample folios. `margins` turns it into templates, so the runs of examples need no
   margin boxes of their own; their page numbers are set at merge time.
2. Runs of examples are laid out next, longest first: they print no page numbers, so they
   wait for nothing; nor does the intro (foreword and overview). The front matter and the
   theme openers are laid out at the same time with placeholder numbers, only to learn how
   many pages they take.
3. As soon as the pages before a part are known, the parts that print page numbers
   (contents, theme openers, registers) are laid out with the real numbers.
4. `merge` puts the pages together into one document with one structure tree, the
   running heads and folios drawn from the templates. It starts on the body while the
   front matter, whose contents list comes last, is laid out.

Every layout is cached under a key that covers everything it depends on; a rebuild lays
out only what changed, and gives the same bytes as a clean build.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Mapping
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from markupsafe import Markup

from workbook import GENERATOR, __version__
from workbook.base.design import design_digest
from workbook.base.files import file_digest
from workbook.base.words import LABELS, overview_labels
from workbook.model.book import Book, Example, Image
from workbook.model.registers import registers
from workbook.model.whats_new import ANCHOR as WHATS_NEW
from workbook.render.figures.section import SECTION_ID, Drawn, overview_context
from workbook.render.jinja import context, environment
from workbook.render.page_breaks import PageStart
from workbook.render.pdf.flow import lay_out
from workbook.render.pdf.layout import Job, PartLayout
from workbook.render.pdf.margins import calibration_html
from workbook.render.pdf.page_starts import book_pages
from workbook.render.pdf.part_cache import PartCache, digest
from workbook.render.pdf.parts import PageMap, Part, plan
from workbook.render.pdf.provenance import example_lines, provenance_job
from workbook.render.pdf.schedule import CachedOnly, NotCached, Scheduler
from workbook.render.pdf.urls import design_url, project_path, project_url


def _image_src(root: Path) -> Callable[[Image], str]:
    return lambda image: project_url(root, image.path)


@dataclass
class PdfPlan:
    """What one PDF (screen or print) is made of; shared by the rendering rounds."""

    book: Book
    print_edition: bool
    parts: list[Part]
    env: Any
    base: dict[str, Any]
    design: str
    images: dict[str, str] = field(default_factory=dict)  # example id -> hash of its images
    # A job laid out beside the book once its page numbers are final (see `flow`).
    extra: Callable[[PageMap, PartCache], Job] | None = None

    def html(self, part: Part, page_of: Callable[[str], str]) -> str:
        template = self.env.get_template("book.html")
        return str(
            template.render(
                **self.base,
                part=part,
                page_of=page_of,
                link=lambda anchor: f"werkboek:{anchor}",
            )
        )

    @property
    def registers(self) -> tuple[Any, ...]:
        return tuple(self.base["registers"])

    def calibration(self) -> str:
        """The document from which runs and registers get their margins (see `margins`)."""
        links = [design_url("css/fonts.css"), design_url("css/book.css")]
        if self.print_edition:
            links.append(design_url("css/print.css"))
        return calibration_html(self.book.taal, self.book.titel, links, self.running_heads)

    @property
    def running_heads(self) -> list[str]:
        """The running heads of the parts that get their margins in the merge."""
        intro = [title for _, title in self.intro_sections]
        changes = [self.base["whats_new"].title] if self.base["whats_new"] else []
        heads = [t.titel for t in self.book.themes if t.examples]
        registers = [r.title for r in self.registers]
        return list(dict.fromkeys([*intro, *changes, *heads, *registers]))

    @property
    def intro_sections(self) -> list[tuple[str, str]]:
        """The intro's chapters as (anchor, title); the title is their running head."""
        sections = (
            [("voorwoord", LABELS[self.book.taal]["foreword"])] if self.book.voorwoord else []
        )
        return [*sections, (SECTION_ID, _overview_title(self.book))]

    @property
    def register_sections(self) -> list[tuple[str, str]]:
        """The registers as (anchor, title); the title is their running head."""
        return [(f"register-{r.key}", str(r.title)) for r in self.registers]

    def heads(self, part: Part, pages: int, anchors: Mapping[str, Any]) -> list[str]:
        """The running head of each page of a part that gets its margins in the merge:
        in the intro and the registers, the title of the section the page belongs to."""
        if part.theme is not None:
            return [part.theme.titel] * pages
        if part.kind == "changes":
            return [self.base["whats_new"].title] * pages
        if part.kind == "intro":
            # A chapter starts on a page of its own: its page shows its title.
            sections = self.intro_sections
            started = [(anchors[a][0], title) for a, title in sections if a in anchors]
            return [
                next((t for page, t in reversed(started) if page <= index), sections[0][1])
                for index in range(pages)
            ]
        # A register may start halfway down a page: the head names the register at the top
        # of the page (the one running on from before), else the first on the page.
        started = [(anchors[a][0], t) for a, t in self.register_sections if a in anchors]
        heads = []
        for index in range(pages):
            before = [t for page, t in started if page < index]
            here = [t for page, t in started if page == index]
            heads.append(before[-1] if before else (here or [started[0][1]])[0])
        return heads

    def key(self, kind: str, html: str, css: str, examples: tuple[Example, ...] = ()) -> str:
        return digest(
            "werkboek-part-1",
            __version__,
            _weasyprint_version(),
            "druk" if self.print_edition else "scherm",
            self.design,
            kind,
            html,
            css,
            *(self.images[e.id] for e in examples),
        )

    def job(
        self,
        cache: PartCache,
        part: Part,
        html: str,
        css: str,
        *,
        margins: bool = False,
        counted: bool = True,
    ) -> Job:
        kind = "margins" if margins else part.kind
        return Job(
            key=self.key(kind, html, css, part.examples if part.kind == "run" else ()),
            name="kantlijnen" if margins else part.name,
            html=html,
            css=css,
            root=str(self.book.root),
            cache=str(cache.folder),
            print_edition=self.print_edition,
            sheet=margins,
            counted=counted and not margins,
        )


def _weasyprint_version() -> str:
    from importlib.metadata import version

    return version("weasyprint")


def _image_digest(example: Example) -> str:
    return digest(*(file_digest(image.path) for image in example.afbeeldingen))


def pdf_plan(book: Book, *, print_edition: bool, apart: bool = False) -> PdfPlan:
    """`apart`: draw the overview's charts in a process of their own (see `charts_apart`)."""
    env = environment(book.root)
    base = context(
        book,
        print=print_edition,
        asset=design_url,
        image_src=_image_src(book.root),
        generator=GENERATOR,
        **_overview(book, print_edition, apart),
    )
    return PdfPlan(
        book,
        print_edition,
        plan(book),
        env,
        base,
        design_digest(book.root),
        {e.id: _image_digest(e) for e in book.examples},
    )


def _overview(book: Book, print_edition: bool, apart: bool) -> dict[str, Any]:
    """The overview's context; in the print edition its inline figures in CMYK too (they
    are not fetched, so the fetcher's conversion does not reach them)."""
    found = overview_context(book, medium="pdf", apart=apart)
    if print_edition:
        from workbook.render.print.color import svg_to_cmyk

        screen: Mapping[str, Markup] = found["figures"]
        found["figures"] = Drawn(
            lambda: {
                key: Markup(svg_to_cmyk(str(svg).encode("utf-8")).decode("utf-8"))
                for key, svg in screen.items()
            }
        )
    return found


def part_titles(book: Book) -> dict[str, str]:
    """What each link target is called: the alternate text of links to it."""
    labels = LABELS[book.taal]
    names = {
        "inhoud": labels["contents"],
        "voorwoord": labels["foreword"],
        SECTION_ID: _overview_title(book),
        WHATS_NEW: labels["whats_new"],
    }
    for theme in book.themes:
        names[f"thema-{theme.id}"] = theme.titel
        for example in theme.examples:
            names[f"vb-{example.id}"] = example.titel
    for register in registers(book):
        names[f"register-{register.key}"] = f"{labels['registers']}: {register.title}"
    return names


def outline(book: Book) -> list[tuple[str, str, list[tuple[str, str]]]]:
    """The bookmarks: front sections, themes with their examples, the registers."""
    labels = LABELS[book.taal]
    entries: list[tuple[str, str, list[tuple[str, str]]]] = []
    if book.voorwoord:
        entries.append((labels["foreword"], "voorwoord", []))
    entries.append((_overview_title(book), SECTION_ID, []))
    if book.changes is not None:
        entries.append((labels["whats_new"], WHATS_NEW, []))
    for theme in book.themes:
        kids = [(e.titel, f"vb-{e.id}") for e in theme.examples]
        entries.append((theme.titel, f"thema-{theme.id}", kids))
    entries += [(r.title, f"register-{r.key}", []) for r in registers(book)]
    return entries


def _overview_title(book: Book) -> str:
    return overview_labels(book.taal)["title"]


@dataclass
class RenderedPdf:
    data: bytes
    pages: int
    warnings: list[str]
    damaged: list[str]  # cache entries found damaged (and laid out again)
    laid_out: list[str]  # the jobs laid out (not taken from the cache), by name
    # image (its path in the project, with /) -> the largest width it is printed at (pt)
    image_widths: dict[str, float]
    # printed page number -> where the page begins, every page but the cover (for the EPUB)
    page_starts: tuple[tuple[int, PageStart], ...] = ()
    # The provenance lines of the examples' own PDFs (`provenance`), when asked for.
    lines: PartLayout | None = None


def render(
    book: Book,
    *,
    print_edition: bool = False,
    jobs: int = 1,
    cache_dir: Path | None = None,
    use_cache: bool = True,
    on_page: Callable[[int, int], None] | None = None,
    scheduler: Scheduler | None = None,
    label: str | None = None,
    lines: bool = False,
) -> RenderedPdf:
    """Lay out and merge the book's screen or print PDF. `scheduler`: a running one to reuse
    (its workers). `lines`: also lay out the provenance lines of the examples' own PDFs
    (`example_pdf`), beside the registers and the front matter (see `flow`)."""
    from workbook.render.pdf.merge import merge

    with ExitStack() as stack:
        if cache_dir is None:
            cache_dir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="werkboek-")))
        cache = PartCache(cache_dir, read=use_cache)
        if scheduler is None:
            scheduler = stack.enter_context(Scheduler(jobs))
        plan = pdf_plan(book, print_edition=print_edition, apart=scheduler.jobs > 1)
        if lines and book.examples:
            plan.extra = lambda page_map, cache: provenance_job(
                book, example_lines(book, page_map), cache
            )
        scheduler.begin(cache, on_page, _estimate(book))
        body, complete = lay_out(plan, scheduler, cache)
        data = merge(
            body,
            complete,
            titles=part_titles(book),
            outline=outline(book),
            scheduler=scheduler,
            finish=_finish_print if print_edition else _finish_reader,
        )
        layouts = complete()
        cache.prune(label or ("print" if print_edition else "screen"))
        warnings = sorted(
            {w for r in [*layouts.parts.values(), layouts.margins] for w in r.warnings}
        )
        widths: dict[str, float] = {}
        for result in layouts.parts.values():
            for url, width in result.images.items():
                path = project_path(url)
                if path is not None:
                    widths[path] = max(width, widths.get(path, 0.0))
        return RenderedPdf(
            data,
            layouts.page_map.total,
            warnings,
            list(cache.damaged),
            list(scheduler.laid_out),
            widths,
            book_pages(layouts.page_map, layouts.parts),
            layouts.extra,
        )


def cached_page_starts(book: Book, cache_dir: Path) -> tuple[tuple[int, PageStart], ...] | None:
    """Where the screen PDF's pages begin (as `RenderedPdf.page_starts`), from the layouts in
    the cache alone: None when one of them is not there (the PDF would be laid out anew)."""
    if not (cache_dir / "parts").is_dir():
        return None
    cache = PartCache(cache_dir)
    scheduler = CachedOnly(cache)
    plan = pdf_plan(book, print_edition=False)
    try:
        _, complete = lay_out(plan, scheduler, cache)
        layouts = complete()
    except NotCached:
        return None
    return book_pages(layouts.page_map, layouts.parts)


def _finish_reader(pdf: Any) -> bytes:
    """The merged screen PDF made PDF/A-2a as well as PDF/UA-1 (issue 23)."""
    from workbook.render.pdf.archival import finish_archival, write_archival

    finish_archival(pdf)
    return write_archival(pdf)


def _finish_print(pdf: Any) -> bytes:
    """The merged print edition made PDF/X-4 for the FOGRA39 condition (issue 12)."""
    from workbook.render.print.color import output_condition
    from workbook.render.print.pdfx import finish_pdfx4, write_pdfx

    finish_pdfx4(pdf, output_condition())
    return write_pdfx(pdf)


def _estimate(book: Book) -> int:
    """A first guess of the page count, for progress before the first layout is known."""
    return 6 + 2 * len(book.themes) + 3 * len(book.examples) + max(2, len(book.examples) // 10)

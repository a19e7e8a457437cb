"""The book as PDF: laid out in parts (in parallel, cached), then merged into one PDF/UA-1.

1. Runs of examples are laid out first: they print no page numbers, so they do not wait
   for anything. The front matter and the theme openers are laid out at the same time
   with placeholder numbers, only to learn how many pages they take.
2. With every part's length known, each anchor has its printed page number. The parts
   that print numbers (contents, theme openers, registers) and the margin sheets of the
   runs (running head and folio) are laid out with the real numbers.
3. `merge` puts the pages together into one document.

Every layout is cached under a key that covers everything it depends on; a rebuild lays
out only what changed, and gives the same bytes as a clean build.
"""

from __future__ import annotations

import html as html_lib
import tempfile
from collections.abc import Callable, Mapping
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from markupsafe import Markup

from workbook import GENERATOR, __version__
from workbook.cache import PartCache, digest
from workbook.design import design_digest
from workbook.errors import BuildError
from workbook.model import Book, Example, Image
from workbook.render.html import LABELS, context, environment, registers
from workbook.render.layout import Job, Result
from workbook.render.overview_section import LABELS as OVERVIEW_LABELS
from workbook.render.overview_section import SECTION_ID, overview_context
from workbook.render.parts import PageMap, Part, place, plan
from workbook.render.schedule import Scheduler
from workbook.render.urls import design_url, project_url

PLACEHOLDER = "888"
MAX_ROUNDS = 4

MARGIN_BOXES = [
    f"{side}-{place}"
    for side, places in (
        ("top", "left-corner left center right right-corner"),
        ("bottom", "left-corner left center right right-corner"),
        ("left", "top middle bottom"),
        ("right", "top middle bottom"),
    )
    for place in places.split()
]
# A run prints neither running head nor folio: its margin sheet does, where it lands.
RUN_CSS = (
    "html { break-before: right !important; }\n@page { "
    + " ".join(f"@{box} {{ content: none !important; }}" for box in MARGIN_BOXES)
    + " }\n"
)


def _image_src(root: Path) -> Callable[[Image], str]:
    return lambda image: project_url(root, image.path)


@dataclass
class Edition:
    """What one PDF (screen or print) is made of; shared by the rendering rounds."""

    book: Book
    print_edition: bool
    parts: list[Part]
    env: Any
    base: dict[str, Any]
    design: str
    images: dict[str, str] = field(default_factory=dict)  # example id -> hash of its images

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
        sheet: bool = False,
        counted: bool = True,
    ) -> Job:
        kind = "sheet" if sheet else part.kind
        return Job(
            key=self.key(kind, html, css, part.examples if part.kind == "run" else ()),
            name=f"{part.name} (marge)" if sheet else part.name,
            html=html,
            css=css,
            root=str(self.book.root),
            cache=str(cache.folder),
            print_edition=self.print_edition,
            sheet=sheet,
            counted=counted and not sheet,
        )


def _weasyprint_version() -> str:
    from importlib.metadata import version

    return version("weasyprint")


def _image_digest(example: Example) -> str:
    return digest(*(image.path.read_bytes() for image in example.afbeeldingen))


def edition(book: Book, *, print_edition: bool) -> Edition:
    env = environment(book.root)
    base = context(
        book,
        print=print_edition,
        asset=design_url,
        image_src=_image_src(book.root),
        generator=GENERATOR,
        **_overview(book, print_edition),
    )
    return Edition(
        book,
        print_edition,
        plan(book),
        env,
        base,
        design_digest(book.root),
        {e.id: _image_digest(e) for e in book.examples},
    )


def _overview(book: Book, print_edition: bool) -> dict[str, Any]:
    """The overview's context; in the print edition its inline figures in CMYK too (they
    are not fetched, so the fetcher's conversion does not reach them)."""
    found = overview_context(book, medium="pdf")
    if print_edition:
        from workbook.render.color import svg_to_cmyk

        found["figures"] = {
            key: Markup(svg_to_cmyk(str(svg).encode("utf-8")).decode("utf-8"))
            for key, svg in found["figures"].items()
        }
    return found


def start_css(start: int, right: bool) -> str:
    """A numbered part: its first page is printed page `start`, on the given side."""
    side = "right" if right else "left"
    return (
        f"html {{ break-before: {side} !important; }}\n"
        f"@page :first {{ counter-reset: page {start} !important; }}\n"
    )


def sheet_html(edition: Edition, running: str, pages: int) -> str:
    """A margin sheet: `pages` empty pages whose margin boxes carry running head and folio."""
    links = [design_url("css/fonts.css"), design_url("css/book.css")]
    if edition.print_edition:
        links.append(design_url("css/print.css"))
    head = "".join(f'<link rel="stylesheet" href="{html_lib.escape(u)}"/>' for u in links)
    page = f'<div class="werkboek-sheet" data-running="{html_lib.escape(running)}"></div>'
    return (
        f'<!DOCTYPE html><html lang="{edition.book.taal}"><head><meta charset="utf-8"/>'
        f"<title>{html_lib.escape(edition.book.titel)}</title>{head}</head>"
        f"<body>{page * pages}</body></html>"
    )


SHEET_CSS = (
    ".werkboek-sheet { break-after: page; string-set: running attr(data-running); }\n"
    ".werkboek-sheet:last-child { break-after: auto; }\n"
)


@dataclass
class Layouts:
    """Every part laid out for one edition, ready to merge."""

    edition: Edition
    page_map: PageMap
    parts: dict[str, Result]  # part name -> its final layout
    sheets: dict[str, Result]  # run name -> its margin sheet
    cache: PartCache


def lay_out(edition: Edition, scheduler: Scheduler, cache: PartCache) -> Layouts:
    """Lay out every part; see the module's docstring for the order of the rounds."""
    parts = edition.parts
    runs = {
        p.name: edition.job(cache, p, edition.html(p, _never), RUN_CSS)
        for p in parts
        if p.kind == "run"
    }
    counting = {
        p.name: edition.job(
            cache,
            p,
            edition.html(p, lambda _: PLACEHOLDER),
            start_css(1, True),
            counted=False,
        )
        for p in parts
        if p.kind in ("front", "opener")
    }
    done = scheduler.run([*runs.values(), *counting.values()])
    final: dict[str, Result] = {name: done[job.key] for name, job in runs.items()}
    counts = {name: done[job.key].pages for name, job in {**runs, **counting}.items()}
    anchors = {name: done[job.key].anchors for name, job in {**runs, **counting}.items()}
    for part in parts:
        counts.setdefault(part.name, 1)  # the registers: not laid out yet, and last anyway
    for _ in range(MAX_ROUNDS):
        # Round 2: theme openers and registers with the examples' real page numbers, and
        # the margin sheets of the runs.
        page_map = place(parts, counts, _pages(anchors), print_edition=edition.print_edition)
        scheduler.expect(page_map.total)
        numbers = _numbers(page_map.anchors)
        jobs: dict[str, Job] = {}
        for placement in page_map.placements:
            part = placement.part
            if part.kind == "opener":
                css = start_css(placement.start, placement.start % 2 == 1)
                jobs[part.name] = edition.job(cache, part, edition.html(part, numbers), css)
            elif part.kind == "register":
                jobs[part.name] = edition.job(cache, part, edition.html(part, numbers), RUN_CSS)
        sheets = _sheet_jobs(edition, cache, page_map, "run")
        done = scheduler.run([*jobs.values(), *sheets.values()])
        moved = _settle(jobs, done, counts, anchors, final)
        sheet_results = {name: done[job.key] for name, job in sheets.items()}
        # Round 3: the front matter, whose contents list the registers too, and the
        # registers' margin sheets, now that their lengths are known.
        page_map = place(parts, counts, _pages(anchors), print_edition=edition.print_edition)
        front = parts[0]
        front_job = edition.job(cache, front, edition.html(front, _numbers(page_map.anchors)), "")
        register_sheets = _sheet_jobs(edition, cache, page_map, "register")
        done = scheduler.run([front_job, *register_sheets.values()])
        moved |= _settle({front.name: front_job}, done, counts, anchors, final)
        if not moved:
            sheet_results |= {name: done[job.key] for name, job in register_sheets.items()}
            page_map = place(parts, counts, _pages(anchors), print_edition=edition.print_edition)
            return Layouts(edition, page_map, final, sheet_results, cache)
    raise BuildError("de paginanummers van het werkboek blijven verschuiven")  # pragma: no cover


def _sheet_jobs(edition: Edition, cache: PartCache, page_map: PageMap, kind: str) -> dict[str, Job]:
    """The margin sheets of the parts of `kind` where they land in `page_map`."""
    titles = {r.key: r.title for r in registers(edition.book)}
    sheets: dict[str, Job] = {}
    for placement in page_map.placements:
        part = placement.part
        if part.kind != kind:
            continue
        running = part.theme.titel if part.theme is not None else titles[part.register]
        html = sheet_html(edition, running, placement.pages)
        css = start_css(placement.start, placement.start % 2 == 1) + SHEET_CSS
        sheets[part.name] = edition.job(cache, part, html, css, sheet=True)
    return sheets


def _settle(
    jobs: Mapping[str, Job],
    done: Mapping[str, Result],
    counts: dict[str, int],
    anchors: dict[str, dict[str, tuple[int, float, float]]],
    final: dict[str, Result],
) -> bool:
    """Record laid-out parts; True when one has another length than was assumed."""
    moved = False
    for name, job in jobs.items():
        result = done[job.key]
        # A register's length only moves what comes after it: the next registers, laid
        # out independently of where they start, and the contents, laid out after them.
        moved |= not name.startswith("register-") and result.pages != counts[name]
        counts[name] = result.pages
        anchors[name] = result.anchors
        final[name] = result
    return moved


def _numbers(numbers: Mapping[str, int]) -> Callable[[str], str]:
    def page_of(anchor: str) -> str:
        if anchor not in numbers:
            raise BuildError(f"het sjabloon verwijst naar '#{anchor}', dat niet in het boek staat")
        return str(numbers[anchor])

    return page_of


def _never(anchor: str) -> str:
    raise AssertionError(f"a run prints no page numbers ({anchor})")


def _pages(
    anchors: Mapping[str, Mapping[str, tuple[int, float, float]]],
) -> dict[str, dict[str, int]]:
    return {name: {a: v[0] for a, v in found.items()} for name, found in anchors.items()}


def part_titles(book: Book) -> dict[str, str]:
    """What each link target is called: the alternate text of links to it."""
    labels = LABELS[book.taal]
    names = {
        "inhoud": labels["contents"],
        "voorwoord": labels["foreword"],
        SECTION_ID: _overview_title(book),
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
    for theme in book.themes:
        kids = [(e.titel, f"vb-{e.id}") for e in theme.examples]
        entries.append((theme.titel, f"thema-{theme.id}", kids))
    entries += [(r.title, f"register-{r.key}", []) for r in registers(book)]
    return entries


def _overview_title(book: Book) -> str:
    return OVERVIEW_LABELS.get(book.taal, OVERVIEW_LABELS["nl"])["title"]


@dataclass
class RenderedPdf:
    data: bytes
    pages: int
    warnings: list[str]
    damaged: list[str]  # cache entries found damaged (and laid out again)
    laid_out: list[str]  # the jobs laid out (not taken from the cache), by name
    image_widths: dict[str, float]  # image URL -> the largest width it is printed at (pt)


def render_pdf(
    book: Book,
    *,
    print_edition: bool = False,
    jobs: int = 1,
    cache_dir: Path | None = None,
    use_cache: bool = True,
    on_page: Callable[[int, int], None] | None = None,
) -> bytes:
    """The finished PDF as bytes (the caller writes it atomically)."""
    return render(
        book,
        print_edition=print_edition,
        jobs=jobs,
        cache_dir=cache_dir,
        use_cache=use_cache,
        on_page=on_page,
    ).data


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
) -> RenderedPdf:
    """Lay out and merge one edition. `scheduler`: a running one to reuse (its workers)."""
    from workbook.render.merge import merge

    with ExitStack() as stack:
        if cache_dir is None:
            cache_dir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="werkboek-")))
        cache = PartCache(cache_dir, read=use_cache)
        the_edition = edition(book, print_edition=print_edition)
        if scheduler is None:
            scheduler = stack.enter_context(Scheduler(jobs))
        scheduler.begin(cache, on_page, _estimate(book))
        layouts = lay_out(the_edition, scheduler, cache)
        data = merge(
            layouts,
            titles=part_titles(book),
            outline=outline(book),
            scheduler=scheduler,
            finish=_finish_print if print_edition else None,
        )
        cache.prune(label or ("print" if print_edition else "screen"))
        warnings = sorted(
            {w for r in [*layouts.parts.values(), *layouts.sheets.values()] for w in r.warnings}
        )
        widths: dict[str, float] = {}
        for result in layouts.parts.values():
            for url, width in result.images.items():
                widths[url] = max(width, widths.get(url, 0.0))
        return RenderedPdf(
            data,
            layouts.page_map.total,
            warnings,
            list(cache.damaged),
            list(scheduler.laid_out),
            widths,
        )


def _finish_print(pdf: Any) -> bytes:
    """The merged print edition made PDF/X-4 for the FOGRA39 condition (issue 12)."""
    from workbook.render.color import output_condition
    from workbook.render.pdfx import finish_pdfx4, write_pdfx

    finish_pdfx4(pdf, output_condition())
    return write_pdfx(pdf)


def _estimate(book: Book) -> int:
    """A first guess of the page count, for progress before the first layout is known."""
    return 6 + 2 * len(book.themes) + 3 * len(book.examples) + max(2, len(book.examples) // 10)


def book_html(book: Book, *, print_edition: bool = False) -> str:
    """The whole book as one HTML document (the parts' bodies in order, placeholder page
    numbers): what a single WeasyPrint pass would lay out; for inspection and comparison."""
    the_edition = edition(book, print_edition=print_edition)
    documents = [the_edition.html(part, lambda _: PLACEHOLDER) for part in the_edition.parts]
    head = documents[0].split("<body>", 1)[0]
    bodies = [d.split("<body>", 1)[1].rsplit("</body>", 1)[0] for d in documents]
    return f"{head}<body>{''.join(bodies)}</body>\n</html>\n"

"""What a build writes, book by book: the PDF (screen, and print with --print), the EPUB,
then the site with everything a reader downloads. Editions are books too: the same steps,
with their own file names (`<bestandsnaam>-<id>`), in the order of workbook.yaml.

Every file is written beside its target and renamed (base.files): a failed or interrupted
build leaves the earlier files intact.
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from workbook.base.errors import ContentError, Diagnostic
from workbook.base.files import atomic_tree, atomic_write
from workbook.build.progress import Progress
from workbook.model.manifest import SUFFIX as MANIFEST_SUFFIX

if TYPE_CHECKING:
    from workbook.build.options import BuildOptions
    from workbook.model.book import Book
    from workbook.model.editions import Edition
    from workbook.render.page_breaks import PageList, PageStart
    from workbook.render.pdf.book import RenderedPdf
    from workbook.render.pdf.schedule import Scheduler

CACHE_DIR = ".cache"
EXAMPLES_DIR = "voorbeelden"  # every example's own PDF, beside the book and in the site
READER_FORMATS = ("pdf", "epub")  # what a reader downloads (the print edition is not)


def output_names(book: Book) -> dict[str, str]:
    base = book.bestandsnaam
    return {
        "pdf": f"{base}.pdf",
        "print": f"{base}-druk.pdf",
        "preflight": f"{base}-druk.preflight.json",
        "epub": f"{base}.epub",
        "html": "site",
        "manifest": f"{base}{MANIFEST_SUFFIX}",
    }


@dataclass(frozen=True)
class BookJob:
    """One book of a build, the whole werkboek or an edition, with what to make of it."""

    book: Book
    options: BuildOptions
    edition: Edition | None = None


def book_jobs(book: Book, editions: Sequence[Edition], options: BuildOptions) -> list[BookJob]:
    """The whole werkboek (unless only some editions are asked for), then the editions:
    each in the formats it lists that the build makes, never a site of its own."""
    from workbook.model.editions import edition_book

    jobs = [] if options.editions is not None else [BookJob(book, options)]
    for edition in editions:
        if options.editions is not None and edition.id not in options.editions:
            continue
        formats = frozenset(edition.formats) & options.formats
        if formats or options.print_pdf:
            jobs.append(
                BookJob(edition_book(book, edition), replace(options, formats=formats), edition)
            )
    return jobs


def write_books(
    jobs: Sequence[BookJob], out: Path, progress: Progress, scheduler: Scheduler | None
) -> list[str]:
    """The PDF, print PDF and EPUB of every book; returns the names written."""
    written: list[str] = []
    variants = [(job, v) for job in jobs for v in _pdf_variants(job.options)]
    unnumbered = False  # an EPUB without the PDF's page numbers
    with contextlib.ExitStack() as stack:
        if variants and scheduler is None:
            largest = max(len(job.book.examples) for job, _ in variants)
            scheduler = stack.enter_context(pdf_scheduler(variants[0][0].options, largest))
        for job in jobs:
            names = output_names(job.book)
            images: list[Diagnostic] | None = None
            page_starts: tuple[tuple[int, PageStart], ...] | None = None
            for variant in _pdf_variants(job.options):
                assert scheduler is not None
                # The workers stay for the next PDF of the build; after the last one they
                # go before the merge (see Scheduler.rest).
                scheduler.persistent = (job, variant) != variants[-1]
                rendered = _render_pdf(job, out, progress, variant, scheduler)
                if images is None:  # the first layout measures the images
                    images = _image_check(job, progress, rendered)
                if variant == "pdf":
                    page_starts = rendered.page_starts
                atomic_write(out / names[variant], rendered.data)
                written.append(names[variant])
                if variant == "pdf" and job.edition is None:
                    # The werkboek's examples each as a PDF of their own (an edition's
                    # examples are the werkboek's: the same files).
                    _write_examples(job, out, progress, rendered, scheduler)
                    written.append(EXAMPLES_DIR)
                if variant == "print":
                    target = out / names["preflight"]
                    _preflight(rendered.data, names[variant], target, images, job, progress)
                    written.append(names["preflight"])
            if "epub" in job.options.formats:
                from workbook.render.epub.package import build_epub

                progress.step(f"{names['epub']}: opmaken")
                page_list = _page_list(job, out, page_starts)
                atomic_write(out / names["epub"], build_epub(job.book, page_list))
                written.append(names["epub"])
                unnumbered = unnumbered or page_list is None
    if unnumbered and not jobs[0].options.quiet:  # once, whatever the number of EPUBs
        progress.note(
            "info: de EPUB heeft geen paginanummers van de PDF; bouw de PDF mee "
            "(--format pdf,epub) om ze te krijgen"
        )
    return written


def _page_list(
    job: BookJob, out: Path, starts: tuple[tuple[int, PageStart], ...] | None
) -> PageList | None:
    """The screen PDF's page numbers for the EPUB (issue 23): from this build's layout, or
    without the PDF from the layouts of an earlier build in the cache, when they are all
    there for this book; else none (and the EPUB claims none)."""
    from workbook.base.words import LABELS
    from workbook.render.page_breaks import PageList

    book = job.book
    if starts is None and job.options.use_cache:
        from workbook.render.pdf.book import cached_page_starts

        starts = cached_page_starts(book, out / CACHE_DIR)
    if not starts:
        return None
    edition = LABELS[book.taal]["pdf_edition"]
    return PageList(f"{book.titel}, {edition} ({output_names(book)['pdf']})", starts)


def write_manifest(book: Book, out: Path) -> str:
    """The edition manifest (model.manifest): what the next edition compares with."""
    from workbook import GENERATOR
    from workbook.model.manifest import manifest_of, to_json

    name = output_names(book)["manifest"]
    atomic_write(out / name, to_json(manifest_of(book, GENERATOR)))
    return name


def write_site(book: Book, editions: Sequence[BookJob], out: Path, progress: Progress) -> str:
    """The site, with every file a reader downloads in it (site/ is the publication): the
    werkboek's PDF and EPUB, and those of each edition, as they are in `out`."""
    from workbook.render.site.pages import Download, EditionListing, write_site
    from workbook.render.site.search import index_site

    def downloads(of: Book) -> list[Download]:
        names = output_names(of)
        return [
            Download(names[kind], kind, out / names[kind])
            for kind in READER_FORMATS
            if (out / names[kind]).is_file()
        ]

    # Each example's own PDF, when there is one: made by this build, or (a build of the site
    # only) by an earlier one, like the book's PDF and EPUB.
    own = {
        e.id: Download(f"{EXAMPLES_DIR}/{e.id}.pdf", "pdf", path)
        for e in book.examples
        if (path := out / EXAMPLES_DIR / f"{e.id}.pdf").is_file()
    }
    listings = [
        EditionListing(job.book.titel, job.book.ondertitel, len(job.book.examples), tuple(found))
        for job in editions
        if (found := downloads(job.book))
    ]
    progress.step("site: pagina's maken")

    def fill_site(folder: Path) -> None:
        write_site(
            book, folder, downloads=downloads(book), editions=listings, example_downloads=own
        )
        progress.step("site: zoekindex maken")
        index_site(folder)

    atomic_tree(out / "site", fill_site)
    return "site"


def _write_examples(
    job: BookJob, out: Path, progress: Progress, screen: RenderedPdf, scheduler: Scheduler
) -> None:
    """Every example's own PDF, taken from the screen PDF just made, into voorbeelden/
    (all at once: an example that is gone leaves no file behind)."""
    from workbook.render.pdf.example_pdf import example_pdfs

    progress.step(f"{EXAMPLES_DIR}/: een PDF per praktijkvoorbeeld")
    made = example_pdfs(
        job.book,
        screen.data,
        cache_dir=out / CACHE_DIR,
        use_cache=job.options.use_cache,
        scheduler=scheduler,
        lines=screen.lines,
    )

    def fill(folder: Path) -> None:
        for example in made:
            (folder / example.name).write_bytes(example.data)

    atomic_tree(out / EXAMPLES_DIR, fill)


def pdf_scheduler(options: BuildOptions, examples: int) -> Scheduler:
    """The layout processes for the PDF (`-j`, or the default for a book this size)."""
    from workbook.render.pdf.schedule import Scheduler, default_jobs

    return Scheduler(options.jobs or default_jobs(examples))


def _pdf_variants(options: BuildOptions) -> list[str]:
    return (["pdf"] if "pdf" in options.formats else []) + (["print"] if options.print_pdf else [])


def _render_pdf(
    job: BookJob, out: Path, progress: Progress, variant: str, scheduler: Scheduler
) -> RenderedPdf:
    from workbook.render.pdf.book import render

    name = output_names(job.book)[variant]

    def on_page(done: int, total: int) -> None:
        progress.step(f"{name}: pagina {done} van ~{total}", done / max(total, 1))

    rendered = render(
        job.book,
        print_edition=variant == "print",
        cache_dir=out / CACHE_DIR,
        use_cache=job.options.use_cache,
        on_page=on_page,
        scheduler=scheduler,
        label=f"{variant}-{job.edition.id}" if job.edition else None,
        # the provenance lines of the examples' own PDFs: with the werkboek's screen PDF
        lines=variant == "pdf" and job.edition is None,
    )
    for message in rendered.warnings:
        progress.note(f"waarschuwing (opmaak {name}): {message}")
    if rendered.damaged:
        progress.note(
            f"info: {len(rendered.damaged)} onderdeel/onderdelen in {CACHE_DIR}/ waren beschadigd "
            "of van een andere versie; die zijn opnieuw opgemaakt"
        )
    return rendered


def _image_check(job: BookJob, progress: Progress, rendered: RenderedPdf) -> list[Diagnostic]:
    """Images printed under 300 ppi, measured in the layout (issue 12); with --strict the
    build stops here, before anything is written. An edition's images are the book's:
    measured and reported once, with the book."""
    from workbook.check.print_resolution import layout_diagnostics
    from workbook.check.report import format_text

    found = layout_diagnostics(job.book, rendered.image_widths)
    if found and job.edition is None:  # warnings: shown also with --quiet
        progress.note(format_text(found, len({d.file for d in found})))
    if found and job.options.strict:
        raise ContentError("er is niets geschreven: afbeeldingen zijn te grof voor druk")
    return found


def _preflight(
    data: bytes,
    name: str,
    target: Path,
    images: list[Diagnostic],
    job: BookJob,
    progress: Progress,
) -> None:
    """The print edition's preflight (issue 12), as Dutch lines and as JSON beside it."""
    from workbook.render.print.preflight import inspect_print_pdf, summary_json, summary_lines

    progress.step(f"{name}: controleren voor de drukker")
    check = inspect_print_pdf(data, name, images)
    atomic_write(target, summary_json(check))
    if not job.options.quiet:
        progress.done("\n".join(summary_lines(check)))

"""`workbook build`: check, then render each format and write it atomically.

A file appears under its final name only when it is complete: it is written beside the
target and renamed. A failed, interrupted or concurrent build leaves earlier output intact.
"""

from __future__ import annotations

import contextlib
import fcntl
import glob
import json
import shutil
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from workbook.base.errors import BuildError, ContentError, Diagnostic, Severity, UsageError
from workbook.base.files import atomic_tree, atomic_write
from workbook.base.words import count as count_words
from workbook.base.words import format_seconds
from workbook.build import stamp
from workbook.build.progress import Progress

if TYPE_CHECKING:
    from workbook.model.book import Book
    from workbook.render.pdf.book import RenderedPdf
    from workbook.render.pdf.schedule import Scheduler

FORMATS = ("pdf", "epub", "html")
LOW_RESOLUTION = "low-resolution"
LOCK_NAME = ".workbook.lock"
CACHE_DIR = ".cache"
EXAMPLES_DIR = "voorbeelden"  # every example's own PDF, beside the book and in the site


@dataclass(frozen=True)
class BuildOptions:
    project: Path
    output: Path | None = None
    formats: frozenset[str] = frozenset(FORMATS)
    print_pdf: bool = False
    drafts: bool = False
    strict: bool = False
    quiet: bool = False
    jobs: int | None = None  # processes for PDF layout; None: the cores this process may use
    use_cache: bool = True

    def describe(self) -> str:
        """The options that change what a build writes (for the build stamp)."""
        return json.dumps(
            [sorted(self.formats), self.print_pdf, self.drafts, self.strict], separators=(",", ":")
        )


def parse_formats(text: str) -> frozenset[str]:
    chosen = {part.strip().lower() for part in text.split(",") if part.strip()}
    unknown = sorted(chosen - set(FORMATS))
    if unknown or not chosen:
        raise UsageError(
            f"onbekend formaat '{', '.join(unknown) or text}'; kies uit: " + ", ".join(FORMATS)
        )
    return frozenset(chosen)


@contextlib.contextmanager
def output_lock(folder: Path) -> Iterator[None]:
    """One build per output folder at a time; a second one is told so at once."""
    path = folder / LOCK_NAME
    handle = path.open("a+")
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise BuildError(
                f"er draait al een build die naar {folder} schrijft; wacht tot "
                "die klaar is en probeer het opnieuw"
            ) from None
        yield
    finally:
        handle.close()


def remove_stale_temporaries(folder: Path, names: Iterable[str]) -> None:
    """Remove the hidden `.<name>.*.tmp` a killed build left behind (SIGKILL, power loss).

    Called while holding the output lock, so no running build still owns one of them.
    """
    for name in names:
        for stale in folder.glob(f".{glob.escape(name)}.*.tmp"):
            if stale.is_dir() and not stale.is_symlink():
                shutil.rmtree(stale, ignore_errors=True)
            else:
                stale.unlink(missing_ok=True)


def output_names(book: Book) -> dict[str, str]:
    base = book.bestandsnaam
    return {
        "pdf": f"{base}.pdf",
        "print": f"{base}-druk.pdf",
        "preflight": f"{base}-druk.preflight.json",
        "epub": f"{base}.epub",
        "html": "site",
        "examples": EXAMPLES_DIR,
    }


def _render_pdf(
    book: Book,
    options: BuildOptions,
    out: Path,
    progress: Progress,
    variant: str,
    scheduler: Scheduler,
) -> RenderedPdf:
    from workbook.render.pdf.book import render

    name = output_names(book)[variant]

    def on_page(done: int, total: int) -> None:
        progress.step(f"{name}: pagina {done} van ~{total}", done / max(total, 1))

    rendered = render(
        book,
        print_edition=variant == "print",
        cache_dir=out / CACHE_DIR,
        use_cache=options.use_cache,
        on_page=on_page,
        scheduler=scheduler,
        lines=variant == "pdf",  # the provenance lines of the examples' own PDFs
    )
    for message in rendered.warnings:
        progress.note(f"waarschuwing (opmaak {name}): {message}")
    if rendered.damaged:
        progress.note(
            f"info: {len(rendered.damaged)} onderdeel/onderdelen in {CACHE_DIR}/ waren beschadigd "
            "of van een andere versie; die zijn opnieuw opgemaakt"
        )
    return rendered


def _image_check(
    book: Book, options: BuildOptions, progress: Progress, rendered: RenderedPdf
) -> list[Diagnostic]:
    """Images printed under 300 ppi, measured in the layout (issue 12); with --strict the
    build stops here, before anything is written."""
    from workbook.check.print_resolution import layout_diagnostics
    from workbook.check.report import format_text

    found = layout_diagnostics(book, rendered.image_widths)
    if found:  # warnings: shown also with --quiet
        progress.note(format_text(found, len({d.file for d in found})))
    if found and options.strict:
        raise ContentError("er is niets geschreven: afbeeldingen zijn te grof voor druk")
    return found


def _preflight(
    data: bytes,
    name: str,
    target: Path,
    images: list[Diagnostic],
    options: BuildOptions,
    progress: Progress,
) -> None:
    """The print edition's preflight (issue 12), as Dutch lines and as JSON beside it."""
    from workbook.render.print.preflight import inspect_print_pdf, summary_json, summary_lines

    progress.step(f"{name}: controleren voor de drukker")
    check = inspect_print_pdf(data, name, images)
    atomic_write(target, summary_json(check))
    if not options.quiet:
        progress.done("\n".join(summary_lines(check)))


def render_outputs(
    book: Book,
    options: BuildOptions,
    out: Path,
    progress: Progress,
    scheduler: Scheduler | None = None,
) -> list[str]:
    """Render and write every asked-for format; returns the names written."""
    names = output_names(book)
    written: list[str] = []
    variants = (["pdf"] if "pdf" in options.formats else []) + (
        ["print"] if options.print_pdf else []
    )
    images: list[Diagnostic] | None = None
    with contextlib.ExitStack() as stack:
        if variants and scheduler is None:
            scheduler = stack.enter_context(pdf_scheduler(options, len(book.examples)))
        for variant in variants:
            assert scheduler is not None
            # The workers stay for a next variant; after the last one they go before the
            # merge (see Scheduler.rest).
            scheduler.persistent = variant != variants[-1]
            rendered = _render_pdf(book, options, out, progress, variant, scheduler)
            if images is None:  # the first layout measures the images
                images = _image_check(book, options, progress, rendered)
            atomic_write(out / names[variant], rendered.data)
            written.append(names[variant])
            if variant == "pdf":
                _write_examples(book, options, out, progress, rendered, scheduler)
                written.append(EXAMPLES_DIR)
            if variant == "print":
                target = out / names["preflight"]
                _preflight(rendered.data, names[variant], target, images, options, progress)
                written.append(names["preflight"])
    if "epub" in options.formats:
        from workbook.render.epub.package import build_epub

        progress.step(f"{names['epub']}: opmaken")
        atomic_write(out / names["epub"], build_epub(book))
        written.append(names["epub"])
    if "html" in options.formats:
        from workbook.render.site.pages import Download, write_site
        from workbook.render.site.search import index_site

        progress.step("site: pagina's maken")
        # The reader's files go into the site, so that site/ is the whole publication; the
        # print edition is for the printing house, not for download.
        downloads = [
            Download(names[kind], kind, out / names[kind])
            for kind in ("pdf", "epub")
            if (out / names[kind]).is_file()
        ]
        # Each example's own PDF, when there is one: made by this build, or (a build of
        # the site only) by an earlier one, like the book's PDF and EPUB above.
        own = {
            e.id: Download(f"{EXAMPLES_DIR}/{e.id}.pdf", "pdf", path)
            for e in book.examples
            if (path := out / EXAMPLES_DIR / f"{e.id}.pdf").is_file()
        }

        def fill_site(folder: Path) -> None:
            write_site(book, folder, downloads=downloads, example_downloads=own)
            progress.step("site: zoekindex maken")
            index_site(folder)

        atomic_tree(out / "site", fill_site)
        written.append("site")
    return written


def _write_examples(
    book: Book,
    options: BuildOptions,
    out: Path,
    progress: Progress,
    screen: RenderedPdf,
    scheduler: Scheduler,
) -> None:
    """Every example's own PDF, taken from the screen PDF just made, into voorbeelden/
    (all at once: an example that is gone leaves no file behind)."""
    from workbook.render.pdf.example_pdf import example_pdfs

    progress.step(f"{EXAMPLES_DIR}/: een PDF per praktijkvoorbeeld")
    made = example_pdfs(
        book,
        screen.data,
        cache_dir=out / CACHE_DIR,
        use_cache=options.use_cache,
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


def _make_folder(out: Path) -> None:
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BuildError(f"de uitvoermap {out} kan niet worden gemaakt ({exc.strerror})") from exc


def run_build(options: BuildOptions) -> int:
    from workbook.base.design import DEFAULT_TEMPLATES
    from workbook.base.project import display_path, open_project

    progress = Progress(options.quiet)
    project = open_project(options.project)
    out = (options.output or options.project / "dist").resolve()
    inputs = stamp.inputs_digest(project.root, DEFAULT_TEMPLATES, options.describe())
    if options.use_cache and stamp.exists(out / CACHE_DIR):
        with output_lock(out):
            last = stamp.unchanged(out / CACHE_DIR, out, inputs)
        if last is not None:
            # Nothing changed since the last build: say what it said, write nothing.
            said = last.get("report_quiet" if options.quiet else "report")
            if said:
                progress.note(str(said))
            names = ", ".join(_shown(n) for n in last["outputs"])
            verb = "zijn" if len(last["outputs"]) > 1 else "is"
            progress.done(
                f"Niets gewijzigd sinds de vorige build: {names} in {display_path(out)} "
                f"{verb} actueel ({last.get('summary', '')})."
            )
            return 0
    return _build(options, out, inputs, progress, len(project.example_files()))


def _build(options: BuildOptions, out: Path, inputs: str, progress: Progress, examples: int) -> int:
    with contextlib.ExitStack() as stack:
        scheduler = None
        if "pdf" in options.formats or options.print_pdf:
            # The layout processes start while the project is checked.
            scheduler = stack.enter_context(pdf_scheduler(options, examples))
            scheduler.warm()
        return _check_and_render(options, out, inputs, progress, scheduler)


def _check_and_render(
    options: BuildOptions, out: Path, inputs: str, progress: Progress, scheduler: Scheduler | None
) -> int:
    from workbook.base.project import display_path
    from workbook.check.report import format_text
    from workbook.check.run import check_project

    progress.step("controleren")
    result = check_project(options.project, include_drafts=options.drafts)
    if "pdf" in options.formats or options.print_pdf:
        # A PDF build measures the images in its layout (render_outputs); that replaces
        # the check's estimate from the design's largest image frame.
        result.diagnostics = [d for d in result.diagnostics if d.code != LOW_RESOLUTION]
    failed = result.failed(options.strict)
    # Quiet drops progress and the summary of success, never an error or a warning.
    report = format_text(result.diagnostics, result.files) if result.diagnostics else ""
    problems = [d for d in result.diagnostics if d.severity is not Severity.INFO]
    report_quiet = format_text(problems, result.files) if problems else ""
    if report_quiet if options.quiet else report:
        progress.note(report_quiet if options.quiet else report)
    if failed or result.book is None:
        progress.note("Er is niets geschreven: los eerst de fouten op.")
        return 1
    book = result.book
    _make_folder(out)
    cache = out / CACHE_DIR
    with output_lock(out):
        stamp.forget(cache)
        remove_stale_temporaries(out, output_names(book).values())
        written = render_outputs(book, options, out, progress, scheduler)
        count = len(book.examples)
        summary = count_words(count, "practice")
        stamp.save(
            cache, out, inputs, written, {"report": report, "report_quiet": report_quiet}, summary
        )
    progress.done(
        f"Klaar: {', '.join(_shown(n) for n in written)} in {display_path(out)} "
        f"({summary}, {format_seconds(time.monotonic() - progress.started)})."
    )
    return 0


def _shown(name: str) -> str:
    return f"{name}/" if name in ("site", EXAMPLES_DIR) else name

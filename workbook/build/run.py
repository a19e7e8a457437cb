"""`workbook build`: check, then render each format and write it atomically.

A file appears under its final name only when it is complete: it is written beside the
target and renamed. A failed, interrupted or concurrent build leaves earlier output intact.
"""

from __future__ import annotations

import contextlib
import fcntl
import glob
import shutil
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from workbook.base.errors import BuildError, Severity, UsageError
from workbook.base.words import count as count_words
from workbook.base.words import format_seconds
from workbook.build import stamp
from workbook.build.options import BuildOptions
from workbook.build.outputs import (
    CACHE_DIR,
    EXAMPLES_DIR,
    book_jobs,
    output_names,
    pdf_scheduler,
    write_books,
    write_manifest,
    write_site,
)
from workbook.build.previous import identity, named_in, read_edition
from workbook.build.progress import Progress

if TYPE_CHECKING:
    from workbook.model.book import Book
    from workbook.model.editions import Edition
    from workbook.model.manifest import Manifest
    from workbook.render.pdf.schedule import Scheduler

LOW_RESOLUTION = "low-resolution"
LOCK_NAME = ".workbook.lock"


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
    previous = identity(options.since, project.root, named_in(project.config))
    inputs = stamp.inputs_digest(project.root, DEFAULT_TEMPLATES, options.describe() + previous)
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
    book = _with_changes(result.book, result.previous, options, progress)
    jobs = book_jobs(book, _chosen(result.editions, options), options)
    _make_folder(out)
    cache = out / CACHE_DIR
    with output_lock(out):
        stamp.forget(cache)
        for job in jobs:
            remove_stale_temporaries(out, output_names(job.book).values())
        written = write_books(jobs, out, progress, scheduler)
        if options.editions is None:
            written.append(write_manifest(book, out))
        if "html" in options.formats and options.editions is None:
            written.append(write_site(book, [j for j in jobs if j.edition], out, progress))
        count = len(book.examples)
        summary = count_words(count, "practice")
        if len(jobs) > 1 or options.editions is not None:
            summary += ", " + count_words(sum(1 for j in jobs if j.edition), "edition")
        stamp.save(
            cache, out, inputs, written, {"report": report, "report_quiet": report_quiet}, summary
        )
    progress.done(
        f"Klaar: {', '.join(_shown(n) for n in written)} in {display_path(out)} "
        f"({summary}, {format_seconds(time.monotonic() - progress.started)})."
    )
    return 0


def _with_changes(
    book: Book, named: Manifest | None, options: BuildOptions, progress: Progress
) -> Book:
    """The book with what changed since the previous edition: the one `--sinds` names, else
    the one workbook.yaml names (`vorige_uitgave`, read by the check); unchanged without."""
    from workbook.model.manifest import with_changes
    from workbook.model.whats_new import summary

    previous = read_edition(options.since, options.project).manifest if options.since else named
    changed = with_changes(book, previous)
    if changed.changes is not None:
        progress.done(summary(changed))
    return changed


def _chosen(editions: tuple[Edition, ...], options: BuildOptions) -> tuple[Edition, ...]:
    """The editions this build makes; an unknown `--uitgave` is a usage error."""
    if options.editions is None:
        return editions
    known = [e.id for e in editions]
    unknown = sorted(options.editions - set(known))
    if unknown:
        choose = f"kies uit: {', '.join(known)}" if known else "workbook.yaml noemt geen uitgaven"
        raise UsageError(f"onbekende uitgave '{', '.join(unknown)}'; {choose}")
    return tuple(e for e in editions if e.id in options.editions)


def _shown(name: str) -> str:
    return f"{name}/" if name in ("site", EXAMPLES_DIR) else name

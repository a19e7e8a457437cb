"""`workbook build`: check, then render each format and write it atomically.

A file appears under its final name only when it is complete: it is written beside the
target and renamed. A failed, interrupted or concurrent build leaves earlier output intact.
"""

from __future__ import annotations

import contextlib
import fcntl
import glob
import logging
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from workbook.errors import BuildError, ContentError, Diagnostic, UsageError
from workbook.model import Book

FORMATS = ("pdf", "epub", "html")
LOW_RESOLUTION = "low-resolution"
LOCK_NAME = ".workbook.lock"


@dataclass(frozen=True)
class BuildOptions:
    project: Path
    output: Path | None = None
    formats: frozenset[str] = frozenset(FORMATS)
    print_pdf: bool = False
    drafts: bool = False
    strict: bool = False
    quiet: bool = False


def parse_formats(text: str) -> frozenset[str]:
    chosen = {part.strip().lower() for part in text.split(",") if part.strip()}
    unknown = sorted(chosen - set(FORMATS))
    if unknown or not chosen:
        raise UsageError(
            f"onbekend formaat '{', '.join(unknown) or text}'; kies uit: " + ", ".join(FORMATS)
        )
    return frozenset(chosen)


class Progress:
    """Check → layout → write, on one updating line on a terminal, plain lines elsewhere."""

    def __init__(self, quiet: bool, stream: TextIO | None = None) -> None:
        self.stream = stream or sys.stderr
        self.quiet = quiet
        self.tty = self.stream.isatty()
        self.started = time.monotonic()
        self._width = 0
        self._last = ""

    def step(self, text: str) -> None:
        if self.quiet or text == self._last:
            return
        self._last = text
        if self.tty:
            line = f"\r[{time.monotonic() - self.started:5.1f} s] {text}"
            self.stream.write(line.ljust(self._width))
            self._width = len(line)
        else:
            self.stream.write(f"{text}\n")
        self.stream.flush()

    def done(self, text: str) -> None:
        if self.quiet:
            return
        if self.tty:
            self.stream.write("\r" + " " * self._width + "\r")
        self.stream.write(f"{text}\n")
        self.stream.flush()


class _WeasyPrintLog(logging.Handler):
    """Relays WeasyPrint's progress steps and collects its warnings."""

    def __init__(self, progress: Progress, label: str) -> None:
        super().__init__(logging.INFO)
        self.progress = progress
        self.label = label
        self.warnings: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.name == "weasyprint.progress":
            step = record.getMessage().split(" - ", 1)[-1]
            dutch = next((v for k, v in _STEPS.items() if step.startswith(k)), "bezig")
            self.progress.step(f"{self.label}: {dutch}")
        elif record.levelno >= logging.WARNING:
            self.warnings.append(record.getMessage())


_STEPS = {
    "Fetching": "bronnen laden",
    "Applying": "stijlen toepassen",
    "Creating layout": "pagina's opmaken",
    "Creating PDF": "PDF schrijven",
    "Adding": "PDF afronden",
    "Drawing": "tekenen",
}


@contextlib.contextmanager
def weasyprint_log(progress: Progress, label: str) -> Iterator[_WeasyPrintLog]:
    handler = _WeasyPrintLog(progress, label)
    loggers = [logging.getLogger("weasyprint"), logging.getLogger("weasyprint.progress")]
    previous = [(lg.level, lg.propagate) for lg in loggers]
    for lg in loggers:
        lg.addHandler(handler)
        lg.setLevel(logging.INFO)
        lg.propagate = False
    try:
        yield handler
    finally:
        for lg, (level, propagate) in zip(loggers, previous, strict=True):
            lg.removeHandler(handler)
            lg.setLevel(level)
            lg.propagate = propagate


def atomic_write(target: Path, data: bytes) -> None:
    """Write `data` beside `target`, then rename: readers see the old or the new file."""
    handle = tempfile.NamedTemporaryFile(  # noqa: SIM115 - closed below, renamed after
        dir=target.parent, prefix=f".{target.name}.", suffix=".tmp", delete=False
    )
    temp = Path(handle.name)
    try:
        with handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, 0o644)
        os.replace(temp, target)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


def atomic_tree(target: Path, fill: Callable[[Path], None]) -> None:
    """Fill a fresh folder beside `target`, then swap it in place of the old one."""
    fresh = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp"))
    old = target.parent / f".{target.name}.old"
    try:
        fill(fresh)
        os.chmod(fresh, 0o755)
        if old.exists():
            shutil.rmtree(old)
        if target.exists():
            os.replace(target, old)
        os.replace(fresh, target)
    except BaseException:
        shutil.rmtree(fresh, ignore_errors=True)
        if old.exists() and not target.exists():
            os.replace(old, target)
        raise
    shutil.rmtree(old, ignore_errors=True)


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
    }


def render_outputs(book: Book, options: BuildOptions, out: Path, progress: Progress) -> list[str]:
    """Render and write every asked-for format; returns the Dutch lines for the report."""
    names = output_names(book)
    written: list[str] = []
    if "pdf" in options.formats or options.print_pdf:
        from workbook.render.pdf import render_pdf

        editions = ([False] if "pdf" in options.formats else []) + (
            [True] if options.print_pdf else []
        )
        images: list[Diagnostic] = []  # issue 12: images under 300 ppi in the first layout
        for number, edition in enumerate(editions):
            name = names["print" if edition else "pdf"]
            measure = _image_check(book, options, progress, images) if number == 0 else None
            with weasyprint_log(progress, name) as log:
                data = render_pdf(book, print_edition=edition, on_layout=measure)
            for message in log.warnings:
                print(f"waarschuwing (opmaak {name}): {message}", file=sys.stderr)
            atomic_write(out / name, data)
            written.append(name)
            if edition:  # issue 12: the preflight summary of the print edition
                _preflight(data, name, out / names["preflight"], images, options, progress)
    if "epub" in options.formats:
        from workbook.render.epub import build_epub

        progress.step(f"{names['epub']}: opmaken")
        atomic_write(out / names["epub"], build_epub(book))
        written.append(names["epub"])
    if "html" in options.formats:
        from workbook.render.site import write_site

        progress.step("site: pagina's maken")
        pdf_name = names["pdf"] if (out / names["pdf"]).exists() else None
        epub_name = names["epub"] if (out / names["epub"]).exists() else None
        atomic_tree(
            out / "site",
            lambda folder: write_site(book, folder, pdf_name=pdf_name, epub_name=epub_name),
        )
        written.append("site/")
    return written


def _image_check(
    book: Book, options: BuildOptions, progress: Progress, found: list[Diagnostic]
) -> Callable[[Any], None]:
    """The `on_layout` hook that measures every image as laid out (issue 12): reports the
    ones under 300 ppi, and with --strict stops before anything is written."""

    def measure(document: Any) -> None:
        from workbook.report import format_text
        from workbook.resolution import layout_diagnostics, printed_image_widths

        found.extend(layout_diagnostics(book, printed_image_widths(document)))
        if found and (options.strict or not options.quiet):
            progress.done(format_text(found, len({d.file for d in found})))
        if found and options.strict:
            raise ContentError("er is niets geschreven: afbeeldingen zijn te grof voor druk")

    return measure


def _preflight(
    data: bytes,
    name: str,
    target: Path,
    images: list[Diagnostic],
    options: BuildOptions,
    progress: Progress,
) -> None:
    """Issue 12: the print edition's preflight, as Dutch lines and as JSON beside it."""
    from workbook.preflight import inspect_print_pdf, summary_json, summary_lines

    progress.step(f"{name}: controleren voor de drukker")
    check = inspect_print_pdf(data, name, images)
    atomic_write(target, summary_json(check))
    if not options.quiet:
        progress.done("\n".join(summary_lines(check)))


def run_build(options: BuildOptions) -> int:
    from workbook.check import check_project
    from workbook.project import display_path
    from workbook.report import format_text

    progress = Progress(options.quiet)
    progress.step("controleren")
    result = check_project(options.project, include_drafts=options.drafts)
    if "pdf" in options.formats or options.print_pdf:
        # Issue 12: a PDF build measures image sizes in its layout (render_outputs), which
        # replaces the check's estimate from the design.
        result.diagnostics = [d for d in result.diagnostics if d.code != LOW_RESOLUTION]
    failed = result.failed(options.strict)
    shown = result.diagnostics if (failed or not options.quiet) else []
    if shown or failed:
        progress.done(format_text(shown, result.files))
    if failed or result.book is None:
        print("Er is niets geschreven: los eerst de fouten op.", file=sys.stderr)
        return 1
    book = result.book
    out = (options.output or options.project / "dist").resolve()
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BuildError(f"de uitvoermap {out} kan niet worden gemaakt ({exc.strerror})") from exc
    with output_lock(out):
        remove_stale_temporaries(out, output_names(book).values())
        written = render_outputs(book, options, out, progress)
    progress.done(
        f"Klaar: {', '.join(written)} in {display_path(out)} "
        f"({len(book.examples)} praktijkvoorbeelden, "
        f"{time.monotonic() - progress.started:.1f} s)."
    )
    return 0

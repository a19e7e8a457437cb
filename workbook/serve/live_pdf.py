"""The PDF that `workbook serve` keeps up to date beside the site.

After every good build of the site, a background thread lays out the PDF again with the
build cache in `dist/.cache/` (so only what changed is laid out) and its own worker
processes, which stay alive between edits. The server keeps answering while the PDF is
made; an edit with errors keeps the last good PDF. The PDF lives in serve's own folder:
`dist/` keeps what `workbook build` wrote there.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from workbook.base.errors import WorkbookError
from workbook.base.files import atomic_write
from workbook.base.words import format_seconds
from workbook.render.pdf.schedule import Scheduler, available_cores

if TYPE_CHECKING:
    from workbook.model.book import Book


class LivePdf:
    def __init__(self, cache: Path, folder: Path, say: Callable[[str], None]) -> None:
        self.cache = cache
        self.folder = folder
        self.say = say
        self.cond = threading.Condition()
        self.wanted: Book | None = None
        self.stopping = False
        self.path: Path | None = None  # the last good PDF
        self.name: str | None = None
        self.generation = 0  # how many PDFs were made
        self.busy = False
        self.scheduler: Scheduler | None = None
        self.thread = threading.Thread(target=self._run, name="live-pdf", daemon=True)
        self.thread.start()

    def request(self, book: Book) -> None:
        """Make the PDF of `book` (a newer request replaces one that has not started)."""
        with self.cond:
            self.wanted = book
            self.name = f"{book.bestandsnaam}.pdf"
            self.cond.notify_all()

    def snapshot(self) -> tuple[str | None, Path | None]:
        with self.cond:
            return self.name, self.path

    def stop(self) -> None:
        with self.cond:
            self.stopping = True
            self.cond.notify_all()
        if self.scheduler is not None:
            self.scheduler.terminate()
        self.thread.join(timeout=10)

    def _run(self) -> None:
        # The workers run at a lower priority: the site (what the editor looks at first)
        # is rebuilt without waiting for them.
        with Scheduler(available_cores(), nice=10, persistent=True) as scheduler:
            self.scheduler = scheduler
            while True:
                with self.cond:
                    self.cond.wait_for(lambda: self.wanted is not None or self.stopping)
                    if self.stopping:
                        return
                    book, self.wanted = self.wanted, None
                    self.busy = True
                try:
                    assert book is not None
                    self._make(book, scheduler)
                except WorkbookError as exc:
                    if not self.stopping:
                        self.say(f"PDF niet bijgewerkt: {exc.message}")
                except Exception as exc:  # keep serving; say what went wrong
                    if not self.stopping:
                        self.say(f"PDF niet bijgewerkt (interne fout: {type(exc).__name__}: {exc})")
                finally:
                    with self.cond:
                        self.busy = False
                        self.cond.notify_all()

    def _make(self, book: Book, scheduler: Scheduler) -> None:
        from workbook.render.pdf.book import render

        started = time.monotonic()
        rendered = render(
            book, cache_dir=self.cache, scheduler=scheduler, label="serve", jobs=scheduler.jobs
        )
        if self.stopping:
            return
        target = self.folder / f"{book.bestandsnaam}.pdf"
        atomic_write(target, rendered.data, durable=False)
        with self.cond:
            self.path = target
            self.generation += 1
        seconds = format_seconds(time.monotonic() - started)
        self.say(f"PDF bijgewerkt ({rendered.pages} pagina's, {seconds})")

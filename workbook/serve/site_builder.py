"""Serve's site: the project checked and written into a fresh folder after each change,
the search index made while the new pages already go out, and the PDF asked for."""

from __future__ import annotations

import shutil
import subprocess
import threading
import time
from collections.abc import Callable
from pathlib import Path

from workbook.base.errors import Severity, WorkbookError
from workbook.base.words import format_seconds
from workbook.serve.live_pdf import LivePdf
from workbook.serve.state import ServeState

RELOAD_PATH = "/__reload"


class SiteBuilder:
    """Checks the project and writes the site into a fresh folder under `workdir`."""

    def __init__(
        self,
        project: Path,
        drafts: bool,
        state: ServeState,
        workdir: Path,
        say: Callable[..., None],
        live: LivePdf | None = None,
    ) -> None:
        self.project = project
        self.drafts = drafts
        self.state = state
        self.workdir = workdir
        self.live = live
        self.say = say
        self.count = 0
        self.lock = threading.Lock()
        self.stopping = False  # serve stops: finish quietly, start nothing new
        self.indexer: subprocess.Popen[str] | None = None  # Pagefind, while it runs

    def stop(self) -> None:
        """Serve stops: Pagefind stops now, and a build under way ends without a word."""
        with self.lock:
            self.stopping = True
            if self.indexer is not None and self.indexer.poll() is None:
                self.indexer.terminate()

    def _indexing(self, process: subprocess.Popen[str]) -> None:
        with self.lock:
            self.indexer = process
            if self.stopping:
                process.terminate()

    def build(self) -> bool:
        """One build; True when the site was (re)built, False when the check failed."""
        from workbook.check.report import format_text
        from workbook.check.run import check_project
        from workbook.model.manifest import with_changes
        from workbook.render.site.pages import Download, write_site
        from workbook.render.site.search import index_site

        result = check_project(self.project, include_drafts=self.drafts)
        if self.stopping:
            return False
        shown = [d for d in result.diagnostics if d.severity is not Severity.INFO]
        if result.book is None or result.failed():
            text = format_text(shown, result.files)
            self.say(text, err=True)
            self.say(
                "De website toont de laatste versie zonder fouten; herstel de fout en sla "
                "het bestand op.",
                err=True,
            )
            self.state.publish(None, text)
            return False
        if shown:
            self.say(format_text(shown, result.files), err=True)
        # "Nieuw in deze uitgave" as the next build will have it (vorige_uitgave).
        book = with_changes(result.book, result.previous)
        self.count += 1
        target = self.workdir / f"site-{self.count}"
        try:
            # The PDF that serve keeps current is answered for by the server itself.
            pdf = [Download(f"{book.bestandsnaam}.pdf", "pdf")] if self.live else []
            write_site(book, target, downloads=pdf, live_reload=RELOAD_PATH)
        except BaseException:
            shutil.rmtree(target, ignore_errors=True)
            raise
        # The pages go out at once; requests for the search index wait for it (see _get).
        indexed = threading.Event()
        with self.state.cond:
            self.state.indexed[target] = indexed
        old = self.state.publish(target, None)
        if old is not None:
            with self.state.cond:
                self.state.indexed.pop(old, None)
            shutil.rmtree(old, ignore_errors=True)
        try:
            if not self.stopping:
                index_site(target, started=self._indexing)
        finally:
            with self.lock:
                self.indexer = None
            indexed.set()
        if self.live is not None and not self.stopping:
            self.live.request(book)
        return True

    def rebuild(self, first: bool = False) -> None:
        """A build (after a change): never raises, so that serving goes on."""
        started = time.monotonic()
        try:
            if self.build() and not first and not self.stopping:
                self.say(f"Opnieuw gebouwd in {format_seconds(time.monotonic() - started, 2)}.")
        except WorkbookError as exc:
            self._failed(f"fout: {exc.message}")
        except Exception as exc:  # keep serving; show what went wrong
            self._failed(f"interne fout: {type(exc).__name__}: {exc}")

    def _failed(self, message: str) -> None:
        if self.stopping:
            return  # stopped half-way (Pagefind, the site's folder): nothing went wrong
        self.say(message, err=True)
        self.state.publish(None, message)

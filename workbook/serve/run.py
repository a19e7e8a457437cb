"""`workbook serve`: build the site, serve it on 127.0.0.1, rebuild and reload on change.

- The site is built into a temporary folder outside the project; only files under the
  current site folder are served (no `..`, no encoded tricks, no backslashes).
- Watchers (watchfiles) on `examples/`, `templates/` and `workbook.yaml` mark the site
  dirty; a builder thread re-runs the check and rebuilds. Every change of state bumps a
  *generation*; pages carry theirs, and an SSE endpoint tells them to reload when it moves.
- When the check fails, the diagnostics are printed in the terminal and shown on top of
  every page, while the last good pages stay served. Fixing the file recovers.
- The search index (Pagefind) is made after each build, while the pages already reload;
  requests for the index wait until it is written, so that indexing costs no reload time.
- After each good build the PDF is laid out again in the background (`livepdf`, with the
  build cache); the site's download button gets the last good one.
"""

from __future__ import annotations

import errno
import html
import mimetypes
import shutil
import signal
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import FrameType
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from workbook.base.errors import Severity, UsageError, WorkbookError
from workbook.build.run import CACHE_DIR
from workbook.render.site.search import BUNDLE
from workbook.serve.live_pdf import LivePdf

RELOAD_PATH = "/__reload"
HOST = "127.0.0.1"
# How long watchfiles waits for more changes after one (ms), and at most (ms).
STEP_MS = 50
DEBOUNCE_MS = 400
PING_SECONDS = 10.0
INDEX_WAIT_SECONDS = 60.0
TYPES = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".otf": "font/otf",
    ".txt": "text/plain; charset=utf-8",
    ".json": "application/json",
    ".pdf": "application/pdf",
    ".epub": "application/epub+zip",
}


def _say(text: str, *, err: bool = False) -> None:
    stream = sys.stderr if err else sys.stdout
    print(text, file=stream, flush=True)


@dataclass
class State:
    """What the server shows; guarded by `cond`."""

    cond: threading.Condition = field(default_factory=threading.Condition)
    generation: int = 0
    site: Path | None = None
    error: str | None = None
    stopping: bool = False
    # Per site folder: set once its search index is written.
    indexed: dict[Path, threading.Event] = field(default_factory=dict)

    def publish(self, site: Path | None, error: str | None) -> Path | None:
        """Switch to a new site (or keep the old one when `site` is None); return the old
        site folder when it was replaced, for the caller to remove."""
        with self.cond:
            old = None
            if site is not None:
                old, self.site = self.site, site
            self.error = error
            self.generation += 1
            self.cond.notify_all()
        return old

    def wait_for_index(self, site: Path, timeout: float = INDEX_WAIT_SECONDS) -> None:
        """Block until the search index of `site` is written (or `timeout` has passed)."""
        with self.cond:
            event = self.indexed.get(site)
        if event is not None:
            event.wait(timeout)

    def snapshot(self) -> tuple[int, Path | None, str | None]:
        with self.cond:
            return self.generation, self.site, self.error

    def stop(self) -> None:
        with self.cond:
            self.stopping = True
            self.cond.notify_all()


class Builder:
    """Checks the project and writes the site into a fresh folder under `workdir`."""

    def __init__(
        self,
        project: Path,
        drafts: bool,
        state: State,
        workdir: Path,
        live: LivePdf | None = None,
    ) -> None:
        self.project = project
        self.drafts = drafts
        self.state = state
        self.workdir = workdir
        self.live = live
        self.count = 0

    def build(self) -> bool:
        """One build; True when the site was (re)built, False when the check failed."""
        from workbook.check.report import format_text
        from workbook.check.run import check_project
        from workbook.render.site.pages import write_site
        from workbook.render.site.search import index_site

        result = check_project(self.project, include_drafts=self.drafts)
        shown = [d for d in result.diagnostics if d.severity is not Severity.INFO]
        if result.book is None or result.failed():
            text = format_text(shown, result.files)
            _say(text, err=True)
            _say(
                "De website toont de laatste versie zonder fouten; herstel de fout en sla "
                "het bestand op.",
                err=True,
            )
            self.state.publish(None, text)
            return False
        if shown:
            _say(format_text(shown, result.files), err=True)
        self.count += 1
        target = self.workdir / f"site-{self.count}"
        try:
            pdf_name = f"{result.book.bestandsnaam}.pdf" if self.live else None
            write_site(
                result.book, target, pdf_name=pdf_name, epub_name=None, live_reload=RELOAD_PATH
            )
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
            index_site(target)
        finally:
            indexed.set()
        if self.live is not None:
            self.live.request(result.book)
        return True

    def rebuild(self, first: bool = False) -> None:
        """A build (after a change): never raises, so that serving goes on."""
        started = time.monotonic()
        try:
            if self.build() and not first:
                seconds = f"{time.monotonic() - started:.2f}".replace(".", ",")
                _say(f"Opnieuw gebouwd in {seconds} s.")
        except WorkbookError as exc:
            _say(f"fout: {exc.message}", err=True)
            self.state.publish(None, f"fout: {exc.message}")
        except Exception as exc:  # keep serving; show what went wrong
            message = f"interne fout: {type(exc).__name__}: {exc}"
            _say(message, err=True)
            self.state.publish(None, message)


# ---------------------------------------------------------------------------------------------
# HTTP


def _overlay(error: str) -> str:
    return (
        '<section id="werkboek-fouten" role="alert" aria-labelledby="werkboek-fouten-titel" '
        'style="position:relative;z-index:1000;margin:0;padding:1rem 1.25rem;'
        "background:#fff4f4;color:#1b1f24;border-bottom:4px solid #b3261e;"
        'font:16px/1.45 system-ui,sans-serif">'
        '<h2 id="werkboek-fouten-titel" style="margin:0 0 .4rem;font-size:1.2rem;'
        'color:#8c1d18">Het project bevat fouten</h2>'
        '<p style="margin:0 0 .6rem">Deze pagina toont de laatste versie zonder fouten. '
        "Herstel de fout en sla het bestand op; de pagina ververst vanzelf.</p>"
        '<pre style="margin:0;padding:.75rem;overflow:auto;background:#fff;'
        "border:1px solid #e0b4b4;font:14px/1.4 ui-monospace,monospace;"
        f'white-space:pre-wrap">{html.escape(error)}</pre></section>'
    )


def _placeholder(error: str) -> str:
    script = (
        '<script>(function () { var s = new EventSource("' + RELOAD_PATH + '?g=" + '
        'document.documentElement.getAttribute("data-generation"));'
        ' s.addEventListener("reload", function () { s.close(); location.reload(); });'
        " })();</script>"
    )
    return (
        '<!doctype html>\n<html lang="nl">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        "<title>Fouten in het project</title>\n</head>\n<body>\n<main>\n"
        "<h1>De website kan nog niet worden gebouwd</h1>\n</main>\n"
        + script
        + "\n</body>\n</html>\n"
    )


def inject(page: str, generation: int, error: str | None) -> str:
    """Mark the page with its generation and, when the check failed, show the errors."""
    page = page.replace("<html", f'<html data-generation="{generation}"', 1)
    if error is None:
        return page
    start = page.find("<body")
    end = page.find(">", start) if start != -1 else -1
    if end == -1:
        return _overlay(error) + page
    return page[: end + 1] + "\n" + _overlay(error) + page[end + 1 :]


def resolve(root: Path, raw_path: str) -> Path | None:
    """The file under `root` that a request path names, or None when it is not allowed.

    Rejects `..` and `.` segments (also percent-encoded), backslashes, NUL and absolute
    URLs; the result is resolved (symlinks too) and must stay inside `root`.
    """
    if not raw_path.startswith("/"):
        return None
    path = urlsplit(raw_path).path
    if "\\" in path or "%5c" in path.lower():
        return None
    text = unquote(path, errors="strict")
    if "\x00" in text or "\\" in text:
        return None
    parts = text.split("/")
    if any(part in (".", "..") for part in parts):
        return None
    relative = "/".join(part for part in parts if part)
    base = root.resolve()
    candidate = (base / relative).resolve() if relative else base
    if not candidate.is_relative_to(base):
        return None
    if candidate.is_dir():
        candidate = candidate / "index.html"
    return candidate


class Server(ThreadingHTTPServer):
    daemon_threads = True
    state: State
    live: LivePdf | None = None


class Handler(BaseHTTPRequestHandler):
    server: Server
    server_version = "workbook-serve"
    sys_version = ""

    def log_message(self, format: str, *args: Any) -> None:
        pass  # quiet: the terminal is for build messages and diagnostics

    def do_HEAD(self) -> None:
        self._get(head=True)

    def do_GET(self) -> None:
        self._get(head=False)

    def _send(self, status: HTTPStatus, body: bytes, content_type: str, head: bool) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.end_headers()
        if not head:
            with suppress(BrokenPipeError, ConnectionResetError):
                self.wfile.write(body)

    def _problem(self, status: HTTPStatus, text: str, head: bool) -> None:
        body = (
            f'<!doctype html>\n<html lang="nl"><head><meta charset="utf-8"><title>'
            f"{status.value} {html.escape(text)}</title></head><body><main><h1>"
            f'{html.escape(text)}</h1><p><a href="/">Naar de startpagina</a></p>'
            "</main></body></html>\n"
        ).encode()
        self._send(status, body, "text/html; charset=utf-8", head)

    def _get(self, head: bool) -> None:
        state = self.server.state
        if urlsplit(self.path).path == RELOAD_PATH:
            self._events()
            return
        if self._pdf(head):
            return
        generation, site, error = state.snapshot()
        try:
            target = resolve(site, self.path) if site else None
        except UnicodeDecodeError:
            target = None
        if site is None:
            if error is not None and urlsplit(self.path).path in ("/", "/index.html"):
                page = inject(_placeholder(error), generation, error)
                self._send(HTTPStatus.OK, page.encode(), TYPES[".html"], head)
            else:
                self._problem(
                    HTTPStatus.SERVICE_UNAVAILABLE, "De website is nog niet gebouwd", head
                )
            return
        if target is None:
            self._problem(HTTPStatus.BAD_REQUEST, "Ongeldig pad", head)
            return
        if urlsplit(self.path).path.startswith(f"/{BUNDLE}/"):
            state.wait_for_index(site)
        try:
            body = target.read_bytes()
        except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
            self._problem(HTTPStatus.NOT_FOUND, "Pagina niet gevonden", head)
            return
        except OSError:
            self._problem(HTTPStatus.NOT_FOUND, "Pagina niet gevonden", head)
            return
        suffix = target.suffix.lower()
        content_type = (
            TYPES.get(suffix) or mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        )
        if suffix == ".html":
            body = inject(body.decode("utf-8"), generation, error).encode("utf-8")
        self._send(HTTPStatus.OK, body, content_type, head)

    def _pdf(self, head: bool) -> bool:
        """Answer a request for the PDF that serve keeps current; False for other paths."""
        live = self.server.live
        name, path = live.snapshot() if live is not None else (None, None)
        if name is None or urlsplit(self.path).path != f"/{name}":
            return False
        if path is None:
            self._problem(
                HTTPStatus.SERVICE_UNAVAILABLE,
                "De PDF wordt nog gemaakt; probeer het zo opnieuw",
                head,
            )
            return True
        self._send(HTTPStatus.OK, path.read_bytes(), TYPES[".pdf"], head)
        return True

    def _events(self) -> None:
        """Server-sent events: `reload` as soon as the generation differs from the page's."""
        state = self.server.state
        query = parse_qs(urlsplit(self.path).query)
        with state.cond:
            current = state.generation
        try:
            seen = int(query.get("g", [""])[0])
        except ValueError:
            seen = current
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        try:
            self.wfile.write(b"retry: 500\n\n")
            self.wfile.flush()
            while True:
                with state.cond:
                    state.cond.wait_for(
                        lambda: state.generation != seen or state.stopping, timeout=PING_SECONDS
                    )
                    stopping, generation = state.stopping, state.generation
                if stopping:
                    return
                if generation != seen:
                    self.wfile.write(f"event: reload\ndata: {generation}\n\n".encode())
                    self.wfile.flush()
                    return
                self.wfile.write(b": ping\n\n")
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError, TimeoutError):
            return


# ---------------------------------------------------------------------------------------------
# Watching


def _watch(
    paths: list[Path],
    recursive: bool,
    accept: Callable[[Path], bool],
    dirty: threading.Event,
    stop: threading.Event,
    ready: threading.Event,
) -> None:
    import watchfiles

    existing = [p for p in paths if p.exists()]
    if not existing:
        ready.set()
        return
    for changes in watchfiles.watch(
        *existing,
        recursive=recursive,
        stop_event=stop,
        step=STEP_MS,
        debounce=DEBOUNCE_MS,
        rust_timeout=200,
        yield_on_timeout=True,
        raise_interrupt=False,
    ):
        ready.set()
        if any(accept(Path(path)) for _, path in changes):
            dirty.set()


def _builder_loop(builder: Builder, dirty: threading.Event, stop: threading.Event) -> None:
    while not stop.is_set():
        if dirty.wait(timeout=0.25):
            dirty.clear()
            if not stop.is_set():
                builder.rebuild()


@contextmanager
def _sigterm_as_interrupt() -> Iterator[None]:
    def handler(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGTERM, handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def serve(project: Path, *, port: int = 8000, drafts: bool = False, pdf: bool = True) -> None:
    """Build the site, serve it on 127.0.0.1:`port`, rebuild on change; Ctrl-C stops."""
    from workbook.base.project import open_project

    root = open_project(project).root.resolve()
    state = State()
    try:
        server = Server((HOST, port), Handler)
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            raise UsageError(f"poort {port} is al in gebruik; kies een andere met --port") from exc
        raise UsageError(f"poort {port} kan niet worden gebruikt: {exc.strerror}") from exc
    server.state = state
    workdir = Path(tempfile.mkdtemp(prefix="workbook-serve-"))
    stop = threading.Event()
    dirty = threading.Event()
    threads: list[threading.Thread] = []
    live: LivePdf | None = None
    try:
        with _sigterm_as_interrupt():
            live = LivePdf(root / "dist" / CACHE_DIR, workdir, _say) if pdf else None
            server.live = live
            builder = Builder(root, drafts, state, workdir, live)
            builder.rebuild(first=True)
            config = root / "workbook.yaml"
            watched_dirs = {root / "examples", root / "templates"}
            ready = [threading.Event(), threading.Event()]
            threads = [
                threading.Thread(
                    target=_watch,
                    name="watch-content",
                    daemon=True,
                    args=(sorted(watched_dirs), True, lambda p: True, dirty, stop, ready[0]),
                ),
                threading.Thread(
                    target=_watch,
                    name="watch-config",
                    daemon=True,
                    args=(
                        [root],
                        False,
                        lambda p: p == config or p in watched_dirs,
                        dirty,
                        stop,
                        ready[1],
                    ),
                ),
                threading.Thread(
                    target=_builder_loop, name="builder", daemon=True, args=(builder, dirty, stop)
                ),
            ]
            for thread in threads:
                thread.start()
            for event in ready:
                event.wait(timeout=5)
            _say(f"Website op http://{HOST}:{port}/ — stoppen met Ctrl-C")
            server.serve_forever(poll_interval=0.25)
    except KeyboardInterrupt:
        pass
    finally:
        stop.set()
        state.stop()
        if live is not None:
            live.stop()
        server.server_close()
        for thread in threads:
            thread.join(timeout=5)
        shutil.rmtree(workdir, ignore_errors=True)
    _say("Gestopt.")

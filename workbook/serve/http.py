"""Serve's HTTP side: files of the current site only (no `..`, no encoded tricks), every
page marked with its generation and, while the project has errors, showing them; server-sent
events that tell a page to reload; the PDF that serve keeps current."""

from __future__ import annotations

import html
import mimetypes
from contextlib import suppress
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from workbook.render.site.pages import DOWNLOADS
from workbook.render.site.search import BUNDLE
from workbook.serve.live_pdf import LivePdf
from workbook.serve.site_builder import RELOAD_PATH
from workbook.serve.state import ServeState

PING_SECONDS = 10.0
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
    state: ServeState
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
        except OSError:  # missing, a folder, unreadable: all the same to a reader
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
        if name is None or urlsplit(self.path).path != f"/{DOWNLOADS}/{name}":
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

"""`workbook serve`: safe paths, live reload on change, diagnostics in the browser on a bad
edit (and recovery), a clear message for a busy port, a clean stop on Ctrl-C.

The end-to-end test runs `python -m workbook serve` in a subprocess on a copy of the bundled
project and drives a page in headless Chromium; every wait is bounded.
"""

from __future__ import annotations

import contextlib
import http.client
import queue
import re
import shutil
import signal
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from browser import chromium, watched_page
from serve_support import free_port, start_serve

from workbook.base.errors import UsageError
from workbook.serve.http import inject, resolve
from workbook.serve.run import serve

__all__ = ["chromium"]

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = Path("examples/onderwijs/kapot-sterk.yaml")
RELOAD_LIMIT_MS = 2000


# ---------------------------------------------------------------------------------------------
# Units


@pytest.mark.parametrize(
    "raw",
    [
        "/../workbook.yaml",
        "/%2e%2e/workbook.yaml",
        "/%2E%2E/workbook.yaml",
        "/assets/../../workbook.yaml",
        "/..%2fworkbook.yaml",
        "/..%5cworkbook.yaml",
        "/..\\workbook.yaml",
        "/%00index.html",
        "http://example.org/index.html",
        "index.html",
        "/./index.html",
    ],
)
def test_resolve_rejects_escapes(tmp_path: Path, raw: str) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("x")
    (tmp_path / "workbook.yaml").write_text("geheim")
    assert resolve(site, raw) is None


def test_resolve_rejects_symlinks_out(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (tmp_path / "geheim.txt").write_text("geheim")
    (site / "link.txt").symlink_to(tmp_path / "geheim.txt")
    assert resolve(site, "/link.txt") is None


def test_resolve_finds_files_and_index(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "assets").mkdir(parents=True)
    (site / "index.html").write_text("x")
    (site / "assets" / "a b.css").write_text("x")
    assert resolve(site, "/") == (site / "index.html").resolve()
    assert resolve(site, "/assets/a%20b.css?v=1") == (site / "assets" / "a b.css").resolve()
    assert resolve(site, "//index.html") == (site / "index.html").resolve()


def test_inject_marks_generation_and_shows_errors() -> None:
    page = '<!doctype html>\n<html lang="nl">\n<body class="x">\n<main></main></body></html>'
    assert '<html data-generation="7" lang="nl">' in inject(page, 7, None)
    shown = inject(page, 8, "a.yaml:1:1: fout: <kapot> [x]")
    assert shown.index('id="werkboek-fouten"') > shown.index('<body class="x">')
    assert "&lt;kapot&gt;" in shown and "<kapot>" not in shown


def test_busy_port_is_a_usage_error(tmp_path: Path) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        port = sock.getsockname()[1]
        with pytest.raises(UsageError) as caught:
            serve(REPO, port=port)
    assert caught.value.message == (f"poort {port} is al in gebruik; kies een andere met --port")


# ---------------------------------------------------------------------------------------------
# End to end


@dataclass
class Running:
    process: subprocess.Popen[str]
    root: Path
    port: int
    lines: queue.Queue[str]
    output: list[str]

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def wait_for_line(self, text: str, timeout: float) -> str:
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError(f"'{text}' niet gezien; uitvoer:\n{''.join(self.output)}")
            try:
                line = self.lines.get(timeout=left)
            except queue.Empty:
                continue
            if text in line:
                return line

    def raw_status(self, path: str) -> int:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
        try:
            connection.putrequest("GET", path, skip_host=False, skip_accept_encoding=True)
            connection.endheaders()
            return connection.getresponse().status
        finally:
            connection.close()


def _pump(stream: Any, lines: queue.Queue[str], output: list[str]) -> None:
    for line in stream:
        output.append(line)
        lines.put(line)


@contextlib.contextmanager
def _serve(
    root: Path, *options: str, started_within: float, stop_within: float = 10
) -> Iterator[Running]:
    """`workbook serve` on a free port, running until the block ends (then Ctrl-C)."""
    port = free_port()
    process = start_serve(root, port, *options)
    lines: queue.Queue[str] = queue.Queue()
    output: list[str] = []
    threading.Thread(target=_pump, args=(process.stdout, lines, output), daemon=True).start()
    server = Running(process, root, port, lines, output)
    try:
        server.wait_for_line("Website op", timeout=started_within)
        yield server
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGINT)
            try:
                process.wait(timeout=stop_within)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)


@pytest.fixture
def running(tmp_path: Path) -> Iterator[Running]:
    root = tmp_path / "project"
    root.mkdir()
    shutil.copy2(REPO / "workbook.yaml", root / "workbook.yaml")
    shutil.copytree(REPO / "examples", root / "examples")
    # The site alone: the PDF that serve keeps current has its own test below, and laying
    # it out in the background would compete with the 2-second reload measured here.
    with _serve(root, "--no-pdf", started_within=30) as server:
        yield server


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_serve_reloads_shows_errors_recovers_and_stops(chromium: Any, running: Running) -> None:
    line = running.output[0]
    assert line.strip() == f"Website op {running.url} — stoppen met Ctrl-C"

    # Only the site is served.
    assert running.raw_status("/../workbook.yaml") in (400, 404)
    assert running.raw_status("/%2e%2e/workbook.yaml") in (400, 404)
    assert running.raw_status("/examples/onderwijs/kapot-sterk.yaml") == 404
    assert running.raw_status("/index.html") == 200

    example = running.root / EXAMPLE
    with watched_page(chromium) as (page, errors, urls):
        page.goto(running.url + "kapot-sterk.html")
        assert page.text_content("h1", timeout=5000).startswith("Kapot Sterk:")
        page.wait_for_function("() => !!document.documentElement.dataset.generation")

        # 1. A one-example change reloads the page within 2 s and shows the change.
        with page.expect_event("load", timeout=RELOAD_LIMIT_MS):
            started = time.monotonic()
            _edit(example, 'titel: "Kapot Sterk:', 'titel: "Kapot Sterk (bewerkt):')
        elapsed_ms = (time.monotonic() - started) * 1000
        print(f"\nherladen na een wijziging: {elapsed_ms:.0f} ms")
        assert page.text_content("h1").startswith("Kapot Sterk (bewerkt):")
        assert elapsed_ms < RELOAD_LIMIT_MS

        # 2. An invalid edit: diagnostics in the terminal and in the browser; still serving.
        with page.expect_event("load", timeout=5000):
            _edit(example, "status: pilot", "status: bezig")
        overlay = page.text_content("#werkboek-fouten", timeout=5000) or ""
        assert "status moet pilot, lopend, afgerond of structureel zijn" in overlay
        assert "kapot-sterk.yaml:7:9" in overlay
        assert page.text_content("h1").startswith("Kapot Sterk (bewerkt):")  # last good page
        running.wait_for_line("[invalid-value]", timeout=5)
        assert running.raw_status("/index.html") == 200

        # 3. Fixing the file recovers without a restart.
        with page.expect_event("load", timeout=5000):
            _edit(example, "status: bezig", "status: lopend")
        assert page.query_selector("#werkboek-fouten") is None
        assert "Lopend" in (page.text_content(".facts") or "")
        assert errors == []
        assert all(u.startswith(running.url) for u in urls), urls

    # 4. Ctrl-C stops cleanly.
    running.process.send_signal(signal.SIGINT)
    assert running.process.wait(timeout=10) == 130
    running.wait_for_line("Gestopt.", timeout=5)
    assert "Traceback" not in "".join(running.output)


# ---------------------------------------------------------------------------------------------
# The PDF that serve keeps current


def _get(port: int, path: str) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def _pdf_text(data: bytes) -> str:
    from io import BytesIO

    from pypdf import PdfReader

    return " ".join(page.extract_text() or "" for page in PdfReader(BytesIO(data)).pages)


def test_serve_keeps_the_pdf_current_and_keeps_the_last_good_one(make_project) -> None:
    root = make_project()
    pdf_path = "/downloads/testwerkboek-ondermijning.pdf"
    with _serve(root, started_within=60, stop_within=20) as server:
        port = server.port
        first = server.wait_for_line("PDF bijgewerkt", timeout=120)
        assert re.fullmatch(r"PDF bijgewerkt \(\d+ pagina's, \d+,\d s\)\n", first), first
        index = _get(port, "/")[1].decode("utf-8")
        assert f'href="{pdf_path[1:]}"' in index  # the download button, inside the site
        status, before = _get(port, pdf_path)
        assert status == 200 and before.startswith(b"%PDF")
        assert "Weerbaar op school" in _pdf_text(before)

        example = root / "examples/onderwijs/voorbeeld.yaml"
        _edit(example, "titel: Weerbaar op school", "titel: Weerbaar in de wijk")
        server.wait_for_line("PDF bijgewerkt", timeout=120)
        after = _get(port, pdf_path)[1]
        assert "Weerbaar in de wijk" in _pdf_text(after)

        _edit(example, "status: lopend", "status: bezig")  # invalid: the last good PDF stays
        server.wait_for_line("[invalid-value]", timeout=30)
        assert _get(port, pdf_path)[1] == after
        assert not (root / "dist").exists() or not list((root / "dist").glob("*.pdf"))
    assert "Traceback" not in "".join(server.output)

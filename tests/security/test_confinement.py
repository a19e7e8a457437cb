"""Confinement: a build reads only the project and the package's templates, and makes no
network request, whatever a contributor's file or image points at."""

from __future__ import annotations

import http.server
import io
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import pytest
from conftest import TODAY, VALID_EXAMPLE
from pypdf import PdfReader

from workbook.base.design import DEFAULT_TEMPLATES
from workbook.check.run import check_project
from workbook.render.pdf.fetcher import ConfinedFetcher, RefusedURL

IMAGE_FIELD = "afbeeldingen[1].bestand"


def with_image(path: str) -> str:
    return VALID_EXAMPLE + f"afbeeldingen:\n  - bestand: {path}\n    alt: Een afbeelding\n"


def tiny_png() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buffer, "PNG")
    return buffer.getvalue()


def codes_at(root: Path, field: str) -> set[str]:
    result = check_project(root, today=TODAY)
    return {d.code for d in result.diagnostics if d.field == field}


# ------------------------------------------------------------------- image paths (check)


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A secret PNG beside (not inside) the projects of this test."""
    folder = tmp_path / "buiten"
    folder.mkdir()
    (folder / "geheim.png").write_bytes(tiny_png())
    return folder / "geheim.png"


def test_image_symlink_out_of_the_project(make_project, outside: Path) -> None:
    root = make_project(with_image("img/link.png"))
    (root / "examples/onderwijs/img").mkdir(parents=True)
    os.symlink(outside, root / "examples/onderwijs/img/link.png")
    assert codes_at(root, IMAGE_FIELD) == {"file-outside-project"}


def test_image_folder_symlinked_out_of_the_project(make_project, outside: Path) -> None:
    root = make_project(with_image("img/geheim.png"))
    os.symlink(outside.parent, root / "examples/onderwijs/img")
    assert codes_at(root, IMAGE_FIELD) == {"file-outside-project"}


@pytest.mark.parametrize(
    "path",
    [
        "../../../etc/passwd",
        "../../../../../../../../etc/passwd",
        "img/../../../../etc/passwd",
        "/etc/passwd",
        "file:///etc/passwd",
        "https://example.org/a.png",
        "data:image/png;base64,iVBORw0KGgo=",
        "\\\\server\\share\\a.png",
        "C:/Windows/win.ini",
        "~/geheim.png",
    ],
)
def test_image_path_out_of_the_project(make_project, path: str) -> None:
    root = make_project(with_image(f"'{path}'"))
    found = codes_at(root, IMAGE_FIELD)
    # '~' is not expanded: it is a folder name inside the project that does not exist.
    assert found == ({"file-missing"} if path.startswith("~") else {"file-outside-project"})


def test_image_etc_passwd_from_a_file_directly_under_examples(make_project) -> None:
    """From examples/a.yaml, ../../etc/passwd leaves the project (from examples/x/a.yaml
    it is <project>/etc/passwd: inside, and reported as file-missing)."""
    root = make_project(None, files={"examples/a.yaml": with_image("../../etc/passwd")})
    assert codes_at(root, IMAGE_FIELD) == {"file-outside-project"}
    deeper = make_project(with_image("../../etc/passwd"))
    assert codes_at(deeper, IMAGE_FIELD) == {"file-missing"}


def test_image_dotdot_that_stays_inside_is_judged_on_its_content(make_project) -> None:
    root = make_project(with_image("../../workbook.yaml"))  # inside the project, not an image
    assert codes_at(root, IMAGE_FIELD) == {"file-type"}


# ---------------------------------------------------------------------- ConfinedFetcher


@pytest.fixture
def fetcher_root(tmp_path: Path, outside: Path) -> Path:
    root = tmp_path / "project"
    (root / "img").mkdir(parents=True)
    (root / "img" / "ok.png").write_bytes(tiny_png())
    os.symlink(outside, root / "img" / "link.png")
    return root


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:9/a.png",
        "https://example.org/a.png",
        "HTTP://example.org/a.png",
        "ftp://example.org/a.png",
        "data:image/png;base64,iVBORw0KGgo=",
        "data:text/css,body{}",
        "file:///etc/passwd",
        "file://localhost/etc/passwd",
        "file://evil.example/share/a.png",
        "javascript:alert(1)",
        "//example.org/a.png",
    ],
)
def test_fetcher_refuses_everything_but_local_files(fetcher_root: Path, url: str) -> None:
    fetcher = ConfinedFetcher(fetcher_root)
    with pytest.raises(RefusedURL):
        fetcher.fetch(url)
    assert fetcher.refused == [url]


def test_fetcher_refuses_files_outside_its_roots(fetcher_root: Path, outside: Path) -> None:
    fetcher = ConfinedFetcher(fetcher_root)
    for url in (
        outside.as_uri(),
        (fetcher_root / "img" / "link.png").as_uri(),  # a symlink out
        (fetcher_root / "img" / ".." / ".." / "buiten" / "geheim.png").as_uri(),
        fetcher_root.as_uri() + "/img/%2e%2e/%2e%2e/buiten/geheim.png",
        fetcher_root.as_uri() + "/img/does-not-exist.png",
        fetcher_root.as_uri() + "/img",  # a folder
    ):
        with pytest.raises(RefusedURL):
            fetcher.fetch(url)
    assert len(fetcher.refused) == 6


def test_fetcher_serves_the_project_and_the_templates(fetcher_root: Path) -> None:
    fetcher = ConfinedFetcher(fetcher_root)
    response = fetcher.fetch((fetcher_root / "img" / "ok.png").as_uri())
    assert response is not None
    css = next(DEFAULT_TEMPLATES.rglob("*.css"))
    assert fetcher.fetch(css.as_uri()) is not None
    assert fetcher.refused == []


# ------------------------------------------------------------ a whole build, no network


class _Counter(http.server.BaseHTTPRequestHandler):
    hits: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        type(self).hits.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "image/svg+xml")
        self.end_headers()
        self.wfile.write(b"<svg xmlns='http://www.w3.org/2000/svg'/>")

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[tuple[str, list[str]]]:
    """A local HTTP server on 127.0.0.1 that counts every request it gets."""
    _Counter.hits = []
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Counter)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}", _Counter.hits
    finally:
        httpd.shutdown()
        httpd.server_close()


def hostile_svg(url: str, secret: Path) -> str:
    """Every way an SVG can point elsewhere: network, absolute and relative files."""
    return (
        "<svg xmlns='http://www.w3.org/2000/svg' xmlns:xlink='http://www.w3.org/1999/xlink' "
        "width='200' height='100' viewBox='0 0 200 100'>"
        f"<style>@import url('{url}/import.css'); rect {{ fill: url('{url}/p.svg#p'); }}</style>"
        f"<image href='{url}/a.png' width='10' height='10'/>"
        f"<image xlink:href='{url}/b.png' width='10' height='10'/>"
        f"<image href='{secret.as_uri()}' width='10' height='10'/>"
        "<image href='file:///etc/passwd' width='10' height='10'/>"
        "<image href='../../../buiten/geheim.png' width='10' height='10'/>"
        "<image href='link.png' width='10' height='10'/>"
        f"<use href='{url}/u.svg#x'/>"
        f"<rect width='50' height='50' fill='url({url}/f.svg#g)' filter='url({url}/f.svg#h)'/>"
        f"<a href='{url}/link'><text x='5' y='80'>veilig</text></a>"
        "</svg>"
    )


def hostile_project(make_project, url: str, secret: Path) -> Path:
    example = (
        VALID_EXAMPLE.replace(
            "  Vijf lessen in de klas,",
            f"  Zie [de site]({url}/werkwijze) en <{url}/auto>. Vijf lessen in de klas,",
        )
        + f"bronnen:\n  - titel: Rapport\n    url: {url}/rapport.pdf\n"
        + "afbeeldingen:\n  - bestand: img/kaart.svg\n    alt: Een kaart met verwijzingen\n"
    )
    root = make_project(
        example,
        files={
            "examples/onderwijs/img/kaart.svg": hostile_svg(url, secret),
            "workbook.yaml": (
                "titel: Testwerkboek ondermijning\nuitgever: Test\njaar: 2025\n"
                f"voorwoord: 'Meer op [onze site]({url}/voorwoord).'\n"
                "themas:\n  - id: onderwijs\n    titel: Onderwijs\n"
            ),
        },
    )
    os.symlink(secret, root / "examples/onderwijs/img/link.png")
    return root


# Runs `workbook` with every socket call refused and reported, and an audit hook that
# reports network events and any opening of the secret file.
DRIVER = r"""
import os, socket, sys

def refuse(*args, **kwargs):
    sys.stderr.write("NETWORK-ATTEMPT %r\n" % (args[1:2],))
    raise OSError("network disabled by the test")

for name in ("connect", "connect_ex", "sendto", "sendmsg"):
    setattr(socket.socket, name, refuse)
socket.create_connection = refuse
socket.getaddrinfo = refuse

secret = sys.argv[1]

def audit(event, args):
    if event in ("socket.connect", "socket.getaddrinfo", "socket.sendto", "urllib.Request",
                 "http.client.connect"):
        sys.stderr.write("NETWORK-AUDIT %s\n" % event)
    elif event == "open" and args and isinstance(args[0], (str, bytes)):
        path = os.path.realpath(os.fsdecode(args[0]))
        if path == secret or path == "/etc/passwd":
            sys.stderr.write("SECRET-OPENED %s\n" % path)

sys.addaudithook(audit)
from workbook.cli.main import main
main(sys.argv[2:])
"""


# In one process (-j 1): the audit hook and the refused sockets are set up in this process
# only, and worker processes would start without them.
BUILD = ("build", "-q", "--format", "pdf", "-j", "1")


def test_build_makes_no_request_and_reads_nothing_outside(
    make_project, server: tuple[str, list[str]], outside: Path
) -> None:
    url, hits = server
    root = hostile_project(make_project, url, outside)
    env = dict(os.environ, PYTHONIOENCODING="utf-8", NO_COLOR="1")
    done = subprocess.run(
        [sys.executable, "-c", DRIVER, str(outside.resolve()), *BUILD, str(root)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "NETWORK-" not in done.stderr
    assert "SECRET-OPENED" not in done.stderr
    assert hits == []
    pdf = root / "dist" / "testwerkboek-ondermijning.pdf"
    reader = PdfReader(pdf)
    text = " ".join(page.extract_text() or "" for page in reader.pages)
    assert "veilig" in text or len(reader.pages) > 3  # the SVG itself was drawn
    # Links are printed, never fetched: the Markdown link is in the text and the annotations.
    assert hits == []


def test_site_and_epub_make_no_request(
    make_project, server: tuple[str, list[str]], outside: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The other media only copy the SVG; they neither fetch nor inline what it points at."""
    url, hits = server
    root = hostile_project(make_project, url, outside)
    attempts: list[object] = []

    def refuse(self: object, address: object) -> None:
        attempts.append(address)
        raise OSError("network disabled by the test")

    import socket

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    result = check_project(root, today=TODAY)
    assert result.book is not None
    from workbook.render.epub.package import build_epub
    from workbook.render.site.pages import write_site

    epub = build_epub(result.book)
    write_site(result.book, root / "site")
    assert attempts == [] and hits == []
    assert outside.read_bytes() not in epub
    for path in (root / "site").rglob("*"):
        if path.is_file():
            assert path.read_bytes() != outside.read_bytes(), path

"""`dist/site/` is the publication: copied on its own to any static web host, every link and
every asset resolves, the reader's downloads included; nothing else of dist/ is in it."""

from __future__ import annotations

import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from html.parser import HTMLParser
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urljoin, urlsplit
from urllib.request import urlopen

import pytest
from conftest import VALID_EXAMPLE

from workbook.build.run import BuildOptions, run_build

SECOND = VALID_EXAMPLE.replace("Weerbaar op school", "Weerbaar in de wijk").replace(
    "thema: onderwijs", "thema: frontlijn"
)


class Urls(HTMLParser):
    """Every href and src of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("href", "src") and value:
                self.found.append(value)


class Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def static_host(folder: Path) -> Iterator[str]:
    """A plain static web server (as a host serves an uploaded folder) on 127.0.0.1."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(Quiet, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The project built with everything (screen PDF, print PDF, EPUB, site); returns dist/
    and a copy of only dist/site/ somewhere else."""
    from conftest import write_project

    root = write_project(
        tmp_path_factory.mktemp("project"), files={"examples/frontlijn/tweede.yaml": SECOND}
    )
    assert run_build(BuildOptions(root, print_pdf=True, quiet=True)) == 0
    upload = tmp_path_factory.mktemp("webhost") / "public"
    shutil.copytree(root / "dist" / "site", upload)
    return root / "dist", upload


def test_the_site_holds_the_downloads_and_nothing_else_of_dist(
    published: tuple[Path, Path],
) -> None:
    dist, upload = published
    names = {p.name for p in (upload / "downloads").iterdir()}
    assert names == {
        "testwerkboek-ondermijning.pdf",
        "testwerkboek-ondermijning.epub",
        "voorbeelden",
    }
    for name in names - {"voorbeelden"}:
        assert (upload / "downloads" / name).read_bytes() == (dist / name).read_bytes()
    # Every example's own PDF, as built beside the book.
    own = sorted(p.name for p in (upload / "downloads" / "voorbeelden").iterdir())
    assert (
        own
        == sorted(p.name for p in (dist / "voorbeelden").iterdir())
        == [
            "tweede.pdf",
            "voorbeeld.pdf",
        ]
    )
    for name in own:
        copy = (upload / "downloads" / "voorbeelden" / name).read_bytes()
        assert copy == (dist / "voorbeelden" / name).read_bytes()
    everything = [p.relative_to(upload).as_posix() for p in upload.rglob("*")]
    assert not [p for p in everything if p.startswith(".") or "/." in p]  # no cache, no lock
    assert not [p for p in everything if p.endswith("-druk.pdf") or "preflight" in p]
    assert (dist / "testwerkboek-ondermijning-druk.pdf").is_file()  # it was built, elsewhere


def test_every_link_and_asset_resolves_on_a_plain_static_host(
    published: tuple[Path, Path],
) -> None:
    _, upload = published
    pages = sorted(upload.rglob("*.html"))
    assert len(pages) >= 4  # home, two examples, the form
    checked: set[str] = set()
    with static_host(upload) as base:
        for page in pages:
            url = urljoin(base, page.relative_to(upload).as_posix())
            parser = Urls()
            with urlopen(url) as response:
                parser.feed(response.read().decode("utf-8"))
            for link in parser.found:
                assert "../" not in link, (page.name, link)
                target = urljoin(url, link)
                parts = urlsplit(target)
                if parts.scheme in ("mailto", "tel") or not target.startswith(base):
                    assert parts.scheme in ("mailto", "https", "http", "tel"), (page.name, link)
                    assert not target.startswith("http://127.0.0.1"), (page.name, link)
                    continue
                plain = target.split("#", 1)[0]
                if plain in checked:
                    continue
                with urlopen(plain) as response:
                    assert response.status == 200, (page.name, link)
                checked.add(plain)
    assert any(u.endswith("downloads/testwerkboek-ondermijning.pdf") for u in checked)
    assert any(u.endswith("downloads/testwerkboek-ondermijning.epub") for u in checked)
    assert any(u.endswith("downloads/voorbeelden/tweede.pdf") for u in checked)

"""What rendering may read: files inside the project and the default design, nothing else.

Every URL WeasyPrint wants (stylesheets, fonts, images, and whatever an SVG image refers
to) passes through `ConfinedFetcher`; anything outside the allowed folders, and every
network scheme, is refused without a request. An optional `transform` may rewrite what was
read (the print edition converts images to CMYK); it only ever sees allowed files.
"""

from __future__ import annotations

import mimetypes
from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

from weasyprint.urls import URLFetcher, URLFetcherResponse

from workbook.render.html import DEFAULT_TEMPLATES


class RefusedURL(ValueError):
    """A URL the build may not read."""


# (bytes read, media type) → (bytes to use, their media type)
Transform = Callable[[bytes, str], tuple[bytes, str]]

# Project files are addressed under this fixed URL, not their absolute path: WeasyPrint names
# a raster image in the PDF after its URL, so a path would make the PDF differ per folder.
PROJECT_URL = "file:///werkboek-project/"


def project_url(root: Path, path: Path) -> str:
    """The URL of `path` (inside the project `root`) for the renderer."""
    try:
        relative = path.resolve().relative_to(root.resolve())
    except ValueError:
        return path.as_uri()
    return PROJECT_URL + quote(relative.as_posix())


class ConfinedFetcher(URLFetcher):  # type: ignore[misc]
    """Reads files under `roots` (the first is the project, also reachable as PROJECT_URL)
    and the default templates; refuses everything else."""

    def __init__(self, *roots: Path, transform: Transform | None = None) -> None:
        super().__init__(timeout=1, allowed_protocols={"file"}, allow_redirects=False)
        self.roots = tuple(r.resolve() for r in (*roots, DEFAULT_TEMPLATES))
        self.project = self.roots[0] if roots else None
        self.refused: list[str] = []
        self.transform = transform

    def allowed_path(self, url: str) -> Path:
        parts = urlsplit(url)
        if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
            raise RefusedURL(f"geweigerd: {url[:80]}")
        local = unquote(parts.path)
        alias = urlsplit(PROJECT_URL).path
        if self.project is not None and local.startswith(alias):
            local = str(self.project / local[len(alias) :])
        path = Path(local).resolve()
        if not any(path.is_relative_to(root) for root in self.roots) or not path.is_file():
            raise RefusedURL(f"geweigerd: {url[:80]}")
        return path

    def fetch(self, url: str, headers: object = None) -> URLFetcherResponse:
        try:
            path = self.allowed_path(url)
        except RefusedURL:
            self.refused.append(url)
            raise
        media_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        data = path.read_bytes()
        if self.transform is not None:
            converted, media_type = self.transform(data, media_type)
            if converted is not data:
                return _Transformed(path.as_uri(), converted, {"Content-Type": media_type})
        return URLFetcherResponse(path.as_uri(), data, {"Content-Type": media_type})


class _Transformed(URLFetcherResponse):  # type: ignore[misc]
    """A response whose bytes are not the file's: WeasyPrint reads raster images again from
    `path` when it has one, which would bring back the original."""

    @property
    def path(self) -> None:
        return None

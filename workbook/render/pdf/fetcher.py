"""What rendering may read: files inside the project and the default design, nothing else.

Every URL WeasyPrint wants (stylesheets, fonts, images, and whatever an SVG image refers
to) passes through `ConfinedFetcher`; anything outside the allowed folders, and every
network scheme, is refused without a request. An optional `transform` may rewrite what was
read (the print edition converts images to CMYK); it only ever sees allowed files.

The HTML names files by *virtual* URLs that do not depend on where the project is:
`file:///werkboek/project/<path>` for a project file and `file:///werkboek/ontwerp/<name>`
for a file of the design (the project's own `templates/<name>` when it has one, else the
default). WeasyPrint names images after their URL, so the same project gives the same
PDF bytes in any folder; relative URLs inside CSS and SVG resolve as usual.
"""

from __future__ import annotations

import mimetypes
from collections.abc import Callable
from pathlib import Path
from urllib.parse import unquote, urlsplit

from weasyprint.urls import URLFetcher, URLFetcherResponse

from workbook.base.design import DEFAULT_TEMPLATES, design_file
from workbook.render.pdf.urls import DESIGN_URL, PROJECT_URL


class RefusedURL(ValueError):
    """A URL the build may not read."""


# (bytes read, media type) -> (bytes to use, their media type)
Transform = Callable[[bytes, str], tuple[bytes, str]]


class ConfinedFetcher(URLFetcher):  # type: ignore[misc]
    def __init__(self, root: Path, *extra_roots: Path, transform: Transform | None = None) -> None:
        super().__init__(timeout=1, allowed_protocols={"file"}, allow_redirects=False)
        self.project = root.resolve()
        self.roots = tuple(r.resolve() for r in (root, *extra_roots, DEFAULT_TEMPLATES))
        self.refused: list[str] = []
        self.transform = transform

    def _virtual(self, path: str) -> Path | None:
        """The real file behind a virtual path, or None when `path` is not virtual."""
        for url, base in ((PROJECT_URL, self.project), (DESIGN_URL, None)):
            prefix = url[len("file://") :]
            if path.startswith(prefix):
                rest = path[len(prefix) :]
                if base is None:
                    return design_file(self.project, rest)
                return base / rest
        return None

    def allowed_path(self, url: str) -> Path:
        parts = urlsplit(url)
        if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
            raise RefusedURL(f"geweigerd: {url[:80]}")
        plain = unquote(parts.path)
        path = (self._virtual(plain) or Path(plain)).resolve()
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
            data, media_type = self.transform(data, media_type)
        # The response keeps the URL as asked: relative URLs inside stay virtual.
        return _Read(url, data, {"Content-Type": media_type})


class _Read(URLFetcherResponse):  # type: ignore[misc]
    """A response that is only its bytes: WeasyPrint would read a raster image again from a
    response's `path` (a virtual one here, or the original before a transform)."""

    @property
    def path(self) -> None:
        return None

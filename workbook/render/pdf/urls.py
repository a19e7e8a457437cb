"""The virtual URLs by which the HTML of the book names files (see `fetcher`).

They do not depend on where the project is, so the same project gives the same PDF bytes
in any folder. Kept apart from the fetcher, which needs WeasyPrint, so that the process
that plans and merges the book never imports it.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote, unquote

PROJECT_URL = "file:///werkboek/project/"
DESIGN_URL = "file:///werkboek/ontwerp/"


def project_url(root: Path, path: Path) -> str:
    """The virtual URL of a file inside the project."""
    return PROJECT_URL + quote(path.resolve().relative_to(root.resolve()).as_posix())


def design_url(name: str) -> str:
    """The virtual URL of a file of the design (the project's own or the default)."""
    return DESIGN_URL + name


def project_path(url: str) -> str | None:
    """The path inside the project (with /) that a virtual project URL names, else None."""
    return unquote(url[len(PROJECT_URL) :]) if url.startswith(PROJECT_URL) else None

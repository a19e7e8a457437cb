"""Links in Markdown files, and which of them lead nowhere for someone with only the files.

    from markdown_links import broken_links   # tests/ is on sys.path (rootdir conftest)

A web link (`https:`, `http:`, `mailto:`) is fine; every other link must be a relative path
to a file or folder inside `root` that exists (and, when `present` is given, is one of
those paths). A link into `../shared/` or to `/home/…` is what this catches.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote, urlsplit

from markdown_it import MarkdownIt
from markdown_it.token import Token

WEB_SCHEMES = {"http", "https", "mailto"}


def _walk(tokens: list[Token]) -> Iterator[Token]:
    for token in tokens:
        yield token
        if token.children:
            yield from _walk(token.children)


def links(markdown: str) -> list[str]:
    """Every link and image target, as written (reference links resolved)."""
    parser = MarkdownIt("commonmark").enable("table")
    parser.validateLink = lambda url: True  # a renderer may drop file: links; we report them
    found = []
    for token in _walk(parser.parse(markdown)):
        if token.type == "link_open":
            found.append(str(token.attrGet("href") or ""))
        elif token.type == "image":
            found.append(str(token.attrGet("src") or ""))
    return found


def broken_links(file: Path, root: Path, present: set[Path] | None = None) -> list[str]:
    """Why each link in `file` fails: outside `root`, missing, or not a web link."""
    root = root.resolve()
    problems = []
    for target in links(file.read_text(encoding="utf-8")):
        parts = urlsplit(target)
        if parts.scheme:
            if parts.scheme.lower() not in WEB_SCHEMES:
                problems.append(f"{target}: alleen webadressen of paden in de repository")
            continue
        if not parts.path:  # '#kop' within the same file
            continue
        path = unquote(parts.path)
        if path.startswith("/") or re.match(r"^[A-Za-z]:[\\/]", path):
            problems.append(f"{target}: een absoluut pad bestaat alleen op één computer")
            continue
        resolved = (file.parent / path).resolve()
        if not resolved.is_relative_to(root):
            problems.append(f"{target}: wijst buiten de repository")
        elif not resolved.exists():
            problems.append(f"{target}: bestaat niet")
        elif present is not None and not any(
            p == resolved or p.is_relative_to(resolved) for p in present
        ):
            problems.append(f"{target}: staat niet in git")
    return problems

"""The screen PDF's page numbers in the EPUB (issue 23): a page-break marker where each page
of the PDF begins, and the page list of the navigation document.

The places come from the PDF's layout as plain data (`PageList`, see
`workbook.render.page_breaks`). Each is looked up in the document of its part: the section
with the same class, the block with the same index, checked by its first characters; where
the structures differ (the facts panel, the registers), the block is found by those
characters. The markers stay in reading order: a place that cannot be found, or that lies
before the previous marker, gets its marker just after the previous one. Pages whose
content the EPUB shows elsewhere still get one: the contents pages at the start of the
navigation document, the colophon's in the colophon.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import lxml.etree as etree

from workbook.render.figures.section import EPUB_FILE as OVERVIEW_FILE
from workbook.render.page_breaks import (
    BLOCKS,
    PageStart,
    blocks,
    first_image_alt,
    own_text,
    solid,
    tag,
    text_nodes,
)

XHTML_NS = "http://www.w3.org/1999/xhtml"
OPS_NS = "http://www.idpf.org/2007/ops"
FILES = {
    "omslag": "cover.xhtml",
    "colofon": "colofon.xhtml",
    "inhoud": "nav.xhtml",
    "voorwoord": "voorwoord.xhtml",
    "in-beeld": OVERVIEW_FILE,
}
# Elements in which a marker may stand before a block (flow content).
FLOW = frozenset(
    {"body", "section", "article", "div", "header", "footer", "nav", "aside", "main"}
    | {"blockquote", "li", "dd", "td", "th", "figure"}
)


def marker_ids(numbers: Sequence[int], contents: Iterable[bytes]) -> dict[int, str]:
    """The id of each page's marker: `page-<number>`, unless the documents `contents`
    already have that id (an example may be called `page-12`)."""
    taken = {m.decode() for content in contents for m in re.findall(rb' id="([^"]+)"', content)}
    ids: dict[int, str] = {}
    for number in numbers:
        name, suffix = f"page-{number}", 1
        while name in taken:
            suffix += 1
            name = f"page-{number}-{suffix}"
        taken.add(name)
        ids[number] = name
    return ids


def file_of(anchor: str) -> str:
    """The EPUB document of a part of the book."""
    return FILES.get(anchor, f"{anchor}.xhtml")


def place_pages(
    pages: Sequence[tuple[int, PageStart]], files: Sequence[str]
) -> list[tuple[int, str]]:
    """Each page's document: its part's, else (a part the EPUB does not have) the previous
    page's, else the first after the cover."""
    known = set(files)
    placed: list[tuple[int, str]] = []
    current = files[1] if len(files) > 1 else files[0]
    for number, start in pages:
        wanted = file_of(start.anchor)
        if wanted in known and wanted != "cover.xhtml":
            current = wanted
        placed.append((number, current))
    return placed


@dataclass(frozen=True)
class _Spot:
    """Where a marker goes: before `element` (offset -1 or 0), or inside its text after
    `offset` counted characters. `element` None: right after the previous marker."""

    element: Any
    offset: int


def _fits(block: Any, offset: int, key: str) -> bool:
    """Does the page's text `key` begin at `offset` in `block` (for an image: its alt)?"""
    have = solid(first_image_alt(block)) if offset < 0 else solid(own_text(block))[offset:]
    shorter = min(len(have), len(key))
    return shorter >= min(3, len(key)) > 0 and have[:shorter] == key[:shorter]


class _Document:
    """One XHTML document of the EPUB, with the markers that go into it."""

    def __init__(self, content: bytes) -> None:
        parser = etree.XMLParser(resolve_entities=False, no_network=True)
        self.root = etree.fromstring(content, parser)
        self.body = self.root.find(f"{{{XHTML_NS}}}body")
        self.order = {element: index for index, element in enumerate(self.root.iter())}
        self.floor: tuple[int, int] = (-1, -2)  # the previous marker's place

    def _key(self, spot: _Spot) -> tuple[int, int]:
        return self.order[spot.element], spot.offset

    def spot(self, start: PageStart) -> _Spot:
        """Where the marker of a page that begins at `start` goes."""
        if start.anchor == "inhoud" or self.body is None:
            return self._after(_Spot(self.body, -1))
        scope = self.body
        if start.section:
            scope = next(
                (
                    s
                    for s in self.body.iter(f"{{{XHTML_NS}}}section")
                    if " ".join((s.get("class") or "").split()) == start.section
                ),
                self.body,
            )
        found = blocks(scope)
        if 0 <= start.block < len(found):
            spot = _Spot(found[start.block], start.offset)
            if (not start.text or _fits(spot.element, start.offset, start.text)) and (
                self._key(spot) > self.floor
            ):
                return self._after(spot)
        if start.text:
            for where in (found, blocks(self.body)) if scope is not self.body else (found,):
                for block in where:
                    for offset in (start.offset, 0) if start.offset > 0 else (start.offset,):
                        spot = _Spot(block, offset)
                        if _fits(block, offset, start.text) and self._key(spot) > self.floor:
                            return self._after(spot)
        first = _Spot(found[0], -1) if found else _Spot(scope, -1)
        return self._after(first if self._key(first) > self.floor else _Spot(None, 0))

    def _after(self, spot: _Spot) -> _Spot:
        if spot.element is not None:
            if self._key(spot) <= self.floor:
                return _Spot(None, 0)
            self.floor = self._key(spot)
        return spot


def _marker(number: int, name: str) -> Any:
    span = etree.Element(f"{{{XHTML_NS}}}span", nsmap={None: XHTML_NS, "epub": OPS_NS})
    span.set(f"{{{OPS_NS}}}type", "pagebreak")
    span.set("role", "doc-pagebreak")
    span.set("id", name)
    span.set("aria-label", str(number))
    span.set("title", str(number))
    return span


def _insert_after(previous: Any, span: Any) -> None:
    span.tail, previous.tail = previous.tail, None
    previous.addnext(span)


def _holds_flow(element: Any) -> bool:
    """May a marker stand in `element` beside a block (not in a list, table, or a group
    of a definition list)?"""
    if element is None or tag(element) not in FLOW:
        return False
    return not (tag(element) == "div" and tag(element.getparent()) == "dl")


def _insert(spot: _Spot, span: Any) -> None:
    element = spot.element
    parent = element.getparent()
    if spot.offset <= 0:
        if tag(element) in BLOCKS and _holds_flow(parent):
            element.addprevious(span)
            span.tail = None
            return
        span.tail, element.text = element.text, None
        element.insert(0, span)
        return
    seen = 0
    for node, kind, text in text_nodes(element):
        counted = len(solid(text))
        if seen + counted <= spot.offset:
            seen += counted
            continue
        # The first counted character after the offset starts the page.
        wanted = spot.offset - seen
        index = next(i for i, char in enumerate(text) if len(solid(text[: i + 1])) == wanted + 1)
        if kind == "text":
            node.text, span.tail = text[:index], text[index:]
            node.insert(0, span)
        else:
            node.tail, span.tail = text[:index], text[index:]
            node.addnext(span)
        return
    element.append(span)  # the page starts after the block's last word


def add_markers(
    contents: Mapping[str, bytes],
    pages: Sequence[tuple[int, PageStart]],
    placed: Sequence[tuple[int, str]],
    ids: Mapping[int, str],
) -> dict[str, bytes]:
    """The documents (file name -> XHTML) that get markers, with their markers in (`ids`:
    each page's marker id)."""
    documents: dict[str, _Document] = {}
    spots: list[tuple[str, int, _Spot]] = []
    for (number, start), (_, file_name) in zip(pages, placed, strict=True):
        if file_name not in documents:
            documents[file_name] = _Document(contents[file_name])
        spots.append((file_name, number, documents[file_name].spot(start)))
    previous: dict[str, Any] = {}
    for file_name, number, spot in spots:
        span = _marker(number, ids[number])
        if spot.element is None and file_name in previous:
            _insert_after(previous[file_name], span)
        else:
            body = documents[file_name].body
            _insert(spot if spot.element is not None else _Spot(body, -1), span)
        previous[file_name] = span
    return {name: _serialise(document.root) for name, document in documents.items()}


def _serialise(root: Any) -> bytes:
    body: str = etree.tostring(root, encoding="unicode")
    return ('<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE html>\n' + body + "\n").encode()

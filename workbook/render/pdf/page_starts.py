"""Where each page of a laid-out part begins (`PageStart`, see `workbook.render.page_breaks`),
and the book's list of them: printed page number -> place, for the EPUB's page markers.

A page begins at its first text or image in reading order: running heads and folios,
list markers and other generated content do not count, nor does a table's header row
repeated at the top of the page.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from workbook.model.whats_new import ANCHOR as WHATS_NEW
from workbook.render.page_breaks import (
    BLOCKS,
    KEY_LENGTH,
    PageStart,
    blocks,
    first_image_alt,
    index_after,
    own_text,
    solid,
    tag,
    word_start,
)

FRONT_SECTIONS = {"cover": "omslag", "colophon": "colofon"}
PART_ANCHORS = ("vb-", "thema-", "register-")
NAMED_ANCHORS = ("voorwoord", "in-beeld", WHATS_NEW, "inhoud")


def _is_anchor(element: Any) -> bool:
    name = element.get("id") or ""
    return name.startswith(PART_ANCHORS) or name in NAMED_ANCHORS


def _content(page_box: Any) -> Iterator[tuple[Any, str | None]]:
    """The boxes of a page with text or an image, in reading order: (box, its text) with
    None for an image."""
    from weasyprint.formatting_structure import boxes

    stack = [page_box]
    while stack:
        box = stack.pop()
        if isinstance(box, boxes.MarginBox) or "::" in (box.element_tag or ""):
            continue
        if isinstance(box, boxes.ReplacedBox):
            yield box, None
            continue
        if isinstance(box, boxes.TextBox):
            if box.element is not None and tag(box.element) == "img":
                yield box, None  # an image not found, shown as its alternate text
            elif solid(box.text):
                yield box, box.text
            continue
        stack.extend(reversed(getattr(box, "children", None) or ()))


def _aligned(laid_out: str, source: str) -> int:
    """How many non-space characters of `source` the laid-out text covers: the layout adds
    a hyphen where it breaks a word, and may change the case."""
    wanted = solid(source).lower()
    done = 0
    for char in solid(laid_out).lower():
        if done < len(wanted) and char == wanted[done]:
            done += 1
    return done


class _Tree:
    """The part's HTML, to go from an element to its block, anchor and section."""

    def __init__(self, root: Any) -> None:
        self.parents = {child: parent for parent in root.iter() for child in parent}

    def ancestors(self, element: Any) -> Iterator[Any]:
        while element is not None:
            yield element
            element = self.parents.get(element)

    def block_of(self, element: Any) -> Any:
        return next((e for e in self.ancestors(element) if tag(e) in BLOCKS), None)

    def locate(self, element: Any, block: Any, text: str | None, done: str) -> PageStart:
        """The place of a page that begins with `element` (in `block`), whose text is
        `text` (None: an image); `done`: the block's text on the pages before."""
        anchor, scope, section = "", None, ""
        for ancestor in self.ancestors(element):
            if _is_anchor(ancestor):
                anchor, scope = ancestor.get("id"), scope or ancestor
                break
            classes = (ancestor.get("class") or "").split()
            if tag(ancestor) == "section" and classes:
                if classes[0] in FRONT_SECTIONS:
                    anchor, scope = FRONT_SECTIONS[classes[0]], scope or ancestor
                    break
                if scope is None:
                    scope, section = ancestor, " ".join(classes)
        if scope is None:
            return PageStart(anchor, "", -1, 0, "")
        found = blocks(scope)
        index = found.index(block) if block in found else -1
        if text is None:
            alt = first_image_alt(element) if block is None else first_image_alt(block)
            return PageStart(anchor, section, index, -1, solid(alt)[:KEY_LENGTH])
        if block is None:
            return PageStart(anchor, section, -1, 0, solid(text)[:KEY_LENGTH])
        own = own_text(block)
        offset = word_start(own, _aligned(done, own))
        rest = solid(own[index_after(own, offset) :])
        return PageStart(anchor, section, index, offset, rest[:KEY_LENGTH])


def _repeated(block: Any, done: str) -> bool:
    """Was `block` laid out in full before (a table's header row, repeated on the page)?"""
    return bool(done) and _aligned(done, own_text(block)) >= len(solid(own_text(block)))


def page_starts(document: Any, root: Any) -> list[PageStart | None]:
    """Where each page of a rendered WeasyPrint `document` begins; None for a page with
    nothing on it. `root`: the root element of the HTML it was rendered from."""
    tree = _Tree(root)
    seen: dict[Any, list[str]] = {}  # block -> its text laid out so far
    starts: list[PageStart | None] = []
    for page in document.pages:
        start: PageStart | None = None
        for box, text in _content(page._page_box):
            block = tree.block_of(box.element)
            if start is None:
                done = "".join(seen.get(block, [])) if block is not None else ""
                if block is None or not _repeated(block, done):
                    start = tree.locate(box.element, block, text, done)
            if text is not None and block is not None:
                seen.setdefault(block, []).append(text)
        starts.append(start)
    return starts


def book_pages(page_map: Any, parts: Mapping[str, Any]) -> tuple[tuple[int, PageStart], ...]:
    """Printed page number -> where the page begins, for every page of the book but the
    cover (`page_map`: a `PageMap`, `parts`: each part's `PartLayout`). A page with
    nothing on it (left blank before a part that starts on a side) begins where the next
    page does."""
    numbered: list[tuple[int, PageStart | None]] = []
    for placement in page_map.placements:
        first = placement.start - placement.blanks_before
        numbered += [(number, None) for number in range(first, placement.start)]
        starts = parts[placement.part.name].starts
        for index in range(placement.pages):
            numbered.append(
                (placement.start + index, starts[index] if index < len(starts) else None)
            )
    known = [start for _, start in numbered if start is not None]
    if not known:
        return ()
    pages: list[tuple[int, PageStart]] = []
    following = known[-1]
    for number, start in reversed(numbered):
        following = start or following
        pages.append((number, following))
    return tuple((number, start) for number, start in reversed(pages) if number > 1)

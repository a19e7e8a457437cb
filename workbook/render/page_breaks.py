"""Where the pages of the screen PDF begin, as places that the EPUB has too (issue 23).

The PDF's layout records, for each page, where its content starts (`PageStart`); the build
hands the book's list (`PageList`: printed page number -> start) to the EPUB as plain data,
and the EPUB puts a page-break marker at each place. A place is named the way both outputs
can find it, since they are rendered from different templates:

- `anchor`: the book's part the page starts in: an example (`vb-<id>`), a theme opener
  (`thema-<id>`), `voorwoord`, `in-beeld`, a register (`register-<key>`), the contents
  (`inhoud`), the colophon (`colofon`) or the cover (`omslag`);
- `section`: the class of the section inside it (`s-werkwijze`, `summary`, ...), or "";
- `block`: the index of the page's first block (a paragraph, list item, table cell,
  heading, figure ...) among the blocks of that section (or of the anchor), in document
  order; `offset`: the characters of that block's own text before the page's first word,
  not counting white space (so that the two outputs' different line breaks and
  indentation do not matter); -1 when the page starts with an image;
- `text`: the page's first characters (without white space; for an image, its alternate
  text): where the two outputs' structures differ (the facts panel, the registers), the
  EPUB looks for the block by this text.

The helpers work on ElementTree elements (WeasyPrint's) and lxml elements (the EPUB's).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, NamedTuple

BLOCKS = frozenset(
    {"p", "li", "dt", "dd", "td", "th", "caption", "figcaption", "figure", "blockquote", "pre"}
    | {f"h{level}" for level in range(1, 7)}
)
KEY_LENGTH = 24  # characters of `PageStart.text`
SOFT_HYPHEN = "\u00ad"


class PageStart(NamedTuple):
    anchor: str
    section: str
    block: int
    offset: int
    text: str


class PageList(NamedTuple):
    """The page numbers of a PDF edition, for the EPUB: every page but the cover."""

    source: str  # the edition the numbers belong to (the EPUB's `pageBreakSource`)
    pages: tuple[tuple[int, PageStart], ...]  # (printed page number, where it begins)


def tag(element: Any) -> str:
    """The element's local name ("" for comments and processing instructions)."""
    name = element.tag
    if not isinstance(name, str):
        return ""
    return name.rsplit("}", 1)[-1]


def blocks(scope: Any) -> list[Any]:
    """The blocks in `scope` (itself included), in document order."""
    return [element for element in scope.iter() if tag(element) in BLOCKS]


def text_nodes(block: Any) -> Iterator[tuple[Any, str, str]]:
    """The text of `block` that is its own (not of a block inside it), in reading order:
    (element, "text" or "tail", the text)."""

    def inline(element: Any) -> Iterator[tuple[Any, str, str]]:
        if element.text:
            yield element, "text", element.text
        for child in element:
            if tag(child) and tag(child) not in BLOCKS:
                yield from inline(child)
            if child.tail:
                yield child, "tail", child.tail

    yield from inline(block)


def own_text(block: Any) -> str:
    return "".join(text for _, _, text in text_nodes(block))


def solid(text: str) -> str:
    """`text` without white space and soft hyphens: the characters a place counts."""
    return "".join(text.split()).replace(SOFT_HYPHEN, "")


def _counts(char: str) -> bool:
    return not char.isspace() and char != SOFT_HYPHEN


def index_after(text: str, count: int) -> int:
    """The index in `text` just after its first `count` characters that count (see
    `solid`; 0 for none)."""
    if count <= 0:
        return 0
    seen = 0
    for index, char in enumerate(text):
        if _counts(char):
            seen += 1
            if seen == count:
                return index + 1
    return len(text)


def word_start(text: str, count: int) -> int:
    """Where the page's first whole word begins in `text`, when `count` non-space
    characters of it came before the page: a word split over the pages (hyphenated)
    belongs to the page it starts on. Returns the non-space characters before that word."""
    index = index_after(text, count)
    if 0 < index < len(text) and not text[index - 1].isspace() and not text[index].isspace():
        while index < len(text) and not text[index].isspace():
            index += 1
    return len(solid(text[:index]))


def first_image_alt(block: Any) -> str:
    for element in block.iter():
        if tag(element) == "img":
            return str(element.get("alt") or "")
    return ""

"""The PDF book in parts, and where each part lands.

The book is laid out in parts that WeasyPrint renders separately (in parallel, and cached)
and `merge` puts together:

- `front`: cover, colophon and contents, always from page 1;
- `intro`: the foreword and "De voorbeelden in beeld";
- `changes`: "Nieuw in deze uitgave", when a previous edition is named;
- `opener`: one per theme, the theme's opening page with the list of its examples;
- `run`: a few consecutive examples of one theme;
- `register`: the registers (municipalities, partners, keywords), one after the other.

Runs, registers, the intro and "Nieuw in deze uitgave" carry no page number and no running
head: the merge draws them from templates taken from a calibration document (margin boxes
laid out with the same CSS, see `margins`). So a run does not depend on where it lands, and
an edit that makes one example a page longer moves the runs after it without laying them out
again; the registers can be laid out side by side. The intro depends only on the side it
starts on (its chapters may break to a side of the spread). Contents, "Nieuw in deze
uitgave", theme openers and registers print page numbers of other parts; they are laid out
again when those move.

Runs are cut by content, not by count: an example ends a run when a hash of its id says
so (or the run is full), so adding or removing one example changes only its own run.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from workbook.model.book import Book, Example, Theme
from workbook.model.registers import registers

# Examples per run: about RUN_AVERAGE on average, never more than RUN_MAX. Larger runs cost
# less per page (each WeasyPrint document has a fixed cost); smaller ones make an edit cheaper.
RUN_AVERAGE = 7
RUN_MIN = 3
RUN_MAX = 12


@dataclass(frozen=True)
class Part:
    name: str  # stable and readable, also in messages: "voorwerk", "thema-onderwijs", ...
    kind: str  # front, intro, changes, opener, run or register
    theme: Theme | None = None
    number: int = 0  # the theme's number in the book (openers and runs)
    examples: tuple[Example, ...] = ()

    @property
    def sheeted(self) -> bool:
        """Does this part take running head and folio from the margin templates (and so
        not depend on the page it starts on)?"""
        return self.kind in ("intro", "changes", "run", "register")


def _ends_run(example: Example, length: int) -> bool:
    if length >= RUN_MAX:
        return True
    digest = hashlib.sha256(example.id.encode("utf-8")).digest()
    return length >= RUN_MIN and int.from_bytes(digest[:4], "big") % RUN_AVERAGE == 0


def runs_of(examples: Iterable[Example]) -> list[tuple[Example, ...]]:
    runs: list[tuple[Example, ...]] = []
    current: list[Example] = []
    for example in examples:
        current.append(example)
        if _ends_run(example, len(current)):
            runs.append(tuple(current))
            current = []
    if current:
        runs.append(tuple(current))
    return runs


def plan(book: Book) -> list[Part]:
    """The parts of the book, in reading order."""
    parts = [Part("voorwerk", "front"), Part("inleiding", "intro")]
    if book.changes is not None:
        parts.append(Part("nieuw", "changes"))
    for number, theme in enumerate(book.themes, 1):
        parts.append(Part(f"thema-{theme.id}", "opener", theme, number))
        for run in runs_of(theme.examples):
            parts.append(Part(f"vb-{run[0].id}", "run", theme, number, run))
    if registers(book):
        # One part: a register with a few entries shares its page with the next.
        parts.append(Part("registers", "register"))
    return parts


@dataclass
class Placement:
    """Where a part lands: its first printed page number, and blank pages before it."""

    part: Part
    start: int
    pages: int
    blanks_before: int = 0


@dataclass
class PageMap:
    """Printed page numbers of the whole book, from the page counts of its parts."""

    placements: list[Placement]
    anchors: dict[str, int] = field(default_factory=dict)  # anchor id -> printed page

    @property
    def total(self) -> int:
        last = self.placements[-1]
        return last.start + last.pages - 1


def place(
    parts: list[Part],
    counts: Mapping[str, int],
    anchors: Mapping[str, Mapping[str, int]],
    *,
    print_edition: bool,
) -> PageMap:
    """Page numbers for every part and anchor.

    `counts` gives each part's number of pages, `anchors` each part's anchors with their
    page index inside the part. In the print edition a theme opener starts on a right-hand
    (odd) page: a blank page goes before it when needed. While some lengths are not known
    yet, the map covers the parts up to the first of those.
    """
    placements: list[Placement] = []
    page = 1
    for part in parts:
        if part.name not in counts:
            break
        blanks = 1 if print_edition and part.kind == "opener" and page % 2 == 0 else 0
        page += blanks
        placements.append(Placement(part, page, counts[part.name], blanks))
        page += counts[part.name]
    page_map = PageMap(placements)
    for placement in placements:
        for anchor, index in anchors.get(placement.part.name, {}).items():
            page_map.anchors.setdefault(anchor, placement.start + index)
    return page_map

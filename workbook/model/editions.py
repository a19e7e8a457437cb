"""Editions (`uitgaven` in workbook.yaml): readers with a selection of the examples, each
built as a book of its own beside the whole werkboek.

An example is in an edition when it matches every key of the selection, and it matches a
key when it has any of that key's values. Drafts never count. Themes and examples keep the
book's order; a theme without selected examples is left out.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any

from workbook.base import markdown
from workbook.base.values import title_key
from workbook.model.book import Book, Example, Theme, build_date

SELECTION_KEYS = ("themas", "voorbeelden", "trefwoorden", "provincies", "benaderingen")
FORMATS = ("pdf", "epub")


@dataclass(frozen=True)
class Selection:
    """The values per key; an empty tuple is a key that was not given."""

    themas: tuple[str, ...] = ()
    voorbeelden: tuple[str, ...] = ()
    trefwoorden: tuple[str, ...] = ()
    provincies: tuple[str, ...] = ()
    benaderingen: tuple[str, ...] = ()

    def matches(self, example: Example) -> bool:
        return self.takes(
            example.id, example.thema, example.trefwoorden, example.provincie, example.benadering
        )

    def takes(
        self,
        example_id: str,
        theme: object,
        keywords: Iterable[object],
        province: object,
        approach: object,
    ) -> bool:
        """Does the selection take an example with these values? (Also for examples that
        are only read, not yet modelled: see check.editions.)"""
        own = {title_key(k) for k in keywords if isinstance(k, str)}
        return all(
            match
            for given, match in (
                (self.themas, theme in self.themas),
                (self.voorbeelden, example_id in self.voorbeelden),
                (self.trefwoorden, any(title_key(k) in own for k in self.trefwoorden)),
                (self.provincies, province in self.provincies),
                (self.benaderingen, approach in self.benaderingen),
            )
            if given
        )


@dataclass(frozen=True)
class Edition:
    id: str
    titel: str
    ondertitel: str | None
    voorwoord: str | None  # safe HTML
    selection: Selection
    formats: tuple[str, ...]  # of FORMATS, in that order


def selection_of(data: dict[str, Any]) -> Selection:
    return Selection(**{key: tuple(data.get(key, ())) for key in SELECTION_KEYS})


def editions_of(config: dict[str, Any]) -> tuple[Edition, ...]:
    """The editions of a checked workbook.yaml, in its order."""
    return tuple(
        Edition(
            id=item["id"],
            titel=item["titel"],
            ondertitel=item.get("ondertitel"),
            voorwoord=markdown.to_html(item["voorwoord"]) if item.get("voorwoord") else None,
            selection=selection_of(item["selectie"]),
            formats=tuple(f for f in FORMATS if f in item.get("formaten", ["pdf"])),
        )
        for item in config.get("uitgaven", ())
    )


def selected(examples: Iterable[Example], selection: Selection) -> list[Example]:
    """The published examples the selection takes, in the order given."""
    return [e for e in examples if not e.concept and selection.matches(e)]


def edition_book(book: Book, edition: Edition) -> Book:
    """`book` narrowed to `edition`: its title, subtitle and foreword, the selected examples
    under their themes, and a line that names the whole werkboek (`edition_of`)."""
    themes = tuple(
        Theme(t.id, t.titel, t.inleiding, tuple(selected(t.examples, edition.selection)))
        for t in book.themes
    )
    kept = tuple(t for t in themes if t.examples)
    changes = book.changes
    if changes is not None:
        taken = edition.selection.takes
        changes = changes.within(
            [e.id for t in kept for e in t.examples],
            [
                r
                for r in changes.removed
                if taken(r.id, r.thema, r.trefwoorden, r.provincie, r.benadering)
            ],
        )
    return replace(
        book,
        titel=edition.titel,
        ondertitel=edition.ondertitel,
        voorwoord=edition.voorwoord,
        isbn=None,  # the ISBN is the whole werkboek's
        themes=kept,
        bestandsnaam=f"{book.bestandsnaam}-{edition.id}",
        build_date=build_date([e for t in kept for e in t.examples]),
        edition_of=book.titel,
        edition_id=edition.id,
        changes=changes,
    )

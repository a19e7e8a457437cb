""" "Nieuw in deze uitgave" as every medium shows it: the lead sentence, the new and updated
examples of the book (with the sections that changed, by their headings) and those no
longer in it; and the mark of an example in lists ("nieuw", "bijgewerkt")."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from workbook.base.words import count, format_date, join_words, labels
from workbook.model.book import Book, Example
from workbook.model.changes import CHANGED, NEW, Changes

ANCHOR = "nieuw"  # the section's id, in every medium


@dataclass(frozen=True)
class Listed:
    """An example of the book in the section; `detail`: its theme (new examples) or the
    headings of the sections that changed (updated ones)."""

    example: Example
    detail: str


@dataclass(frozen=True)
class Gone:
    titel: str
    theme: str


@dataclass(frozen=True)
class WhatsNew:
    title: str
    lead: str
    new: tuple[Listed, ...]
    updated: tuple[Listed, ...]
    removed: tuple[Gone, ...]

    @property
    def nothing(self) -> bool:
        return not (self.new or self.updated or self.removed)


def whats_new(book: Book) -> WhatsNew | None:
    """The section, or None when no previous edition was named."""
    changes = book.changes
    if changes is None:
        return None
    t = labels(book.taal)
    by_id = {e.id: e for e in book.examples}
    themes = {theme.id: theme.titel for theme in book.themes}
    return WhatsNew(
        t["whats_new"],
        lead(changes, book.taal),
        tuple(Listed(by_id[i], themes[by_id[i].thema]) for i in changes.new),
        tuple(Listed(by_id[i], headings(keys, book.taal)) for i, keys in changes.updated),
        tuple(Gone(r.titel, r.thema_titel) for r in changes.removed),
    )


def headings(keys: tuple[str, ...], lang: str) -> str:
    """The changed sections by their headings: "Werkwijze, Resultaten"."""
    names = dict(CHANGED)
    return ", ".join(labels(lang)[names[key]] for key in keys)


def changed_sections(book: Book, example: Example) -> str:
    """The headings of what changed in an updated example; empty for any other."""
    return headings(book.changes.sections_of(example.id), book.taal) if book.changes else ""


def lead(changes: Changes, lang: str) -> str:
    """ "Sinds de vorige uitgave van 12 maart 2025: 1 nieuw voorbeeld en 2 bijgewerkte
    voorbeelden.", or that nothing changed."""
    t = labels(lang)
    since = format_date(dt.date.fromisoformat(changes.since), lang)
    counts = [
        count(n, noun, lang)
        for n, noun in (
            (len(changes.new), "new_example"),
            (len(changes.updated), "updated_example"),
            (len(changes.removed), "removed_example"),
        )
        if n
    ]
    if not counts:
        return t["whats_new_none"].format(datum=since)
    return t["whats_new_lead"].format(datum=since, counts=join_words(counts, lang))


def summary(book: Book) -> str:
    """For the terminal (Dutch, whatever the book's language)."""
    assert book.changes is not None
    return f"{labels('nl')['whats_new']}: {lead(book.changes, 'nl')}"


def mark(book: Book, example: Example) -> str | None:
    """The word that marks a new or updated example in lists, or None."""
    found = book.changes.mark(example.id) if book.changes else None
    if found is None:
        return None
    return labels(book.taal)["mark_new" if found == NEW else "mark_updated"]

"""What changed since the previous edition of the werkboek: new examples, updated ones with
the sections that changed, and those no longer in the book. Plain data, made by
`model.manifest.compare` and shown by "Nieuw in deze uitgave" and the marks."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

# The sections an example is compared by, in reading order, with the label (base.words)
# that names them to readers. `titel` and `thema` are compared as they are, not hashed.
# "facts" is the box of facts at the top of an example, with its funding.
SECTIONS = (
    ("facts", "facts"),
    ("samenvatting", "summary"),
    ("aanleiding", "background"),
    ("doelen", "goals"),
    ("werkwijze", "method"),
    ("partners", "roles"),
    ("resultaten", "results"),
    ("knelpunten", "bottlenecks"),
    ("vernieuwend", "innovative"),
    ("lessen", "lessons"),
    ("werkvragen", "get_started"),
    ("bronnen", "sources"),
    ("contact", "contact"),
)
NEW, UPDATED = "nieuw", "bijgewerkt"
# What an updated example may have changed, with the label that names it.
CHANGED = (("titel", "title"), ("thema", "theme"), *SECTIONS)


@dataclass(frozen=True)
class Removed:
    """An example of the previous edition that is no longer in the book, with what an
    edition's selection needs to know whether it was one of its own."""

    id: str
    titel: str
    thema: str
    thema_titel: str  # the theme's title in the previous edition
    trefwoorden: tuple[str, ...] = ()
    provincie: str | None = None
    benadering: str | None = None


@dataclass(frozen=True)
class Changes:
    since: str  # the date of the previous edition (ISO), for the sentence that names it
    new: tuple[str, ...]  # example ids, in book order
    updated: tuple[tuple[str, tuple[str, ...]], ...]  # (id, changed section keys)
    removed: tuple[Removed, ...]
    # (old id, new id) of examples whose file was renamed and nothing else: unchanged, but
    # worth telling the editor.
    renamed: tuple[tuple[str, str], ...] = ()

    @property
    def nothing(self) -> bool:
        return not (self.new or self.updated or self.removed)

    def mark(self, example_id: str) -> str | None:
        """'nieuw', 'bijgewerkt' or None: the mark an example gets in lists."""
        if example_id in self.new:
            return NEW
        if any(example_id == updated for updated, _ in self.updated):
            return UPDATED
        return None

    def sections_of(self, example_id: str) -> tuple[str, ...]:
        return next((keys for updated, keys in self.updated if updated == example_id), ())

    def within(self, ids: Iterable[str], removed: Iterable[Removed]) -> Changes:
        """The changes among the examples `ids` (an edition's), and these removed ones."""
        keep = set(ids)
        return Changes(
            self.since,
            tuple(i for i in self.new if i in keep),
            tuple(u for u in self.updated if u[0] in keep),
            tuple(removed),
            tuple(r for r in self.renamed if r[1] in keep),
        )

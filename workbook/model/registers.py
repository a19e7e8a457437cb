"""The book's registers: municipalities, partners and keywords, each term with the
examples that name it, sorted as a Dutch reader looks them up."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from workbook.base.values import sort_key
from workbook.base.words import labels
from workbook.model.book import Book, Example

REGISTERS = ("gemeenten", "partners", "trefwoorden")


@dataclass(frozen=True)
class RegisterEntry:
    term: str
    examples: tuple[Example, ...]


@dataclass(frozen=True)
class Register:
    key: str  # one of REGISTERS
    title: str
    entries: tuple[RegisterEntry, ...]


def _register(
    key: str, title: str, book: Book, terms_of: Callable[[Example], Iterable[str]]
) -> Register:
    index: dict[str, tuple[str, list[Example]]] = {}
    for example in book.examples:
        for term in terms_of(example):
            _, found = index.setdefault(sort_key(term), (term, []))
            # An example's terms come together: a repeat is always the last one found
            # (by identity: comparing examples field by field is slow in big books).
            if not found or found[-1] is not example:
                found.append(example)
    entries = tuple(RegisterEntry(name, tuple(found)) for _, (name, found) in sorted(index.items()))
    return Register(key, title, entries)


def registers(book: Book) -> tuple[Register, ...]:
    """The registers that have entries, in the order of REGISTERS."""
    words = labels(book.taal)
    made = (
        _register("gemeenten", words["municipalities"], book, lambda e: e.gemeenten),
        _register("partners", words["partners"], book, lambda e: [p.naam for p in e.partners]),
        _register("trefwoorden", words["keywords"], book, lambda e: e.trefwoorden),
    )
    return tuple(register for register in made if register.entries)

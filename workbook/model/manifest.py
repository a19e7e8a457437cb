"""The edition manifest (`<bestandsnaam>.uitgave.json`): what an edition of the werkboek
contained, section by section, so that the next edition can say what changed.

    {
      "formaat": 1,
      "titel": "…", "datum": "2026-11-20", "programma": "werkboek 0.9.0",
      "themas": [{"id": "onderwijs", "titel": "Onderwijs"}, …],
      "voorbeelden": [
        {"id": "…", "titel": "…", "thema": "onderwijs", "trefwoorden": […],
         "provincie": "Utrecht", "benadering": "preventief",
         "secties": {"facts": "3f1c…", "samenvatting": "…", …}},
        …
      ]
    }

Only published examples are in it (no drafts), in the book's order. The bytes depend on
the content alone (see `fingerprints`): the same project gives the same manifest from any
folder and with any `-j`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from workbook.base.errors import ContentError
from workbook.base.values import title_key
from workbook.model.book import Book, Example
from workbook.model.changes import SECTIONS, Changes, Removed

FORMAT = 1
SUFFIX = ".uitgave.json"
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class ManifestError(ContentError):
    """A manifest that cannot be read (exit 1); the message names the file, `problem`
    says what is wrong with it."""

    def __init__(self, shown: str, problem: str) -> None:
        super().__init__(f"{shown}: {problem}")
        self.problem = problem


@dataclass(frozen=True)
class Entry:
    """One example as a manifest records it."""

    id: str
    titel: str
    thema: str
    secties: tuple[tuple[str, str], ...]  # section key -> fingerprint, in SECTIONS order
    trefwoorden: tuple[str, ...] = ()
    provincie: str | None = None
    benadering: str | None = None


@dataclass(frozen=True)
class Manifest:
    titel: str
    datum: str  # ISO date of the edition
    programma: str
    themas: tuple[tuple[str, str], ...]  # (id, titel), in the book's order
    entries: tuple[Entry, ...]

    def theme_title(self, theme_id: str) -> str:
        return next((titel for key, titel in self.themas if key == theme_id), theme_id)


def entry_of(example: Example) -> Entry:
    return Entry(
        example.id,
        example.titel,
        example.thema,
        example.fingerprints,
        example.trefwoorden,
        example.provincie,
        example.benadering,
    )


def manifest_of(book: Book, programma: str) -> Manifest:
    """The manifest of a book: its published examples."""
    return Manifest(
        book.titel,
        book.build_date.isoformat(),
        programma,
        tuple((t.id, t.titel) for t in book.themes),
        tuple(entry_of(e) for e in book.examples if not e.concept),
    )


def to_json(manifest: Manifest) -> bytes:
    data = {
        "formaat": FORMAT,
        "titel": manifest.titel,
        "datum": manifest.datum,
        "programma": manifest.programma,
        "themas": [{"id": key, "titel": titel} for key, titel in manifest.themas],
        "voorbeelden": [
            {
                "id": e.id,
                "titel": e.titel,
                "thema": e.thema,
                "trefwoorden": list(e.trefwoorden),
                "provincie": e.provincie,
                "benadering": e.benadering,
                "secties": dict(e.secties),
            }
            for e in manifest.entries
        ],
    }
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


# -- reading ---------------------------------------------------------------------------


def parse(data: bytes, shown: str) -> Manifest:
    """A manifest from its bytes; `shown` names the file in messages (Dutch, exit 1)."""

    def fail(what: str) -> ManifestError:
        return ManifestError(shown, what)

    try:
        found = json.loads(data.decode("utf-8"))
    except UnicodeDecodeError:
        raise fail("dit is geen tekstbestand (geen UTF-8)") from None
    except json.JSONDecodeError as exc:
        raise fail(f"dit is geen geldige JSON (regel {exc.lineno}, kolom {exc.colno})") from None
    if not isinstance(found, dict):
        raise fail("verwacht een JSON-object met ‘formaat’ en ‘voorbeelden’")
    version = found.get("formaat")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise fail("‘formaat’ ontbreekt of is geen positief geheel getal")
    if version > FORMAT:
        raise fail(
            f"het is gemaakt door een nieuwere versie van werkboek (formaat {version}; deze "
            f"versie leest formaat {FORMAT}); werk werkboek bij"
        )
    titel = _text(found, "titel", "", fail)
    datum = _text(found, "datum", "", fail)
    if not _DATE.match(datum):
        raise fail("‘datum’ ontbreekt of is geen datum als 2025-03-31")
    programma = found.get("programma", "")
    if not isinstance(programma, str):
        raise fail("‘programma’ is geen tekst")
    themes = found.get("themas", [])
    if not isinstance(themes, list):
        raise fail("‘themas’ is geen lijst")
    themas = tuple(
        (_text(t, "id", f"themas[{i}].", fail), _text(t, "titel", f"themas[{i}].", fail))
        for i, t in enumerate(_objects(themes, "themas", fail))
    )
    examples = found.get("voorbeelden")
    if not isinstance(examples, list):
        raise fail("‘voorbeelden’ ontbreekt of is geen lijst")
    entries = tuple(
        _entry(item, f"voorbeelden[{i}].", fail)
        for i, item in enumerate(_objects(examples, "voorbeelden", fail))
    )
    seen: set[str] = set()
    for entry in entries:
        if entry.id in seen:
            raise fail(f"het voorbeeld ‘{entry.id}’ staat er twee keer in")
        seen.add(entry.id)
    return Manifest(titel, datum, programma, themas, entries)


def _objects(items: list[Any], name: str, fail: Any) -> list[dict[str, Any]]:
    for index, item in enumerate(items):
        if not isinstance(item, dict):
            raise fail(f"{name}[{index}] is geen JSON-object")
    return items


def _text(data: Mapping[str, Any], key: str, where: str, fail: Any) -> str:
    value = data.get(key)
    if not isinstance(value, str) or not value.strip():
        raise fail(f"‘{where}{key}’ ontbreekt of is geen tekst")
    return value


def _entry(item: dict[str, Any], where: str, fail: Any) -> Entry:
    sections = item.get("secties")
    if not isinstance(sections, dict) or not all(isinstance(v, str) for v in sections.values()):
        raise fail(f"‘{where}secties’ ontbreekt of is geen object met vingerafdrukken")
    keywords = item.get("trefwoorden", [])
    if not isinstance(keywords, list) or not all(isinstance(k, str) for k in keywords):
        raise fail(f"‘{where}trefwoorden’ is geen lijst van teksten")
    optional = {}
    for key in ("provincie", "benadering"):
        value = item.get(key)
        if value is not None and not isinstance(value, str):
            raise fail(f"‘{where}{key}’ is geen tekst")
        optional[key] = value
    return Entry(
        _text(item, "id", where, fail),
        _text(item, "titel", where, fail),
        _text(item, "thema", where, fail),
        # A section this version does not know is ignored; one it misses counts as changed.
        tuple((key, sections.get(key, "")) for key, _ in SECTIONS),
        tuple(keywords),
        optional["provincie"],
        optional["benadering"],
    )


# -- comparing -------------------------------------------------------------------------


def compare(old: Manifest, current: Iterable[Entry]) -> Changes:
    """What changed from `old` to the examples `current` (in book order).

    Matched by id first. Of the rest, an example with the same title as one that left is
    the same example under a new id (a renamed file): unchanged when its content is too,
    else updated. Whatever is left is new, or no longer in the book.
    """
    now = list(current)
    before = {e.id: e for e in old.entries}
    pairs: dict[str, Entry] = {e.id: before[e.id] for e in now if e.id in before}
    gone = [e for e in old.entries if e.id not in {n.id for n in now}]
    for entry in now:
        if entry.id in pairs:
            continue
        same = [g for g in gone if title_key(g.titel) == title_key(entry.titel)]
        if same:
            pairs[entry.id] = same[0]
            gone.remove(same[0])
    updated = []
    for entry in now:
        if entry.id in pairs:
            changed = differences(pairs[entry.id], entry)
            if changed:
                updated.append((entry.id, changed))
    return Changes(
        since=old.datum,
        new=tuple(e.id for e in now if e.id not in pairs),
        updated=tuple(updated),
        removed=tuple(
            Removed(
                g.id,
                g.titel,
                g.thema,
                old.theme_title(g.thema),
                g.trefwoorden,
                g.provincie,
                g.benadering,
            )
            for g in gone
        ),
        renamed=tuple(
            (pairs[e.id].id, e.id)
            for e in now
            if e.id in pairs and pairs[e.id].id != e.id and not differences(pairs[e.id], e)
        ),
    )


def with_changes(book: Book, previous: Manifest | None) -> Book:
    """`book` with what changed since the edition `previous`; as it is without one."""
    if previous is None:
        return book
    return replace(book, changes=compare(previous, [entry_of(e) for e in book.examples]))


def differences(old: Entry, new: Entry) -> tuple[str, ...]:
    """The keys of what changed: 'titel', 'thema', then sections in reading order."""
    changed = [key for key in ("titel", "thema") if getattr(old, key) != getattr(new, key)]
    before = dict(old.secties)
    changed += [key for key, value in new.secties if before.get(key) != value]
    return tuple(changed)

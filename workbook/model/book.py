"""The typed, frozen model renderers see: a Book of Themes of Examples.

Built only from data that passed validation; Markdown is already safe HTML here, so no
renderer ever reads YAML or Markdown.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from workbook.base import markdown
from workbook.base.project import IMAGE_TYPES
from workbook.base.values import as_date, period_bounds, slugify, sort_key
from workbook.model.changes import Changes
from workbook.model.fingerprints import fingerprints


@dataclass(frozen=True)
class Partner:
    naam: str
    soort: str
    rol: str | None


@dataclass(frozen=True)
class Result:
    omschrijving: str
    waarde: int | float | None
    eenheid: str | None
    jaar: int | None
    bron: str | None


@dataclass(frozen=True)
class Bottleneck:
    knelpunt: str
    oplossing: str


@dataclass(frozen=True)
class Reference:
    titel: str
    url: str | None
    uitgever: str | None
    jaar: int | None


@dataclass(frozen=True)
class Image:
    path: Path  # absolute, resolved, inside the project
    name: str  # as written in the YAML file
    media_type: str
    alt: str
    bijschrift: str | None
    credit: str | None


@dataclass(frozen=True)
class Contact:
    naam: str | None
    organisatie: str | None
    email: str | None


@dataclass(frozen=True)
class Period:
    start: str
    eind: str | None
    start_date: dt.date
    eind_date: dt.date | None


@dataclass(frozen=True)
class Example:
    id: str
    source: Path  # relative to the project root
    thema: str
    titel: str
    benadering: str
    gemeenten: tuple[str, ...]
    wijken: tuple[str, ...]
    provincie: str | None
    status: str
    looptijd: Period
    samenvatting: str
    aanleiding: str  # safe HTML
    doelen: tuple[str, ...]
    werkwijze: str  # safe HTML
    doelgroepen: tuple[str, ...]
    partners: tuple[Partner, ...]
    resultaten: tuple[Result, ...]
    knelpunten: tuple[Bottleneck, ...]
    vernieuwend: tuple[str, ...]
    lessen: tuple[str, ...]
    werkvragen: tuple[str, ...]
    financiering: str | None
    trefwoorden: tuple[str, ...]
    contact: Contact | None  # only with consent
    bronnen: tuple[Reference, ...]
    afbeeldingen: tuple[Image, ...]
    volgorde: int | None
    concept: bool
    bijgewerkt: dt.date
    # Section key -> a hash of its content (model.fingerprints), for the edition manifest.
    fingerprints: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Theme:
    id: str
    titel: str
    inleiding: str | None  # safe HTML
    examples: tuple[Example, ...]


@dataclass(frozen=True)
class Book:
    root: Path
    titel: str
    ondertitel: str | None
    uitgever: str
    redactie: tuple[str, ...]
    jaar: int
    isbn: str | None
    licentie: str | None
    taal: str
    voorwoord: str | None
    colofon: str | None
    themes: tuple[Theme, ...]
    bestandsnaam: str
    build_date: dt.date
    # An edition (see model.editions) names the whole werkboek it comes from.
    edition_of: str | None = None
    edition_id: str | None = None
    # What changed since the previous edition, when one is named ("Nieuw in deze uitgave").
    changes: Changes | None = None

    @property
    def examples(self) -> tuple[Example, ...]:
        return tuple(e for t in self.themes for e in t.examples)

    @property
    def author(self) -> str:
        return ", ".join(self.redactie) if self.redactie else self.uitgever


def _html(value: Any) -> str | None:
    return markdown.to_html(value) if value else None


def _texts(data: dict[str, Any], key: str) -> tuple[str, ...]:
    return tuple(data.get(key, ()))


def _period_text(value: Any) -> str:
    return value.isoformat() if isinstance(value, dt.date) else str(value)


def build_example(example_id: str, path: Path, root: Path, data: dict[str, Any]) -> Example:
    period = data["looptijd"]
    start_bounds = period_bounds(period["start"])
    end_bounds = period_bounds(period["eind"]) if "eind" in period else None
    assert start_bounds is not None
    contact = data.get("contact")
    images = []
    for item in data.get("afbeeldingen", []):
        resolved = (path.parent / item["bestand"]).resolve()
        kind = IMAGE_TYPES[resolved.suffix.lower()]
        images.append(
            Image(
                resolved,
                item["bestand"],
                "image/svg+xml" if kind == "svg" else f"image/{kind}",
                item["alt"],
                item.get("bijschrift"),
                item.get("credit"),
            )
        )
    return Example(
        id=example_id,
        source=path.relative_to(root),
        thema=data["thema"],
        titel=data["titel"],
        benadering=data["benadering"],
        gemeenten=_texts(data, "gemeenten"),
        wijken=_texts(data, "wijken"),
        provincie=data.get("provincie"),
        status=data["status"],
        looptijd=Period(
            _period_text(period["start"]),
            _period_text(period["eind"]) if "eind" in period else None,
            start_bounds[0],
            end_bounds[1] if end_bounds else None,
        ),
        samenvatting=data["samenvatting"],
        aanleiding=markdown.to_html(data["aanleiding"]),
        doelen=_texts(data, "doelen"),
        werkwijze=markdown.to_html(data["werkwijze"]),
        doelgroepen=_texts(data, "doelgroepen"),
        partners=tuple(Partner(p["naam"], p["soort"], p.get("rol")) for p in data["partners"]),
        resultaten=tuple(
            Result(
                r["omschrijving"], r.get("waarde"), r.get("eenheid"), r.get("jaar"), r.get("bron")
            )
            for r in data.get("resultaten", [])
        ),
        knelpunten=tuple(
            Bottleneck(k["knelpunt"], k["oplossing"]) for k in data.get("knelpunten", [])
        ),
        vernieuwend=_texts(data, "vernieuwend"),
        lessen=_texts(data, "lessen"),
        werkvragen=_texts(data, "werkvragen"),
        financiering=data.get("financiering"),
        trefwoorden=_texts(data, "trefwoorden"),
        contact=Contact(contact.get("naam"), contact.get("organisatie"), contact.get("email"))
        if contact and contact.get("toestemming") is True
        else None,
        bronnen=tuple(
            Reference(b["titel"], b.get("url"), b.get("uitgever"), b.get("jaar"))
            for b in data.get("bronnen", [])
        ),
        afbeeldingen=tuple(images),
        volgorde=data.get("volgorde"),
        concept=data.get("concept") is True,
        bijgewerkt=as_date(data["bijgewerkt"]) or dt.date.min,
        fingerprints=tuple(fingerprints(data, path.parent, root).items()),
    )


def example_order(example: Example) -> tuple[int, int, str, str]:
    has_order = 0 if example.volgorde is not None else 1
    return (has_order, example.volgorde or 0, sort_key(example.titel), example.id)


def build_date(examples: list[Example]) -> dt.date:
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC).date()
    return max((e.bijgewerkt for e in examples), default=dt.date(2000, 1, 1))


def build_book(
    root: Path, data: dict[str, Any], examples: list[Example], include_drafts: bool = False
) -> Book:
    included = [e for e in examples if include_drafts or not e.concept]
    themes = tuple(
        Theme(
            t["id"],
            t["titel"],
            _html(t.get("inleiding")),
            tuple(sorted((e for e in included if e.thema == t["id"]), key=example_order)),
        )
        for t in data["themas"]
    )
    return Book(
        root=root,
        titel=data["titel"],
        ondertitel=data.get("ondertitel"),
        uitgever=data["uitgever"],
        redactie=_texts(data, "redactie"),
        jaar=data["jaar"],
        isbn=data.get("isbn"),
        licentie=data.get("licentie"),
        taal=data.get("taal", "nl"),
        voorwoord=_html(data.get("voorwoord")),
        colofon=_html(data.get("colofon")),
        themes=themes,
        bestandsnaam=data.get("bestandsnaam") or slugify(data["titel"]),
        build_date=build_date(included),
    )

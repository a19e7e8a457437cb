"""The Jinja environment shared by every medium: templates, Dutch labels and filters.

Templates come from the project's own `templates/` first, then the default design. User text
only ever reaches Jinja as data (autoescaped); Markdown arrives as sanitised HTML.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from workbook.base.design import template_dirs
from workbook.model.book import Book, Example, Period, sort_key

# The faces the EPUB and the site use (PDF rendering reads fonts.css, which has them all).
WEB_FONTS = (
    "SourceSerif4-Regular.otf",
    "SourceSerif4-It.otf",
    "SourceSerif4-Bold.otf",
    "SourceSerif4-BoldIt.otf",
    "SourceSans3-Regular.otf",
    "SourceSans3-Semibold.otf",
    "SourceSans3-Bold.otf",
)
FONT_LICENCES = ("OFL-SourceSerif4.txt", "OFL-SourceSans3.txt")

MONTHS = {
    "nl": [
        "januari",
        "februari",
        "maart",
        "april",
        "mei",
        "juni",
        "juli",
        "augustus",
        "september",
        "oktober",
        "november",
        "december",
    ],
    "en": [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ],
}

LABELS: dict[str, dict[str, str]] = {
    "nl": {
        "repressief": "Repressief",
        "preventief": "Preventief",
        "beide": "Repressief en preventief",
        "pilot": "Pilot",
        "lopend": "Lopend",
        "afgerond": "Afgerond",
        "structureel": "Structureel",
        "gemeente": "Gemeente",
        "politie": "Politie",
        "openbaar-ministerie": "Openbaar Ministerie",
        "rijk": "Rijk",
        "onderwijs": "Onderwijs",
        "zorg": "Zorg",
        "welzijn": "Welzijn",
        "jongerenwerk": "Jongerenwerk",
        "woningcorporatie": "Woningcorporatie",
        "ondernemers": "Ondernemers",
        "bewoners": "Bewoners",
        "kennisinstelling": "Kennisinstelling",
        "overig": "Overig",
        "contents": "Inhoudsopgave",
        "foreword": "Voorwoord",
        "colophon": "Colofon",
        "municipalities": "Gemeenten",
        "neighbourhoods": "Wijken",
        "province": "Provincie",
        "approach": "Benadering",
        "status": "Status",
        "period": "Looptijd",
        "partners": "Partners",
        "keywords": "Trefwoorden",
        "target_groups": "Doelgroepen",
        "summary": "In het kort",
        "background": "Aanleiding",
        "goals": "Doelen",
        "method": "Werkwijze",
        "roles": "Partners en rollen",
        "results": "Resultaten",
        "bottlenecks": "Knelpunten en oplossingen",
        "bottleneck": "Knelpunt",
        "solution": "Oplossing",
        "innovative": "Vernieuwend",
        "lessons": "Lessen",
        "get_started": "Aan de slag",
        "sources": "Bronnen",
        "contact": "Contact",
        "funding": "Financiering",
        "theme": "Thema",
        "registers": "Registers",
        "now": "heden",
        "since": "sinds",
        "organisation": "Organisatie",
        "role": "Rol",
        "result": "Resultaat",
        "value": "Aantal",
        "year": "Jaar",
        "source": "Bron",
        "publisher": "Uitgever",
        "editors": "Redactie",
        "licence": "Licentie",
        "isbn": "ISBN",
        "build_date": "Datum van deze uitgave",
        "updated": "Bijgewerkt",
        "examples_in_theme": "Praktijkvoorbeelden in dit thema",
        "page": "pagina",
        "download_pdf": "Download het werkboek (PDF)",
        "download_epub": "Download als e-book (EPUB)",
        "all_examples": "Alle praktijkvoorbeelden",
        "filter": "Filter de voorbeelden",
        "all": "Alle",
        "back": "Terug naar het overzicht",
        "skip": "Naar de inhoud",
        "write_here": "Ruimte voor uw antwoord",
        "workbook": "Werkboek",
        "image": "Afbeelding",
    },
}
LABELS["en"] = {
    **LABELS["nl"],
    **{
        "repressief": "Enforcement",
        "preventief": "Prevention",
        "beide": "Enforcement and prevention",
        "lopend": "Running",
        "afgerond": "Completed",
        "structureel": "Permanent",
        "contents": "Contents",
        "foreword": "Foreword",
        "colophon": "Colophon",
        "municipalities": "Municipalities",
        "neighbourhoods": "Neighbourhoods",
        "province": "Province",
        "approach": "Approach",
        "period": "Period",
        "keywords": "Keywords",
        "target_groups": "Target groups",
        "summary": "In brief",
        "background": "Background",
        "goals": "Goals",
        "method": "Method",
        "roles": "Partners and roles",
        "results": "Results",
        "bottlenecks": "Bottlenecks and solutions",
        "bottleneck": "Bottleneck",
        "solution": "Solution",
        "innovative": "Innovative",
        "lessons": "Lessons",
        "get_started": "Get started",
        "sources": "Sources",
        "funding": "Funding",
        "theme": "Theme",
        "now": "present",
        "since": "since",
        "organisation": "Organisation",
        "role": "Role",
        "result": "Result",
        "value": "Value",
        "year": "Year",
        "source": "Source",
        "publisher": "Publisher",
        "editors": "Editors",
        "licence": "Licence",
        "build_date": "Date of this edition",
        "updated": "Updated",
        "examples_in_theme": "Examples in this theme",
        "page": "page",
        "write_here": "Space for your answer",
        "workbook": "Workbook",
        "image": "Image",
    },
}


def format_number(value: float, lang: str = "nl") -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = f"{value:,}" if isinstance(value, int) else f"{value:,.2f}".rstrip("0").rstrip(".")
    if lang == "nl":
        text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return text


def format_date(value: dt.date, lang: str = "nl") -> str:
    return f"{value.day} {MONTHS[lang][value.month - 1]} {value.year}"


def format_period_value(text: str, lang: str = "nl") -> str:
    parts = text.split("-")
    if len(parts) == 3:
        return format_date(dt.date.fromisoformat(text), lang)
    if len(parts) == 2:
        return f"{MONTHS[lang][int(parts[1]) - 1]} {parts[0]}"
    return text


def format_period(period: Period, lang: str = "nl") -> str:
    start = format_period_value(period.start, lang)
    if period.eind:
        return f"{start} – {format_period_value(period.eind, lang)}"
    return f"{LABELS[lang]['since']} {start}"


def join_words(items: Iterable[str], lang: str = "nl") -> str:
    items = list(items)
    last = " en " if lang == "nl" else " and "
    return (
        items[0] if len(items) == 1 else ", ".join(items[:-1]) + last + items[-1] if items else ""
    )


@dataclass(frozen=True)
class RegisterEntry:
    term: str
    examples: tuple[Example, ...]


@dataclass(frozen=True)
class Register:
    key: str  # 'gemeenten', 'partners', 'trefwoorden'
    title: str
    entries: tuple[RegisterEntry, ...]


def _register(key: str, title: str, book: Book, terms_of: Any) -> Register:
    index: dict[str, tuple[str, list[Example]]] = {}
    for example in book.examples:
        for term in terms_of(example):
            _, found = index.setdefault(sort_key(term), (term, []))
            if example not in found:
                found.append(example)
    entries = tuple(RegisterEntry(name, tuple(found)) for _, (name, found) in sorted(index.items()))
    return Register(key, title, entries)


def registers(book: Book) -> tuple[Register, ...]:
    labels = LABELS[book.taal]
    return (
        _register("gemeenten", labels["municipalities"], book, lambda e: e.gemeenten),
        _register("partners", labels["partners"], book, lambda e: [p.naam for p in e.partners]),
        _register("trefwoorden", labels["keywords"], book, lambda e: e.trefwoorden),
    )


def environment(project_root: Path | None = None) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(d) for d in template_dirs(project_root)]),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(
        number=format_number,
        date=format_date,
        period=format_period,
        join_words=join_words,
        safe_html=lambda html: Markup(html or ""),
    )
    return env


def context(book: Book, **extra: Any) -> dict[str, Any]:
    """What every template gets: the book, its labels and registers."""
    return {
        "book": book,
        "t": LABELS[book.taal],
        "lang": book.taal,
        "registers": registers(book),
        **extra,
    }

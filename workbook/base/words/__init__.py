"""Every word a reader sees, in one place: labels, month names, sentences, and the way
numbers, dates, periods, durations and lists are written.

One module per language (`nl`, `en`); a book's `taal` picks it. Code never chooses a word
with an `if lang == ...`: it asks this package.

    labels("nl")["contents"]               -> "Inhoudsopgave"
    count(3, "example")                    -> "3 voorbeelden"
    sentence("nl", "map_leaders", 2, names="Utrecht en Zeeland", top=2)
    format_seconds(4.93)                   -> "4,9 s"
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from workbook.base.words import en, nl

_LANGUAGES: dict[str, Any] = {"nl": nl, "en": en}

LABELS: dict[str, dict[str, str]] = {k: m.LABELS for k, m in _LANGUAGES.items()}
OVERVIEW_LABELS: dict[str, dict[str, str]] = {k: m.OVERVIEW for k, m in _LANGUAGES.items()}
MONTHS: dict[str, list[str]] = {k: m.MONTHS for k, m in _LANGUAGES.items()}
APPROACH_PHRASES: dict[str, dict[str, str]] = {k: m.APPROACH_PHRASES for k, m in _LANGUAGES.items()}
STATUS_PHRASES: dict[str, dict[str, str]] = {k: m.STATUS_PHRASES for k, m in _LANGUAGES.items()}


def _language(lang: str) -> Any:
    return _LANGUAGES.get(lang, nl)


def labels(lang: str) -> dict[str, str]:
    return LABELS.get(lang, LABELS["nl"])


def overview_labels(lang: str) -> dict[str, str]:
    return OVERVIEW_LABELS.get(lang, OVERVIEW_LABELS["nl"])


def accessibility_summary(lang: str, *, pages: bool = False) -> str:
    """The EPUB's accessibility summary; `pages`: it has the PDF's page numbers."""
    summary = str(_language(lang).ACCESSIBILITY_SUMMARY)
    return f"{summary} {_language(lang).ACCESSIBILITY_PAGES}" if pages else summary


def plural(n: int, pair: tuple[str, str]) -> str:
    """The first form for one, the second for any other number."""
    return pair[0] if n == 1 else pair[1]


def noun(n: int, name: str, lang: str = "nl") -> str:
    """The noun `name` ('example', 'error', …) in the form for `n`, without the number."""
    return plural(n, _language(lang).NOUNS[name])


def count(n: int, name: str, lang: str = "nl") -> str:
    """`n` and the noun in its form: '1 voorbeeld', '3 voorbeelden'."""
    return f"{n} {noun(n, name, lang)}"


def sentence(lang: str, key: str, n: int | None = None, **values: Any) -> str:
    """A sentence of the overview's findings; `n` picks singular or plural of a pair."""
    found = _language(lang).FINDINGS[key]
    template = plural(n if n is not None else 1, found) if isinstance(found, tuple) else found
    return str(template).format(**values)


def format_number(value: float, lang: str = "nl") -> str:
    """1500 -> '1.500', 2.5 -> '2,5' in Dutch (at most two decimals)."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = f"{value:,}" if isinstance(value, int) else f"{value:,.2f}".rstrip("0").rstrip(".")
    language = _language(lang)
    return text.replace(",", "\0").replace(".", language.DECIMAL).replace("\0", language.THOUSANDS)


def format_decimal(value: float, digits: int = 1, lang: str = "nl") -> str:
    """A number with exactly `digits` decimals: 16.7 -> '16,7'."""
    return f"{value:.{digits}f}".replace(".", _language(lang).DECIMAL)


def format_seconds(seconds: float, digits: int = 1) -> str:
    """A duration for the terminal, with a decimal comma: '4,9 s'."""
    return f"{format_decimal(seconds, digits)} s"


def format_date(value: dt.date, lang: str = "nl") -> str:
    return f"{value.day} {MONTHS[lang][value.month - 1]} {value.year}"


def format_period_value(text: str, lang: str = "nl") -> str:
    """A looptijd value as written in the YAML (2020, 2020-10, 2020-10-16) in words."""
    parts = text.split("-")
    if len(parts) == 3:
        return format_date(dt.date.fromisoformat(text), lang)
    if len(parts) == 2:
        return f"{MONTHS[lang][int(parts[1]) - 1]} {parts[0]}"
    return text


def format_period(start: str, end: str | None, lang: str = "nl") -> str:
    first = format_period_value(start, lang)
    if end:
        return f"{first} – {format_period_value(end, lang)}"
    return f"{labels(lang)['since']} {first}"


def join_words(items: Iterable[str], lang: str = "nl") -> str:
    """'a', 'a en b', 'a, b en c'."""
    items = list(items)
    last = _language(lang).AND
    return (
        items[0] if len(items) == 1 else ", ".join(items[:-1]) + last + items[-1] if items else ""
    )

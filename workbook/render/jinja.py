"""The Jinja environment shared by every medium: templates, labels and filters.

Templates come from the project's own `templates/` first, then the default design. User text
only ever reaches Jinja as data (autoescaped); Markdown arrives as sanitised HTML.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from workbook.base.design import template_dirs
from workbook.base.words import count, format_date, format_number, format_period, join_words, labels
from workbook.model.book import Book, Period
from workbook.model.registers import registers
from workbook.model.whats_new import changed_sections, mark, whats_new


def _period(period: Period, lang: str = "nl") -> str:
    return format_period(period.start, period.eind, lang)


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
        period=_period,
        join_words=join_words,
        count=count,
        safe_html=lambda html: Markup(html or ""),
    )
    return env


def edition_line(book: Book) -> str | None:
    """For an edition: the sentence of its colophon that names the whole werkboek."""
    if not book.edition_of:
        return None
    return labels(book.taal)["edition_of"].format(
        titel=book.edition_of,
        uitgever=book.uitgever,
        jaar=book.jaar,
        voorbeelden=count(len(book.examples), "practice", book.taal),
    )


def context(book: Book, **extra: Any) -> dict[str, Any]:
    """What every template gets: the book, its labels and registers."""
    return {
        "book": book,
        "t": labels(book.taal),
        "lang": book.taal,
        "registers": registers(book),
        "edition_line": edition_line(book),
        "whats_new": whats_new(book),
        "mark": lambda example: mark(book, example),
        "changed_sections": lambda example: changed_sections(book, example),
        **extra,
    }

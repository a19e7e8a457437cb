"""What the partial templates/partials/overview.html needs, for any medium: the counts, the
figures as inline SVG and the section's labels.

    context = overview_context(book, medium="pdf")   # or "epub", "site"
    template.render(**context, ...)

On the site each bar and province is a button that filters the list of examples
(`charts.interactive`); in the EPUB each figure is a placeholder that `embed_figures`
replaces after the document has been made well-formed XHTML (lxml's HTML parser would
lower-case SVG's camelCase names such as viewBox).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from workbook.base.values import sort_key
from workbook.base.words import labels as book_labels
from workbook.base.words import overview_labels, plural
from workbook.model.book import Book
from workbook.model.overview import PARTNER_KINDS, PROVINCES, Overview, compute
from workbook.render.figures.canvas import Chart
from workbook.render.figures.charts import charts_apart, interactive, render_charts
from workbook.render.figures.palette import APPROACH_ORDER

SECTION_ID = "in-beeld"
EPUB_FILE = "in-beeld.xhtml"
FIGURE_ORDER = ("kaart", "themas", "status", "startjaar", "partners")


@dataclass(frozen=True)
class Table:
    """The numbers of one figure: column heads, one row per value, and a total row."""

    head: tuple[str, ...]
    rows: tuple[tuple[str | int, ...], ...]
    foot: tuple[str | int, ...] | None


@dataclass(frozen=True)
class Block:
    key: str
    title: str
    note: str
    table: Table


def blocks(overview: Overview, lang: str) -> tuple[Block, ...]:
    """Every figure's title, caption note and data table, in reading order."""
    ol = overview_labels(lang)
    labels = book_labels(lang)
    total = (ol["total"], overview.total)
    # The provinces with examples, and the others summed up in one row: no list of zeros.
    provinces: list[tuple[str | int, ...]] = [
        (p.label, p.count) for p in overview.provinces if p.count
    ]
    others = sum(1 for p in overview.provinces if not p.count)
    if others:
        key = "all_provinces" if others == len(overview.provinces) else "other_provinces"
        provinces.append((plural(others, _pair(ol[key])).format(n=others), 0))
    map_note = ol["kaart_note"]
    if overview.without_province:
        provinces.append((ol["without_province"], overview.without_province))
        map_note += " " + ol["kaart_without"].format(n=overview.without_province)
    keys = [a.key for a in overview.approaches]
    themes: tuple[tuple[str | int, ...], ...] = tuple(
        (t.label, *(t.parts[keys.index(a)] for a in APPROACH_ORDER), t.count)
        for t in overview.themes
    )
    approach_totals = tuple(overview.approaches[keys.index(a)].count for a in APPROACH_ORDER)
    partners_note = ol["partners_note"]
    if overview.partner_kinds_used > len(overview.partner_kinds):
        partners_note += " " + ol["partners_top"].format(
            shown=len(overview.partner_kinds), used=overview.partner_kinds_used
        )
    return (
        Block(
            "kaart",
            ol["kaart"],
            map_note,
            Table((ol["province"], ol["count"]), tuple(provinces), total),
        ),
        Block(
            "themas",
            ol["themas"],
            ol["themas_note"],
            Table(
                (ol["theme"], *(labels[a] for a in APPROACH_ORDER), ol["total"]),
                themes,
                (ol["total"], *approach_totals, overview.total),
            ),
        ),
        Block(
            "status",
            ol["status"],
            ol["status_note"],
            Table(
                (ol["status_col"], ol["count"]),
                tuple((s.label, s.count) for s in overview.statuses),
                total,
            ),
        ),
        Block(
            "startjaar",
            ol["startjaar"],
            ol["startjaar_note"],
            Table(
                (ol["year"], ol["count"]),
                tuple((y.label, y.count) for y in overview.years),
                total,
            ),
        ),
        Block(
            "partners",
            ol["partners"],
            partners_note,
            Table(
                (ol["kind"], ol["count"]),
                tuple((k.label, k.count) for k in overview.partner_kinds),
                None,
            ),
        ),
    )


def _pair(text: str) -> tuple[str, str]:
    """'one|more': a label with a singular and a plural form."""
    one, _, more = text.partition("|")
    return one, more or one


def _placeholder(key: str) -> str:
    return f"@@werkboek-figuur-{key}@@"


class Drawn(Mapping[str, Markup]):
    """Figures drawn when a template first shows one (charts take a few seconds with
    matplotlib's import; the PDF's runs of examples, which show none, need not wait)."""

    def __init__(self, draw: Callable[[], dict[str, Markup]]) -> None:
        self._draw: Callable[[], dict[str, Markup]] | None = draw
        self._figures: dict[str, Markup] = {}

    def _drawn(self) -> dict[str, Markup]:
        if self._draw is not None:
            self._figures = self._draw()
            self._draw = None
        return self._figures

    def __getitem__(self, key: str) -> Markup:
        return self._drawn()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._drawn())

    def __len__(self) -> int:
        return len(self._drawn())


def overview_context(book: Book, *, medium: str, apart: bool = False) -> dict[str, Any]:
    """`ov` (the counts), `ov_blocks` (title, note and table of each figure), `figures`
    (key → inline SVG markup, drawn on first use) and `ol` (the section's labels).
    `apart`: the charts are drawn in a process of their own, starting now."""
    overview = compute(book)
    layout = "print" if medium == "pdf" else "screen"
    pending = charts_apart(overview, layout) if apart and medium != "epub" else None

    def draw() -> dict[str, Markup]:
        if medium == "epub":
            return {key: Markup(_placeholder(key)) for key in FIGURE_ORDER}
        charts = pending.result() if pending is not None else render_charts(overview, layout)
        if medium == "site":
            return {key: Markup(interactive(charts[key])) for key in FIGURE_ORDER}
        return {key: Markup(charts[key].svg) for key in FIGURE_ORDER}

    return {
        "ov": overview,
        "ov_blocks": blocks(overview, book.taal),
        "figures": Drawn(draw),
        "ol": overview_labels(book.taal),
    }


NO_PROVINCE = "geen"  # the filter value of examples without a province


def site_filters(book: Book) -> dict[str, list[tuple[str, str]]]:
    """The site's extra filters the figures set: province, start year and partner kind,
    with the options that occur among the listed examples (value, label)."""
    ol = overview_labels(book.taal)
    labels = book_labels(book.taal)
    examples = book.examples
    provinces = [(p, p) for p in PROVINCES if any(e.provincie == p for e in examples)]
    if any(not e.provincie for e in examples):
        provinces.append((NO_PROVINCE, ol["without_province"]))
    years = sorted({e.looptijd.start_date.year for e in examples})
    kinds = {p.soort for e in examples for p in e.partners}
    return {
        "provincie": provinces,
        "startjaar": [(str(y), str(y)) for y in years],
        "partner": sorted(
            ((k, labels[k]) for k in PARTNER_KINDS if k in kinds), key=lambda kv: sort_key(kv[1])
        ),
    }


def embed_figures(xhtml: bytes, overview: Overview) -> bytes:
    """Put the SVG figures in place of their placeholders in a well-formed XHTML page."""
    charts: dict[str, Chart] = render_charts(overview, "screen")
    for key in FIGURE_ORDER:
        token = _placeholder(key).encode("ascii")
        if token not in xhtml:
            continue
        xhtml = xhtml.replace(token, charts[key].svg.encode("utf-8"))
    return xhtml


__all__ = ["EPUB_FILE", "SECTION_ID", "Drawn", "embed_figures", "overview_context", "site_filters"]

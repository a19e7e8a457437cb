"""The figures of "De voorbeelden in beeld" as SVG, drawn with matplotlib.

Text stays text (`svg.fonttype: none`) in the bundled Source Sans 3, whose files matplotlib
reads for the metrics; system fonts are never named. The output is byte-reproducible: a
fixed hash salt, no date or tool metadata, ids prefixed per figure (so several figures can
sit inline in one page). Colours come from the book's palette (templates/css/book.css) in
lightness steps that stay apart in greyscale; every text colour is picked for WCAG AA
contrast against what it sits on.

Each figure is one `<svg>` element with a `<title>` (its main finding): WeasyPrint 70 tags
an inline `<svg>` as a Figure with that title as its Alt text, and browsers and e-readers
read it too. Bars and provinces that can filter the site's list carry a `gid`; `targets`
names the filter each one sets (see `interactive`).
"""

from __future__ import annotations

import io
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import TYPE_CHECKING, Any

from workbook.base.design import FONTS
from workbook.model.overview import Bar, Overview
from workbook.render.figures.inline_svg import buttons, clean_svg
from workbook.render.figures.palette import (
    APPROACH_COLOURS,
    APPROACH_ORDER,
    INK,
    MUTED,
    PETROL,
    WHITE,
    text_colour,
)
from workbook.render.jinja import LABELS

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

MM = 1 / 25.4  # inches

FONT_FILES = ("SourceSans3-Regular.otf", "SourceSans3-Semibold.otf", "SourceSans3-Bold.otf")
RC: dict[Any, Any] = {
    "svg.fonttype": "none",
    "svg.hashsalt": "werkboek",
    "font.family": ["Source Sans 3"],
    "font.size": 7.5,
    "axes.unicode_minus": False,
    "text.parse_math": False,  # a '$' in a theme title is a dollar sign, not TeX
    "text.usetex": False,
    "text.color": INK,
}
LABEL_SIZE = 7.5
VALUE_SIZE = 8

_LOCK = threading.Lock()


@dataclass(frozen=True)
class Target:
    """A clickable part of a figure: the element id and the filter it sets on the site."""

    id: str
    filters: tuple[tuple[str, str], ...]  # (filter name, value)
    label: str  # what a screen reader hears, e.g. "Noord-Brabant: 2 voorbeelden"


@dataclass(frozen=True)
class Chart:
    key: str
    svg: str  # one <svg> element, no XML declaration
    alt: str
    targets: tuple[Target, ...]


# ------------------------------------------------------------------------- matplotlib


@cache
def _fonts_registered() -> bool:
    from matplotlib import font_manager

    for name in FONT_FILES:
        font_manager.fontManager.addfont(str(FONTS / name))
    return True


@contextmanager
def figure(width_mm: float, height_mm: float) -> Iterator[Figure]:
    """A matplotlib Figure in the book's style (no pyplot, no global state left behind)."""
    import matplotlib
    from matplotlib.backends.backend_svg import FigureCanvasSVG
    from matplotlib.figure import Figure

    with _LOCK, matplotlib.rc_context(RC):
        _fonts_registered()
        fig = Figure(figsize=(width_mm * MM, height_mm * MM))
        FigureCanvasSVG(fig)
        fig.patch.set_visible(False)
        yield fig


def text_width(text: str, size: float, weight: str = "normal") -> float:
    """Width of `text` in points, measured in the bundled font."""
    from matplotlib.font_manager import FontProperties
    from matplotlib.textpath import TextToPath

    with matplotlib_rc():
        prop = FontProperties(family="Source Sans 3", size=size, weight=weight)
        width, _, _ = TextToPath().get_text_width_height_descent(text, prop, ismath=False)
    return float(width)


@contextmanager
def matplotlib_rc() -> Iterator[None]:
    import matplotlib

    with matplotlib.rc_context(RC):
        _fonts_registered()
        yield


def bare_axes(fig: Figure, rect: tuple[float, float, float, float]) -> Axes:
    ax = fig.add_axes(rect)
    ax.set_axis_off()
    ax.patch.set_visible(False)
    return ax


def to_svg(fig: Figure, key: str, alt: str, targets: Sequence[Target]) -> Chart:
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None, "Format": None})
    return Chart(key, clean_svg(buffer.getvalue(), key, alt), alt, tuple(targets))


def interactive(chart: Chart) -> str:
    """The chart for the site: each target a keyboard-usable button that filters the list."""
    return buttons(chart.svg, chart.key, [(t.id, t.filters, t.label) for t in chart.targets])


# ------------------------------------------------------------------------------ charts


def _examples(n: int, lang: str) -> str:
    if lang == "nl":
        return f"{n} voorbeeld" if n == 1 else f"{n} voorbeelden"
    return f"{n} example" if n == 1 else f"{n} examples"


def bar_chart(
    key: str,
    bars: Sequence[Bar],
    alt: str,
    *,
    filter_name: str,
    width_mm: float,
    lang: str,
    row_mm: float = 5.2,
) -> Chart:
    """Horizontal bars, labels on the left, the count at each bar's end."""
    rows = max(len(bars), 1)
    height_mm = rows * row_mm + 2
    label_pt = max((text_width(b.label, LABEL_SIZE) for b in bars), default=0.0) + 6
    value_pt = text_width("000", VALUE_SIZE, "semibold") + 4
    width_pt = width_mm / 25.4 * 72
    left = label_pt / width_pt
    right = value_pt / width_pt
    highest = max((b.count for b in bars), default=0) or 1
    targets: list[Target] = []
    with figure(width_mm, height_mm) as fig:
        ax = bare_axes(fig, (left, 1 / height_mm, 1 - left - right, 1 - 2 / height_mm))
        ax.set_xlim(0, highest)
        ax.set_ylim(rows - 0.5, -0.5)
        for row, bar in enumerate(bars):
            gid = f"bar-{row + 1}"
            if bar.count:
                (patch,) = ax.barh([row], [bar.count], height=0.62, color=PETROL, linewidth=0)
                patch.set_gid(gid)
                targets.append(Target(gid, ((filter_name, bar.key),), _target_label(bar, lang)))
            ax.text(-highest * 0.02, row, bar.label, ha="right", va="center", fontsize=LABEL_SIZE)
            ax.text(
                bar.count + highest * 0.02,
                row,
                str(bar.count),
                ha="left",
                va="center",
                fontsize=VALUE_SIZE,
                fontweight="semibold",
            )
        ax.axvline(0, color=MUTED, linewidth=0.6)
        return to_svg(fig, key, alt, targets)


def column_chart(
    key: str,
    bars: Sequence[Bar],
    alt: str,
    *,
    filter_name: str,
    width_mm: float,
    lang: str,
    height_mm: float = 46.0,
) -> Chart:
    """Vertical columns (start years): the year below, the count above each column."""
    highest = max((b.count for b in bars), default=0) or 1
    targets: list[Target] = []
    with figure(width_mm, height_mm) as fig:
        ax = bare_axes(fig, (0.02, 6 / height_mm, 0.96, 1 - 11 / height_mm))
        ax.set_xlim(-0.6, max(len(bars), 1) - 0.4)
        ax.set_ylim(0, highest)
        for column, bar in enumerate(bars):
            gid = f"bar-{column + 1}"
            if bar.count:
                (patch,) = ax.bar([column], [bar.count], width=0.66, color=PETROL, linewidth=0)
                patch.set_gid(gid)
                targets.append(Target(gid, ((filter_name, bar.key),), _target_label(bar, lang)))
            ax.text(
                column,
                bar.count + highest * 0.04,
                str(bar.count),
                ha="center",
                va="bottom",
                fontsize=VALUE_SIZE,
                fontweight="semibold",
            )
            ax.text(column, -highest * 0.06, bar.label, ha="center", va="top", fontsize=LABEL_SIZE)
        ax.axhline(0, color=MUTED, linewidth=0.6)
        return to_svg(fig, key, alt, targets)


def theme_chart(overview: Overview, *, width_mm: float) -> Chart:
    """One stacked bar per theme, split by approach; the theme's title above its bar."""
    lang = overview.lang
    labels = LABELS[lang]
    themes = overview.themes
    rows = max(len(themes), 1)
    row_mm = 11.0
    legend_mm = 7.0
    height_mm = rows * row_mm + legend_mm
    highest = max((t.count for t in themes), default=0) or 1
    order = [
        overview.approaches[[a.key for a in overview.approaches].index(k)] for k in APPROACH_ORDER
    ]
    targets: list[Target] = []
    total_pt = text_width("000", VALUE_SIZE, "semibold") + 4
    width_pt = width_mm / 25.4 * 72
    with figure(width_mm, height_mm) as fig:
        body = 1 - legend_mm / height_mm
        ax = bare_axes(fig, (0, 0.5 / height_mm, 1 - total_pt / width_pt, body - 0.5 / height_mm))
        ax.set_xlim(0, highest)
        ax.set_ylim(rows, 0)
        for row, theme in enumerate(themes):
            ax.text(
                0,
                row + 0.28,
                theme.label,
                ha="left",
                va="bottom",
                fontsize=LABEL_SIZE,
                fontweight="semibold",
            )
            start = 0
            parts = dict(zip([a.key for a in overview.approaches], theme.parts, strict=True))
            for approach in order:
                count = parts[approach.key]
                if not count:
                    continue
                fill = APPROACH_COLOURS[approach.key]
                gid = f"thema-{row + 1}-{approach.key}"
                (patch,) = ax.barh(
                    [row + 0.58],
                    [count],
                    left=start,
                    height=0.5,
                    color=fill,
                    edgecolor=WHITE,
                    linewidth=0.8,
                )
                patch.set_gid(gid)
                ax.text(
                    start + count / 2,
                    row + 0.58,
                    str(count),
                    ha="center",
                    va="center",
                    fontsize=VALUE_SIZE,
                    fontweight="semibold",
                    color=text_colour(fill),
                )
                targets.append(
                    Target(
                        gid,
                        (("thema", theme.key), ("benadering", approach.key)),
                        f"{theme.label}, {approach.label.lower()}: {_examples(count, lang)}",
                    )
                )
                start += count
            ax.text(
                theme.count + highest * 0.015,
                row + 0.58,
                str(theme.count),
                ha="left",
                va="center",
                fontsize=VALUE_SIZE,
                fontweight="semibold",
                color=MUTED,
            )
        legend = bare_axes(fig, (0, body, 1, 1 - body))
        legend.set_xlim(0, width_pt)
        legend.set_ylim(0, 1)
        x = 0.0
        for approach in order:
            legend.add_patch(_swatch(x, 0.3, APPROACH_COLOURS[approach.key]))
            legend.text(
                x + 11, 0.5, labels[approach.key], ha="left", va="center", fontsize=LABEL_SIZE
            )
            x += 11 + text_width(labels[approach.key], LABEL_SIZE) + 14
        return to_svg(fig, "themas", overview.findings.themes, targets)


def _swatch(x: float, y: float, colour: str) -> Any:
    from matplotlib.patches import Rectangle

    return Rectangle((x, y), 8, 0.42, facecolor=colour, edgecolor=MUTED, linewidth=0.3)


def _target_label(bar: Bar, lang: str) -> str:
    return f"{bar.label}: {_examples(bar.count, lang)}"


# Widths in mm: the PDF's page layout; narrower for screens, where the SVG is scaled to the
# column and a phone shows it about 1:1 (so 7.5 pt text stays about 10 px).
WIDTHS = {
    "print": {"kaart": 86, "themas": 167, "status": 100, "startjaar": 100, "partners": 100},
    "screen": {"kaart": 72, "themas": 82, "status": 70, "startjaar": 72, "partners": 72},
}


class Drawing:
    """The charts being drawn in a process of their own (see `charts_apart`)."""

    def __init__(self, overview: Overview, layout: str) -> None:
        import multiprocessing

        from workbook.base import interrupt

        self._charts: dict[str, Chart] | None = None
        context = multiprocessing.get_context("spawn")
        self._pipe, child = context.Pipe(duplex=False)
        # Daemonic: a build that stops (Ctrl-C, an error) does not wait for the drawing.
        self._process = context.Process(
            target=_draw_into, args=(child, overview, layout), daemon=True
        )
        with interrupt.held():  # the process never sees Ctrl-C
            self._process.start()
        child.close()

    def __del__(self) -> None:
        # Never asked for (the build stopped first): the process may wait on the pipe.
        try:  # also at exit, when the modules it uses are half gone
            if self._charts is None and self._process.is_alive():
                self._process.terminate()
        except Exception:
            pass

    def result(self) -> dict[str, Chart]:
        if self._charts is None:
            try:
                ok, found = self._pipe.recv()
            except EOFError:
                ok, found = False, RuntimeError("het proces dat de grafieken tekent stopte")
            self._process.join()
            self._pipe.close()
            if not ok:
                raise found
            self._charts = found
        return self._charts


def _draw_into(pipe: Any, overview: Overview, layout: str) -> None:
    try:
        found: tuple[bool, Any] = (True, render_charts(overview, layout))
    except Exception as exc:  # handed to the process that waits for the charts
        found = (False, exc)
    pipe.send(found)
    pipe.close()


@lru_cache(maxsize=1)  # the screen and print editions of one build share it
def charts_apart(overview: Overview, layout: str = "print") -> Drawing:
    """`render_charts` in a process of its own, started now: the PDF's worker processes
    lay out meanwhile, and matplotlib's memory (about 45 MB) goes when the charts are
    done instead of staying in this process through the merge."""
    return Drawing(overview, layout)


@cache
def render_charts(overview: Overview, layout: str = "print") -> dict[str, Chart]:
    """Every figure of the overview by key (kaart, themas, status, startjaar, partners),
    sized for `layout`: 'print' (the PDF) or 'screen' (EPUB and site)."""
    from workbook.render.figures.province_map import province_map

    lang = overview.lang
    findings = overview.findings
    width = WIDTHS[layout]
    return {
        "kaart": province_map(
            overview, width_mm=width["kaart"], name_size=6.5 if layout == "print" else 7.2
        ),
        "themas": theme_chart(overview, width_mm=width["themas"]),
        "status": bar_chart(
            "status",
            overview.statuses,
            findings.status,
            filter_name="status",
            width_mm=width["status"],
            lang=lang,
            row_mm=7.0,
        ),
        "startjaar": column_chart(
            "startjaar",
            overview.years,
            findings.years,
            filter_name="startjaar",
            width_mm=width["startjaar"],
            lang=lang,
        ),
        "partners": bar_chart(
            "partners",
            overview.partner_kinds,
            findings.partners,
            filter_name="partner",
            width_mm=width["partners"],
            lang=lang,
            row_mm=6.4,
        ),
    }


__all__ = ["Chart", "Target", "interactive", "render_charts"]

"""The overview's bar charts: horizontal bars (status, partner kinds), columns (start
years) and one stacked bar per theme split by approach."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from workbook.base.words import LABELS, count
from workbook.model.overview import Bar, Overview
from workbook.render.figures.canvas import (
    LABEL_SIZE,
    VALUE_SIZE,
    Chart,
    Target,
    bare_axes,
    figure,
    text_width,
    to_svg,
)
from workbook.render.figures.palette import (
    APPROACH_COLOURS,
    APPROACH_ORDER,
    MUTED,
    PETROL,
    WHITE,
    text_colour,
)


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
                number = parts[approach.key]
                if not number:
                    continue
                fill = APPROACH_COLOURS[approach.key]
                gid = f"thema-{row + 1}-{approach.key}"
                (patch,) = ax.barh(
                    [row + 0.58],
                    [number],
                    left=start,
                    height=0.5,
                    color=fill,
                    edgecolor=WHITE,
                    linewidth=0.8,
                )
                patch.set_gid(gid)
                # Inside a segment only when the bar has several: else the total after the
                # bar says the same.
                if sum(1 for v in theme.parts if v) > 1:
                    ax.text(
                        start + number / 2,
                        row + 0.58,
                        str(number),
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
                        f"{theme.label}, {approach.label.lower()}: "
                        + count(number, "example", lang),
                    )
                )
                start += number
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
    return f"{bar.label}: " + count(bar.count, "example", lang)


# Widths in mm: the PDF's page layout; narrower for screens, where the SVG is scaled to the
# column and a phone shows it about 1:1 (so 7.5 pt text stays about 10 px).

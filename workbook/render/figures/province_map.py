"""The overview's map of the Netherlands: the twelve provinces shaded by their number of
published examples, the name on each province and the count on those that have examples,
a legend and a note for the examples without a province.

The outlines are Natural Earth's (public domain), simplified and projected once by
scripts/make_province_map.py into data/provincies.json (see data/README.md).
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from workbook.base.words import count as count_words
from workbook.base.words import overview_labels
from workbook.model.overview import Overview
from workbook.render.figures.canvas import LABEL_SIZE, Chart, Target, bare_axes, figure, to_svg
from workbook.render.figures.palette import MUTED, RAMP, WHITE, shade, text_colour

GEOMETRY = Path(__file__).with_name("data") / "provincies.json"
# Where each province's label goes: the point inside it farthest from its border (its "pole
# of inaccessibility", found once by a grid search over the outlines), so that a label
# stands on the land of its own province, never in the sea or a neighbour. Map units:
# 0–839 wide, 0–1000 high, y up.
LABEL_AT = {
    "Drenthe": (730.0, 751.0),
    "Flevoland": (468.0, 635.0),
    "Fryslân": (532.0, 830.0),
    "Gelderland": (560.0, 471.0),
    "Groningen": (726.0, 912.0),
    "Limburg": (555.0, 180.0),
    "Noord-Brabant": (458.0, 278.0),
    "Noord-Holland": (346.0, 705.0),
    "Overijssel": (670.0, 596.0),
    "Utrecht": (421.0, 477.0),
    "Zeeland": (88.0, 276.0),
    "Zuid-Holland": (248.0, 417.0),
}
# Names wider than their province at that point, on two lines.
NAME_LINES = {"Noord-Holland": "Noord-\nHolland"}
BORDER = "#6f7f85"


@cache
def geometry() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(GEOMETRY.read_text(encoding="utf-8"))
    return data


def _rings(flat: list[list[float]]) -> list[list[tuple[float, float]]]:
    return [list(zip(ring[::2], ring[1::2], strict=True)) for ring in flat]


def _area(ring: list[tuple[float, float]]) -> float:
    return 0.5 * sum(
        x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True)
    )


def label_point(name: str, rings: list[list[tuple[float, float]]]) -> tuple[float, float]:
    """Where LABEL_AT puts it, else the centroid of the province's largest part."""
    if name in LABEL_AT:
        return LABEL_AT[name]
    ring = max(rings, key=lambda r: abs(_area(r)))
    area = _area(ring)
    pairs = list(zip(ring, ring[1:] + ring[:1], strict=True))
    cx = sum((x1 + x2) * (x1 * y2 - x2 * y1) for (x1, y1), (x2, y2) in pairs) / (6 * area)
    cy = sum((y1 + y2) * (x1 * y2 - x2 * y1) for (x1, y1), (x2, y2) in pairs) / (6 * area)
    return (cx, cy)


def province_map(overview: Overview, *, width_mm: float, name_size: float = 6.5) -> Chart:
    """The map, `width_mm` wide; province names in `name_size` pt (larger on screens, where
    a phone shows the map about 1:1), counts 2.5 pt larger."""
    from matplotlib.patches import PathPatch, Rectangle
    from matplotlib.path import Path as MplPath

    data = geometry()
    width, height = float(data["breedte"]), float(data["hoogte"])
    words = overview_labels(overview.lang)
    counts = {p.key: p.count for p in overview.provinces}
    highest = max(counts.values(), default=0)
    height_mm = width_mm * height / width
    targets: list[Target] = []
    with figure(width_mm, height_mm) as fig:
        ax = bare_axes(fig, (0, 0, 1, 1))
        ax.set_xlim(0, width)
        ax.set_ylim(0, height)
        ax.set_aspect("equal")
        for number, (name, flat) in enumerate(sorted(data["provincies"].items()), 1):
            rings = _rings(flat)
            count = counts.get(name, 0)
            fill = shade(count, highest)
            path = MplPath.make_compound_path(*(MplPath(r, closed=True) for r in rings))
            patch = PathPatch(path, facecolor=fill, edgecolor=BORDER, linewidth=0.4)
            gid = f"provincie-{number}"
            patch.set_gid(gid)
            ax.add_patch(patch)
            if count:
                label = f"{name}: {count_words(count, 'example', overview.lang)}"
                targets.append(Target(gid, (("provincie", name),), label))
            x, y = label_point(name, rings)
            colour = text_colour(fill)
            shown = NAME_LINES.get(name, name)
            if not count:  # no "0" on the map: the table and the shade say it
                ax.text(x, y, shown, ha="center", va="center", fontsize=name_size, color=MUTED)
                continue
            ax.text(
                x,
                y + 2,
                str(count),
                ha="center",
                va="bottom",
                fontsize=name_size + 2.5,
                fontweight="bold",
                color=colour,
            )
            ax.text(x, y - 2, shown, ha="center", va="top", fontsize=name_size, color=colour)
        _legend(ax, highest, overview.without_province, words, Rectangle)
        return to_svg(fig, "kaart", words["map_alt"] + overview.findings.map, targets)


def _legend(ax: Any, highest: int, without: int, words: dict[str, str], rectangle: Any) -> None:
    """Top left, in the North Sea: the shades and what they count; the examples without a
    province under it."""
    steps = sorted({0, *range(1, highest + 1)}) if highest <= len(RAMP) else None
    x, y = 4.0, 925.0
    ax.text(
        x,
        995.0,
        words["map_legend"],
        ha="left",
        va="top",
        fontsize=LABEL_SIZE,
        fontweight="semibold",
    )
    entries: list[tuple[str, str]] = []
    if steps is not None:
        entries = [(shade(n, highest), str(n)) for n in steps]
    else:
        bounds = [0] + [-(-highest * i // len(RAMP)) for i in range(1, len(RAMP) + 1)]
        entries = [(WHITE, "0")] + [
            (
                RAMP[i],
                f"{bounds[i] + 1}–{bounds[i + 1]}"
                if bounds[i] + 1 < bounds[i + 1]
                else str(bounds[i + 1]),
            )
            for i in range(len(RAMP))
            if bounds[i] < bounds[i + 1]
        ]
    for colour, text in entries:
        ax.add_patch(rectangle((x, y), 30, 30, facecolor=colour, edgecolor=BORDER, linewidth=0.4))
        ax.text(x + 15, y - 6, text, ha="center", va="top", fontsize=LABEL_SIZE)
        x += 40
    if without:
        line = words["map_without"].format(n=without)
        ax.text(4.0, y - 50, line, ha="left", va="top", fontsize=LABEL_SIZE, color=MUTED)


__all__ = ["province_map"]

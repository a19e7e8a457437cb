"""The figures' canvas: matplotlib set up for the book, and a figure turned into inline SVG.

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
from functools import cache
from typing import TYPE_CHECKING, Any

from workbook.base.design import FONTS
from workbook.render.figures.inline_svg import clean_svg
from workbook.render.figures.palette import INK

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

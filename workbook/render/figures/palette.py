"""The book's palette for figures (templates/css/book.css :root) and the colour rules:
lightness steps that stay apart in greyscale, and text colours with WCAG AA contrast."""

from __future__ import annotations

# The book's palette (templates/css/book.css :root) and the shades made from it.
PETROL = "#0b4f5c"
PETROL_DARK = "#073840"
AMBER = "#e3a72f"
INK = "#1d2529"
MUTED = "#55636a"
WHITE = "#ffffff"
# Sequential petrol ramp for the map, light to dark (greyscale 220, 185, 137, 92, 42).
RAMP = ("#cfe3e6", "#9cc4ca", "#5f9aa3", "#2c6f7b", PETROL_DARK)
# Theme × approach, in the order drawn: dark, middle, light (greyscale 42, 92, 171).
APPROACH_ORDER = ("repressief", "beide", "preventief")
APPROACH_COLOURS = {"repressief": PETROL_DARK, "beide": "#2c6f7b", "preventief": AMBER}


def luminance(colour: str) -> float:
    """WCAG relative luminance of '#rrggbb'."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def text_colour(fill: str) -> str:
    """Ink or white, whichever reads better on `fill`."""
    return WHITE if contrast(fill, WHITE) > contrast(fill, INK) else INK


def shade(count: int, highest: int) -> str:
    """The map colour for `count` examples when the busiest province has `highest`."""
    if count <= 0 or highest <= 0:
        return WHITE
    step = -(-count * len(RAMP) // highest)  # ceil: the highest count gets the darkest
    return RAMP[min(step, len(RAMP)) - 1]


__all__ = ["APPROACH_COLOURS", "RAMP", "contrast", "luminance", "shade", "text_colour"]

"""Image preflight: is every photo sharp enough (300 ppi) at the size it is printed?

Two ways to know the printed size:

- from the layout (`workbook build` with a PDF): the PDF renderer measures the width
  each image is printed at, and `layout_diagnostics` turns those widths into warnings;
- from the design (`workbook check`, and builds without a PDF): an image is printed at
  its natural size (96 pixels per CSS inch) but never wider than `--image-max-width` nor
  taller than `--image-max-height`, both declared in the `:root` rule of the design's
  templates/css/book.css (`design_limits`).

The hint asks for the pixels the image needs at the width it would get with enough
pixels: the full frame of the design (text width, or less for a tall image), or the
printed width when the layout, not the pixel count, decides it.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from workbook.base.errors import Diagnostic, warning
from workbook.base.words import format_decimal, format_number
from workbook.check.image_header import image_header

if TYPE_CHECKING:
    from workbook.model.book import Book

CODE = "low-resolution"
MIN_PPI = 300
MM_PER_INCH = 25.4
PT_PER_CSS_PX = 0.75  # 96 CSS px = 72 pt = 1 inch
RASTER_SUFFIXES = (".png", ".jpg", ".jpeg")
_UNITS_MM = {"mm": 1.0, "cm": 10.0, "in": 25.4, "pt": 25.4 / 72, "px": 25.4 / 96}


@dataclass(frozen=True)
class DesignLimits:
    """The largest box the design prints an image in, in millimetres."""

    max_width_mm: float
    max_height_mm: float

    def frame_mm(self, pixels: tuple[int, int]) -> float:
        """The width an image of this shape gets when it has pixels enough."""
        width, height = pixels
        return min(self.max_width_mm, self.max_height_mm * width / max(height, 1))

    def printed_mm(self, pixels: tuple[int, int]) -> float:
        """The width it gets with the pixels it has (natural size at 96 px per inch)."""
        return min(self.frame_mm(pixels), pixels[0] * MM_PER_INCH / 96)


DEFAULT_LIMITS = DesignLimits(167.0, 110.0)


def _length_mm(css: str, name: str) -> float | None:
    match = re.search(rf"--{name}\s*:\s*([0-9]+(?:\.[0-9]+)?)\s*(mm|cm|in|pt|px)\s*;", css)
    return float(match.group(1)) * _UNITS_MM[match.group(2)] if match else None


@functools.cache
def design_limits(root: Path) -> DesignLimits:
    """The limits the project's design declares (its own book.css, else the default)."""
    from workbook.base.design import design_file

    path = design_file(root, "css/book.css")
    try:
        css = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return DEFAULT_LIMITS
    return DesignLimits(
        _length_mm(css, "image-max-width") or DEFAULT_LIMITS.max_width_mm,
        _length_mm(css, "image-max-height") or DEFAULT_LIMITS.max_height_mm,
    )


def pixel_size(path: Path) -> tuple[int, int] | None:
    """Width and height as shown (EXIF rotation applied), from the header only; None for
    anything that is not a readable PNG or JPEG."""
    header = image_header(path)
    return None if header is None or header.refused else header.shown


# --- the diagnostic ----------------------------------------------------------------------


def pixels_needed(width_mm: float) -> int:
    return math.ceil(round(width_mm / MM_PER_INCH * MIN_PPI, 6))


@dataclass(frozen=True)
class LowResolution:
    """One image under 300 ppi: what it has and what it needs."""

    pixels: int
    printed_mm: float
    target_mm: float

    @property
    def ppi(self) -> float:
        return self.pixels / (self.printed_mm / MM_PER_INCH)

    @property
    def needed(self) -> int:
        return pixels_needed(self.target_mm)


def assess(pixels: tuple[int, int], printed_mm: float, target_mm: float) -> LowResolution | None:
    finding = LowResolution(pixels[0], printed_mm, max(target_mm, printed_mm))
    return finding if printed_mm > 0 and finding.ppi < MIN_PPI - 1e-6 else None


def low_resolution(
    file: Path,
    line: int,
    column: int,
    field: str,
    name: str,
    finding: LowResolution,
    width: int = 1,
) -> Diagnostic:
    return warning(
        file,
        line,
        column,
        CODE,
        f"afbeelding '{name}' is te grof voor druk: {format_number(finding.pixels)} pixels "
        f"breed op {format_decimal(finding.printed_mm / 10)} cm is {math.floor(finding.ppi)} ppi; "
        f"nodig is {MIN_PPI} ppi",
        field=field,
        hint=f"lever een grotere versie aan: minstens {format_number(finding.needed)} pixels "
        f"breed voor {format_decimal(finding.target_mm / 10)} cm",
        width=width,
    )


def design_diagnostics(
    path: Path, root: Path, file: Path, mark: Any, field: str, name: str
) -> list[Diagnostic]:
    """`workbook check`: the image at `path` against the design's frame. `mark` has the
    line, column and width of the `bestand` value."""
    if path.suffix.lower() not in RASTER_SUFFIXES:
        return []
    pixels = pixel_size(path)
    if pixels is None:
        return []
    limits = design_limits(root)
    finding = assess(pixels, limits.printed_mm(pixels), limits.frame_mm(pixels))
    if finding is None:
        return []
    return [low_resolution(file, mark.line, mark.column, field, name, finding, mark.width)]


# --- from the layout ---------------------------------------------------------------------


def layout_diagnostics(book: Book, widths: Mapping[str, float]) -> list[Diagnostic]:
    """The images of `book` that the layout prints under 300 ppi, each on the line of its
    `bestand`. `widths`: per image (its path relative to the project, with /), the largest
    width in points at which the laid-out PDF prints it."""
    limits = design_limits(book.root)
    found = []
    for example in book.examples:
        for index, image in enumerate(example.afbeeldingen):
            relative = image.path.resolve().relative_to(book.root.resolve()).as_posix()
            printed_pt = widths.get(relative)
            if printed_pt is None or image.path.suffix.lower() not in RASTER_SUFFIXES:
                continue
            pixels = pixel_size(image.path)
            if pixels is None:
                continue
            printed_mm = printed_pt / 72 * MM_PER_INCH
            natural = abs(printed_pt - pixels[0] * PT_PER_CSS_PX) < 0.5
            # Drawn at its natural size, the image would grow with more pixels: the hint
            # names the width of the frame. Otherwise the layout decided the width.
            target = limits.frame_mm(pixels) if natural else printed_mm
            finding = assess(pixels, printed_mm, target)
            if finding is not None:
                found.append(_at_bestand(book.root / example.source, index, image.name, finding))
    return found


def _at_bestand(yaml_file: Path, index: int, name: str, finding: LowResolution) -> Diagnostic:
    """The diagnostic on the `bestand` line of image `index` (0-based) of `yaml_file`."""
    from workbook.base.project import display_path
    from workbook.load.source import load

    shown = display_path(yaml_file)
    source, _ = load(yaml_file, shown)
    key = ("afbeeldingen", index, "bestand")
    line, column, width = 1, 1, 1
    if source is not None:
        mark = source.value_mark(key)
        line, column, width = mark.line, mark.column, mark.width
    return low_resolution(
        shown, line, column, f"afbeeldingen[{index + 1}].bestand", name, finding, width
    )

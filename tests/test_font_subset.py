"""The fontTools subsetter (used where HarfBuzz's subsetter is missing) gives the same bytes
in every build: the subset keeps the font's own date in its head table."""

from __future__ import annotations

import io

from fontTools.ttLib import TTFont

from workbook.base.design import FONTS
from workbook.render.pdf.fonts import _fonttools_subset


def test_the_fonttools_subset_keeps_the_fonts_date() -> None:
    data = (FONTS / "SourceSerif4-Regular.otf").read_bytes()
    subset = _fonttools_subset(data, [1, 2, 3, 40])
    original = TTFont(io.BytesIO(data))["head"].modified
    assert TTFont(io.BytesIO(subset))["head"].modified == original
    assert _fonttools_subset(data, [1, 2, 3, 40]) == subset

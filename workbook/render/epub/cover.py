"""The EPUB's cover image: title, subtitle and publisher over a quiet row of houses, drawn
with the bundled Source Sans 3 into deterministic PNG bytes."""

from __future__ import annotations

import io
from typing import Any

from PIL import Image as PILImage
from PIL import ImageDraw, ImageFont

from workbook.base.design import FONTS
from workbook.model.book import Book

COVER_SIZE = (1600, 2400)


def _wrap(draw: ImageDraw.ImageDraw, text: str, font: Any, width: int) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        if lines and draw.textlength(f"{lines[-1]} {word}", font=font) <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines


def _skyline(draw: ImageDraw.ImageDraw, width: int, ground: int) -> None:
    """A quiet row of houses (the neighbourhood) standing on `ground`; one lit window."""
    houses = (
        (0, 210, 300),
        (200, 170, 380),
        (360, 240, 250),
        (590, 190, 420),
        (770, 230, 300),
        (990, 180, 360),
        (1160, 250, 280),
        (1400, 200, 400),
    )
    shade = (36, 73, 111)
    for x, w, h in houses:
        top = ground - h
        draw.rectangle((x, top, x + w, ground), fill=shade)
        draw.polygon(
            [(x - 10, top), (x + w // 2, top - w // 2 + 20), (x + w + 10, top)], fill=shade
        )
        for row in range(2):
            for col in range(2):
                wx = x + w // 4 + col * (w // 2) - 18
                wy = top + 50 + row * 110
                if wy + 60 < ground - 20:
                    draw.rectangle((wx, wy, wx + 36, wy + 60), fill=(22, 50, 79))
    draw.rectangle((1032, ground - 310, 1068, ground - 250), fill=(232, 160, 43))
    draw.rectangle((0, ground, width, ground + 12), fill=(232, 160, 43))


def cover_png(book: Book) -> bytes:
    """The cover, drawn with the bundled Source Sans 3: deterministic PNG bytes."""
    width, height = COVER_SIZE
    margin = 150
    limit = 1240  # the text stays above the houses
    image = PILImage.new("RGB", COVER_SIZE, (22, 50, 79))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, width, 40), fill=(232, 160, 43))
    semibold = ImageFont.truetype(str(FONTS / "SourceSans3-Semibold.otf"), 56)
    for size in (132, 116, 100, 88, 76, 64):
        bold = ImageFont.truetype(str(FONTS / "SourceSans3-Bold.otf"), size)
        regular = ImageFont.truetype(str(FONTS / "SourceSans3-Regular.otf"), size * 64 // 132)
        title = _wrap(draw, book.titel, bold, width - 2 * margin)
        subtitle = _wrap(draw, book.ondertitel or "", regular, width - 2 * margin)
        title_step, subtitle_step = size * 156 // 132, size * 84 // 132
        if 420 + len(title) * title_step + 120 + len(subtitle) * subtitle_step <= limit:
            break
    y = 420
    if book.edition_of:  # an edition: the whole werkboek's title in the space above its own
        kicker = ImageFont.truetype(str(FONTS / "SourceSans3-Semibold.otf"), 44)
        lines = _wrap(draw, book.edition_of.upper(), kicker, width - 2 * margin)[:2]
        for number, line in enumerate(lines):
            draw.text((margin, 250 + 58 * number), line, font=kicker, fill=(232, 160, 43))
    for line in title:
        draw.text((margin, y), line, font=bold, fill=(255, 255, 255))
        y += title_step
    y += 30
    draw.rectangle((margin, y, margin + 220, y + 14), fill=(232, 160, 43))
    y += 90
    for line in subtitle:
        draw.text((margin, y), line, font=regular, fill=(226, 234, 242))
        y += subtitle_step
    _skyline(draw, width, height - 560)
    draw.text(
        (margin, height - margin - 70),
        f"{book.uitgever} · {book.jaar}",
        font=semibold,
        fill=(255, 255, 255),
    )
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=False)
    return out.getvalue()

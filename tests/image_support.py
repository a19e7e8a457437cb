"""A small project with pictures: a photo (JPEG), a drawing in one colour (PNG) and an SVG.

The print tests convert it to CMYK, the archival tests check that the reader PDF stays
PDF/A with raster images in it.
"""

from __future__ import annotations

import io
from pathlib import Path

from conftest import VALID_EXAMPLE, write_project
from PIL import Image

IMAGES_EXAMPLE_TAIL = """\
afbeeldingen:
  - bestand: img/foto.jpg
    alt: Een foto van de wijk
  - bestand: img/schema.png
    alt: Een schema met kleuren
  - bestand: img/tekening.svg
    alt: Een tekening van de partners
"""


def photo() -> bytes:
    image = Image.new("RGB", (3000, 2000), (227, 167, 47))
    for x in range(0, 3000, 300):
        image.paste((11, 79, 92), (x, 0, x + 150, 2000))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85)
    return out.getvalue()


def png(size: tuple[int, int], colour: tuple[int, int, int]) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, "PNG")
    return out.getvalue()


SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="100">'
    '<rect width="200" height="100" style="fill: #dfe9f2"/>'
    '<circle cx="50" cy="50" r="40" fill="rgb(31, 95, 139)" stroke="orange"/>'
    '<text x="110" y="55">Wijk</text></svg>'
)


def image_project(root: Path) -> Path:
    return write_project(
        root,
        VALID_EXAMPLE + IMAGES_EXAMPLE_TAIL,
        files={
            "examples/onderwijs/img/foto.jpg": photo(),
            "examples/onderwijs/img/schema.png": png((3000, 1000), (31, 95, 139)),
            "examples/onderwijs/img/tekening.svg": SVG,
        },
    )

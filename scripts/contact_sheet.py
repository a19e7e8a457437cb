"""`make contact-sheet`: a PNG of representative pages for the README.

Needs pdftoppm (Debian: poppler-utils). Picks the cover, the contents, a theme opener, the
first pages of an example, its "Aan de slag" page and a register, found by their text.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont
from pypdf import PdfReader

from workbook.base.design import FONTS

FONT = FONTS / "SourceSans3-Semibold.otf"


def pick_pages(pdf: Path) -> list[tuple[int, str]]:
    texts = [(page.extract_text() or "") for page in PdfReader(pdf).pages]

    def first(pattern: str, start: int = 0) -> int:
        return next(i for i, t in enumerate(texts) if i >= start and re.search(pattern, t)) + 1

    opener = first(r"(?i)^thema 2", 2)
    example = opener + 1
    return [
        (1, "omslag"),
        (first(r"Inhoudsopgave"), "inhoud"),
        (opener, "thema"),
        (example, "voorbeeld"),
        (example + 1, "voorbeeld"),
        (first(r"(?i)aan de slag", example), "aan de slag"),
        (first(r"(?m)^Trefwoorden$"), "register"),
    ]


def main(pdf: Path, target: Path) -> int:
    if shutil.which("pdftoppm") is None:
        print(
            "pdftoppm ontbreekt: installeer het met 'apt-get install -y poppler-utils'",
            file=sys.stderr,
        )
        return 1
    pages = pick_pages(pdf)
    tiles = []
    with tempfile.TemporaryDirectory() as tmp:
        for number, label in pages:
            out = Path(tmp) / f"p{number}"
            subprocess.run(
                [
                    "pdftoppm",
                    "-png",
                    "-r",
                    "40",
                    "-f",
                    str(number),
                    "-l",
                    str(number),
                    "-singlefile",
                    str(pdf),
                    str(out),
                ],
                check=True,
            )
            tiles.append((Image.open(f"{out}.png").convert("RGB"), f"p. {number} · {label}"))
    width, height = tiles[0][0].size
    gap, caption = 16, 28
    sheet = Image.new(
        "RGB", (len(tiles) * (width + gap) + gap, height + caption + 2 * gap), "#e9e4d8"
    )
    draw = ImageDraw.Draw(sheet)
    font = ImageFont.truetype(str(FONT), 15)
    for index, (tile, label) in enumerate(tiles):
        x = gap + index * (width + gap)
        sheet.paste(tile, (x, gap))
        draw.rectangle([x - 1, gap - 1, x + width, gap + height], outline="#9aa6a9")
        draw.text((x, gap + height + 6), label, fill="#1d2529", font=font)
    target.parent.mkdir(parents=True, exist_ok=True)
    sheet.save(target, optimize=True)
    print(f"{target} geschreven ({len(tiles)} pagina's)")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]), Path(sys.argv[2])))

"""Regenerate the CMYK palette in templates/css/print.css from the screen palette.

The part between the markers

    /* BEGIN CMYK-PALET (gegenereerd: scripts/gen_print_palette.py) */
    /* END CMYK-PALET */

is rebuilt from the colour variables of `:root` in templates/css/book.css, converted
through the print profile (templates/color/werkboek-fogra39.icc) by
`workbook.render.print.color.print_palette`: text and hairline colours in black ink only, the
others as the profile prints them. Everything outside the markers is left alone.

    python scripts/gen_print_palette.py            # write the file
    python scripts/gen_print_palette.py --check    # exit 1 when the file is out of date
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from workbook.render.print.color import palette_css

ROOT = Path(__file__).resolve().parent.parent
BOOK_CSS = ROOT / "templates" / "css" / "book.css"
PRINT_CSS = ROOT / "templates" / "css" / "print.css"
BEGIN = "/* BEGIN CMYK-PALET (gegenereerd: scripts/gen_print_palette.py) */"
END = "/* END CMYK-PALET */"


def regenerated(print_css: str, book_css: str) -> str:
    """`print_css` with the palette block replaced (or appended when it has none)."""
    block = f"{BEGIN}\n{palette_css(book_css)}\n{END}"
    if BEGIN in print_css and END in print_css:
        head, rest = print_css.split(BEGIN, 1)
        _, tail = rest.split(END, 1)
        return head + block + tail
    return print_css.rstrip("\n") + "\n\n" + block + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only check, write nothing")
    args = parser.parse_args(argv)
    current = PRINT_CSS.read_text(encoding="utf-8")
    fresh = regenerated(current, BOOK_CSS.read_text(encoding="utf-8"))
    if args.check:
        if fresh != current:
            print(f"{PRINT_CSS} is niet actueel: draai python {__file__}", file=sys.stderr)
            return 1
        return 0
    if fresh != current:
        PRINT_CSS.write_text(fresh, encoding="utf-8")
        print(f"bijgewerkt: {PRINT_CSS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

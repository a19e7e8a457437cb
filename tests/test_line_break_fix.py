"""The corrections to WeasyPrint's line breaking (`render.pdf.line_break_fix`).

The shortcut for min-content widths with `overflow-wrap: anywhere` must give the same
layout as WeasyPrint's own way: a table with automatic column widths, whose cells hold
every kind of text that breaks differently (a URL, a long compound word with hyphenation,
soft hyphens, runs of spaces, combining accents, an emoji, inline elements, ligatures,
punctuation, one letter),
is laid out both ways and every box lands in the same place with the same size.
"""

from __future__ import annotations

from typing import Any

import pytest
from weasyprint import HTML
from weasyprint.layout import preferred

from workbook.render.pdf import layout, line_break_fix

CELLS = [
    "https://www.example.org/gemeente/ondermijning/aanpak/wijkgerichte-aanpak?jaar=2025",
    "Ondermijningsbestrijdingsprogrammaverantwoordelijke",
    "weer\u00adbaar\u00adheids\u00adlessen in groep 7 en 8",
    "twee   spaties    en meer",
    "Cafe\u0301 en ge\u0308e\u0308valueerd",
    "Jongeren 🧑‍🎓 en ouders",
    "Een <em>nadruk</em> en <a href='#x'>een link</a> in de cel",
    "a",
    "12.345 m² in 2024–2025",
    "Politie, OM, gemeente&nbsp;Tilburg en Halt",
    "(zie ook: www.hetccv.nl), “citaat” — 50% van €10… ‘kort’ ",
    "ÀÉÎõü ĳ ŉ ǅ ȸ — x ∑ √ ½ ™",
    "officiële afficheflyers: fiets, ffi, fl, Th",
]

DOCUMENT = """<!DOCTYPE html><html lang="nl"><head><style>
  @page {{ size: A4; margin: 20mm; }}
  body {{ font-family: "Source Serif 4"; font-size: 9pt; hyphens: auto; }}
  td, th {{ overflow-wrap: anywhere; padding: 1mm 2mm 1mm 0; }}
</style></head><body>
<table><tr>{row1}</tr><tr>{row2}</tr></table>
<table style="width: 40mm"><tr>{row1}</tr></table>
</body></html>"""


def _boxes(html: str) -> list[tuple[str, float, float, float, float]]:
    """(type, x, y, width, height) of every box on every page, in document order."""
    found: list[tuple[str, float, float, float, float]] = []

    def walk(box: Any) -> None:
        found.append((type(box).__name__, box.position_x, box.position_y, box.width, box.height))
        for child in getattr(box, "children", []):
            walk(child)

    for page in HTML(string=html).render().pages:
        walk(page._page_box)
    return found


def test_min_content_shortcut_lays_out_exactly_as_weasyprint(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    layout.setup()
    patched = line_break_fix._APPLIED["split_first_line"]
    assert preferred.split_first_line is patched
    html = DOCUMENT.format(
        row1="".join(f"<td>{text}</td>" for text in CELLS[:6]),
        row2="".join(f"<td>{text}</td>" for text in CELLS[6:]),
    )
    taken: list[str] = []
    shortcut = line_break_fix._first_character

    def counted(text: str, *args: Any) -> Any:
        taken.append(text)
        return shortcut(text, *args)

    monkeypatch.setattr(line_break_fix, "_first_character", counted)
    fast = _boxes(html)
    assert len(taken) > 100  # the shortcut did the work, character by character

    monkeypatch.setattr(preferred, "split_first_line", patched.original)
    taken.clear()
    plain = _boxes(html)
    assert taken == []
    assert fast == plain

"""Nothing reaches into the margins, whatever the content: no table, rule, box or text on
any page of the screen or print PDF stands outside the text block.

Tested on the PDF itself: each page is rasterised (pdfium) and every column of pixels
between the paper's edge (the trim box in the print edition) and the text block must be
paper white. The running heads and folios sit above and below the text, inside its width.
"""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
import pytest
from conftest import VALID_EXAMPLE, write_project

from workbook.build.run import BuildOptions, run_build

DPI = 100
PX_PER_MM = DPI / 25.4
PT_PER_MM = 72 / 25.4
# The design's page margins (templates/css/book.css): inner 25 mm, outer 18 mm.
INNER, OUTER = 25.0, 18.0
# Rules end in half their stroke width beyond the text edge; anti-aliasing adds a pixel.
TOLERANCE_MM = 0.6
PAPER = 235  # a pixel darker than this (greyscale) is ink

LONG_CONTENT = VALID_EXAMPLE.replace(
    "  - naam: Politie Midden-Nederland\n    soort: politie\n",
    "  - naam: Politie Midden-Nederland\n    soort: politie\n"
    "    rol: Arbeidsmarktregiodienstverleningscoördinatiewerkzaamhedenondersteuning\n"
    "  - naam: Samenwerkingsverbandondermijningsbestrijdingsprogrammacoördinatie\n"
    "    soort: overig\n",
) + (
    "resultaten:\n"
    "  - omschrijving: Huishoudens in de wijk bereikt met de huis-aan-huiscampagne\n"
    "    waarde: 1234567890.25\n"
    "    eenheid: kilowattuurequivalenten per vierkantekilometer\n"
    "    jaar: 2023\n"
    "    bron: https://www.example.org/rapporten/2023/ondermijning/wijkaanpak/"
    "evaluatie-eindrapportage-definitief-versie-3.pdf?download=true&taal=nl\n"
    "  - omschrijving: Leerlingen\n"
    "    waarde: 40\n"
    "    bron: Gemeentelijkeonderzoeksafdelingrapportagesysteemuitdraaivanhetjaarverslag\n"
    "knelpunten:\n"
    "  - knelpunt: Informatiedelingsconvenantenonderhandelingsprocedureproblematiek\n"
    "    oplossing: Zie https://www.example.org/eenheelerglangadreszonderspatiesof"
    "afbreekpuntenerin/convenant\n"
    "bronnen:\n"
    "  - titel: Een rapport met een lang webadres\n"
    "    url: https://www.example.org/een/heel/lang/pad/zonder/spaties/"
    "ondermijningsbestrijdingsprogrammaevaluatie/2024/eindversie.pdf\n"
)


def ink_outside_the_text_block(path: Path, *, print_edition: bool) -> list[str]:
    """Per page (the cover and colophon aside), where ink stands in a side margin."""
    problems = []
    pdf = pdfium.PdfDocument(path)
    try:
        for index in range(2, len(pdf)):
            page = pdf[index]
            number = index + 1
            media_left, *_ = page.get_mediabox()
            trim_left, _, trim_right, _ = (
                page.get_trimbox() if print_edition else (page.get_mediabox())
            )
            image = page.render(scale=DPI / 72).to_pil().convert("L")
            pixels = image.load()

            def px(pt: float, left: float = media_left) -> float:
                return (pt - left) / 72 * DPI

            inner_left = number % 2 == 1  # a right-hand page has its binding on the left
            left = trim_left + (INNER if inner_left else OUTER) * PT_PER_MM
            right = trim_right - (OUTER if inner_left else INNER) * PT_PER_MM
            tolerance = TOLERANCE_MM * PX_PER_MM
            columns = [
                x
                for x in range(image.width)
                # (the pixel columns on the paper's edge itself show the edge, not ink)
                if px(trim_left) + 1 <= x < px(left) - tolerance
                or px(right) + tolerance < x < px(trim_right) - 1
            ]
            inked = [x for x in columns if any(pixels[x, y] < PAPER for y in range(image.height))]
            if inked:
                first, last = (
                    round((x / DPI * 72 + media_left) / PT_PER_MM, 1)
                    for x in (min(inked), max(inked))
                )
                problems.append(f"pagina {number}: inkt van x = {first} tot {last} mm")
    finally:
        pdf.close()
    return problems


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = write_project(tmp_path_factory.mktemp("lang") / "project", LONG_CONTENT)
    options = BuildOptions(root, formats=frozenset({"pdf"}), print_pdf=True, quiet=True)
    assert run_build(options) == 0
    return root / "dist"


def test_long_content_stays_inside_the_text_block_in_the_screen_pdf(built: Path) -> None:
    assert (
        ink_outside_the_text_block(built / "testwerkboek-ondermijning.pdf", print_edition=False)
        == []
    )


def test_long_content_stays_inside_the_text_block_in_the_print_pdf(built: Path) -> None:
    path = built / "testwerkboek-ondermijning-druk.pdf"
    assert ink_outside_the_text_block(path, print_edition=True) == []


def test_the_bundled_book_stays_inside_its_text_block(screen_pdf: bytes, tmp_path: Path) -> None:
    path = tmp_path / "boek.pdf"
    path.write_bytes(screen_pdf)
    assert ink_outside_the_text_block(path, print_edition=False) == []


def test_the_check_sees_ink_in_a_margin(tmp_path: Path) -> None:
    """The raster check is not blind: a page with a rule drawn into the outer margin fails."""
    import pikepdf

    pdf = pikepdf.new()
    for _ in range(3):
        pdf.add_blank_page(page_size=(595.28, 841.89))
    pdf.pages[2].contents_add(pikepdf.Stream(pdf, b"0 0 0 RG 2 w 100 400 m 590 400 l S"))
    pdf.save(tmp_path / "rule.pdf")
    (problem,) = ink_outside_the_text_block(tmp_path / "rule.pdf", print_edition=False)
    assert problem.startswith("pagina 3: inkt van x = ")

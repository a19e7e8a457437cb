"""The print edition a printing house accepts: PDF/X-4 for FOGRA39, CMYK only, crop marks.

The bundled book's `-druk.pdf` is parsed with pikepdf: no free PDF/X validator exists, so
these tests are the check (issue 12). Ghostscript must render every page without errors.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from pathlib import Path

import pikepdf
import pytest
from image_support import image_project
from PIL import ImageCms

from workbook.build.run import BuildOptions, run_build
from workbook.render.print import pdfx
from workbook.render.print.checks import box_problems, device_rgb_uses, unembedded_fonts
from workbook.render.print.color import PROFILE_PATH, palette_css, print_palette

REPO = Path(__file__).resolve().parents[1]
MM = 72 / 25.4
A4 = (595.2756, 841.8898)


@pytest.fixture(scope="module")
def druk(print_pdf: bytes) -> pikepdf.Pdf:
    return pikepdf.open(io.BytesIO(print_pdf))


def _box(value: object) -> list[float]:
    return [float(v) for v in value]  # type: ignore[attr-defined]


# --- the profile and the palette ----------------------------------------------------------


def test_profile_is_a_cmyk_output_profile_with_a_clear_description() -> None:
    profile = ImageCms.getOpenProfile(str(PROFILE_PATH))
    assert profile.profile.xcolor_space.strip() == "CMYK"
    assert profile.profile.device_class == "prtr"
    assert ImageCms.getProfileDescription(profile).strip() == (
        "werkboek FOGRA39 (ISO 12647-2 coated)"
    )
    assert (PROFILE_PATH.parent / "LICENSE-zlib.txt").is_file()


def test_print_css_holds_the_palette_computed_from_the_screen_colours() -> None:
    book_css = (REPO / "templates/css/book.css").read_text("utf-8")
    print_css = (REPO / "templates/css/print.css").read_text("utf-8")
    assert palette_css(book_css) in print_css, "draai scripts/gen_print_palette.py"


def test_text_is_black_ink_only_and_body_text_solid_black() -> None:
    palette = print_palette((REPO / "templates/css/book.css").read_text("utf-8"))
    assert palette["ink"] == (0, 0, 0, 100)
    for name in ("muted", "rule", "write-in"):
        c, m, y, k = palette[name]
        assert (c, m, y) == (0, 0, 0) and 0 < k < 100, name
    # The brand colours keep their hue: petrol is cyan-heavy, amber magenta and yellow.
    assert palette["petrol"].c > palette["petrol"].m
    assert palette["amber"].y > palette["amber"].m > palette["amber"].c


def test_book_css_has_no_colour_outside_the_palette() -> None:
    css = (REPO / "templates/css/book.css").read_text("utf-8")
    body = css.split("}", 1)[1]  # everything after :root
    assert re.findall(r"#[0-9a-fA-F]{3,8}\b|rgba?\(", body) == []


# --- the PDF/X-4 file ---------------------------------------------------------------------


def test_output_intent_is_gts_pdfx_with_an_n4_icc_profile(druk: pikepdf.Pdf) -> None:
    (intent,) = druk.Root.OutputIntents
    assert intent.S == "/GTS_PDFX"
    assert str(intent.OutputConditionIdentifier) == "FOGRA39"
    assert str(intent.RegistryName) == "http://www.color.org"
    assert str(intent.Info) == "werkboek FOGRA39 (ISO 12647-2 coated)"
    profile = intent.DestOutputProfile
    assert profile.N == 4
    assert profile.read_bytes() == PROFILE_PATH.read_bytes()


def test_every_page_has_an_a4_trimbox_and_a_3mm_bleedbox(druk: pikepdf.Pdf) -> None:
    assert box_problems(druk) == []
    for page in druk.pages:
        x0, y0, x1, y1 = _box(page.obj.TrimBox)
        assert (x1 - x0, y1 - y0) == pytest.approx(A4, abs=0.01)
        assert _box(page.obj.BleedBox) == pytest.approx(
            [x0 - 3 * MM, y0 - 3 * MM, x1 + 3 * MM, y1 + 3 * MM], abs=0.01
        )
        media = _box(page.mediabox)
        assert media[0] < x0 - 8 * MM and media[2] > x1 + 8 * MM  # room for the marks


def test_no_device_rgb_anywhere(druk: pikepdf.Pdf) -> None:
    assert device_rgb_uses(druk) == []


def test_the_rgb_checker_finds_what_the_screen_edition_paints(
    made: dict[str, Path],
) -> None:
    with pikepdf.open(made["screen"]) as screen:
        found = device_rgb_uses(screen)
    assert any("kleur in RGB (rg)" in line for line in found)
    assert any(line.startswith("object") for line in found)  # an RGB image


def test_fonts_are_embedded(druk: pikepdf.Pdf) -> None:
    assert unembedded_fonts(druk) == []


def test_xmp_says_pdfx4_and_its_ids_come_from_the_content(druk: pikepdf.Pdf) -> None:
    xmp = druk.Root.Metadata.read_bytes().decode("utf-8")
    assert "<pdfxid:GTS_PDFXVersion>PDF/X-4</pdfxid:GTS_PDFXVersion>" in xmp
    assert "<pdf:Trapped>False</pdf:Trapped>" in xmp
    assert re.search(r"<xmpMM:DocumentID>uuid:[0-9a-f-]{36}</xmpMM:DocumentID>", xmp)
    assert "/Filter" not in druk.Root.Metadata  # plain text, as PDF/X tools read it
    created = str(druk.docinfo.CreationDate)  # D:YYYYMMDD…
    assert f"<xmp:CreateDate>{created[2:6]}-{created[6:8]}-{created[8:10]}T" in xmp


def test_info_version_and_encryption(druk: pikepdf.Pdf) -> None:
    assert druk.docinfo.Trapped == "/False"
    assert druk.pdf_version == "1.6"
    assert not druk.is_encrypted and "/Encrypt" not in druk.trailer


def test_print_edition_stays_tagged(druk: pikepdf.Pdf) -> None:
    assert "/StructTreeRoot" in druk.Root
    assert druk.Root.MarkInfo.Marked is True


def test_crop_marks_are_registration_colour_artifacts_outside_the_bleed(
    druk: pikepdf.Pdf,
) -> None:
    page = druk.pages[1]
    space = page.Resources.ColorSpace[pdfx.REGISTRATION]
    assert [str(v) for v in space[:3]] == ["/Separation", "/All", "/DeviceCMYK"]
    last = page.obj.Contents[-1].read_bytes().decode("ascii")
    assert last.startswith("Q\n/Artifact BMC\nq\n/WbRegistration CS 1 SCN")
    assert last.rstrip().endswith("EMC")
    bleed = _box(page.obj.BleedBox)
    for x1, y1, x2, y2 in re.findall(r"([-\d.]+) ([-\d.]+) m ([-\d.]+) ([-\d.]+) l S", last):
        xs, ys = (float(x1), float(x2)), (float(y1), float(y2))
        outside = min(xs) >= bleed[2] or max(xs) <= bleed[0]
        outside = outside or min(ys) >= bleed[3] or max(ys) <= bleed[1]
        assert outside, (x1, y1, x2, y2)
    assert len(re.findall(r" l S", last)) == 8


def test_screen_edition_keeps_its_own_srgb_output_intent(made: dict[str, Path]) -> None:
    """The print edition's CMYK finishing does not reach the reader PDF (PDF/A-2a, PDF/UA-1)."""
    with pikepdf.open(made["screen"]) as screen:
        (intent,) = screen.Root.OutputIntents
        assert intent.S == "/GTS_PDFA1" and intent.DestOutputProfile.N == 3
        packet = screen.Root.Metadata.read_bytes()
        assert b"<pdfuaid:part>1</pdfuaid:part>" in packet
        assert b"<pdfaid:part>2</pdfaid:part>" in packet
        assert b"pdfxid" not in packet


def test_ghostscript_renders_every_page_without_errors(print_pdf: bytes, tmp_path: Path) -> None:
    gs = shutil.which("gs")
    if gs is None:
        pytest.skip("Ghostscript (gs) ontbreekt")
    path = tmp_path / "druk.pdf"
    path.write_bytes(print_pdf)
    done = subprocess.run(
        [gs, "-q", "-dBATCH", "-dNOPAUSE", "-dSAFER", "-sDEVICE=nullpage", str(path)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "rror" not in done.stdout + done.stderr


def test_finishing_twice_adds_no_second_set_of_marks(print_pdf: bytes) -> None:
    from workbook.render.print.color import output_condition

    def shape(data: bytes) -> list[tuple[int, list[float]]]:
        with pikepdf.open(io.BytesIO(data)) as pdf:
            return [(len(p.obj.Contents), _box(p.mediabox)) for p in pdf.pages]

    with pikepdf.open(io.BytesIO(print_pdf)) as pdf:
        pdfx.finish_pdfx4(pdf, output_condition())
        again = pdfx.write_pdfx(pdf)
    assert shape(again) == shape(print_pdf)


# --- a small project with photos: conversion, reproducibility --------------------------


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The image project built with --print in two different folders."""
    out = {}
    for label in ("a", "b"):
        root = image_project(tmp_path_factory.mktemp(f"folder-{label}") / "project")
        options = BuildOptions(root, formats=frozenset({"pdf"}), print_pdf=True, quiet=True)
        assert run_build(options) == 0
        out[label] = root / "dist" / "testwerkboek-ondermijning-druk.pdf"
        out["screen"] = out[f"screen-{label}"] = root / "dist" / "testwerkboek-ondermijning.pdf"
        out[f"json-{label}"] = root / "dist" / "testwerkboek-ondermijning-druk.preflight.json"
    return out


def test_print_pdf_is_byte_identical_across_builds_and_folders(made: dict[str, Path]) -> None:
    assert made["a"].read_bytes() == made["b"].read_bytes()
    assert made["json-a"].read_bytes() == made["json-b"].read_bytes()
    # The screen edition too: photos used to be named after their absolute path.
    assert made["screen-a"].read_bytes() == made["screen-b"].read_bytes()


def test_photos_become_cmyk_jpegs_and_drawings_cmyk(made: dict[str, Path]) -> None:
    with pikepdf.open(made["a"]) as pdf:
        images = [
            obj
            for obj in pdf.objects
            if isinstance(obj, pikepdf.Stream) and obj.get("/Subtype") == "/Image"
        ]
        shown = sorted(
            (int(i.Width), int(i.Height), str(i.ColorSpace), str(i.Filter)) for i in images
        )
        assert shown == [
            (3000, 1000, "/DeviceCMYK", "/DCTDecode"),
            (3000, 2000, "/DeviceCMYK", "/DCTDecode"),
        ]
        assert device_rgb_uses(pdf) == []


def test_readme_shows_the_preflight_of_the_bundled_book(print_pdf: bytes) -> None:
    from workbook.render.print.preflight import inspect_print_pdf, summary_lines

    readme = (REPO / "README.md").read_text("utf-8")
    block = readme.split("```text\nDrukversie ", 1)[1].split("```", 1)[0]
    lines = summary_lines(inspect_print_pdf(print_pdf, "werkboek-ondermijning-druk.pdf", []))
    assert "Drukversie " + block == "\n".join(lines) + "\n"

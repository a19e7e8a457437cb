"""Image preflight (`low-resolution`) and the print preflight summary (issue 12)."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from conftest import TODAY, VALID_EXAMPLE, write_project
from PIL import Image

from workbook.base.errors import Diagnostic, Severity
from workbook.check.print_resolution import DEFAULT_LIMITS, DesignLimits, assess, design_limits
from workbook.check.run import check_project
from workbook.render.pdf.book import render
from workbook.render.print.preflight import PrintPreflight, summary_json, summary_lines

REPO = Path(__file__).resolve().parents[1]
IMAGE = "examples/onderwijs/img/foto.png"
WITH_IMAGE = VALID_EXAMPLE + "afbeeldingen:\n  - bestand: img/foto.png\n    alt: Een foto\n"


def png(width: int, height: int) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), (11, 79, 92)).save(out, "PNG")
    return out.getvalue()


def project_with(tmp_path: Path, width: int, height: int) -> Path:
    return write_project(tmp_path / "project", WITH_IMAGE, files={IMAGE: png(width, height)})


# --- the design's frame --------------------------------------------------------------------


def test_the_default_design_declares_the_text_width_and_image_height() -> None:
    assert design_limits(REPO) == DesignLimits(167.0, 110.0) == DEFAULT_LIMITS


def test_a_project_design_declares_its_own_frame(tmp_path: Path) -> None:
    css = tmp_path / "templates" / "css" / "book.css"
    css.parent.mkdir(parents=True)
    css.write_text(":root { --image-max-width: 12cm; --image-max-height: 4in; }")
    assert design_limits(tmp_path) == DesignLimits(120.0, pytest.approx(101.6))


@pytest.mark.parametrize(
    ("pixels", "printed", "frame"),
    [
        ((600, 400), 158.75, 165.0),  # natural size (96 px/in), under the height limit
        ((3000, 2000), 165.0, 165.0),  # 110 mm high at 3:2
        ((3000, 1000), 167.0, 167.0),  # full text width
        ((1000, 3000), 36.7, 36.7),  # a tall image is limited by its height
    ],
)
def test_design_frame_and_printed_width(
    pixels: tuple[int, int], printed: float, frame: float
) -> None:
    assert DEFAULT_LIMITS.printed_mm(pixels) == pytest.approx(printed, abs=0.05)
    assert DEFAULT_LIMITS.frame_mm(pixels) == pytest.approx(frame, abs=0.05)


@pytest.mark.parametrize(
    ("pixels", "printed_mm", "target_mm", "ppi", "needed"),
    [
        ((600, 400), 158.75, 165.0, 96, 1949),
        ((1972, 700), 167.0, 167.0, 299, 1973),
        ((1973, 700), 167.0, 167.0, None, None),  # exactly enough
        ((3000, 2000), 165.0, 165.0, None, None),
    ],
)
def test_300_ppi_is_the_line(
    pixels: tuple[int, int],
    printed_mm: float,
    target_mm: float,
    ppi: int | None,
    needed: int | None,
) -> None:
    finding = assess(pixels, printed_mm, target_mm)
    if ppi is None:
        assert finding is None
    else:
        assert finding is not None
        assert (int(finding.ppi), finding.needed) == (ppi, needed)


# --- workbook check ------------------------------------------------------------------------


def test_small_png_at_full_width_gives_low_resolution_with_file_and_line(
    tmp_path: Path, run_cli
) -> None:
    root = project_with(tmp_path, 600, 400)
    code, out, _ = run_cli("check", "--format", "json", cwd=root)
    assert code == 0
    (found,) = json.loads(out)
    assert found["code"] == "low-resolution" and found["severity"] == "warning"
    assert (found["file"], found["line"], found["column"]) == (
        "examples/onderwijs/voorbeeld.yaml",
        30,
        14,
    )
    assert found["field"] == "afbeeldingen[1].bestand"
    assert "600 pixels breed op 15,9 cm is 96 ppi" in found["message"]
    assert found["hint"] == "lever een grotere versie aan: minstens 1.949 pixels breed voor 16,5 cm"


def test_3000_pixel_image_is_sharp_enough(tmp_path: Path) -> None:
    root = project_with(tmp_path, 3000, 2000)
    assert check_project(root, today=TODAY).diagnostics == []


def test_strict_check_fails_on_low_resolution(tmp_path: Path, run_cli) -> None:
    root = project_with(tmp_path, 600, 400)
    assert run_cli("check", "--strict", cwd=root)[0] == 1


def test_svg_has_no_resolution(tmp_path: Path) -> None:
    svg = "<svg xmlns='http://www.w3.org/2000/svg' width='20' height='10'/>"
    root = write_project(
        tmp_path / "p",
        WITH_IMAGE.replace("foto.png", "foto.svg"),
        files={"examples/onderwijs/img/foto.svg": svg},
    )
    assert check_project(root, today=TODAY).diagnostics == []


# --- the layout ----------------------------------------------------------------------------


def test_layout_width_of_a_wide_image_is_the_declared_text_width(tmp_path: Path) -> None:
    root = project_with(tmp_path, 3000, 1000)
    result = check_project(root)
    assert result.book is not None
    widths = render(result.book, jobs=1).image_widths
    assert list(widths) == [IMAGE]
    assert widths[IMAGE] / 72 * 25.4 == pytest.approx(DEFAULT_LIMITS.max_width_mm, abs=0.1)


def test_build_measures_the_layout_and_reports_file_and_line(tmp_path: Path, run_cli) -> None:
    root = project_with(tmp_path, 600, 400)
    code, _, err = run_cli("build", "--format", "pdf", "--print", cwd=root)
    assert code == 0, err
    assert (
        "examples/onderwijs/voorbeeld.yaml:30:14: waarschuwing: afbeelding 'img/foto.png' is te "
        "grof voor druk: 600 pixels breed op 15,9 cm is 96 ppi"
    ) in err
    assert err.count("[low-resolution]") == 1  # the layout's, not also the design estimate
    assert "Afbeeldingen onder 300 ppi: 1" in err
    report = json.loads((root / "dist/testwerkboek-ondermijning-druk.preflight.json").read_text())
    (found,) = report["low_resolution"]
    assert (found["file"], found["line"], found["field"]) == (
        "examples/onderwijs/voorbeeld.yaml",
        30,
        "afbeeldingen[1].bestand",
    )


def test_strict_build_writes_nothing_when_an_image_is_too_coarse(tmp_path: Path, run_cli) -> None:
    root = project_with(tmp_path, 600, 400)
    code, _, err = run_cli("build", "--format", "pdf", "--print", "--strict", cwd=root)
    assert code == 1
    assert "[low-resolution]" in err and "niets geschreven" in err
    # Only the lock and the layout cache (parts laid out before the image check).
    assert sorted(p.name for p in (root / "dist").iterdir()) == [".cache", ".workbook.lock"]


def test_build_without_pdf_uses_the_design_estimate(tmp_path: Path, run_cli) -> None:
    root = project_with(tmp_path, 600, 400)
    code, _, err = run_cli("build", "--format", "epub", cwd=root)
    assert code == 0
    assert "minstens 1.949 pixels breed voor 16,5 cm" in err


# --- the preflight summary -----------------------------------------------------------------


def _preflight(pages: int, **changes: object) -> PrintPreflight:
    values: dict[str, object] = {
        "name": "boek-druk.pdf",
        "pdfx_version": "PDF/X-4",
        "pdf_version": "1.6",
        "output_condition": "FOGRA39",
        "output_profile": "werkboek FOGRA39 (ISO 12647-2 coated)",
        "pages": pages,
    }
    values.update(changes)
    return PrintPreflight(**values)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("pages", "line"),
    [
        (64, "Omvang: 64 pagina's: precies 4 katernen van 16"),
        (70, "Omvang: 70 pagina's, geen veelvoud van 16: met 10 lege pagina's erbij wordt het "
         "80 (5 katernen van 16)"),
        (15, "Omvang: 15 pagina's, geen veelvoud van 16: met 1 lege pagina erbij wordt het 16 "
         "(1 katern van 16)"),
    ],
)  # fmt: skip
def test_page_count_against_16_page_signatures(pages: int, line: str) -> None:
    assert f"  {line}" in summary_lines(_preflight(pages))


def test_summary_lines_say_pdfx_condition_and_images() -> None:
    low = Diagnostic(Path("a.yaml"), 3, 14, Severity.WARNING, "low-resolution", "te grof")
    lines = summary_lines(_preflight(64, low_resolution=[low]))
    assert lines == [
        "Drukversie boek-druk.pdf:",
        "  PDF/X-4: ja (PDF 1.6, CMYK en grijs, lettertypen ingesloten)",
        "  Drukconditie: FOGRA39, profiel 'werkboek FOGRA39 (ISO 12647-2 coated)'",
        "  Omvang: 64 pagina's: precies 4 katernen van 16",
        "  Afbeeldingen onder 300 ppi: 1 (zie de waarschuwingen hierboven)",
    ]
    report = json.loads(summary_json(_preflight(64, low_resolution=[low])))
    assert report["pdfx"]["ok"] is True
    assert report["pages"] == {
        "count": 64,
        "signature": 16,
        "signatures": 4,
        "blank_pages_to_fill": 0,
    }
    assert report["low_resolution"][0]["line"] == 3


def test_summary_says_why_a_file_is_not_pdfx() -> None:
    lines = summary_lines(_preflight(16, rgb=["pagina 3: kleur in RGB (rg)"], pdfx_version=None))
    assert lines[1] == (
        "  PDF/X-4: nee (geen PDF/X-4-kenmerk of output intent; RGB-kleur op 1 plaatsen, "
        "eerste: pagina 3: kleur in RGB (rg))"
    )

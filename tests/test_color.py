"""Print colour conversion: screen colours, SVG drawings and photos into CMYK (issue 12)."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from PIL import Image

from workbook.render.pdf.fetcher import ConfinedFetcher, RefusedURL
from workbook.render.pdf.urls import project_url
from workbook.render.print.color import (
    Cmyk,
    black_only,
    css_colour_to_cmyk,
    print_ink,
    print_transform,
    raster_to_cmyk,
    screen_palette,
    svg_to_cmyk,
    through_profile,
)

PETROL = (11, 79, 92)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("#000", "device-cmyk(0% 0% 0% 100%)"),  # black: black ink only, never rich black
        ("black", "device-cmyk(0% 0% 0% 100%)"),
        ("#ffffff", "device-cmyk(0% 0% 0% 0%)"),
        ("white", "device-cmyk(0% 0% 0% 0%)"),
        ("#808080", black_only((128, 128, 128)).css()),  # grey: a black tint
        ("#0b4f5c", through_profile(PETROL).css()),
        ("rgb(11, 79, 92)", through_profile(PETROL).css()),
        ("rgb(11 79 92 / 50%)", through_profile(PETROL).css()[:-1] + " / 0.5)"),
        ("none", None),
        ("currentColor", None),
        ("url(#verloop)", None),
        ("device-cmyk(0 0 0 1)", None),
    ],
)
def test_css_colours_become_device_cmyk(value: str, expected: str | None) -> None:
    assert css_colour_to_cmyk(value) == expected


def test_greys_use_black_ink_only_and_colours_the_profile() -> None:
    assert print_ink((85, 85, 85)) == black_only((85, 85, 85))
    assert print_ink((85, 85, 85)).c == 0
    petrol = print_ink(PETROL)
    assert petrol.c > 50 and petrol.k > 0


def test_black_only_matches_lightness() -> None:
    light, dark = black_only((200, 200, 200)), black_only((60, 60, 60))
    assert 0 < light.k < dark.k < 100


def _attributes(svg: bytes, name: str) -> list[str]:
    return re.findall(rf'{name}="([^"]*)"', svg.decode())


def test_svg_fill_stroke_stop_colour_style_and_stylesheet_are_mapped() -> None:
    svg = (
        b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
        b"<style>.a { fill: #0b4f5c; stroke: red !important } .b { opacity: .5 }</style>"
        b'<defs><linearGradient id="g"><stop offset="0" stop-color="#ffffff"/></linearGradient>'
        b"</defs>"
        b'<rect class="a" width="5" height="5" fill="#e3a72f" stroke="rgb(0,0,0)"/>'
        b'<circle r="2" style="fill:hsl(200, 50%, 40%);stroke-width:2" fill="url(#g)"/>'
        b'<path d="M0 0" fill="none" stroke="currentColor"/>'
        b"</svg>"
    )
    out = svg_to_cmyk(svg).decode()
    assert not re.search(r"#[0-9a-fA-F]{3,6}\b|rgb\(|hsl\(|:\s*red", out), out
    assert 'stop-color="device-cmyk(0% 0% 0% 0%)"' in out
    assert "fill: device-cmyk(" in out and "stroke: device-cmyk(0% 96%" in out
    assert "!important" in out and "opacity: .5" in out and "stroke-width:2" in out
    assert 'fill="none"' in out and 'stroke="currentColor"' in out
    assert "url(#g)" not in out  # a gradient: its average colour (see below)


def test_svg_gradients_become_their_average_colour() -> None:
    svg = (
        b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><defs>'
        b'<linearGradient id="g"><stop offset="0" stop-color="#000000"/>'
        b'<stop offset="1" style="stop-color: #ffffff"/></linearGradient></defs>'
        b'<rect width="5" height="5" fill="url(#g)" stroke="url(#elders)"/>'
        b'<circle r="2" style="fill: url(\'#g\')"/></svg>'
    )
    out = svg_to_cmyk(svg).decode()
    grey = black_only((128, 128, 128)).css()
    assert f'fill="{grey}"' in out and f"fill: {grey}" in out
    assert 'stroke="url(#elders)"' in out  # not a gradient here: left alone


def test_svg_implicit_black_is_made_explicit() -> None:
    out = svg_to_cmyk(b'<svg xmlns="http://www.w3.org/2000/svg"><text>x</text></svg>')
    assert _attributes(out, "fill") == ["device-cmyk(0% 0% 0% 100%)"]
    assert _attributes(out, "color") == ["device-cmyk(0% 0% 0% 100%)"]
    kept = svg_to_cmyk(b'<svg xmlns="http://www.w3.org/2000/svg" fill="#fff"/>')
    assert _attributes(kept, "fill") == ["device-cmyk(0% 0% 0% 0%)"]


@pytest.mark.parametrize(
    "data",
    [b"not xml", b"<html><body/></html>", b'<?xml version="1.0"?><svg'],
)
def test_what_is_not_svg_is_left_alone(data: bytes) -> None:
    assert svg_to_cmyk(data) == data


def _encoded(image: Image.Image, fmt: str, **options: object) -> bytes:
    out = io.BytesIO()
    image.save(out, fmt, **options)
    return out.getvalue()


def test_colour_photo_becomes_cmyk_jpeg() -> None:
    data = _encoded(Image.new("RGB", (40, 20), PETROL), "PNG")
    converted, media = print_transform(data, "image/png")
    assert media == "image/jpeg"
    with Image.open(io.BytesIO(converted)) as image:
        assert (image.format, image.mode, image.size) == ("JPEG", "CMYK", (40, 20))


def test_transparent_png_is_flattened_on_paper_white() -> None:
    data = _encoded(Image.new("RGBA", (8, 8), (255, 0, 0, 0)), "PNG")
    with Image.open(io.BytesIO(raster_to_cmyk(data))) as image:
        assert image.mode == "L"  # all paper white: grey
        assert image.getpixel((0, 0)) == 255


@pytest.mark.parametrize(
    ("image", "fmt", "unchanged"),
    [
        (Image.new("L", (8, 8), 90), "JPEG", True),
        (Image.new("CMYK", (8, 8), (10, 20, 30, 40)), "JPEG", True),
        (Image.new("RGB", (8, 8), (90, 90, 90)), "PNG", False),  # grey saved as colour
        (Image.new("1", (8, 8), 1), "PNG", False),
    ],
)
def test_grey_and_cmyk_images_stay_without_rgb(
    image: Image.Image, fmt: str, unchanged: bool
) -> None:
    data = _encoded(image, fmt)
    converted = raster_to_cmyk(data)
    assert (converted == data) is unchanged
    with Image.open(io.BytesIO(converted)) as result:
        assert result.mode in ("L", "CMYK")


def test_exif_rotation_is_applied_before_the_rotation_tag_is_dropped() -> None:
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90° clockwise when shown
    data = _encoded(Image.new("RGB", (40, 20), PETROL), "JPEG", exif=exif)
    with Image.open(io.BytesIO(raster_to_cmyk(data))) as image:
        assert image.size == (20, 40)
        assert image.getexif().get(0x0112) is None


def test_unreadable_pixels_pass_through_unchanged() -> None:
    broken = b"\x89PNG\r\n\x1a\n" + b"\x00" * 40
    assert print_transform(broken, "image/png") == (broken, "image/png")


def test_other_media_types_are_not_touched() -> None:
    assert print_transform(b"p { color: red }", "text/css") == (b"p { color: red }", "text/css")


def test_screen_palette_reads_the_root_rule() -> None:
    css = ":root {\n  --a: #010203;\n  --b: #fff;\n  --w: 12mm;\n}\np { --c: #000; }"
    assert screen_palette(css) == {"a": "#010203", "b": "#fff"}


def test_cmyk_css_is_whole_percentages() -> None:
    assert Cmyk(1, 2, 3, 4).css() == "device-cmyk(1% 2% 3% 4%)"


def test_transforming_fetcher_stays_confined(tmp_path: Path) -> None:
    calls: list[str] = []

    def spy(data: bytes, media: str) -> tuple[bytes, str]:
        calls.append(media)
        return b"changed", media

    inside = tmp_path / "project" / "a.svg"
    inside.parent.mkdir()
    inside.write_text("<svg xmlns='http://www.w3.org/2000/svg'/>")
    outside = tmp_path / "geheim.svg"
    outside.write_text("<svg xmlns='http://www.w3.org/2000/svg'/>")
    fetcher = ConfinedFetcher(inside.parent, transform=spy)
    with pytest.raises(RefusedURL):
        fetcher.fetch(outside.as_uri())
    with pytest.raises(RefusedURL):
        fetcher.fetch("https://example.org/a.svg")
    assert calls == []
    response = fetcher.fetch(inside.as_uri())
    assert response.read() == b"changed" and calls == ["image/svg+xml"]
    assert response.path is None  # WeasyPrint must not read the original file again


def test_project_files_have_a_url_without_the_folder(tmp_path: Path) -> None:
    root = tmp_path / "project"
    (root / "img").mkdir(parents=True)
    (root / "img" / "a b.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>")
    url = project_url(root, root / "img" / "a b.svg")
    assert url == "file:///werkboek/project/img/a%20b.svg"
    fetcher = ConfinedFetcher(root)
    assert fetcher.allowed_path(url) == (root / "img" / "a b.svg").resolve()
    (tmp_path / "geheim.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>")
    with pytest.raises(RefusedURL):
        fetcher.allowed_path("file:///werkboek/project/../geheim.svg")

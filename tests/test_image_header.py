"""`workbook check` reads photos from their headers only, once per file per run: no pixel
is decoded (a 12-megapixel PNG took a tenth of a second each time an example used it), and
the size, the EXIF orientation (also from a PNG's `eXIf` chunk after the image data), the
low-resolution warning and the pixel limit come out as before."""

from __future__ import annotations

import io
import json
import os
import struct
import zlib
from pathlib import Path
from typing import Any

import pytest
from conftest import VALID_EXAMPLE, write_project
from PIL import Image, ImageFile

from workbook.check.image_header import image_header

IMG = "examples/onderwijs/img"


def _exif(orientation: int) -> Image.Exif:
    exif = Image.Exif()
    exif[0x0112] = orientation
    return exif


def jpeg(width: int, height: int, orientation: int = 1) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), (11, 79, 92)).save(
        out, "JPEG", quality=80, exif=_exif(orientation)
    )
    return out.getvalue()


def png_with_exif_after_the_data(width: int, height: int, orientation: int) -> bytes:
    """A PNG whose `eXIf` chunk stands after IDAT, where Pillow finds it only by decoding."""
    out = io.BytesIO()
    Image.new("RGB", (width, height), (200, 120, 40)).save(out, "PNG")
    data = out.getvalue()
    assert data[-12:-8] == b"\x00\x00\x00\x00" and data[-8:-4] == b"IEND"
    tiff = _exif(orientation).tobytes()
    chunk = struct.pack(">I", len(tiff)) + b"eXIf" + tiff
    chunk += struct.pack(">I", zlib.crc32(b"eXIf" + tiff))
    return data[:-12] + chunk + data[-12:]


def examples_with(*names: str) -> str:
    lines = [f"  - bestand: img/{name}\n    alt: Foto {name}\n" for name in names]
    return VALID_EXAMPLE + "afbeeldingen:\n" + "".join(lines)


def refuse_decoding(monkeypatch: pytest.MonkeyPatch) -> None:
    """From now on, decoding any image fails the test."""

    def refuse(self: Any, *args: Any, **kwargs: Any) -> Any:
        raise AssertionError(f"pixels decoded: {self.format} {self.size}")

    monkeypatch.setattr(Image.Image, "load", refuse)
    monkeypatch.setattr(ImageFile.ImageFile, "load", refuse)


def test_check_reads_photos_without_decoding_a_pixel(
    tmp_path: Path, run_cli: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Stored 1200 × 800 and turned a quarter by EXIF: shown 800 × 1200, a tall picture
    # (73 mm wide in the design's frame, 277 ppi); unturned it would be 1,200 pixels wide.
    root = write_project(
        tmp_path / "project",
        examples_with("foto.jpg", "scan.png", "plat.jpg"),
        files={
            f"{IMG}/foto.jpg": jpeg(1200, 800, orientation=6),
            f"{IMG}/scan.png": png_with_exif_after_the_data(1200, 800, orientation=6),
            f"{IMG}/plat.jpg": jpeg(1200, 800),
        },
    )
    refuse_decoding(monkeypatch)
    code, out, err = run_cli("check", "--format", "json", cwd=root)
    assert code == 0, err
    found = {d["field"]: d for d in json.loads(out)}
    assert {d["code"] for d in found.values()} == {"low-resolution"}
    assert "800 pixels breed op 7,3 cm is 277 ppi" in found["afbeeldingen[1].bestand"]["message"]
    assert "800 pixels breed op 7,3 cm is 277 ppi" in found["afbeeldingen[2].bestand"]["message"]
    assert "1.200 pixels breed op 16,5 cm" in found["afbeeldingen[3].bestand"]["message"]


def test_the_pixel_limit_still_holds_without_decoding(
    tmp_path: Path, run_cli: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    big = io.BytesIO()
    Image.new("1", (8000, 5001)).save(big, "PNG")  # one bit per pixel: small on disk
    root = write_project(
        tmp_path / "project", examples_with("groot.png"), files={f"{IMG}/groot.png": big.getvalue()}
    )
    refuse_decoding(monkeypatch)
    code, out, _ = run_cli("check", "--format", "json", cwd=root)
    (found,) = json.loads(out)
    assert code == 1 and found["code"] == "too-large"
    assert "8000 × 5001 pixels; de grens is 40.000.000 pixels" in found["message"]


def test_each_photo_is_opened_once_per_run(
    tmp_path: Path, run_cli: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    files: dict[str, str | bytes] = {f"{IMG}/foto.jpg": jpeg(2400, 1600)}
    for number in range(4):
        files[f"examples/onderwijs/ook-{number}.yaml"] = examples_with("foto.jpg").replace(
            "Weerbaar op school", f"Weerbaar op school {number}"
        )
    root = write_project(tmp_path / "project", examples_with("foto.jpg"), files=files)
    opened: list[str] = []
    real_open = Image.open

    def counting_open(path: Any, *args: Any, **kwargs: Any) -> Any:
        opened.append(os.fspath(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(Image, "open", counting_open)
    code, out, err = run_cli("check", cwd=root)
    assert code == 0, out + err
    assert "0 fouten en 0 waarschuwingen in 6 bestanden" in out
    assert opened == [str((root / IMG / "foto.jpg").resolve())]


def test_a_replaced_photo_is_read_again(tmp_path: Path) -> None:
    """`workbook serve` checks again in the same process: a new photo under the same name
    is not answered from what was read of the old one."""
    photo = tmp_path / "foto.jpg"
    photo.write_bytes(jpeg(600, 400))
    first = image_header(photo)
    assert first is not None and first.shown == (600, 400) and first.format == "JPEG"
    photo.write_bytes(jpeg(300, 200, orientation=8))
    second = image_header(photo)
    assert second is not None and second.shown == (200, 300) and second.turned


def test_what_is_not_a_png_or_jpeg_has_no_header(tmp_path: Path) -> None:
    gif = tmp_path / "beeld.gif"
    Image.new("RGB", (10, 10)).save(gif)
    broken = tmp_path / "kapot.png"
    broken.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 64)
    assert image_header(gif) is None
    assert image_header(broken) is None
    assert image_header(tmp_path / "weg.png") is None


def test_a_phone_jpeg_with_a_second_picture_is_checked_as_a_jpeg(tmp_path: Path) -> None:
    """Phones save some photos as MPO: a JPEG with a second picture (depth, a preview)
    behind it. The renderer shows the first; the resolution check sees it too."""
    out = io.BytesIO()
    first, second = Image.new("RGB", (600, 400), "red"), Image.new("RGB", (300, 200), "blue")
    first.save(out, "MPO", save_all=True, append_images=[second])
    photo = tmp_path / "telefoon.jpg"
    photo.write_bytes(out.getvalue())
    with Image.open(photo) as opened:
        assert opened.format == "MPO"
    header = image_header(photo)
    assert header is not None and (header.format, header.shown) == ("JPEG", (600, 400))

"""What the checks need to know of a PNG or JPEG, read from its header alone, once per file.

The checks ask only the format, the size and the EXIF orientation, never a pixel: decoding
a 12-megapixel photo costs a tenth of a second, and a project uses the same photo in many
examples. Pillow reads the size and a JPEG's EXIF while it opens a file, without decoding;
a PNG's EXIF (an `eXIf` chunk) may stand after the image data, where Pillow would decode
the whole image to reach it, so that chunk is looked up here by skipping from chunk to
chunk. Each file is read once per run (per check process): the answer is kept under its
path, size, modification time and inode, so `workbook serve` sees a replaced photo.
"""

from __future__ import annotations

import functools
import os
import struct
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

ORIENTATION = 0x0112  # EXIF: 5 to 8 mean the picture is shown a quarter turned
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
MAX_EXIF_BYTES = 1024 * 1024


@dataclass(frozen=True)
class ImageHeader:
    """`format`: 'PNG' or 'JPEG'; `width` and `height` as stored; `turned`: shown a quarter
    turned (EXIF orientation). `refused`: Pillow would not even open it (far too many
    pixels: a decompression bomb); the other fields then say nothing."""

    format: str
    width: int
    height: int
    turned: bool = False
    refused: bool = False

    @property
    def shown(self) -> tuple[int, int]:
        """Width and height as shown, the EXIF rotation applied."""
        return (self.height, self.width) if self.turned else (self.width, self.height)


REFUSED = ImageHeader("", 0, 0, refused=True)


def image_header(path: Path) -> ImageHeader | None:
    """The header of the PNG or JPEG at `path`; None for a file that is neither, or that
    Pillow cannot read (the renderer could not decode it either)."""
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return _read(str(path), stat.st_size, stat.st_mtime_ns, stat.st_ino)


@functools.lru_cache(maxsize=4096)
def _read(path: str, size: int, mtime_ns: int, inode: int) -> ImageHeader | None:
    from PIL import Image as PILImage

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", PILImage.DecompressionBombWarning)
            with PILImage.open(path) as image:
                kind = image.format
                width, height = image.size
                if kind in ("JPEG", "MPO"):  # MPO: a phone's JPEG with a second picture
                    kind = "JPEG"
                elif kind != "PNG":
                    return None
                if kind == "PNG" and "exif" not in image.info:
                    found = _png_exif(image.fp)
                    if found is not None:
                        image.info["exif"] = found
                turned = _turned(image)
    except PILImage.DecompressionBombError:
        return REFUSED
    except (OSError, SyntaxError, ValueError, struct.error):
        return None
    return ImageHeader(kind, width, height, turned)


def _turned(image: Any) -> bool:
    """Pillow's own reading of the EXIF (else XMP) orientation it found at open; not
    PngImageFile.getexif, which decodes the image first. Broken EXIF: not turned."""
    from PIL import Image as PILImage

    try:
        orientation = PILImage.Image.getexif(image).get(ORIENTATION, 1)
    except (OSError, SyntaxError, ValueError, struct.error, KeyError, IndexError, TypeError):
        return False
    return orientation in (5, 6, 7, 8)


def _png_exif(handle: IO[bytes] | None) -> bytes | None:
    """The `eXIf` chunk of a PNG, found by skipping over the other chunks (the image data
    is passed over, not read)."""
    if handle is None:
        return None
    handle.seek(0)
    if handle.read(8) != PNG_SIGNATURE:
        return None
    while True:
        head = handle.read(8)
        if len(head) < 8:
            return None
        length, kind = struct.unpack(">I4s", head)
        if kind == b"eXIf":
            return handle.read(length) if length <= MAX_EXIF_BYTES else None
        if kind == b"IEND":
            return None
        handle.seek(length + 4, os.SEEK_CUR)  # the data and its CRC


__all__ = ["ImageHeader", "image_header"]

"""Checks on a finished print PDF: what a printing house's preflight looks at first.

No free PDF/X validator exists, so these functions are the proof, for the tests and for
the preflight summary of `workbook build --print`:

- `device_rgb_uses`: every place that paints in DeviceRGB: `rg`/`RG` operators and RGB
  inline images in page content, form XObjects (annotation appearances included), tiling
  patterns and Type 3 glyphs; /DeviceRGB anywhere in the file's objects (colour space
  resources, images, shadings, transparency groups); and annotation colours (/C, /IC,
  /MK /BC /BG) of three numbers.
- `unembedded_fonts`: fonts whose program is not in the file.
- `box_problems`: pages without a TrimBox, or with a BleedBox that does not contain it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pikepdf

_RGB_NAMES = {"/DeviceRGB"}
_RGB_INLINE = {"/DeviceRGB", "/RGB"}  # inline images may abbreviate


def device_rgb_uses(pdf: pikepdf.Pdf) -> list[str]:
    """Where the file uses DeviceRGB, one Dutch line per place; empty when it does not."""
    found: list[str] = []
    for label, stream in _content_streams(pdf):
        found.extend(f"{label}: {problem}" for problem in _rgb_in_content(stream))
    for obj in pdf.objects:
        if _has_rgb_name(obj, depth=0):
            found.append(f"object {obj.objgen[0]}: /DeviceRGB")
    for number, page in enumerate(pdf.pages, start=1):
        for annotation in page.obj.get("/Annots", ()):
            # An annotation's colour arrays of three numbers are DeviceRGB by definition.
            look = annotation.get("/MK", pikepdf.Dictionary())
            for key, owner in (
                ("/C", annotation),
                ("/IC", annotation),
                ("/BC", look),
                ("/BG", look),
            ):
                value = owner.get(key)
                if isinstance(value, pikepdf.Array) and len(value) == 3:
                    found.append(f"pagina {number}: annotatie met RGB-kleur ({key})")
    return list(dict.fromkeys(found))


def _content_streams(pdf: pikepdf.Pdf) -> Iterator[tuple[str, pikepdf.Object]]:
    for number, page in enumerate(pdf.pages, start=1):
        contents = page.obj.get("/Contents")
        streams = contents if isinstance(contents, pikepdf.Array) else [contents]
        for stream in streams:
            if isinstance(stream, pikepdf.Stream):
                yield f"pagina {number}", stream
    for obj in pdf.objects:
        if not isinstance(obj, pikepdf.Stream):
            continue
        if obj.get("/Subtype") == pikepdf.Name.Form or obj.get("/PatternType") == 1:
            yield f"object {obj.objgen[0]}", obj
    for obj in pdf.objects:
        if isinstance(obj, pikepdf.Dictionary) and obj.get("/Subtype") == pikepdf.Name.Type3:
            for glyph in obj.get("/CharProcs", pikepdf.Dictionary()).values():
                if isinstance(glyph, pikepdf.Stream):
                    yield f"object {obj.objgen[0]} (glyph)", glyph


# A content stream without any of these cannot paint in RGB; most pages are skipped this
# way, since parsing every operator of a long book takes seconds.
_MAYBE_RGB = re.compile(rb"(?<![A-Za-z])(rg|RG|BI)(?![A-Za-z])|/DeviceRGB")


def _rgb_in_content(stream: pikepdf.Object) -> Iterator[str]:
    try:
        if not _MAYBE_RGB.search(stream.read_bytes()):  # type: ignore[attr-defined]
            return
        instructions = pikepdf.parse_content_stream(stream)
    except pikepdf.PdfError as exc:
        yield f"onleesbare inhoud ({exc})"
        return
    for instruction in instructions:
        if isinstance(instruction, pikepdf.ContentStreamInlineImage):
            space = instruction.iimage.obj.get("/ColorSpace", instruction.iimage.obj.get("/CS"))
            if space is not None and str(space) in _RGB_INLINE:
                yield "inline-afbeelding in RGB"
            continue
        operator = str(instruction.operator)
        if operator in ("rg", "RG"):
            yield f"kleur in RGB ({operator})"
        elif operator in ("cs", "CS") and str(instruction.operands[0]) in _RGB_NAMES:
            yield f"kleurruimte DeviceRGB ({operator})"


def _has_rgb_name(obj: pikepdf.Object, depth: int) -> bool:
    """/DeviceRGB in `obj` or its direct children (indirect ones are visited on their own)."""
    if depth > 0 and isinstance(obj, pikepdf.Object) and obj.is_indirect:
        return False
    if isinstance(obj, pikepdf.Name):
        return str(obj) in _RGB_NAMES
    if depth > 32:
        return False
    if isinstance(obj, pikepdf.Array):
        return any(_has_rgb_name(item, depth + 1) for item in obj)
    if isinstance(obj, (pikepdf.Dictionary, pikepdf.Stream)):
        return any(_has_rgb_name(value, depth + 1) for value in obj.values())
    return False


def unembedded_fonts(pdf: pikepdf.Pdf) -> list[str]:
    """The base names of fonts whose program is not embedded (Type 3 fonts are drawings)."""
    missing = []
    for obj in pdf.objects:
        if not isinstance(obj, pikepdf.Dictionary) or obj.get("/Type") != pikepdf.Name.Font:
            continue
        subtype = obj.get("/Subtype")
        if subtype in (pikepdf.Name.Type3, pikepdf.Name.Type0):
            continue  # Type 0 fonts are checked through their descendant
        descriptor = obj.get("/FontDescriptor")
        embedded = descriptor is not None and any(
            key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")
        )
        if not embedded:
            missing.append(str(obj.get("/BaseFont", "?")))
    return sorted(set(missing))


def box_problems(pdf: pikepdf.Pdf) -> list[str]:
    """Pages without TrimBox and BleedBox, or whose boxes are not nested media ⊇ bleed ⊇ trim."""
    problems = []
    for number, page in enumerate(pdf.pages, start=1):
        trim, bleed = page.obj.get("/TrimBox"), page.obj.get("/BleedBox")
        if trim is None or bleed is None:
            problems.append(f"pagina {number}: TrimBox of BleedBox ontbreekt")
            continue
        if not (_inside(trim, bleed) and _inside(bleed, page.mediabox)):
            problems.append(f"pagina {number}: de kaders liggen niet binnen elkaar")
    return problems


def _inside(inner: pikepdf.Object, outer: pikepdf.Object) -> bool:
    a = [float(v) for v in inner]  # type: ignore[attr-defined]
    b = [float(v) for v in outer]  # type: ignore[attr-defined]
    tolerance = 0.01
    return (
        a[0] >= b[0] - tolerance
        and a[1] >= b[1] - tolerance
        and a[2] <= b[2] + tolerance
        and a[3] <= b[3] + tolerance
    )

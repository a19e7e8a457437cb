"""One subset per font face for the whole book.

Every part embeds its own subset of each face it uses; merged as they are, a book of forty
parts would carry forty copies of the body font. WeasyPrint subsets with the glyph ids kept
(`retain_gids`) and writes text as glyph ids (Identity-H), so the merge can replace all of
a face's copies by one subset of the original file holding the union of their glyphs.

Subsetting uses HarfBuzz (the library WeasyPrint uses, through a small cffi binding); when
it is missing, fontTools does the same, more slowly.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import pikepdf
from pikepdf import Array, Dictionary, Name, Pdf, Stream, String

from workbook.render.pdf.open_part import OpenPart

_CDEF = """
typedef struct hb_blob_t hb_blob_t;
typedef struct hb_face_t hb_face_t;
typedef struct hb_set_t hb_set_t;
typedef struct hb_subset_input_t hb_subset_input_t;
typedef enum { HB_MEMORY_MODE_DUPLICATE, HB_MEMORY_MODE_READONLY,
               HB_MEMORY_MODE_WRITABLE, HB_MEMORY_MODE_READONLY_MAY_MAKE_WRITABLE
} hb_memory_mode_t;
hb_blob_t *hb_blob_create (const char *data, unsigned int length, hb_memory_mode_t mode,
                           void *user_data, void *destroy);
void hb_blob_destroy (hb_blob_t *blob);
const char *hb_blob_get_data (hb_blob_t *blob, unsigned int *length);
hb_face_t *hb_face_create (hb_blob_t *blob, unsigned int index);
void hb_face_destroy (hb_face_t *face);
hb_blob_t *hb_face_reference_blob (hb_face_t *face);
void hb_set_add (hb_set_t *set, unsigned int codepoint);
"""
_CDEF_SUBSET = """
hb_subset_input_t *hb_subset_input_create_or_fail (void);
void hb_subset_input_destroy (hb_subset_input_t *input);
hb_set_t *hb_subset_input_glyph_set (hb_subset_input_t *input);
hb_set_t *hb_subset_input_set (hb_subset_input_t *input, int set_type);
void hb_subset_input_set_flags (hb_subset_input_t *input, unsigned int value);
hb_face_t *hb_subset_or_fail (hb_face_t *source, const hb_subset_input_t *input);
"""
RETAIN_GIDS = 0x2
DESUBROUTINIZE = 0x4
PASSTHROUGH_UNRECOGNIZED = 0x20
NO_HINTING = 0x1
DROP_TABLE_SET = 3
# The tables WeasyPrint drops from its subsets: text is already shaped.
DROPPED = (
    b"BASE",
    b"DSIG",
    b"EBDT",
    b"EBLC",
    b"EBSC",
    b"GPOS",
    b"GSUB",
    b"JSTF",
    b"LTSH",
    b"PCLT",
    b"SVG ",
)

_LIBS: dict[str, Any] = {}


def _harfbuzz() -> tuple[Any, Any, Any] | None:
    if "ffi" not in _LIBS:
        import cffi

        ffi = cffi.FFI()
        ffi.cdef(_CDEF + _CDEF_SUBSET)
        hb = subset_lib = None
        for name in ("libharfbuzz.so.0", "harfbuzz", "libharfbuzz-0"):
            try:
                hb = ffi.dlopen(name)
                break
            except OSError:
                continue
        for name in ("libharfbuzz-subset.so.0", "harfbuzz-subset", "libharfbuzz-subset-0"):
            try:
                subset_lib = ffi.dlopen(name)
                break
            except OSError:
                continue
        _LIBS.update(ffi=ffi, hb=hb, subset=subset_lib)
    if _LIBS["hb"] is None or _LIBS["subset"] is None:
        return None
    return _LIBS["ffi"], _LIBS["hb"], _LIBS["subset"]


def _tag(name: bytes) -> int:
    return int.from_bytes(name, "big")


def subset(data: bytes, glyphs: list[int]) -> bytes:
    """The font `data` reduced to `glyphs`, each glyph keeping its id.

    As WeasyPrint does: first the used glyphs with their ids kept (the others empty), then
    the empty glyphs after the last used one dropped.
    """
    kept = _subset(data, sorted({0, *glyphs}), RETAIN_GIDS)
    return _subset(kept, list(range(max(glyphs, default=0) + 1)), 0) if kept else kept


def _subset(data: bytes, glyphs: list[int], flags: int) -> bytes:
    libs = _harfbuzz()
    if libs is None:
        return _fonttools_subset(data, glyphs)
    ffi, hb, hbs = libs
    buffer = ffi.new("char[]", data)
    blob = hb.hb_blob_create(buffer, len(data), hb.HB_MEMORY_MODE_READONLY, ffi.NULL, ffi.NULL)
    face = hb.hb_face_create(blob, 0)
    request = hbs.hb_subset_input_create_or_fail()
    try:
        keep = hbs.hb_subset_input_glyph_set(request)
        for glyph in glyphs:
            hb.hb_set_add(keep, glyph)
        drop = hbs.hb_subset_input_set(request, DROP_TABLE_SET)
        for table in DROPPED:
            hb.hb_set_add(drop, _tag(table))
        hbs.hb_subset_input_set_flags(
            request, flags | PASSTHROUGH_UNRECOGNIZED | DESUBROUTINIZE | NO_HINTING
        )
        result = hbs.hb_subset_or_fail(face, request)
        if result == ffi.NULL:
            return _fonttools_subset(data, glyphs)
        out_blob = hb.hb_face_reference_blob(result)
        length = ffi.new("unsigned int *")
        pointer = hb.hb_blob_get_data(out_blob, length)
        out = bytes(ffi.buffer(pointer, length[0]))
        hb.hb_blob_destroy(out_blob)
        hb.hb_face_destroy(result)
        return out
    finally:
        hbs.hb_subset_input_destroy(request)
        hb.hb_face_destroy(face)
        hb.hb_blob_destroy(blob)


def _fonttools_subset(data: bytes, glyphs: list[int]) -> bytes:
    from fontTools import subset as ft_subset
    from fontTools.ttLib import TTFont

    options = ft_subset.Options(
        retain_gids=True,
        passthrough_tables=True,
        ignore_missing_glyphs=True,
        hinting=False,
        desubroutinize=True,
    )
    options.drop_tables += [t.decode().strip() for t in DROPPED]
    subsetter = ft_subset.Subsetter(options)
    subsetter.populate(gids=sorted({0, *glyphs}))
    # The head table keeps the font's own date: the same bytes in every build.
    font = TTFont(io.BytesIO(data), recalcTimestamp=False)
    subsetter.subset(font)
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


# --- the merged book's fonts -------------------------------------------------------


@dataclass
class Face:
    """One font face as used by the whole book."""

    data_key: str
    widths: dict[int, float] = field(default_factory=dict)
    text: dict[int, str] = field(default_factory=dict)
    model: Any = None  # a part's Type0 font dictionary, for the names and metrics
    font: Any = None  # the merged Type0 font dictionary


def to_unicode(out: Pdf, text: Mapping[int, str]) -> Stream:
    lines = [
        b"/CIDInit /ProcSet findresource begin",
        b"12 dict begin",
        b"begincmap",
        b"/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
        b"/CMapName /Adobe-Identity-UCS def",
        b"/CMapType 2 def",
        b"1 begincodespacerange",
        b"<0000> <ffff>",
        b"endcodespacerange",
    ]
    items = sorted(text.items())
    for start in range(0, len(items), 100):
        batch = items[start : start + 100]
        lines.append(f"{len(batch)} beginbfchar".encode())
        for glyph, chars in batch:
            lines.append(f"<{glyph:04x}> <{chars.encode('utf-16-be').hex()}>".encode())
        lines.append(b"endbfchar")
    lines += [b"endcmap", b"CMapName currentdict /CMap defineresource pop", b"end", b"end"]
    return Stream(out, b"\n".join(lines))


def widths_array(widths: Mapping[int, float]) -> Array:
    array = Array()
    current: Array | None = None
    previous = -2
    for glyph in sorted(widths):
        if glyph != previous + 1 or current is None:
            current = Array()
            array.append(glyph)
            array.append(current)
        current.append(pdf_number(widths[glyph]))
        previous = glyph
    return array


def pdf_number(value: float) -> Any:
    return (
        int(value) if float(value).is_integer() else pikepdf.Object.parse(f"{value:.4f}".encode())
    )


def build_font(out: Pdf, face: Face, data: bytes) -> None:
    """The Type0 font of `face` (one CID font, after WeasyPrint's own layout of it), put in
    the dictionary the pages already refer to."""
    model = face.model
    model_cid = model.DescendantFonts[0]
    model_descriptor = model_cid.FontDescriptor
    otf = data[:4] == b"OTTO"
    font_file = Stream(out, data)
    if otf:
        font_file.Subtype = Name.OpenType
    else:
        font_file.Length1 = len(data)
    ascent = int(model_descriptor.Ascent)
    descent = int(model_descriptor.Descent)
    max_width = max(face.widths.values(), default=0)
    descriptor = out.make_indirect(
        Dictionary(
            Type=Name.FontDescriptor,
            FontName=model_descriptor.FontName,
            FontFamily=model_descriptor.FontFamily,
            Flags=int(model_descriptor.Flags),
            FontBBox=Array([0, descent, pdf_number(max_width), ascent]),
            ItalicAngle=model_descriptor.ItalicAngle,
            Ascent=ascent,
            Descent=descent,
            CapHeight=ascent,
            StemV=model_descriptor.StemV,
            StemH=model_descriptor.StemH,
        )
    )
    descriptor[Name.FontFile3 if otf else Name.FontFile2] = out.make_indirect(font_file)
    cid_font = out.make_indirect(
        Dictionary(
            Type=Name.Font,
            Subtype=Name.CIDFontType0 if otf else Name.CIDFontType2,
            BaseFont=model_cid.BaseFont,
            CIDSystemInfo=Dictionary(
                Registry=String("Adobe"), Ordering=String("Identity"), Supplement=0
            ),
            CIDToGIDMap=Name.Identity,
            W=widths_array(face.widths),
            FontDescriptor=descriptor,
        )
    )
    font = face.font
    font.Type = Name.Font
    font.Subtype = Name.Type0
    font.BaseFont = model.BaseFont
    font.ToUnicode = out.make_indirect(to_unicode(out, face.text))
    font.Encoding = Name("/Identity-H")
    font.DescendantFonts = Array([cid_font])


def strip_fonts(out: Pdf, source: OpenPart) -> None:
    """Detach the part's font dictionary before its pages are copied.

    Shareable fonts are replaced by the merged ones later; the others are copied as they
    are. WeasyPrint refers to one /Font dictionary from every resource dictionary of a
    part (pages, SVG forms, patterns), so emptying that one object covers them all.
    """
    pages = source.pdf.pages
    if not pages:
        return
    fonts = pages[0].obj.Resources.get(Name.Font)
    if fonts is None:
        return
    for name in list(fonts.keys()):
        use = source.result.fonts.get(name[1:])
        if use is None or not use.face:
            source.font_names[name] = out.copy_foreign(fonts[name])
        del fonts[name]
    source.fonts = fonts


def fill_fonts(fonts: Any, source: OpenPart, faces: Mapping[str, Face]) -> None:
    for name, use in source.result.fonts.items():
        key = Name("/" + name)
        fonts[key] = faces[use.face].font if use.face else source.font_names[key]

"""Merge the laid-out parts into one PDF that is as good as a single WeasyPrint pass.

What the merge does, with pikepdf (qpdf):
- pages in book order, with blank pages where the print edition needs them; a run's page
  that lands on the other side of the spread is moved sideways by the difference between
  the left and right margins, and gets its running head and page number (from the
  calibrated margins, see `margins`) as an artifact;
- one structure tree: the parts' trees under one Document element, the parent tree
  renumbered (page StructParents and annotation StructParent), role maps merged;
- links between parts (`werkboek:<id>` in the HTML) become internal links to named
  destinations, with the target's title as their alternate text; one name tree of
  destinations; bookmarks from the book's structure;
- one font subset per face for the whole book (see `fonts`);
- the metadata (XMP, info, language, output intent) of the front part.
"""

from __future__ import annotations

import io
import itertools
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import pikepdf
from pikepdf import Array, Dictionary, Name, Pdf, Stream, String

from workbook.base.errors import BuildError
from workbook.render.pdf.fonts import subset
from workbook.render.pdf.layout import Result
from workbook.render.pdf.margins import MarginTemplate, templates
from workbook.render.pdf.metadata import creator, producer, stamp_xmp

LINK_SCHEME = "werkboek:"
SHEET_NAME = "WbKantlijn"


@dataclass
class Face:
    """One font face as used by the whole book."""

    data_key: str
    widths: dict[int, float] = field(default_factory=dict)
    text: dict[int, str] = field(default_factory=dict)
    model: Any = None  # a part's Type0 font dictionary, for the names and metrics
    font: Any = None  # the merged Type0 font dictionary


def _to_unicode(out: Pdf, text: Mapping[int, str]) -> Stream:
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


def _widths_array(widths: Mapping[int, float]) -> Array:
    array = Array()
    current: Array | None = None
    previous = -2
    for glyph in sorted(widths):
        if glyph != previous + 1 or current is None:
            current = Array()
            array.append(glyph)
            array.append(current)
        current.append(_number(widths[glyph]))
        previous = glyph
    return array


def _number(value: float) -> Any:
    return (
        int(value) if float(value).is_integer() else pikepdf.Object.parse(f"{value:.4f}".encode())
    )


def _build_font(out: Pdf, face: Face, data: bytes) -> None:
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
            FontBBox=Array([0, descent, _number(max_width), ascent]),
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
            W=_widths_array(face.widths),
            FontDescriptor=descriptor,
        )
    )
    font = face.font
    font.Type = Name.Font
    font.Subtype = Name.Type0
    font.BaseFont = model.BaseFont
    font.ToUnicode = out.make_indirect(_to_unicode(out, face.text))
    font.Encoding = Name("/Identity-H")
    font.DescendantFonts = Array([cid_font])


@dataclass
class Source:
    """A part's PDF, opened, with what the merge has found in it."""

    result: Result
    pdf: Pdf
    fonts: Any = None  # its shared /Font resource dictionary (before copying)
    font_names: dict[Any, Any] = field(default_factory=dict)  # /Name -> copied own font
    first_page: int = 0  # index of its first page in the output (while it is added)
    shifts: dict[int, float] = field(default_factory=dict)  # page index -> dx (points)


def _strip_fonts(out: Pdf, source: Source) -> None:
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


def _struct_kids(pdf: Pdf) -> tuple[Any, Any, Any]:
    root = pdf.Root.StructTreeRoot
    document = root.K[0] if isinstance(root.K, Array) else root.K
    kids = document.K
    for kid in kids:
        if isinstance(kid, Dictionary) and Name.P in kid:
            del kid[Name.P]
    return kids, root.get(Name.ParentTree), root.get(Name.RoleMap)


def _nums(tree: Any) -> Iterator[tuple[int, Any]]:
    if tree is None:
        return
    if Name.Nums in tree:
        nums = tree.Nums
        for index in range(0, len(nums), 2):
            yield int(nums[index]), nums[index + 1]
    for kid in tree.get(Name.Kids, []):
        yield from _nums(kid)


def _dests(pdf: Pdf) -> Iterator[tuple[str, Any]]:
    names = pdf.Root.get(Name.Names)
    if names is None or Name.Dests not in names:
        return
    for key, value in pikepdf.NameTree(names.Dests).items():
        yield str(key), value


Outline = list[tuple[str, str, list[tuple[str, str]]]]


def merge(
    body: Any,
    complete: Callable[[], Any],
    *,
    titles: Mapping[str, str],
    outline: Outline,
    scheduler: Any,
    finish: Callable[[Pdf], bytes] | None = None,
) -> bytes:
    """The merged PDF of an edition (see `workbook.render.pdf.flow`).

    `body`: the layouts of every part but the front matter, whose contents list is laid
    out last; the body is merged while it is. `complete()` waits for the whole layout.
    The front's pages are put before the body's; if page numbers moved after all (the
    flow then laid the book out again), the merge starts over. Either way the merge does
    the same steps in the same order, so the bytes do not depend on timing.
    """
    merger = _Merger(body)
    try:
        merger.add_body(body)
        layouts = complete()
        scheduler.rest()  # the layout is done: the workers' memory is free for the merge
        if merger.plan != _plan(layouts):
            merger.close()
            merger = _Merger(layouts)
            merger.add_body(layouts)
        merger.add_front(layouts)
        merger.fonts()
        return merger.finish(outline, titles, finish)
    finally:
        merger.close()


def _plan(layouts: Any) -> list[tuple[Any, ...]]:
    """What the merged body depends on: where each part lands, and which layout it is."""
    return [layouts.margins.key] + [
        (p.part.name, p.start, p.pages, p.blanks_before, layouts.parts[p.part.name].key)
        for p in layouts.page_map.placements[1:]
    ]


class _Merger:
    """One merged document, made in steps: the body, the front matter, the fonts."""

    def __init__(self, layouts: Any) -> None:
        self.cache = layouts.cache
        self.edition = layouts.edition
        self.plan = _plan(layouts)
        self.out = out = Pdf.new()
        self.faces: dict[str, Face] = {}
        self.sources: list[Source] = []
        self.front: Source | None = None
        self.document = out.make_indirect(
            Dictionary(Type=Name.StructElem, S=Name.Document, K=Array())
        )
        self.parent_tree: list[tuple[int, Any]] = []
        self.next_key = 0
        self.role_map = Dictionary()
        self.dests: dict[str, Any] = {}
        self.shifted: dict[tuple[int, int], float] = {}  # page objgen -> dx
        calibration = self._open(layouts.margins)
        self.margins = _margins(out, calibration, self.faces, self.edition.running_heads)

    def _open(self, result: Result) -> Source:
        source = Source(result, Pdf.open(self.cache.pdf_path(result.key)))
        self.sources.append(source)
        self._use_fonts(source)
        return source

    def _use_fonts(self, source: Source) -> None:
        """Note the glyphs `source` uses of each face; its pages will refer to one font
        dictionary per face, filled once every part's glyphs are known (`fonts`)."""
        pages = source.pdf.pages
        fonts = pages[0].obj.Resources.get(Name.Font) if pages else None
        # Sorted: a result from the cache lists its fonts in another order.
        for name, use in sorted(source.result.fonts.items()):
            if not use.face:
                continue
            face = self.faces.setdefault(use.face, Face(use.face))
            face.widths.update(use.widths)
            for glyph, text in use.text.items():
                face.text.setdefault(glyph, text)
            if face.font is None:
                face.font = self.out.make_indirect(Dictionary())
            if face.model is None and fonts is not None:
                face.model = self.out.copy_foreign(fonts[Name("/" + name)])

    def add_body(self, layouts: Any) -> None:
        for placement in layouts.page_map.placements[1:]:
            self._add(placement, self._open(layouts.parts[placement.part.name]), at=None)

    def add_front(self, layouts: Any) -> None:
        placement = layouts.page_map.placements[0]
        self.front = self._open(layouts.parts[placement.part.name])
        self._add(placement, self.front, at=0)

    def _add(self, placement: Any, source: Source, *, at: int | None) -> None:
        """Copy a part's pages, structure, links and names in (`at`: the index of its first
        page and structure element; None: after the others)."""
        out = self.out
        _strip_fonts(out, source)
        kids, tree, roles = _struct_kids(source.pdf)
        first = len(out.pages) if at is None else at
        pages = list(source.pdf.pages)
        if placement.blanks_before:
            template = pages[0].obj
            pages = [
                pikepdf.Page(_blank(out, template)) for _ in range(placement.blanks_before)
            ] + pages
        for index, page in enumerate(pages):
            out.pages.insert(first + index, page)
        source.first_page = first + placement.blanks_before
        copied_kids = _copy(out, source.pdf, kids)
        element = len(self.document.K) if at is None else at
        for index, kid in enumerate(copied_kids):
            kid.P = self.document
            self.document.K.insert(element + index, kid)
        if roles is not None:
            for key, value in roles.items():
                self.role_map[key] = value
        highest = -1
        for key, value in _nums(tree):
            self.parent_tree.append((self.next_key + key, _copy(out, source.pdf, value)))
            highest = max(highest, key)
        for index in range(len(source.pdf.pages)):
            copied = out.pages[source.first_page + index].obj
            if Name.StructParents in copied:
                copied.StructParents = self.next_key + int(copied.StructParents)
            for annotation in copied.get(Name.Annots, []):
                if Name.StructParent in annotation:
                    annotation.StructParent = self.next_key + int(annotation.StructParent)
        self.next_key += highest + 1
        if source.fonts is not None:
            _fill_fonts(out.copy_foreign(source.fonts), source, self.faces)
        for name, value in _dests(source.pdf):
            if name not in self.dests:
                self.dests[name] = _copy(out, source.pdf, value)
        if placement.part.sheeted:
            _put_margins(out, source, placement, self.margins, self.edition)
            for index, dx in source.shifts.items():
                self.shifted[out.pages[source.first_page + index].obj.objgen] = dx

    def fonts(self) -> None:
        """One subset per face, with the glyphs of the whole book (HarfBuzz: a few
        milliseconds per face, so here rather than in a worker)."""
        for face in sorted(self.faces):
            data = subset(self.cache.font(face), sorted(self.faces[face].widths))
            _build_font(self.out, self.faces[face], data)

    def finish(
        self, outline: Outline, titles: Mapping[str, str], finish: Callable[[Pdf], bytes] | None
    ) -> bytes:
        out = self.out
        assert self.front is not None
        by_key = dict(self.parent_tree)
        for out_page in out.pages:
            moved = self.shifted.get(out_page.obj.objgen)
            if moved is not None:
                _shift_structure(by_key, out_page.obj, moved)
        for value in self.dests.values():
            moved = self.shifted.get(value[0].objgen)
            if moved is not None:
                value[2] = float(value[2]) + moved
        _rewrite_links(out, titles)
        _finish_catalog(
            out,
            self.front,
            self.document,
            self.parent_tree,
            self.next_key,
            self.role_map,
            self.dests,
        )
        _outline(out, outline, self.dests)
        return finish(out) if finish is not None else _save(out, str(self.front.pdf.pdf_version))

    def close(self) -> None:
        for source in self.sources:
            source.pdf.close()
        self.sources = []


@dataclass
class _Margins:
    templates: dict[Any, MarginTemplate]  # (running head, right page?) -> template
    resources: Any  # the calibration's resources, copied into the output
    frames: dict[bool, tuple[float, float]]  # right page? -> (left edge, width) of the text


def _margins(
    out: Pdf, calibration: Source, faces: Mapping[str, Face], heads: list[str]
) -> _Margins:
    """The margin templates from the calibration document (see `margins`)."""
    _strip_fonts(out, calibration)
    found = templates(calibration.pdf, calibration.result.fonts, heads)
    resources = out.copy_foreign(calibration.pdf.pages[0].obj.Resources)
    if calibration.fonts is not None:
        _fill_fonts(out.copy_foreign(calibration.fonts), calibration, faces)
    frames = calibration.result.frames
    return _Margins(found, resources, {True: frames[0], False: frames[1]})


def _put_margins(out: Pdf, source: Source, placement: Any, margins: _Margins, edition: Any) -> None:
    """Put its running head and page number on each page of a run or register, and move a
    page that lands on the other side of the spread than it was laid out for by the
    difference between the two sides' margins."""
    part = placement.part
    heads = edition.heads(part, len(source.pdf.pages), source.result.anchors)
    resources = out.pages[source.first_page].obj.Resources
    if Name.XObject not in resources:
        resources.XObject = Dictionary()
    for index in range(len(source.pdf.pages)):
        if index in source.result.blank:
            continue  # like the blank pages the merge puts in: no running head, no folio
        number = placement.start + index
        right = number % 2 == 1
        page = out.pages[source.first_page + index].obj
        template = margins.templates[(heads[index], right)]
        (own_left, own_width) = source.result.frames[index]
        (left, width) = margins.frames[right]
        if abs(own_width - width) > 0.01:
            raise BuildError(
                "de linker- en rechterpagina's van het ontwerp hebben een verschillende "
                "tekstbreedte; werkboek kan de pagina's dan niet los opmaken"
            )
        form = Stream(out, template.content(number))
        form.Type = Name.XObject
        form.Subtype = Name.Form
        form.BBox = Array(template.box)
        form.Resources = margins.resources
        name = Name(f"/{SHEET_NAME}{index}")
        resources.XObject[name] = out.make_indirect(form)
        dx = left - own_left
        contents = page.Contents if isinstance(page.Contents, Array) else Array([page.Contents])
        # The page's own content is wrapped in q/Q: WeasyPrint leaves its flip of the
        # y axis in place at the end, and the margin must be drawn untransformed.
        before = b"q\n"
        if abs(dx) > 0.001:
            before = f"q 1 0 0 1 {dx:.4f} 0 cm\n".encode()
            _shift_page(page, dx)
            source.shifts[index] = dx
        after = b"Q\n/Artifact BMC q " + str(name).encode() + b" Do Q EMC\n"
        page.Contents = Array([out.make_stream(before), *contents, out.make_stream(after)])


def _save(out: Pdf, version: str) -> bytes:
    buffer = io.BytesIO()
    out.save(
        buffer,
        deterministic_id=True,
        compress_streams=True,
        object_stream_mode=pikepdf.ObjectStreamMode.generate,
        stream_decode_level=pikepdf.StreamDecodeLevel.none,
        recompress_flate=False,
        fix_metadata_version=False,
        min_version=version,
    )
    return buffer.getvalue()


def _copy(out: Pdf, source: Pdf, value: Any) -> Any:
    """`value` of `source` copied into `out` (qpdf copies indirect objects only)."""
    return out.copy_foreign(value if value.is_indirect else source.make_indirect(value))


def _fill_fonts(fonts: Any, source: Source, faces: Mapping[str, Face]) -> None:
    for name, use in source.result.fonts.items():
        key = Name("/" + name)
        fonts[key] = faces[use.face].font if use.face else source.font_names[key]


def _blank(out: Pdf, template: Any) -> Any:
    """An empty page with the geometry of `template` (a left page before an opener)."""
    page = Dictionary(Type=Name.Page, Resources=Dictionary(), Contents=out.make_stream(b""))
    for box in (Name.MediaBox, Name.TrimBox, Name.BleedBox):
        if box in template:
            page[box] = Array(list(template[box]))
    return out.make_indirect(page)


def _shift_page(page: Any, dx: float) -> None:
    for annotation in page.get(Name.Annots, []):
        rect = annotation.Rect
        annotation.Rect = Array(
            [float(rect[0]) + dx, float(rect[1]), float(rect[2]) + dx, float(rect[3])]
        )


def _shift_structure(parent_tree: Mapping[int, Any], page: Any, dx: float) -> None:
    """Figures keep their bounding box on the moved page (WeasyPrint writes CSS pixels)."""
    if Name.StructParents not in page:
        return
    for element in parent_tree.get(int(page.StructParents), []):
        attributes = element.get(Name.A) if isinstance(element, Dictionary) else None
        if (
            element.get(Name.S) == Name.Figure
            and attributes is not None
            and Name.BBox in attributes
        ):
            box = [float(v) for v in attributes.BBox]
            shift = dx / 0.75
            attributes.BBox = Array([box[0] + shift, box[1], box[2] + shift, box[3]])


def _rewrite_links(out: Pdf, titles: Mapping[str, str]) -> None:
    """`werkboek:<id>` links (between parts) become links to the named destination."""
    for page in out.pages:
        for annotation in page.obj.get(Name.Annots, []):
            action = annotation.get(Name.A)
            if action is None or action.get(Name.S) != Name.URI:
                continue
            uri = str(action.URI)
            if not uri.startswith(LINK_SCHEME):
                continue
            anchor = uri[len(LINK_SCHEME) :]
            del annotation[Name.A]
            annotation.Dest = String(anchor)
            annotation.Contents = String(titles.get(anchor, anchor))


def _finish_catalog(
    out: Pdf,
    front: Source,
    document: Any,
    parent_tree: list[tuple[int, Any]],
    next_key: int,
    role_map: Dictionary,
    dests: Mapping[str, Any],
) -> None:
    source = front.pdf
    root = out.make_indirect(
        Dictionary(
            Type=Name.StructTreeRoot,
            K=Array([document]),
            ParentTree=out.make_indirect(
                Dictionary(Nums=Array([v for key, value in parent_tree for v in (key, value)]))
            ),
            ParentTreeNextKey=next_key,
        )
    )
    if len(role_map):
        root.RoleMap = role_map
    document.P = root
    out.Root.StructTreeRoot = root
    for entry in (Name.Lang, Name.MarkInfo, Name.ViewerPreferences, Name.OutputIntents):
        if entry in source.Root:
            out.Root[entry] = _copy(out, source, source.Root[entry])
    if Name.Metadata in source.Root:
        out.Root.Metadata = _copy(out, source, source.Root.Metadata)
    for key, value in source.docinfo.items():
        out.docinfo[key] = _copy(out, source, value) if value.is_indirect else value
    out.docinfo[Name.Creator] = String(creator())
    out.docinfo[Name.Producer] = String(producer())
    if Name.Metadata in out.Root:
        metadata = out.Root.Metadata
        metadata.write(stamp_xmp(metadata.read_bytes()))
    names = Array()
    for name in sorted(dests):
        names.append(String(name))
        names.append(dests[name])
    out.Root.Names = Dictionary(Dests=out.make_indirect(Dictionary(Names=names)))


def _outline(out: Pdf, entries: Outline, dests: Mapping[str, Any]) -> None:
    """Bookmarks: (title, anchor, children) from the book's structure."""
    items = []
    for title, anchor, children in entries:
        if anchor not in dests:
            continue
        kids = [(t, a) for t, a in children if a in dests]
        items.append((title, anchor, kids))
    if not items:
        return
    outlines = out.make_indirect(Dictionary(Type=Name.Outlines))

    def link(parent: Any, level: Outline) -> int:
        made = []
        total = 0
        for title, anchor, kids in level:
            destination = dests[anchor]
            item = out.make_indirect(
                Dictionary(Title=String(title), Parent=parent, Dest=Array(list(destination)))
            )
            count = link(item, [(t, a, []) for t, a in kids]) if kids else 0
            if kids:
                item.Count = count
            total += 1 + count
            made.append(item)
        for before, after in itertools.pairwise(made):
            before.Next = after
            after.Prev = before
        if made:
            parent.First = made[0]
            parent.Last = made[-1]
        return total

    outlines.Count = link(outlines, items)
    out.Root.Outlines = outlines

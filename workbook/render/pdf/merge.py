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
from collections.abc import Callable, Mapping
from typing import Any

import pikepdf
from pikepdf import Array, Dictionary, Name, Pdf, String

from workbook.render.pdf.fonts import Face, build_font, fill_fonts, strip_fonts, subset
from workbook.render.pdf.layout import PartLayout
from workbook.render.pdf.margins import blank_page, calibrated_margins, put_margins, shift_structure
from workbook.render.pdf.metadata import creator, producer, stamp_xmp
from workbook.render.pdf.navigation import Outline, named_destinations, rewrite_links, write_outline
from workbook.render.pdf.open_part import (
    OpenPart,
    copy_catalog,
    copy_object,
    parent_tree_items,
    set_destinations,
    set_structure,
    struct_kids,
)


def merge(
    body: Any,
    complete: Callable[[], Any],
    *,
    titles: Mapping[str, str],
    outline: Outline,
    scheduler: Any,
    finish: Callable[[Pdf], bytes] | None = None,
) -> bytes:
    """The merged PDF (see `workbook.render.pdf.flow`).

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
        if merger.placed != _placed(layouts):
            merger.close()
            merger = _Merger(layouts)
            merger.add_body(layouts)
        merger.add_front(layouts)
        merger.fonts()
        return merger.finish(outline, titles, finish)
    finally:
        merger.close()


def _placed(layouts: Any) -> list[tuple[Any, ...]]:
    """What the merged body depends on: where each part lands, and which layout it is."""
    return [layouts.margins.key] + [
        (p.part.name, p.start, p.pages, p.blanks_before, layouts.parts[p.part.name].key)
        for p in layouts.page_map.placements[1:]
    ]


class _Merger:
    """One merged document, made in steps: the body, the front matter, the fonts."""

    def __init__(self, layouts: Any) -> None:
        self.cache = layouts.cache
        self.plan = layouts.plan
        self.placed = _placed(layouts)
        self.out = out = Pdf.new()
        self.faces: dict[str, Face] = {}
        self.sources: list[OpenPart] = []
        self.front: OpenPart | None = None
        self.document = out.make_indirect(
            Dictionary(Type=Name.StructElem, S=Name.Document, K=Array())
        )
        self.parent_tree: list[tuple[int, Any]] = []
        self.next_key = 0
        self.role_map = Dictionary()
        self.dests: dict[str, Any] = {}
        self.shifted: dict[tuple[int, int], float] = {}  # page objgen -> dx
        calibration = self._open(layouts.margins)
        self.margins = calibrated_margins(out, calibration, self.faces, self.plan.running_heads)

    def _open(self, result: PartLayout) -> OpenPart:
        source = OpenPart(result, Pdf.open(self.cache.pdf_path(result.key)))
        self.sources.append(source)
        self._use_fonts(source)
        return source

    def _use_fonts(self, source: OpenPart) -> None:
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

    def _add(self, placement: Any, source: OpenPart, *, at: int | None) -> None:
        """Copy a part's pages, structure, links and names in (`at`: the index of its first
        page and structure element; None: after the others)."""
        out = self.out
        strip_fonts(out, source)
        kids, tree, roles = struct_kids(source.pdf)
        first = len(out.pages) if at is None else at
        pages = list(source.pdf.pages)
        if placement.blanks_before:
            template = pages[0].obj
            pages = [
                pikepdf.Page(blank_page(out, template)) for _ in range(placement.blanks_before)
            ] + pages
        for index, page in enumerate(pages):
            out.pages.insert(first + index, page)
        source.first_page = first + placement.blanks_before
        copied_kids = copy_object(out, source.pdf, kids)
        element = len(self.document.K) if at is None else at
        for index, kid in enumerate(copied_kids):
            kid.P = self.document
            self.document.K.insert(element + index, kid)
        if roles is not None:
            for key, value in roles.items():
                self.role_map[key] = value
        highest = -1
        for key, value in parent_tree_items(tree):
            self.parent_tree.append((self.next_key + key, copy_object(out, source.pdf, value)))
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
            fill_fonts(out.copy_foreign(source.fonts), source, self.faces)
        for name, value in named_destinations(source.pdf):
            if name not in self.dests:
                self.dests[name] = copy_object(out, source.pdf, value)
        if placement.part.sheeted:
            put_margins(out, source, placement, self.margins, self.plan)
            for index, dx in source.shifts.items():
                self.shifted[out.pages[source.first_page + index].obj.objgen] = dx

    def fonts(self) -> None:
        """One subset per face, with the glyphs of the whole book (HarfBuzz: a few
        milliseconds per face, so here rather than in a worker)."""
        for face in sorted(self.faces):
            data = subset(self.cache.font(face), sorted(self.faces[face].widths))
            build_font(self.out, self.faces[face], data)

    def finish(
        self, outline: Outline, titles: Mapping[str, str], finish: Callable[[Pdf], bytes] | None
    ) -> bytes:
        out = self.out
        assert self.front is not None
        by_key = dict(self.parent_tree)
        for out_page in out.pages:
            moved = self.shifted.get(out_page.obj.objgen)
            if moved is not None:
                shift_structure(by_key, out_page.obj, moved)
        for value in self.dests.values():
            moved = self.shifted.get(value[0].objgen)
            if moved is not None:
                value[2] = float(value[2]) + moved
        rewrite_links(out, titles)
        _finish_catalog(
            out,
            self.front,
            self.document,
            self.parent_tree,
            self.next_key,
            self.role_map,
            self.dests,
        )
        write_outline(out, outline, self.dests)
        return finish(out) if finish is not None else _save(out, str(self.front.pdf.pdf_version))

    def close(self) -> None:
        for source in self.sources:
            source.pdf.close()
        self.sources = []


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


def _finish_catalog(
    out: Pdf,
    front: OpenPart,
    document: Any,
    parent_tree: list[tuple[int, Any]],
    next_key: int,
    role_map: Dictionary,
    dests: Mapping[str, Any],
) -> None:
    source = front.pdf
    set_structure(out, document, parent_tree, next_key, role_map)
    copy_catalog(
        out,
        source,
        (Name.Lang, Name.MarkInfo, Name.ViewerPreferences, Name.OutputIntents, Name.Metadata),
    )
    out.docinfo[Name.Creator] = String(creator())
    out.docinfo[Name.Producer] = String(producer())
    if Name.Metadata in out.Root:
        metadata = out.Root.Metadata
        metadata.write(stamp_xmp(metadata.read_bytes()))
    set_destinations(out, dests)

"""Running heads and page numbers for the parts laid out without them (runs, registers).

Such a part does not know where it lands, so its pages get their margins in the merge. The
design's own CSS decides what the margins look like: WeasyPrint lays out a small
*calibration* document with the same stylesheets, four pages per running head (a right and
a left page with page number 1234567890, and the same with page number 1). From it:

- everything but the page number is copied as it is (running head, colours, rules);
- the page number is the text run that reads 1234567890: for another number its glyphs
  (the same font and size) replace those, and its position follows the alignment the two
  calibrations show (left: the start stays; right: the end stays; centred: the middle).

Each book page then gets its margin as a form XObject, marked as an artifact (`put_margins`).
"""

from __future__ import annotations

import html as html_lib
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pikepdf
from pikepdf import Array, Dictionary, Name, Pdf, Stream

from workbook.base.errors import BuildError
from workbook.render.pdf.fonts import Face, fill_fonts, strip_fonts
from workbook.render.pdf.layout import FontUse
from workbook.render.pdf.open_part import OpenPart

LONG, SHORT = 1234567890, 1
CALIBRATION_CSS = f"""
html {{ break-before: right !important; }}
.werkboek-kantlijn {{ break-after: page; string-set: running attr(data-running); }}
.werkboek-kantlijn:last-child {{ break-after: auto; }}
.werkboek-lang {{ page: werkboek-lang; }}
.werkboek-kort {{ page: werkboek-kort; }}
@page werkboek-lang {{ counter-reset: page {LONG} !important; }}
@page werkboek-kort {{ counter-reset: page {SHORT} !important; }}
"""


def calibration_html(lang: str, title: str, stylesheets: list[str], heads: list[str]) -> str:
    """Four pages per running head: right and left with a long, then a short number."""
    links = "".join(f'<link rel="stylesheet" href="{html_lib.escape(u)}"/>' for u in stylesheets)
    pages = []
    for head in heads:
        for kind in ("lang", "lang", "kort", "kort"):
            pages.append(
                f'<div class="werkboek-kantlijn werkboek-{kind}" '
                f'data-running="{html_lib.escape(head)}"></div>'
            )
    return (
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"/>'
        f"<title>{html_lib.escape(title)}</title>{links}</head><body>{''.join(pages)}</body></html>"
    )


@dataclass
class _Folio:
    index: int  # the TJ instruction that shows the page number
    position: int  # the Tm instruction before it
    digits: dict[str, bytes]  # digit -> its glyph code
    widths: dict[bytes, float]  # glyph code -> advance, in text space units
    x: float  # the text's x at the long number
    width: float  # the long number's width
    anchor: float  # 0: left stays, 1: right end stays, 0.5: middle stays


@dataclass
class MarginTemplate:
    """One margin (a running head on one side), with a place for the page number."""

    instructions: list[Any]
    folio: _Folio | None
    resources: Any  # the calibration page's resources (copied into the output)
    box: list[float]

    def content(self, number: int) -> bytes:
        instructions = list(self.instructions)
        if self.folio is not None:
            folio = self.folio
            text = str(number)
            try:
                codes = [folio.digits[d] for d in text]
            except KeyError as exc:  # pragma: no cover - every digit is calibrated
                raise BuildError(f"paginanummer {number} kan niet worden gezet") from exc
            width = sum(folio.widths[c] for c in codes)
            operands, operator = instructions[folio.position]
            matrix = [float(v) for v in operands]
            matrix[4] = folio.x + folio.anchor * (folio.width - width)
            instructions[folio.position] = pikepdf.ContentStreamInstruction(
                [Decimal(f"{v:.6f}") for v in matrix], operator
            )
            glyphs = Array()
            for code in codes:
                glyphs.append(pikepdf.String(code))
                glyphs.append(0)
            instructions[folio.index] = pikepdf.ContentStreamInstruction(
                [glyphs], pikepdf.Operator("TJ")
            )
        return pikepdf.unparse_content_stream(instructions)


def _text_runs(instructions: list[Any]) -> list[tuple[int, int, str, float, list[bytes]]]:
    """(TJ index, Tm index, font name, size, glyph codes) of every TJ in a content stream."""
    runs = []
    font, size, position = "", 0.0, -1
    for index, (operands, operator) in enumerate(instructions):
        name = str(operator)
        if name == "Tf":
            font, size = str(operands[0])[1:], float(operands[1])
        elif name == "Tm":
            position = index
        elif name == "TJ":
            codes = []
            for item in operands[0]:
                if isinstance(item, pikepdf.String):
                    data = bytes(item)
                    codes += [data[i : i + 2] for i in range(0, len(data), 2)]
            runs.append((index, position, font, size, codes))
    return runs


def _decode(codes: list[bytes], use: FontUse | None) -> str:
    if use is None:
        return ""
    return "".join(use.text.get(int.from_bytes(c, "big"), "?") for c in codes)


def templates(
    pdf: pikepdf.Pdf, fonts: dict[str, FontUse], heads: list[str]
) -> dict[Any, MarginTemplate]:
    """The margin templates of a calibration PDF, by (running head, right page?)."""
    found: dict[Any, MarginTemplate] = {}
    pages = list(pdf.pages)
    if len(pages) != 4 * len(heads):
        raise BuildError("de kantlijnen van het ontwerp konden niet worden bepaald")
    for number, head in enumerate(heads):
        for side in (0, 1):  # right, then left
            long_page = pages[4 * number + side]
            short_page = pages[4 * number + 2 + side]
            instructions = list(pikepdf.parse_content_stream(long_page))
            short = list(pikepdf.parse_content_stream(short_page))
            folio = _folio(instructions, short, fonts)
            found[(head, side == 0)] = MarginTemplate(
                instructions, folio, long_page.obj.Resources, [float(v) for v in long_page.mediabox]
            )
    return found


def _folio(long: list[Any], short: list[Any], fonts: dict[str, FontUse]) -> _Folio | None:
    runs = _text_runs(long)
    for index, position, font, size, codes in runs:
        use = fonts.get(font)
        if _decode(codes, use) != str(LONG):
            continue
        assert use is not None
        widths = {c: use.widths.get(int.from_bytes(c, "big"), 0.0) * size / 1000 for c in codes}
        width = sum(widths[c] for c in codes)
        x = float(long[position][0][4])
        short_run = next(
            (r for r in _text_runs(short) if _decode(r[4], fonts.get(r[2])) == str(SHORT)), None
        )
        if short_run is None:
            raise BuildError("de paginanummers van het ontwerp konden niet worden bepaald")
        short_x = float(short[short_run[1]][0][4])
        short_width = sum(widths.get(c, 0.0) for c in short_run[4])
        anchor = (short_x - x) / (width - short_width) if width != short_width else 0.0
        digits = dict(zip(str(LONG), codes, strict=True))
        return _Folio(index, position, digits, widths, x, width, round(anchor, 3))
    shown = sorted(_decode(r[4], fonts.get(r[2])) for r in runs)
    shown_short = sorted(_decode(r[4], fonts.get(r[2])) for r in _text_runs(short))
    if shown != shown_short:
        raise BuildError(
            "het ontwerp zet paginanummers niet als gewone cijfers; dat kan werkboek niet "
            "in de kantlijn van de voorbeelden en registers zetten"
        )
    return None  # the design shows no page number there


# --- on the book's pages ----------------------------------------------------------

SHEET_NAME = "WbKantlijn"


@dataclass
class PageMargins:
    templates: dict[Any, MarginTemplate]  # (running head, right page?) -> template
    resources: Any  # the calibration's resources, copied into the output
    frames: dict[bool, tuple[float, float]]  # right page? -> (left edge, width) of the text


def calibrated_margins(
    out: Pdf, calibration: OpenPart, faces: Mapping[str, Face], heads: list[str]
) -> PageMargins:
    """The margin templates from the calibration document (see `margins`)."""
    strip_fonts(out, calibration)
    found = templates(calibration.pdf, calibration.result.fonts, heads)
    resources = out.copy_foreign(calibration.pdf.pages[0].obj.Resources)
    if calibration.fonts is not None:
        fill_fonts(out.copy_foreign(calibration.fonts), calibration, faces)
    frames = calibration.result.frames
    return PageMargins(found, resources, {True: frames[0], False: frames[1]})


def put_margins(
    out: Pdf, source: OpenPart, placement: Any, margins: PageMargins, plan: Any
) -> None:
    """Put its running head and page number on each page of a run or register, and move a
    page that lands on the other side of the spread than it was laid out for by the
    difference between the two sides' margins."""
    part = placement.part
    heads = plan.heads(part, len(source.pdf.pages), source.result.anchors)
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
            shift_page(page, dx)
            source.shifts[index] = dx
        after = b"Q\n/Artifact BMC q " + str(name).encode() + b" Do Q EMC\n"
        page.Contents = Array([out.make_stream(before), *contents, out.make_stream(after)])


def blank_page(out: Pdf, template: Any) -> Any:
    """An empty page with the geometry of `template` (a left page before an opener)."""
    page = Dictionary(Type=Name.Page, Resources=Dictionary(), Contents=out.make_stream(b""))
    for box in (Name.MediaBox, Name.TrimBox, Name.BleedBox):
        if box in template:
            page[box] = Array(list(template[box]))
    return out.make_indirect(page)


def shift_page(page: Any, dx: float) -> None:
    for annotation in page.get(Name.Annots, []):
        rect = annotation.Rect
        annotation.Rect = Array(
            [float(rect[0]) + dx, float(rect[1]), float(rect[2]) + dx, float(rect[3])]
        )


def shift_structure(parent_tree: Mapping[int, Any], page: Any, dx: float) -> None:
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

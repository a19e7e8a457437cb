"""The preflight summary of the print edition: Dutch lines for the terminal, JSON for tools.

`inspect_print_pdf` reads the finished `-druk.pdf` and collects what a printing house
asks first: PDF/X-4 or not (and why not), the output condition, the page count against
16-page signatures, and the images under 300 ppi (the `low-resolution` diagnostics of
the build). `summary_lines` and `summary_json` present it.
"""

from __future__ import annotations

import io
import json
from dataclasses import dataclass, field
from pathlib import Path

from workbook.base.errors import Diagnostic
from workbook.base.words import format_number

SIGNATURE_PAGES = 16


@dataclass(frozen=True)
class PrintPreflight:
    name: str  # file name of the print PDF
    pdfx_version: str | None  # "PDF/X-4" when the XMP says so
    pdf_version: str
    output_condition: str | None  # OutputConditionIdentifier
    output_profile: str | None  # the intent's Info: the profile's description
    pages: int
    rgb: list[str] = field(default_factory=list)
    fonts_not_embedded: list[str] = field(default_factory=list)
    box_problems: list[str] = field(default_factory=list)
    low_resolution: list[Diagnostic] = field(default_factory=list)

    @property
    def blank_pages(self) -> int:
        """Blank pages that would fill the last signature."""
        return -self.pages % SIGNATURE_PAGES

    @property
    def signatures(self) -> int:
        return (self.pages + self.blank_pages) // SIGNATURE_PAGES

    @property
    def pdfx_ok(self) -> bool:
        return (
            self.pdfx_version == "PDF/X-4"
            and self.output_condition is not None
            and not (self.rgb or self.fonts_not_embedded or self.box_problems)
        )


def inspect_print_pdf(data: bytes, name: str, low_resolution: list[Diagnostic]) -> PrintPreflight:
    import pikepdf

    from workbook.render.print.checks import box_problems, device_rgb_uses, unembedded_fonts

    with pikepdf.open(io.BytesIO(data)) as pdf:
        intents = pdf.Root.get("/OutputIntents")
        intent = intents[0] if isinstance(intents, pikepdf.Array) and len(intents) else None
        identifier = intent.get("/OutputConditionIdentifier") if intent is not None else None
        info = intent.get("/Info") if intent is not None else None
        metadata = pdf.Root.get("/Metadata")
        version = xmp_pdfx_version(metadata.read_bytes()) if metadata is not None else None
        return PrintPreflight(
            name=name,
            pdfx_version=str(version) if version else None,
            pdf_version=str(pdf.pdf_version),
            output_condition=str(identifier) if identifier is not None else None,
            output_profile=str(info) if info is not None else None,
            pages=len(pdf.pages),
            rgb=device_rgb_uses(pdf),
            fonts_not_embedded=unembedded_fonts(pdf),
            box_problems=box_problems(pdf),
            low_resolution=list(low_resolution),
        )


def xmp_pdfx_version(packet: bytes) -> str | None:
    """pdfxid:GTS_PDFXVersion from an XMP packet (element or attribute form)."""
    import lxml.etree as etree

    namespace = "{http://www.npes.org/pdfx/ns/id/}GTS_PDFXVersion"
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    try:
        root = etree.fromstring(packet, parser)
    except etree.XMLSyntaxError:
        return None
    for element in root.iter():
        if element.tag == namespace and element.text:
            return str(element.text).strip()
        if namespace in element.attrib:
            return str(element.attrib[namespace]).strip()
    return None


def _pages_line(pages: int, blank: int, signatures: int) -> str:
    counted = f"{format_number(pages)} pagina's"
    bundles = f"{signatures} {'katern' if signatures == 1 else 'katernen'} van {SIGNATURE_PAGES}"
    if blank == 0:
        return f"{counted}: precies {bundles}"
    empty = "lege pagina" if blank == 1 else "lege pagina's"
    return (
        f"{counted}, geen veelvoud van {SIGNATURE_PAGES}: met {blank} {empty} erbij "
        f"wordt het {pages + blank} ({bundles})"
    )


def summary_lines(check: PrintPreflight) -> list[str]:
    """One Dutch line per point, for the terminal after `workbook build --print`."""
    if check.pdfx_ok:
        pdfx = f"PDF/X-4: ja (PDF {check.pdf_version}, CMYK en grijs, lettertypen ingesloten)"
    else:
        reasons = []
        if check.pdfx_version != "PDF/X-4" or check.output_condition is None:
            reasons.append("geen PDF/X-4-kenmerk of output intent")
        if check.rgb:
            reasons.append(f"RGB-kleur op {len(check.rgb)} plaatsen, eerste: {check.rgb[0]}")
        if check.fonts_not_embedded:
            reasons.append("niet ingesloten: " + ", ".join(check.fonts_not_embedded))
        if check.box_problems:
            reasons.append(check.box_problems[0])
        pdfx = "PDF/X-4: nee (" + "; ".join(reasons) + ")"
    condition = (
        f"Drukconditie: {check.output_condition}, profiel '{check.output_profile}'"
        if check.output_condition
        else "Drukconditie: ontbreekt"
    )
    images = len(check.low_resolution)
    resolution = (
        "Afbeeldingen onder 300 ppi: geen"
        if images == 0
        else f"Afbeeldingen onder 300 ppi: {images} (zie de waarschuwingen hierboven)"
    )
    return [
        f"Drukversie {check.name}:",
        f"  {pdfx}",
        f"  {condition}",
        f"  Omvang: {_pages_line(check.pages, check.blank_pages, check.signatures)}",
        f"  {resolution}",
    ]


def summary_json(check: PrintPreflight) -> bytes:
    """The same facts for tools, as `<naam>-druk.preflight.json`."""
    report = {
        "file": check.name,
        "pdfx": {
            "ok": check.pdfx_ok,
            "version": check.pdfx_version,
            "pdf_version": check.pdf_version,
            "rgb": check.rgb,
            "fonts_not_embedded": check.fonts_not_embedded,
            "box_problems": check.box_problems,
        },
        "output_condition": {
            "identifier": check.output_condition,
            "profile": check.output_profile,
        },
        "pages": {
            "count": check.pages,
            "signature": SIGNATURE_PAGES,
            "signatures": check.signatures,
            "blank_pages_to_fill": check.blank_pages,
        },
        "low_resolution": [
            {
                "file": Path(d.file).as_posix(),
                "line": d.line,
                "column": d.column,
                "field": d.field,
                "message": d.message,
                "hint": d.hint,
            }
            for d in check.low_resolution
        ],
    }
    return (json.dumps(report, ensure_ascii=False, indent=2) + "\n").encode("utf-8")

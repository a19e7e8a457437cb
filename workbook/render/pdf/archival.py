"""The reader PDF as PDF/A-2a and PDF/UA-1 at once (issue 23).

`finish_archival(pdf)` works on any merged `pikepdf.Pdf` whose parts WeasyPrint wrote as
PDF/UA-1 (tagged, fonts embedded, an XMP packet that agrees with the Info dictionary) and
adds, deterministically, what PDF/A-2 level A asks on top (ISO 19005-2):

- an output intent /GTS_PDFA1 with the bundled sRGB profile (`templates/color/sRGB.icc`,
  never a system file): the DeviceRGB colours WeasyPrint paints and the DeviceRGB blending
  space of its transparency groups then have one defined meaning (6.2.4.3), and pages with
  transparency need no page group of their own (6.2.10);
- the Print flag on every annotation, and none of Hidden, Invisible, NoView, ToggleNoView
  (6.3.2): WeasyPrint's links carry no flags at all;
- no /Interpolate on images (6.2.8): WeasyPrint asks for smoothing of every photo;
- in the XMP packet, the identification of both standards (pdfaid:part 2,
  pdfaid:conformance A, pdfuaid:part 1) and the PDF/A extension schema that declares
  pdfuaid:part, which is not among the schemas PDF/A predefines (6.6.2.3).

A second call changes nothing. `write_archival(pdf)` then saves it: PDF 1.7, the XMP packet
as plain text (qpdf never compresses the catalog's metadata, PDF/A forbids a filter there),
a trailer /ID derived from the content, the other streams compressed in object streams, and
stream ends that no checker misreads (`stream_ends`). The print edition stays PDF/X-4
(`workbook.render.print.pdfx`); this is for the reader editions only.
"""

from __future__ import annotations

import io

import lxml.etree as etree
import pikepdf
from pikepdf import Name

from workbook.base.design import DEFAULT_TEMPLATES
from workbook.render.pdf.stream_ends import unambiguous_stream_ends

SRGB_PATH = DEFAULT_TEMPLATES / "color" / "sRGB.icc"
SRGB_CONDITION = "sRGB IEC61966-2.1"
REGISTRY = "http://www.color.org"
PDF_VERSION = "1.7"  # PDF/A-2 is built on ISO 32000-1

# Annotation flags (ISO 32000-1, table 165).
INVISIBLE, HIDDEN, PRINT, NO_VIEW, TOGGLE_NO_VIEW = 1, 2, 4, 32, 256

NS = {
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "pdfaid": "http://www.aiim.org/pdfa/ns/id/",
    "pdfuaid": "http://www.aiim.org/pdfua/ns/id/",
    "pdfaExtension": "http://www.aiim.org/pdfa/ns/extension/",
    "pdfaSchema": "http://www.aiim.org/pdfa/ns/schema#",
    "pdfaProperty": "http://www.aiim.org/pdfa/ns/property#",
}
# What the packet says about conformance: (namespace, property) -> value.
IDENTIFICATION = {
    ("pdfaid", "part"): "2",
    ("pdfaid", "conformance"): "A",
    ("pdfuaid", "part"): "1",
}


def finish_archival(pdf: pikepdf.Pdf) -> None:
    """Make `pdf` (a tagged PDF/UA-1 document) PDF/A-2a as well, in place."""
    _output_intent(pdf)
    for page in pdf.pages:
        for annotation in page.obj.get(Name.Annots, []):
            flags = int(annotation.get(Name.F, 0))
            annotation[Name.F] = (flags | PRINT) & ~(INVISIBLE | HIDDEN | NO_VIEW | TOGGLE_NO_VIEW)
    for obj in pdf.objects:
        if (
            isinstance(obj, pikepdf.Stream)
            and obj.stream_dict.get(Name.Subtype) == Name.Image
            and Name.Interpolate in obj.stream_dict
        ):
            del obj.stream_dict[Name.Interpolate]
    if Name.Metadata not in pdf.Root:
        raise ValueError("PDF zonder XMP-metadata: eerst als PDF/UA-1 opmaken")
    metadata = pdf.Root.Metadata
    metadata.write(identify_xmp(metadata.read_bytes()))


def write_archival(pdf: pikepdf.Pdf) -> bytes:
    """The finished file's bytes (see the module's description)."""
    buffer = io.BytesIO()
    pdf.save(
        buffer,
        force_version=PDF_VERSION,
        deterministic_id=True,
        encryption=False,
        compress_streams=True,
        object_stream_mode=pikepdf.ObjectStreamMode.generate,
        # Compressed streams are copied as they are; new ones are compressed, except the
        # XMP packet, which qpdf leaves plain text.
        stream_decode_level=pikepdf.StreamDecodeLevel.none,
        recompress_flate=False,
        fix_metadata_version=False,
    )
    return unambiguous_stream_ends(buffer.getvalue())


def srgb_profile() -> bytes:
    """The bundled sRGB profile (ICC v2, see templates/color/README.md)."""
    return SRGB_PATH.read_bytes()


# --- output intent -----------------------------------------------------------------------


def _output_intent(pdf: pikepdf.Pdf) -> None:
    profile = pikepdf.Stream(pdf, srgb_profile())
    profile[Name.N] = 3
    intent = pikepdf.Dictionary(
        Type=Name.OutputIntent,
        S=Name.GTS_PDFA1,
        OutputConditionIdentifier=pikepdf.String(SRGB_CONDITION),
        OutputCondition=pikepdf.String(SRGB_CONDITION),
        RegistryName=pikepdf.String(REGISTRY),
        Info=pikepdf.String(SRGB_CONDITION),
        DestOutputProfile=pdf.make_indirect(profile),
    )
    pdf.Root[Name.OutputIntents] = pikepdf.Array([pdf.make_indirect(intent)])


# --- XMP ---------------------------------------------------------------------------------


def _q(prefix: str, name: str) -> str:
    return f"{{{NS[prefix]}}}{name}"


def identify_xmp(packet: bytes) -> bytes:
    """`packet` with the PDF/A-2a and PDF/UA-1 identification and the extension schema of
    pdfuaid, in one rdf:Description of their own; earlier identifications and extension
    schemas (as attributes or elements, in any Description) are taken out first. Everything
    else (title, creator, dates, producer) and the xpacket instructions stay as they are."""
    parser = etree.XMLParser(remove_blank_text=False, resolve_entities=False, no_network=True)
    tree = etree.fromstring(packet, parser).getroottree()
    rdf = tree.find(f".//{_q('rdf', 'RDF')}")
    if rdf is None:
        raise ValueError("XMP-pakket zonder rdf:RDF")
    replaced = {_q(prefix, name) for prefix, name in IDENTIFICATION}
    replaced.add(_q("pdfaExtension", "schemas"))
    for description in list(rdf.iterfind(_q("rdf", "Description"))):
        for name in [n for n in description.attrib if n in replaced]:
            del description.attrib[name]
        for element in [e for e in description if e.tag in replaced]:
            description.remove(element)
        if len(description) == 0 and set(description.attrib) <= {_q("rdf", "about")}:
            rdf.remove(description)  # emptied: nothing left to say
    identification = _description(rdf, ["pdfaid", "pdfuaid"])
    for (prefix, name), value in IDENTIFICATION.items():
        etree.SubElement(identification, _q(prefix, name)).text = value
    _extension_schema(_description(rdf, ["pdfaExtension", "pdfaSchema", "pdfaProperty"]))
    identified: bytes = etree.tostring(tree, encoding="utf-8", xml_declaration=False)
    return identified


def _description(rdf: etree._Element, prefixes: list[str]) -> etree._Element:
    element = etree.SubElement(
        rdf, _q("rdf", "Description"), nsmap={p: NS[p] for p in ["rdf", *prefixes]}
    )
    element.set(_q("rdf", "about"), "")
    return element


def _extension_schema(description: etree._Element) -> None:
    """pdfaExtension:schemas declaring pdfuaid:part (an Integer, internal), in the form
    the PDF/UA reference files use."""
    bag = etree.SubElement(
        etree.SubElement(description, _q("pdfaExtension", "schemas")), _q("rdf", "Bag")
    )
    schema = etree.SubElement(bag, _q("rdf", "li"))
    schema.set(_q("rdf", "parseType"), "Resource")
    for name, value in (
        ("schema", "PDF/UA Universal Accessibility Schema"),
        ("namespaceURI", NS["pdfuaid"]),
        ("prefix", "pdfuaid"),
    ):
        etree.SubElement(schema, _q("pdfaSchema", name)).text = value
    properties = etree.SubElement(
        etree.SubElement(schema, _q("pdfaSchema", "property")), _q("rdf", "Seq")
    )
    part = etree.SubElement(properties, _q("rdf", "li"))
    part.set(_q("rdf", "parseType"), "Resource")
    for name, value in (
        ("name", "part"),
        ("valueType", "Integer"),
        ("category", "internal"),
        ("description", "Indicates, which part of ISO 14289 standard is followed"),
    ):
        etree.SubElement(part, _q("pdfaProperty", name)).text = value

"""Who made a PDF: werkboek and its version in /Creator and /Producer, and the same in XMP.

One version number (`workbook.__version__`) shows up in `workbook --version`, the wheel, the
EPUB's generator and here. PDF/UA asks that the document information dictionary and the XMP
packet agree, so both are set together.

The pieces take plain inputs so that any PDF pipeline can call them:
- `creator()` and `producer()` give the two texts;
- `stamp_xmp(packet)` returns an XMP packet (bytes) with both texts set;
- `retitle_xmp(packet, title, description)` gives a packet another title and description
  (an example's own PDF, `example_pdf`).
The merge (`workbook.render.pdf.merge`) sets them on the finished book.
"""

from __future__ import annotations

from importlib.metadata import version

import lxml.etree as etree

from workbook import GENERATOR, __version__

NS = {
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "pdf": "http://ns.adobe.com/pdf/1.3/",
    "xmp": "http://ns.adobe.com/xap/1.0/",
    "dc": "http://purl.org/dc/elements/1.1/",
}


def creator() -> str:
    """The application that made the document (PDF /Creator, XMP xmp:CreatorTool)."""
    return GENERATOR


def producer() -> str:
    """The software that wrote the PDF (PDF /Producer, XMP pdf:Producer)."""
    return f"werkboek {__version__} (WeasyPrint {version('weasyprint')})"


def _description(rdf: etree._Element) -> etree._Element:
    element = etree.SubElement(rdf, f"{{{NS['rdf']}}}Description")
    element.set(f"{{{NS['rdf']}}}about", "")
    return element


def stamp_xmp(packet: bytes) -> bytes:
    """`packet` with pdf:Producer and xmp:CreatorTool set to `producer()` and `creator()`.

    Existing values are replaced wherever they are (as an attribute or as an element of an
    rdf:Description); missing ones are added in a Description of their own. The xpacket
    processing instructions around the packet are kept.
    """
    parser = etree.XMLParser(remove_blank_text=False, resolve_entities=False, no_network=True)
    tree = etree.fromstring(packet, parser).getroottree()
    rdf = tree.find(f".//{{{NS['rdf']}}}RDF")
    if rdf is None:
        raise ValueError("XMP-pakket zonder rdf:RDF")
    wanted = {f"{{{NS['pdf']}}}Producer": producer(), f"{{{NS['xmp']}}}CreatorTool": creator()}
    for name, value in wanted.items():
        found = False
        for description in rdf.iterfind(f"{{{NS['rdf']}}}Description"):
            if name in description.attrib:
                description.set(name, value)
                found = True
            for element in description.iterfind(name):
                element.text = value
                found = True
        if not found:
            etree.SubElement(_description(rdf), name).text = value
    stamped: bytes = etree.tostring(tree, encoding="utf-8", xml_declaration=False)
    return stamped


def retitle_xmp(packet: bytes, title: str, description: str) -> bytes:
    """`packet` with dc:title and dc:description (each one rdf:Alt, x-default) replaced: the
    metadata of a document taken from another (an example's own PDF from the book)."""
    parser = etree.XMLParser(remove_blank_text=False, resolve_entities=False, no_network=True)
    tree = etree.fromstring(packet, parser).getroottree()
    rdf = tree.find(f".//{{{NS['rdf']}}}RDF")
    if rdf is None:
        raise ValueError("XMP-pakket zonder rdf:RDF")
    for name, value in (("title", title), ("description", description)):
        tag = f"{{{NS['dc']}}}{name}"
        for description_element in rdf.iterfind(f"{{{NS['rdf']}}}Description"):
            for element in description_element.iterfind(tag):
                description_element.remove(element)
        holder = etree.SubElement(_description(rdf), tag, nsmap={"dc": NS["dc"]})
        alt = etree.SubElement(holder, f"{{{NS['rdf']}}}Alt")
        item = etree.SubElement(alt, f"{{{NS['rdf']}}}li")
        item.set("{http://www.w3.org/XML/1998/namespace}lang", "x-default")
        item.text = value
    for description_element in list(rdf.iterfind(f"{{{NS['rdf']}}}Description")):
        if len(description_element) == 0 and set(description_element.attrib) <= {
            f"{{{NS['rdf']}}}about"
        }:
            rdf.remove(description_element)  # emptied: nothing left to say
    retitled: bytes = etree.tostring(tree, encoding="utf-8", xml_declaration=False)
    return retitled

"""PDF/X-4 finishing: what a printing house needs on top of the rendered print edition.

`finish_pdfx4(pdf, condition)` works on any `pikepdf.Pdf` (a single render or merged
parts) and adds, deterministically:

- the output intent (/GTS_PDFX) with the CMYK profile, N 4;
- TrimBox (the A4 page), BleedBox (3 mm beyond it) and a MediaBox large enough for crop
  marks, which it draws in registration colour (/Separation /All) outside the BleedBox,
  as artifacts so the tagged structure stays valid;
- XMP metadata with pdfxid:GTS_PDFXVersion "PDF/X-4", dates matching the Info dictionary,
  and a DocumentID and InstanceID derived from the content (never random);
- Info /Trapped /False.

`write_pdfx(pdf)` saves it as PDF 1.6, unencrypted, with a content-derived /ID.
"""

from __future__ import annotations

import hashlib
import io
import re
import uuid
from dataclasses import dataclass
from xml.sax.saxutils import escape

import pikepdf

MM = 72 / 25.4
BLEED_MM = 3.0
MARK_OFFSET_MM = 3.5  # from the trim edge: 0.5 mm beyond the bleed
MARK_LENGTH_MM = 5.0
MEDIA_MARGIN_MM = 10.0  # from the trim edge: room for the marks and a little air
MARK_WIDTH_PT = 0.25
PDFX_VERSION = "PDF/X-4"
REGISTRATION = pikepdf.Name("/WbRegistration")


@dataclass(frozen=True)
class OutputCondition:
    """The printing condition the PDF is made for, and the profile that describes it."""

    identifier: str  # registered name (ICC characterization registry), e.g. FOGRA39
    condition: str  # human-readable description of the condition
    info: str  # the profile's own description
    profile: bytes  # the ICC output profile (CMYK)
    registry: str = "http://www.color.org"


def finish_pdfx4(pdf: pikepdf.Pdf, condition: OutputCondition) -> None:
    """Make `pdf` a PDF/X-4 file for `condition`, in place. A second call replaces the
    metadata and adds no second set of boxes or marks."""
    seed = content_digest(pdf)
    _output_intent(pdf, condition)
    for page in pdf.pages:
        _boxes_and_marks(pdf, page)
    pdf.docinfo[pikepdf.Name.Trapped] = pikepdf.Name("/False")
    _xmp(pdf, seed)
    if "/Encrypt" in pdf.trailer:
        del pdf.trailer["/Encrypt"]


def write_pdfx(pdf: pikepdf.Pdf) -> bytes:
    """The finished file: PDF 1.6 (the base of PDF/X-4), no encryption, an /ID derived
    from the content so that two builds give the same bytes."""
    out = io.BytesIO()
    pdf.save(
        out,
        force_version="1.6",
        deterministic_id=True,
        encryption=False,
        object_stream_mode=pikepdf.ObjectStreamMode.generate,
        # Compressed streams are copied as they are; new ones are compressed, except the
        # XMP packet, which qpdf leaves plain text, as PDF/X and PDF/A tools expect.
        compress_streams=True,
        stream_decode_level=pikepdf.StreamDecodeLevel.none,
        fix_metadata_version=False,
    )
    return out.getvalue()


def content_digest(pdf: pikepdf.Pdf) -> bytes:
    """SHA-256 over every stream's bytes and every page's dictionary, in object order."""
    digest = hashlib.sha256()
    for obj in pdf.objects:
        if isinstance(obj, pikepdf.Stream):
            digest.update(obj.read_raw_bytes())
    for page in pdf.pages:
        digest.update(repr(page.obj.get("/MediaBox")).encode())
    return digest.digest()


# --- output intent -----------------------------------------------------------------------


def _output_intent(pdf: pikepdf.Pdf, condition: OutputCondition) -> None:
    profile = pikepdf.Stream(pdf, condition.profile)
    profile[pikepdf.Name.N] = 4
    intent = pikepdf.Dictionary(
        Type=pikepdf.Name.OutputIntent,
        S=pikepdf.Name.GTS_PDFX,
        OutputConditionIdentifier=pikepdf.String(condition.identifier),
        OutputCondition=pikepdf.String(condition.condition),
        RegistryName=pikepdf.String(condition.registry),
        Info=pikepdf.String(condition.info),
        DestOutputProfile=pdf.make_indirect(profile),
    )
    pdf.Root[pikepdf.Name.OutputIntents] = pikepdf.Array([pdf.make_indirect(intent)])


# --- page boxes and crop marks -----------------------------------------------------------


def _box(values: object) -> tuple[float, float, float, float]:
    x0, y0, x1, y1 = (float(v) for v in values)  # type: ignore[attr-defined]
    return min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)


def _grow(box: tuple[float, float, float, float], mm: float) -> list[float]:
    d = mm * MM
    return [round(box[0] - d, 4), round(box[1] - d, 4), round(box[2] + d, 4), round(box[3] + d, 4)]


def _boxes_and_marks(pdf: pikepdf.Pdf, page: pikepdf.Page) -> None:
    trim = _box(page.obj.get("/TrimBox", page.mediabox))
    media = _grow(trim, MEDIA_MARGIN_MM)
    if all(abs(a - b) < 0.01 for a, b in zip(_box(page.mediabox), media, strict=True)):
        return  # finished before
    page.obj[pikepdf.Name.TrimBox] = pikepdf.Array([round(v, 4) for v in trim])
    page.obj[pikepdf.Name.BleedBox] = pikepdf.Array(_grow(trim, BLEED_MM))
    page.obj[pikepdf.Name.MediaBox] = pikepdf.Array(media)
    for stale in ("/CropBox", "/ArtBox"):
        if stale in page.obj:
            del page.obj[stale]
    resources = page.obj.get("/Resources")
    if resources is None:
        resources = page.obj[pikepdf.Name.Resources] = pikepdf.Dictionary()
    spaces = resources.get("/ColorSpace")
    if spaces is None:
        spaces = resources[pikepdf.Name.ColorSpace] = pikepdf.Dictionary()
    if REGISTRATION not in spaces:
        spaces[REGISTRATION] = _registration_space(pdf)
    # Whatever the page leaves in its graphics state must not move the marks.
    page.contents_add(pikepdf.Stream(pdf, b"q\n"), prepend=True)
    page.contents_add(pikepdf.Stream(pdf, b"Q\n" + crop_marks(trim)))


def _registration_space(pdf: pikepdf.Pdf) -> pikepdf.Object:
    """[/Separation /All /DeviceCMYK f]: one tint that prints on every plate."""
    tint = pikepdf.Dictionary(
        FunctionType=2,
        Domain=pikepdf.Array([0, 1]),
        C0=pikepdf.Array([0, 0, 0, 0]),
        C1=pikepdf.Array([1, 1, 1, 1]),
        N=1,
    )
    return pdf.make_indirect(
        pikepdf.Array([pikepdf.Name.Separation, pikepdf.Name.All, pikepdf.Name.DeviceCMYK, tint])
    )


def crop_marks(trim: tuple[float, float, float, float]) -> bytes:
    """The content stream of the eight crop marks around `trim`, outside the bleed."""
    x0, y0, x1, y1 = trim
    start, end = MARK_OFFSET_MM * MM, (MARK_OFFSET_MM + MARK_LENGTH_MM) * MM
    lines = []
    for x, sx in ((x0, -1), (x1, 1)):
        for y, sy in ((y0, -1), (y1, 1)):
            lines.append((x + sx * start, y, x + sx * end, y))
            lines.append((x, y + sy * start, x, y + sy * end))
    path = "".join(f"{a:.3f} {b:.3f} m {c:.3f} {d:.3f} l S\n" for a, b, c, d in lines)
    return (
        f"/Artifact BMC\nq\n{REGISTRATION} CS 1 SCN\n{MARK_WIDTH_PT} w 0 J [] 0 d\n{path}Q\nEMC\n"
    ).encode("ascii")


# --- XMP metadata ------------------------------------------------------------------------

_PDF_DATE = re.compile(r"D:(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?(Z|[+-]\d{2}'?\d{2}'?)?")


def xmp_date(pdf_date: str) -> str | None:
    """A PDF date (D:20240501000000Z) in XMP form (2024-05-01T00:00:00Z)."""
    match = _PDF_DATE.match(pdf_date)
    if not match:
        return None
    year, month, day, hour, minute, second, zone = match.groups()
    if zone in (None, "Z"):
        zone = "Z"
    else:
        digits = re.sub(r"\D", "", zone) + "00"
        zone = f"{zone[0]}{digits[:2]}:{digits[2:4]}"
    return (
        f"{year}-{month or '01'}-{day or '01'}T{hour or '00'}:{minute or '00'}:"
        f"{second or '00'}{zone}"
    )


def _info(pdf: pikepdf.Pdf, key: str) -> str | None:
    value = pdf.docinfo.get(key)
    return str(value) if value is not None else None


def _xmp(pdf: pikepdf.Pdf, seed: bytes) -> None:
    document = uuid.uuid5(uuid.NAMESPACE_URL, "werkboek:" + _permanent_id(pdf))
    instance = uuid.uuid5(uuid.NAMESPACE_URL, "werkboek:" + seed.hex())
    created = xmp_date(_info(pdf, "/CreationDate") or "")
    modified = xmp_date(_info(pdf, "/ModDate") or "") or created
    fields = []
    title = _info(pdf, "/Title")
    if title:
        fields.append(
            '<dc:title><rdf:Alt><rdf:li xml:lang="x-default">'
            f"{escape(title)}</rdf:li></rdf:Alt></dc:title>"
        )
    author = _info(pdf, "/Author")
    if author:
        fields.append(
            f"<dc:creator><rdf:Seq><rdf:li>{escape(author)}</rdf:li></rdf:Seq></dc:creator>"
        )
    subject = _info(pdf, "/Subject")
    if subject:
        fields.append(
            '<dc:description><rdf:Alt><rdf:li xml:lang="x-default">'
            f"{escape(subject)}</rdf:li></rdf:Alt></dc:description>"
        )
    lang = pdf.Root.get("/Lang")
    if lang is not None:
        fields.append(
            f"<dc:language><rdf:Bag><rdf:li>{escape(str(lang))}</rdf:li></rdf:Bag></dc:language>"
        )
    if created:
        fields.append(f"<xmp:CreateDate>{created}</xmp:CreateDate>")
    if modified:
        fields.append(f"<xmp:ModifyDate>{modified}</xmp:ModifyDate>")
        fields.append(f"<xmp:MetadataDate>{modified}</xmp:MetadataDate>")
    creator = _info(pdf, "/Creator")
    if creator:
        fields.append(f"<xmp:CreatorTool>{escape(creator)}</xmp:CreatorTool>")
    producer = _info(pdf, "/Producer")
    if producer:
        fields.append(f"<pdf:Producer>{escape(producer)}</pdf:Producer>")
    fields += [
        "<pdf:Trapped>False</pdf:Trapped>",
        f"<pdfxid:GTS_PDFXVersion>{PDFX_VERSION}</pdfxid:GTS_PDFXVersion>",
        f"<xmpMM:DocumentID>uuid:{document}</xmpMM:DocumentID>",
        f"<xmpMM:InstanceID>uuid:{instance}</xmpMM:InstanceID>",
        "<xmpMM:RenditionClass>default</xmpMM:RenditionClass>",
        "<xmpMM:VersionID>1</xmpMM:VersionID>",
        "<dc:format>application/pdf</dc:format>",
    ]
    body = "\n   ".join(fields)
    packet = (
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>\n'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/">\n'
        ' <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\n'
        '  <rdf:Description rdf:about=""\n'
        '    xmlns:dc="http://purl.org/dc/elements/1.1/"\n'
        '    xmlns:xmp="http://ns.adobe.com/xap/1.0/"\n'
        '    xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/"\n'
        '    xmlns:pdf="http://ns.adobe.com/pdf/1.3/"\n'
        '    xmlns:pdfxid="http://www.npes.org/pdfx/ns/id/">\n'
        f"   {body}\n"
        "  </rdf:Description>\n"
        " </rdf:RDF>\n"
        "</x:xmpmeta>\n"
        '<?xpacket end="r"?>'
    )
    stream = pikepdf.Stream(pdf, packet.encode("utf-8"))
    stream[pikepdf.Name.Type] = pikepdf.Name.Metadata
    stream[pikepdf.Name.Subtype] = pikepdf.Name.XML
    pdf.Root[pikepdf.Name.Metadata] = pdf.make_indirect(stream)


def _permanent_id(pdf: pikepdf.Pdf) -> str:
    """The first half of the trailer /ID: the same for every edition of one document."""
    ids = pdf.trailer.get("/ID")
    if isinstance(ids, pikepdf.Array) and len(ids) > 0:
        return bytes(ids[0]).hex()
    return hashlib.sha256(repr(pdf.docinfo.get("/Title")).encode()).hexdigest()

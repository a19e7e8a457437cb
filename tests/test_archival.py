"""The reader PDF is PDF/A-2a and PDF/UA-1 at once (issue 23), checked with `page`.

The bundled book (`screen_pdf`, laid out once per test process) and a small project with a
photo and a PNG drawing both pass both profiles with no failed rule; planted faults show
that the checks bite, and name the rules that catch them. `stream_ends` is tested on a
file made to have a stream whose compressed data ends in CR.
"""

from __future__ import annotations

import io
import itertools
import zlib

import page
import pikepdf
import pytest
from image_support import image_project
from pikepdf import Name

from workbook.build.run import BuildOptions, run_build
from workbook.render.pdf.archival import (
    HIDDEN,
    INVISIBLE,
    NO_VIEW,
    PRINT,
    SRGB_PATH,
    TOGGLE_NO_VIEW,
    finish_archival,
    identify_xmp,
    write_archival,
)
from workbook.render.pdf.stream_ends import stream_ends_in_cr, unambiguous_stream_ends

PDF_A_2A = page.ValidationProfile.PDF_A_2A
PDF_UA_1 = page.ValidationProfile.PDF_UA_1


def failed_rules(data: bytes, profile: page.ValidationProfile) -> list[str]:
    report = page.validate_pdf_bytes(data, profile=profile)
    assert report.rules.total > 100, report.rules.total  # the profile was really checked
    return sorted({failure.rule_id for failure in report.failures})


@pytest.fixture(scope="module")
def reader(screen_pdf: bytes) -> pikepdf.Pdf:
    return pikepdf.open(io.BytesIO(screen_pdf))


@pytest.fixture(scope="module")
def image_pdf(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """The screen PDF of a project with a JPEG photo, a PNG drawing and an SVG."""
    root = image_project(tmp_path_factory.mktemp("beelden") / "project")
    assert run_build(BuildOptions(root, formats=frozenset({"pdf"}), quiet=True)) == 0
    return (root / "dist" / "testwerkboek-ondermijning.pdf").read_bytes()


# --- both profiles, no failed rule --------------------------------------------------------


@pytest.mark.parametrize("profile", [PDF_A_2A, PDF_UA_1], ids=["pdfa-2a", "pdfua-1"])
def test_the_bundled_book_passes(screen_pdf: bytes, profile: page.ValidationProfile) -> None:
    assert failed_rules(screen_pdf, profile) == []


@pytest.mark.parametrize("profile", [PDF_A_2A, PDF_UA_1], ids=["pdfa-2a", "pdfua-1"])
def test_a_book_with_photos_passes(image_pdf: bytes, profile: page.ValidationProfile) -> None:
    assert failed_rules(image_pdf, profile) == []


def test_images_ask_for_no_smoothing(image_pdf: bytes) -> None:
    with pikepdf.open(io.BytesIO(image_pdf)) as pdf:
        images = [
            obj
            for obj in pdf.objects
            if isinstance(obj, pikepdf.Stream) and obj.get(Name.Subtype) == Name.Image
        ]
        assert len(images) >= 2  # the photo and the drawing
        assert all(Name.Interpolate not in image for image in images)


# --- what makes it PDF/A ------------------------------------------------------------------


def test_the_output_intent_is_srgb_from_the_bundled_profile(reader: pikepdf.Pdf) -> None:
    (intent,) = reader.Root.OutputIntents
    assert intent.S == Name.GTS_PDFA1
    assert str(intent.OutputConditionIdentifier) == "sRGB IEC61966-2.1"
    assert intent.DestOutputProfile.N == 3
    assert intent.DestOutputProfile.read_bytes() == SRGB_PATH.read_bytes()
    assert (SRGB_PATH.parent / "LICENSE-zlib.txt").is_file()
    assert b"RGB XYZ " in SRGB_PATH.read_bytes()[:24]  # an RGB profile, to XYZ


def test_xmp_names_both_standards_plain_and_agrees_with_info(reader: pikepdf.Pdf) -> None:
    metadata = reader.Root.Metadata
    assert Name.Filter not in metadata  # PDF/A: the packet is plain text
    with reader.open_metadata() as xmp:
        assert xmp.get("pdfaid:part") == "2"
        assert xmp.get("pdfaid:conformance") == "A"
        assert xmp.get("pdfuaid:part") == "1"
        assert str(reader.docinfo.Title) in str(xmp.get("dc:title"))
        assert xmp.get("xmp:CreatorTool") == str(reader.docinfo.Creator)
        assert xmp.get("pdf:Producer") == str(reader.docinfo.Producer)
    packet = metadata.read_bytes()
    assert b"<pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/<" in packet
    assert reader.pdf_version == "1.7"


def test_links_print_and_show(reader: pikepdf.Pdf) -> None:
    flags = [int(a.F) for p in reader.pages for a in p.obj.get(Name.Annots, [])]
    assert len(flags) > 50
    assert all(f & PRINT and not f & (INVISIBLE | HIDDEN | NO_VIEW | TOGGLE_NO_VIEW) for f in flags)


def test_finishing_twice_changes_nothing(screen_pdf: bytes) -> None:
    def again(data: bytes) -> bytes:
        with pikepdf.open(io.BytesIO(data)) as pdf:
            finish_archival(pdf)
            return write_archival(pdf)

    once = again(screen_pdf)
    # Read back, a stream dictionary lists /Filter before /Length: the only difference.
    assert len(once) == len(screen_pdf)
    assert again(once) == once


def test_identification_replaces_what_was_there() -> None:
    packet = identify_xmp(
        b'<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/">'
        b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        b'<rdf:Description rdf:about="" xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/" '
        b'pdfuaid:part="2"/></rdf:RDF></x:xmpmeta><?xpacket end="r"?>'
    )
    assert b'pdfuaid:part="2"' not in packet
    assert packet.count(b"<pdfuaid:part>") == 1 and b"<pdfuaid:part>1</pdfuaid:part>" in packet
    assert packet.startswith(b"<?xpacket begin=") and packet.endswith(b'<?xpacket end="r"?>')
    assert identify_xmp(packet) == packet


# --- planted faults -----------------------------------------------------------------------


def test_a_compressed_xmp_packet_fails(screen_pdf: bytes) -> None:
    """qpdf always writes the catalog's metadata plain, so pypdf plants the fault."""
    from pypdf import PdfReader, PdfWriter

    def rewritten(compress: bool) -> bytes:
        writer = PdfWriter(clone_from=PdfReader(io.BytesIO(screen_pdf)))
        if compress:
            reference = writer._root_object.raw_get("/Metadata")
            writer._replace_object(reference, reference.get_object().flate_encode())
        out = io.BytesIO()
        writer.write(out)
        return out.getvalue()

    assert "PDFA2A-METADATA-FILTER-001" not in failed_rules(rewritten(False), PDF_A_2A)
    assert "PDFA2A-METADATA-FILTER-001" in failed_rules(rewritten(True), PDF_A_2A)


def test_without_the_output_intent_rgb_and_transparency_fail(screen_pdf: bytes) -> None:
    with pikepdf.open(io.BytesIO(screen_pdf)) as pdf:
        del pdf.Root.OutputIntents
        planted = write_archival(pdf)
    # DeviceRGB needs an RGB output intent; without one, pages with transparency would
    # need a page group with a blending colour space.
    assert failed_rules(planted, PDF_A_2A) == [
        "PDFA2A-DEVICE-RGB-001",
        "PDFA2A-TRANSPARENCY-GROUP-CS-001",
    ]
    assert failed_rules(planted, PDF_UA_1) == []  # PDF/UA asks for no output intent


def test_without_the_extension_schema_pdfuaid_is_undeclared(screen_pdf: bytes) -> None:
    with pikepdf.open(io.BytesIO(screen_pdf)) as pdf:
        packet = pdf.Root.Metadata.read_bytes()
        start = packet.index(b"<rdf:Description xmlns:pdfaExtension")
        end = packet.index(b"</rdf:Description>", start) + len(b"</rdf:Description>")
        pdf.Root.Metadata.write(packet[:start] + packet[end:])
        planted = write_archival(pdf)
    assert "PDFA2A-XMP-EXTENSION-PROPERTY-DEFINITION-001" in failed_rules(planted, PDF_A_2A)


# --- stream ends ----------------------------------------------------------------------------


def _pdf_with_a_stream_ending_in_cr() -> pikepdf.Pdf:
    """A page whose content stream, Flate-compressed, ends in CR (0x0D)."""
    # The last byte is the low byte of the sum of the data's bytes (plus 1, Adler-32): a
    # comment of three characters reaches every value.
    content = next(
        text
        for tail in itertools.product(range(0x21, 0x7F), repeat=3)
        if zlib.compress(text := b"0 0 1 rg 0 0 10 10 re f\n% " + bytes(tail) + b"\n")[-1] == 0x0D
    )
    pdf = pikepdf.new()
    pdf.add_blank_page()
    stream = pikepdf.Stream(pdf, b"")
    stream.write(zlib.compress(content), filter=Name.FlateDecode)
    pdf.pages[0].obj.Contents = pdf.make_indirect(stream)
    return pdf


def _saved(pdf: pikepdf.Pdf) -> bytes:
    out = io.BytesIO()
    pdf.save(out, object_stream_mode=pikepdf.ObjectStreamMode.generate, deterministic_id=True)
    return out.getvalue()


def test_a_stream_ending_in_cr_is_misread_until_its_end_of_line_is_cr_lf() -> None:
    data = _saved(_pdf_with_a_stream_ending_in_cr())
    assert len(stream_ends_in_cr(data)) == 1
    assert "PDFA2A-STREAM-LENGTH-001" in failed_rules(data, PDF_A_2A)

    fixed = unambiguous_stream_ends(data)
    assert stream_ends_in_cr(fixed) == []
    assert b"\r\r\nendstream" in fixed
    assert "PDFA2A-STREAM-LENGTH-001" not in failed_rules(fixed, PDF_A_2A)
    with pikepdf.open(io.BytesIO(fixed)) as after, pikepdf.open(io.BytesIO(data)) as before:
        assert after.check_pdf_syntax() == []  # no object moved: the offsets are right
        assert after.trailer.ID == before.trailer.ID
        assert after.pages[0].Contents.read_bytes() == before.pages[0].Contents.read_bytes()


def test_a_file_without_such_a_stream_comes_back_as_it_was(screen_pdf: bytes) -> None:
    assert stream_ends_in_cr(screen_pdf) == []
    assert unambiguous_stream_ends(screen_pdf) == screen_pdf


def test_write_archival_leaves_no_stream_to_misread() -> None:
    pdf = _pdf_with_a_stream_ending_in_cr()
    pdf.Root.Metadata = pdf.make_stream(
        b'<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/">'
        b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/></x:xmpmeta>'
        b'<?xpacket end="r"?>',
        Type=Name.Metadata,
        Subtype=Name.XML,
    )
    finish_archival(pdf)
    data = write_archival(pdf)
    assert stream_ends_in_cr(data) == []
    assert "PDFA2A-STREAM-LENGTH-001" not in failed_rules(data, PDF_A_2A)


def _kinds_misread(data: bytes) -> set[str]:
    with pikepdf.open(io.BytesIO(data)) as pdf:
        return {str(pdf.get_object(n, 0).get(Name.Type)) for n in stream_ends_in_cr(data)}


@pytest.mark.parametrize("kind", ["/XRef", "/ObjStm"])
def test_the_streams_qpdf_makes_while_saving_are_fixed_too(kind: str) -> None:
    """The cross-reference stream and the object streams exist only in the saved file; a
    book of a few hundred pages has hundreds of them."""
    for count in range(1, 3000):
        pdf = pikepdf.new()
        pdf.add_blank_page()
        pdf.Root.Extra = pikepdf.Array(
            [pdf.make_indirect(pikepdf.Dictionary(N=n)) for n in range(count)]
        )
        data = _saved(pdf)
        if kind in _kinds_misread(data):
            break
    else:
        pytest.fail(f"geen {kind} gevonden die op CR eindigt")
    assert "PDFA2A-STREAM-LENGTH-001" in failed_rules(data, PDF_A_2A)

    fixed = unambiguous_stream_ends(data)
    assert stream_ends_in_cr(fixed) == []
    assert "PDFA2A-STREAM-LENGTH-001" not in failed_rules(fixed, PDF_A_2A)
    with pikepdf.open(io.BytesIO(fixed)) as after:
        assert after.check_pdf_syntax() == []
        assert [int(d.N) for d in after.Root.Extra] == list(range(count))

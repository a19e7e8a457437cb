"""Stream ends that read one way only: no stream's data seems to end one byte early.

PDF/A (ISO 19005-2, 6.1.7.1) counts a stream's /Length from the end-of-line after `stream`
to the end-of-line before `endstream`. qpdf writes one LF (0x0A) before `endstream`. When
the data itself ends in CR (0x0D), the file reads `CR LF endstream`, and a checker that
finds the end-of-line by looking back from `endstream` (as `page` does) takes the data's CR
for half of a CR LF, counts one byte less than /Length and reports PDFA2A-STREAM-LENGTH-001.

Compressed data ends in CR once in 256 streams: the last byte of a Flate stream is the low
byte of the Adler-32 checksum of the uncompressed data. Recompressing does not change it,
and it hits content streams, fonts and images as much as the object streams and the
cross-reference stream that qpdf makes while it saves, so no save option avoids it. A file
with uncompressed streams only hides it (and is five times larger). A book of a few hundred
pages has hundreds of object streams: most saves have at least one such stream.

`unambiguous_stream_ends(data)` takes a file as qpdf saved it and writes CR LF as the
end-of-line after every stream whose data ends in CR: looking back from `endstream` then
finds the CR LF, and the data keeps its own CR inside /Length. The objects after each such
stream move by one byte, so the cross-reference stream (the last object: qpdf writes it
last) is written again with the new offsets. Nothing else changes: no stream's data, no
object, not the /ID. A file without such a stream comes back as it was.
"""

from __future__ import annotations

import bisect
import io
import re
import zlib
from collections.abc import Iterator

import pikepdf

CR = 0x0D
PNG_UP = 2  # the PNG predictor qpdf uses for its cross-reference streams (/Predictor 12)


def unambiguous_stream_ends(data: bytes) -> bytes:
    """`data` (a PDF as qpdf writes it: one cross-reference stream, written last) with CR LF
    before `endstream` wherever a stream's data ends in CR."""
    if b"\r\nendstream" not in data:
        return data  # no data ends in CR before `LF endstream`: nothing to read two ways
    xref_at = _startxref(data)
    with pikepdf.open(io.BytesIO(data)) as pdf:
        xref_number = int(data[xref_at : xref_at + 32].split()[0])
        xref = pdf.get_object(xref_number, 0)
        if not isinstance(xref, pikepdf.Stream) or xref.stream_dict.get("/Type") != "/XRef":
            raise ValueError("geen cross-reference stream aan het eind van de PDF")
        misread = _misread_ends(data, pdf)
        if not misread:
            return data
        ends = sorted(end for number, end in misread if number != xref_number)
        widths = [int(w) for w in xref.stream_dict.W]
        rows = xref.read_bytes()
    out = bytearray()
    previous = 0
    for end in ends:
        out += data[previous:end] + b"\r"
        previous = end
    out += data[previous:xref_at]
    table = _moved_offsets(rows, widths, ends)
    return bytes(out) + _xref_stream(data, xref_at, len(out), table)


def stream_ends_in_cr(data: bytes) -> list[int]:
    """The object numbers of the streams whose data ends in CR right before `LF endstream`:
    the ones a checker that looks back from `endstream` misreads (none after
    `unambiguous_stream_ends`)."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        return [number for number, _ in _misread_ends(data, pdf)]


def _misread(data: bytes, end: int) -> bool:
    """Whether the data that ends at `end` ends in CR and is followed by a lone LF (a CR LF
    there is right already)."""
    return data[end - 1] == CR and data.startswith(b"\nendstream", end)


def _startxref(data: bytes) -> int:
    match = re.search(rb"startxref\s+(\d+)\s+%%EOF\s*$", data[-64:])
    if match is None:
        raise ValueError("geen startxref aan het eind van de PDF")
    return int(match.group(1))


def _misread_ends(data: bytes, pdf: pikepdf.Pdf) -> list[tuple[int, int]]:
    """(object number, where its data ends) of every stream that `_misread` finds."""
    return [
        (number, start + length)
        for number, start, length in _streams(data, pdf)
        if _misread(data, start + length)
    ]


def _streams(data: bytes, pdf: pikepdf.Pdf) -> Iterator[tuple[int, int, int]]:
    """(object number, where its data starts, its length) of every non-empty stream that
    is not inside an object stream, in object-number order."""
    for (number, generation), entry in sorted(pdf.get_xref_table().items()):
        if entry.type != 1 or entry.offset is None:
            continue
        obj = pdf.get_object(number, generation)
        if isinstance(obj, pikepdf.Stream):
            length = len(obj.read_raw_bytes())
            if length:
                yield number, _data_start(data, entry.offset, length), length


def _data_start(data: bytes, offset: int, length: int) -> int:
    """Where the data of the stream object at `offset` starts: after the first `stream`
    keyword and its end-of-line whose data, `length` bytes on, meets `endstream`."""
    at = offset
    while True:
        keyword = data.index(b"stream", at)
        for eol in (b"\r\n", b"\n"):
            start = keyword + len(b"stream") + len(eol)
            if data.startswith(eol, keyword + len(b"stream")) and re.match(
                rb"\r?\nendstream", data[start + length : start + length + 11]
            ):
                return start
        at = keyword + 1


def _moved_offsets(rows: bytes, widths: list[int], ends: list[int]) -> list[list[int]]:
    """The cross-reference entries (type, field 2, field 3), with every object that lies
    after an inserted CR moved by one byte per CR before it (the cross-reference stream
    itself by all of them)."""
    size = sum(widths)
    entries = []
    for at in range(0, len(rows), size):
        fields = []
        position = at
        for index, width in enumerate(widths):
            default = 1 if index == 0 else 0  # a field of width 0 takes its default
            fields.append(int.from_bytes(rows[position : position + width]) if width else default)
            position += width
        if fields[0] == 1:
            fields[1] += bisect.bisect_right(ends, fields[1])
        entries.append(fields)
    return entries


def _xref_stream(data: bytes, old_at: int, new_at: int, entries: list[list[int]]) -> bytes:
    """The cross-reference stream written again at `new_at`: qpdf's dictionary with the new
    /Length (and a wider offset field in /W if an offset needs it), the rows encoded as qpdf
    encodes them (PNG Up, when its /DecodeParms say so), then `startxref`."""
    header = data[old_at : data.index(b"stream", old_at)]
    found = re.search(rb"/W \[ *(\d+) +(\d+) +(\d+) *\]", header)
    if found is None:
        raise ValueError("cross-reference stream zonder /W")
    widths = [int(w) for w in found.groups()]
    widths[1] = max(widths[1], (max(e[1] for e in entries).bit_length() + 7) // 8)
    size = sum(widths)
    rows = [
        b"".join(value.to_bytes(width) for value, width in zip(entry, widths, strict=True))
        for entry in entries
    ]
    if re.search(rb"/Predictor 12\b", header):
        encoded = bytearray()
        above = bytes(size)
        for row in rows:
            encoded.append(PNG_UP)
            encoded += bytes((a - b) & 0xFF for a, b in zip(row, above, strict=True))
            above = row
        plain = bytes(encoded)
    else:
        plain = b"".join(rows)
    body = zlib.compress(plain)
    header = re.sub(rb"/Length \d+", b"/Length %d" % len(body), header, count=1)
    header = header.replace(found.group(0), b"/W [ %d %d %d ]" % tuple(widths), 1)
    header = re.sub(rb"/Columns \d+", b"/Columns %d" % size, header, count=1)
    eol = b"\r\n" if body[-1] == CR else b"\n"
    return (
        header + b"stream\n" + body + eol + b"endstream\nendobj\nstartxref\n%d\n%%%%EOF\n" % new_at
    )

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
finds the CR LF, and the data keeps its own CR inside /Length. The byte that CR takes is
won inside the same object: qpdf opens every dictionary with `<< ` and the space is not
needed (`<</Length …` reads the same), so the object's dictionary and data move one byte
forward and the object stays exactly as long as it was. No other object moves, so the
cross-reference table stays right as it is; no stream's data, no value and not the /ID
change. A file without such a stream comes back as it was.
"""

from __future__ import annotations

import bisect
import io
import re
from typing import NamedTuple

import pikepdf

CR = 0x0D
OPENING = b"<< "  # how qpdf opens a dictionary; b"<<" is enough
CANDIDATE = re.compile(rb"\r\nendstream")
LENGTH = re.compile(rb"/Length (\d+) ")


class _Misread(NamedTuple):
    number: int  # the object's number
    offset: int  # where the object starts (`N 0 obj`)
    end: int  # where its data ends: the data's last byte, CR, is at end - 1


def unambiguous_stream_ends(data: bytes) -> bytes:
    """`data` (a PDF as qpdf writes it) with CR LF before `endstream` wherever a stream's
    data ends in CR (see the module's description)."""
    misread = _misread_ends(data)
    if not misread:
        return data
    out = bytearray(data)
    for stream in misread:
        opening = data.find(OPENING, stream.offset, stream.end)
        if opening < 0:
            raise ValueError(f"object {stream.number} opent zijn woordenboek niet met '<< '")
        cut = opening + len(OPENING) - 1  # the space
        out[stream.offset : stream.end + 1] = (
            data[stream.offset : cut] + data[cut + 1 : stream.end] + b"\r\n"
        )
    return bytes(out)


def stream_ends_in_cr(data: bytes) -> list[int]:
    """The object numbers of the streams whose data ends in CR right before `LF endstream`:
    the ones a checker that looks back from `endstream` misreads (none after
    `unambiguous_stream_ends`)."""
    return [stream.number for stream in _misread_ends(data)]


def _misread_ends(data: bytes) -> list[_Misread]:
    """Every stream whose data ends in CR followed by a lone LF and `endstream`: each place
    where `CR LF endstream` is found is checked against the /Length of the object it lies in
    (the data itself may hold those bytes)."""
    found = [match.start() + 1 for match in CANDIDATE.finditer(data)]
    if not found:
        return []
    with pikepdf.open(io.BytesIO(data)) as pdf:
        objects = sorted(
            (entry.offset, number)
            for (number, _), entry in pdf.get_xref_table().items()
            if entry.type == 1 and entry.offset is not None
        )
    starts = [offset for offset, _ in objects]
    misread = []
    for end in found:
        offset, number = objects[bisect.bisect_right(starts, end) - 1]
        if data[end - 1] == CR and _data_end(data, offset, end) == end:
            misread.append(_Misread(number, offset, end))
    return misread


def _data_end(data: bytes, offset: int, before: int) -> int | None:
    """Where the data of the stream object at `offset` ends, by its /Length; None for an
    object that is not a stream (its `stream` keyword comes before `before`) with a direct
    /Length."""
    keyword = data.find(b">>\nstream\n", offset, before)
    if keyword < 0:
        return None
    length = LENGTH.search(data, offset, keyword)
    # The object's own dictionary comes first: a nested one (/DecodeParms) has no /Length.
    if length is None:
        return None
    return keyword + len(b">>\nstream\n") + int(length.group(1))

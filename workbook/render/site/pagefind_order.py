"""Byte-reproducible Pagefind output: the same pages give the same index files.

Pagefind writes the values of each filter in hash-map order, which differs from run to run
(Pagefind issue #638: fragments are stable since 1.3, the filter and meta files are not).
That order changes the filter files, their names (content hashes), the meta file that
lists them, its name, and `pagefind-entry.json` that names the meta file.

`stabilise(bundle)` rewrites just those files in a fixed order: the values of each filter
sorted, each file gzipped without a timestamp and named after a hash of its content. The
files are small CBOR documents behind Pagefind's `pagefind_dcd` signature; the tiny codec
below handles the CBOR they use and proves it first (decoding and encoding a file gives its
bytes back). Anything unexpected (another Pagefind format) leaves the bundle as Pagefind
wrote it: the search still works, only not byte for byte the same.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import struct
from pathlib import Path
from typing import Any

SIGNATURE = b"pagefind_dcd"


class Unexpected(Exception):
    """The bundle is not in the format this module knows."""


class Raw:
    """A CBOR item kept as its bytes (floats, simple values): written back unchanged."""

    def __init__(self, data: bytes) -> None:
        self.data = data


def _head(major: int, value: int) -> bytes:
    if value < 24:
        return bytes([major << 5 | value])
    for extra, size, fmt in ((24, 1, ">B"), (25, 2, ">H"), (26, 4, ">I"), (27, 8, ">Q")):
        if value < 1 << (8 * size):
            return bytes([major << 5 | extra]) + struct.pack(fmt, value)
    raise Unexpected("integer too large")


def encode(item: Any) -> bytes:
    if isinstance(item, Raw):
        return item.data
    if isinstance(item, bool) or item is None:
        raise Unexpected("simple value outside Raw")
    if isinstance(item, int):
        return _head(0, item) if item >= 0 else _head(1, -1 - item)
    if isinstance(item, bytes):
        return _head(2, len(item)) + item
    if isinstance(item, str):
        data = item.encode("utf-8")
        return _head(3, len(data)) + data
    if isinstance(item, list):
        return _head(4, len(item)) + b"".join(encode(x) for x in item)
    if isinstance(item, dict):
        return _head(5, len(item)) + b"".join(encode(k) + encode(v) for k, v in item.items())
    raise Unexpected(f"cannot encode {type(item).__name__}")


def decode(data: bytes) -> Any:
    item, end = _decode(data, 0)
    if end != len(data):
        raise Unexpected("trailing bytes")
    return item


def _decode(data: bytes, at: int) -> tuple[Any, int]:
    if at >= len(data):
        raise Unexpected("truncated")
    major, info = data[at] >> 5, data[at] & 31
    start, at = at, at + 1
    if major == 7:  # floats and simple values: kept as they are
        size = {20: 0, 21: 0, 22: 0, 23: 0, 24: 1, 25: 2, 26: 4, 27: 8}.get(info)
        if size is None and info >= 20:
            raise Unexpected("indefinite or reserved simple value")
        size = size or 0
        return Raw(data[start : at + size]), at + size
    if info < 24:
        value = info
    elif info <= 27:
        size = 1 << (info - 24)
        value = int.from_bytes(data[at : at + size], "big")
        at += size
    else:
        raise Unexpected("indefinite length")
    if major == 0:
        return value, at
    if major == 1:
        return -1 - value, at
    if major in (2, 3):
        chunk = data[at : at + value]
        if len(chunk) != value:
            raise Unexpected("truncated string")
        return (chunk if major == 2 else chunk.decode("utf-8")), at + value
    if major == 4:
        items = []
        for _ in range(value):
            item, at = _decode(data, at)
            items.append(item)
        return items, at
    if major == 5:
        mapping = {}
        for _ in range(value):
            key, at = _decode(data, at)
            mapping[key], at = _decode(data, at)
        return mapping, at
    raise Unexpected(f"CBOR major type {major}")


def _read(path: Path) -> Any:
    try:
        data = gzip.decompress(path.read_bytes())
    except (OSError, EOFError) as exc:
        raise Unexpected(f"{path.name}: not gzip") from exc
    if not data.startswith(SIGNATURE):
        raise Unexpected(f"{path.name}: no Pagefind signature")
    body = data[len(SIGNATURE) :]
    item = decode(body)
    if encode(item) != body:
        raise Unexpected(f"{path.name}: codec does not give the same bytes back")
    return item


def _packed(item: Any) -> bytes:
    return gzip.compress(SIGNATURE + encode(item), compresslevel=9, mtime=0)


def _digest(item: Any, length: int) -> str:
    return hashlib.sha256(encode(item)).hexdigest()[:length]


def _language(name: str) -> str:
    """`nl_1234abc` → `nl` (the language part of a Pagefind hash)."""
    language, sep, _ = name.rpartition("_")
    if not sep:
        raise Unexpected(f"unexpected name {name}")
    return language


def _sorted_filter(item: Any) -> list[Any]:
    if not (isinstance(item, list) and len(item) == 2 and isinstance(item[1], list)):
        raise Unexpected("filter file is not [name, values]")
    for value in item[1]:
        if not (isinstance(value, list) and value and isinstance(value[0], str)):
            raise Unexpected("filter value is not [text, pages]")
    return [item[0], sorted(item[1], key=lambda value: value[0])]


def _renamed(item: Any, names: dict[str, str]) -> Any:
    """`item` with every old filter hash replaced, and lists of [filter, hash] pairs sorted."""
    if isinstance(item, str):
        return names.get(item, item)
    if isinstance(item, dict):
        return {_renamed(k, names): _renamed(v, names) for k, v in item.items()}
    if not isinstance(item, list):
        return item
    renamed = [_renamed(x, names) for x in item]
    pairs = [x for x in renamed if isinstance(x, list) and len(x) == 2]
    if renamed and len(pairs) == len(renamed) and all(p[1] in names.values() for p in pairs):
        renamed.sort(key=lambda pair: str(pair[0]))
    return renamed


def stabilise(bundle: Path) -> bool:
    """Rewrite the filter and meta files of `bundle` in a fixed order; False when the
    bundle is not in the expected format (then nothing is changed)."""
    try:
        writes, removals = _plan(bundle)
    except Unexpected:
        return False
    for path, data in writes.items():
        path.write_bytes(data)
    for path in removals - set(writes):
        path.unlink()
    return True


def _plan(bundle: Path) -> tuple[dict[Path, bytes], set[Path]]:
    """What to write and what to remove; reads only, so a surprise changes nothing."""
    writes: dict[Path, bytes] = {}
    removals: set[Path] = set()
    names: dict[str, str] = {}
    for path in sorted((bundle / "filter").glob("*.pf_filter")):
        item = _sorted_filter(_read(path))
        new = f"{_language(path.stem)}_{_digest(item, 7)}"
        names[path.stem] = new
        writes[path.with_name(f"{new}.pf_filter")] = _packed(item)
        removals.add(path)
    entry_path = bundle / "pagefind-entry.json"
    try:
        entry = json.loads(entry_path.read_text(encoding="utf-8"))
        languages = entry["languages"]
    except (OSError, ValueError, KeyError) as exc:
        raise Unexpected("pagefind-entry.json") from exc
    for language in languages.values():
        old = language["hash"]
        path = bundle / f"pagefind.{old}.pf_meta"
        item = _renamed(_read(path), names)
        language["hash"] = f"{_language(old)}_{_digest(item, 10)}"
        writes[bundle / f"pagefind.{language['hash']}.pf_meta"] = _packed(item)
        removals.add(path)
    text = json.dumps(entry, ensure_ascii=False, separators=(",", ":"))
    writes[entry_path] = text.encode("utf-8")
    return writes, removals


__all__ = ["stabilise"]

"""Byte-reproducible Pagefind output (workbook.render.site.pagefind_order): the CBOR codec gives
every file its bytes back, filter values are put in a fixed order, and a bundle in an
unknown format is left exactly as it was."""

from __future__ import annotations

import gzip
import shutil
from pathlib import Path
from typing import Any

import pytest

from workbook.model.book import Book
from workbook.render.site.pagefind_order import (
    SIGNATURE,
    Raw,
    Unexpected,
    decode,
    encode,
    stabilise,
)
from workbook.render.site.pages import write_site
from workbook.render.site.search import index_site


@pytest.fixture(scope="module")
def bundle(book: Book, tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = tmp_path_factory.mktemp("stable") / "site"
    write_site(book, site)
    return index_site(site)


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*.*")}


@pytest.mark.parametrize(
    "item, data",
    [
        (0, b"\x00"),
        (23, b"\x17"),
        (24, b"\x18\x18"),
        (256, b"\x19\x01\x00"),
        (70_000, b"\x1a\x00\x01\x11\x70"),
        (-1, b"\x20"),
        ("", b"\x60"),
        ("thema", b"ethema"),
        ("Fryslân", b"hFrysl\xc3\xa2n"),
        (b"\x01\x02", b"\x42\x01\x02"),
        ([1, [2, "a"]], b"\x82\x01\x82\x02aa"),
        ({"a": 1}, b"\xa1aa\x01"),
    ],
)
def test_codec_round_trips(item: Any, data: bytes) -> None:
    assert encode(item) == data
    assert decode(data) == item


def test_floats_and_simple_values_are_kept_as_bytes() -> None:
    for data in (b"\xf5", b"\xf6", b"\xfb" + bytes(8), b"\xfa\x3f\x80\x00\x00"):
        item = decode(data)
        assert isinstance(item, Raw) and encode(item) == data


@pytest.mark.parametrize("data", [b"\x9f\x01\xff", b"\x62a", b"\x00\x00", b"\x1c"])
def test_unknown_or_broken_cbor_is_refused(data: bytes) -> None:
    with pytest.raises(Unexpected):
        decode(data)


def test_filter_values_are_sorted(bundle: Path) -> None:
    for path in (bundle / "filter").glob("*.pf_filter"):
        data = gzip.decompress(path.read_bytes())
        assert data.startswith(SIGNATURE)
        name, values = decode(data[len(SIGNATURE) :])
        labels = [value[0] for value in values]
        assert labels == sorted(labels), name


def test_stabilising_twice_changes_nothing(bundle: Path, tmp_path: Path) -> None:
    copy = tmp_path / "bundle"
    shutil.copytree(bundle, copy)
    before = snapshot(copy)
    assert stabilise(copy) is True
    assert snapshot(copy) == before


def test_an_unknown_format_is_left_as_it_was(bundle: Path, tmp_path: Path) -> None:
    copy = tmp_path / "bundle"
    shutil.copytree(bundle, copy)
    victim = sorted((copy / "filter").glob("*.pf_filter"))[0]
    victim.write_bytes(gzip.compress(SIGNATURE + b"\x9f\xff"))  # indefinite-length array
    before = snapshot(copy)
    assert stabilise(copy) is False
    assert snapshot(copy) == before

"""A laid-out part's PDF, opened for the merge, and the object surgery every merge step
needs: copying objects across files, reading a part's structure tree, and writing the
catalog of a file put together from others (the book, an example's own PDF)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from pikepdf import Array, Dictionary, Name, Pdf, String

from workbook.render.pdf.layout import PartLayout


@dataclass
class OpenPart:
    """A part's PDF, opened, with what the merge has found in it."""

    result: PartLayout
    pdf: Pdf
    fonts: Any = None  # its shared /Font resource dictionary (before copying)
    font_names: dict[Any, Any] = field(default_factory=dict)  # /Name -> copied own font
    first_page: int = 0  # index of its first page in the output (while it is added)
    shifts: dict[int, float] = field(default_factory=dict)  # page index -> dx (points)


def copy_object(out: Pdf, source: Pdf, value: Any) -> Any:
    """`value` of `source` copied into `out` (qpdf copies indirect objects only)."""
    return out.copy_foreign(value if value.is_indirect else source.make_indirect(value))


def struct_kids(pdf: Pdf) -> tuple[Any, Any, Any]:
    root = pdf.Root.StructTreeRoot
    document = root.K[0] if isinstance(root.K, Array) else root.K
    kids = document.K
    for kid in kids:
        if isinstance(kid, Dictionary) and Name.P in kid:
            del kid[Name.P]
    return kids, root.get(Name.ParentTree), root.get(Name.RoleMap)


def parent_tree_items(tree: Any) -> Iterator[tuple[int, Any]]:
    if tree is None:
        return
    if Name.Nums in tree:
        nums = tree.Nums
        for index in range(0, len(nums), 2):
            yield int(nums[index]), nums[index + 1]
    for kid in tree.get(Name.Kids, []):
        yield from parent_tree_items(kid)


def set_structure(
    out: Pdf,
    document: Any,
    parent_tree: Iterable[tuple[int, Any]],
    next_key: int,
    role_map: Any | None,
) -> None:
    """`out`'s structure tree: `document` as its one element, the parent tree from its
    (key, value) pairs, and `role_map` (already in `out`) when it maps anything."""
    root = out.make_indirect(
        Dictionary(
            Type=Name.StructTreeRoot,
            K=Array([document]),
            ParentTree=out.make_indirect(
                Dictionary(Nums=Array([v for key, value in parent_tree for v in (key, value)]))
            ),
            ParentTreeNextKey=next_key,
        )
    )
    if role_map is not None and len(role_map):
        root.RoleMap = role_map
    document.P = root
    out.Root.StructTreeRoot = root


def copy_catalog(out: Pdf, source: Pdf, entries: Iterable[Name]) -> None:
    """The catalog `entries` that `source` has, and its document information, copied."""
    for entry in entries:
        if entry in source.Root:
            out.Root[entry] = copy_object(out, source, source.Root[entry])
    for key, value in source.docinfo.items():
        out.docinfo[key] = copy_object(out, source, value) if value.is_indirect else value


def set_destinations(out: Pdf, dests: Mapping[str, Any]) -> None:
    """`out`'s named destinations, sorted by name."""
    names = Array()
    for name in sorted(dests):
        names.append(String(name))
        names.append(dests[name])
    out.Root.Names = Dictionary(Dests=out.make_indirect(Dictionary(Names=names)))

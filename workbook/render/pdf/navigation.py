"""Navigation in the merged book: links between parts become internal links to named
destinations (with the target's title as alternate text), one name tree of destinations,
and bookmarks from the book's structure."""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Mapping
from typing import Any

import pikepdf
from pikepdf import Array, Dictionary, Name, Pdf, String

LINK_SCHEME = "werkboek:"

Outline = list[tuple[str, str, list[tuple[str, str]]]]


def named_destinations(pdf: Pdf) -> Iterator[tuple[str, Any]]:
    names = pdf.Root.get(Name.Names)
    if names is None or Name.Dests not in names:
        return
    for key, value in pikepdf.NameTree(names.Dests).items():
        yield str(key), value


def rewrite_links(out: Pdf, titles: Mapping[str, str]) -> None:
    """`werkboek:<id>` links (between parts) become links to the named destination."""
    for page in out.pages:
        for annotation in page.obj.get(Name.Annots, []):
            action = annotation.get(Name.A)
            if action is None or action.get(Name.S) != Name.URI:
                continue
            uri = str(action.URI)
            if not uri.startswith(LINK_SCHEME):
                continue
            anchor = uri[len(LINK_SCHEME) :]
            del annotation[Name.A]
            annotation.Dest = String(anchor)
            annotation.Contents = String(titles.get(anchor, anchor))


def write_outline(out: Pdf, entries: Outline, dests: Mapping[str, Any]) -> None:
    """Bookmarks: (title, anchor, children) from the book's structure."""
    items = []
    for title, anchor, children in entries:
        if anchor not in dests:
            continue
        kids = [(t, a) for t, a in children if a in dests]
        items.append((title, anchor, kids))
    if not items:
        return
    outlines = out.make_indirect(Dictionary(Type=Name.Outlines))

    def link(parent: Any, level: Outline) -> int:
        made = []
        total = 0
        for title, anchor, kids in level:
            destination = dests[anchor]
            item = out.make_indirect(
                Dictionary(Title=String(title), Parent=parent, Dest=Array(list(destination)))
            )
            count = link(item, [(t, a, []) for t, a in kids]) if kids else 0
            if kids:
                item.Count = count
            total += 1 + count
            made.append(item)
        for before, after in itertools.pairwise(made):
            before.Next = after
            after.Prev = before
        if made:
            parent.First = made[0]
            parent.Last = made[-1]
        return total

    outlines.Count = link(outlines, items)
    out.Root.Outlines = outlines

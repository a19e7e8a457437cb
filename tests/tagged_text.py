"""The text of a tagged PDF's structure elements, read the way a screen reader finds it: the
marked content (MCID) that each element refers to, in pages and in form XObjects, decoded
through the fonts' ToUnicode maps."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pikepdf
from pikepdf import Name

Key = tuple[tuple[int, int], int]  # (objgen of the page or form, MCID)


def _to_unicode(font: Any) -> tuple[dict[int, str], int]:
    """A font's code -> text map and its code length in bytes."""
    width = 2 if font.get(Name.Subtype) == Name.Type0 else 1
    codes: dict[int, str] = {}
    if Name.ToUnicode not in font:
        return codes, width
    text = font.ToUnicode.read_bytes().decode("latin-1")
    for block in re.findall(r"beginbfchar(.*?)endbfchar", text, re.S):
        for code, chars in re.findall(r"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]*)>", block):
            codes[int(code, 16)] = bytes.fromhex(chars).decode("utf-16-be")
    for block in re.findall(r"beginbfrange(.*?)endbfrange", text, re.S):
        for low, high, start in re.findall(
            r"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>", block
        ):
            first = bytes.fromhex(start).decode("utf-16-be")
            for offset in range(int(high, 16) - int(low, 16) + 1):
                codes[int(low, 16) + offset] = first[:-1] + chr(ord(first[-1]) + offset)
    return codes, width


def _decode(data: bytes, font: tuple[dict[int, str], int]) -> str:
    codes, width = font
    return "".join(
        codes.get(int.from_bytes(data[i : i + width], "big"), "")
        for i in range(0, len(data), width)
    )


def _marked(holder: Any, owner: tuple[int, int], found: dict[Key, str]) -> None:
    """Collect the text of each MCID in the content of `holder` (a page or a form)."""
    fonts = holder.get(Name.Resources, {}).get(Name.Font, {})
    decoded: dict[str, tuple[dict[int, str], int]] = {}
    font: tuple[dict[int, str], int] = ({}, 1)
    stack: list[int | None] = []
    for operands, operator in pikepdf.parse_content_stream(holder):
        op = str(operator)
        if op == "BDC":
            properties = operands[1]
            mcid = properties.get(Name.MCID) if isinstance(properties, pikepdf.Dictionary) else None
            stack.append(int(mcid) if mcid is not None else None)
        elif op == "BMC":
            stack.append(None)
        elif op == "EMC" and stack:
            stack.pop()
        elif op == "Tf":
            name = str(operands[0])
            if name not in decoded:
                decoded[name] = _to_unicode(fonts[operands[0]])
            font = decoded[name]
        elif op in ("Tj", "TJ", "'", '"'):
            current = next((m for m in reversed(stack) if m is not None), None)
            if current is None:
                continue
            items = operands[-1] if op in ("TJ",) else [operands[-1]]
            text = "".join(
                _decode(bytes(item), font) for item in items if isinstance(item, pikepdf.String)
            )
            found[(owner, current)] = found.get((owner, current), "") + text


def marked_texts(pdf: pikepdf.Pdf) -> dict[Key, str]:
    """The text of every piece of marked content with an MCID, in pages and in the form
    XObjects that have their own StructParents."""
    found: dict[Key, str] = {}
    for page in pdf.pages:
        _marked(page.obj, page.obj.objgen, found)
        for form in page.obj.get(Name.Resources, {}).get(Name.XObject, {}).values():
            if Name.StructParents in form:
                _marked(form, form.objgen, found)
    return found


def elements(element: Any) -> Iterator[Any]:
    """`element` and every structure element below it."""
    yield element
    kids = element.get(Name.K)
    kids = kids if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []
    for kid in kids:
        if isinstance(kid, pikepdf.Dictionary) and Name.S in kid:
            yield from elements(kid)


def element_text(element: Any, texts: dict[Key, str]) -> str:
    """The text an element stands for: its marked content and that of its descendants."""
    kids = element.get(Name.K)
    kids = kids if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []
    parts = []
    for kid in kids:
        if isinstance(kid, int):
            parts.append(texts.get((element.Pg.objgen, kid), ""))
        elif isinstance(kid, pikepdf.Dictionary) and kid.get(Name.Type) == Name.MCR:
            owner = kid.Stm if Name.Stm in kid else kid.get(Name.Pg, element.get(Name.Pg))
            parts.append(texts.get((owner.objgen, int(kid.MCID)), ""))
        elif isinstance(kid, pikepdf.Dictionary) and Name.S in kid:
            parts.append(element_text(kid, texts))
    return "".join(parts)

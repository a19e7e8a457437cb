"""The images of an example on disk: inside the project, of an allowed type and size, an
SVG without scripts or bombs, and (see `print_resolution`) sharp enough for print."""

from __future__ import annotations

import difflib
import re
from pathlib import Path
from typing import Any

from workbook.base.errors import Diagnostic
from workbook.base.project import IMAGE_TYPES
from workbook.base.words import format_decimal, format_number
from workbook.check.image_header import image_header
from workbook.check.print_resolution import design_diagnostics
from workbook.load.source import Path_, Source, field_path

MAX_IMAGE_BYTES = 10 * 1024 * 1024
MAX_IMAGE_PIXELS = 40_000_000  # e.g. 8000 × 5000; A4 at 300 dpi is 2480 × 3508
MAX_SVG_BYTES = 1024 * 1024
MAX_SVG_ELEMENTS = 50_000  # drawn elements, with <use> and url(#…) references expanded


def foreign_path(name: str) -> bool:
    """Is `name` no path inside the project at all: absolute, a URL, or with backslashes?"""
    return bool(re.match(r"^([a-zA-Z][a-zA-Z0-9+.-]*:|/|\\)", name)) or "\\" in name


def image_diagnostics(
    source: Source, path: Path_, name: str, base: Path, root: Path
) -> list[Diagnostic]:

    def fail(code: str, message: str, hint: str) -> list[Diagnostic]:
        return [source.diagnostic(path, code, message, hint)]

    if foreign_path(name):
        return fail(
            "file-outside-project",
            f"'{name}' is geen pad binnen het project",
            "geef het pad vanaf de map van dit YAML-bestand, met / als scheiding, "
            "zoals img/foto.jpg",
        )
    target = base / name
    try:
        resolved = target.resolve()
    except (OSError, RuntimeError, ValueError):  # ValueError: a NUL byte in the name
        return fail(
            "file-missing",
            f"afbeelding '{name}' kan niet worden gelezen",
            "controleer de bestandsnaam",
        )
    if not resolved.is_relative_to(root.resolve()):
        return fail(
            "file-outside-project",
            f"afbeelding '{name}' ligt buiten het project",
            "zet de afbeelding in een map naast het YAML-bestand, zoals img/",
        )
    try:
        exists = resolved.is_file()
    except OSError:  # ENAMETOOLONG: a name longer than the file system allows
        exists = False
    if not exists:
        siblings = (
            sorted(p.name for p in resolved.parent.glob("*")) if resolved.parent.is_dir() else []
        )
        close = difflib.get_close_matches(resolved.name, siblings, n=1)
        return fail(
            "file-missing",
            f"afbeelding '{name}' bestaat niet",
            (f"bedoelde u '{close[0]}'? " if close else "")
            + "het pad is relatief aan de map van dit YAML-bestand; let op hoofd- en "
            "kleine letters",
        )
    kind = IMAGE_TYPES.get(resolved.suffix.lower())
    if kind is None or sniff_image(resolved) != kind:
        return fail(
            "file-type",
            f"afbeelding '{name}' is geen PNG-, JPEG- of SVG-bestand",
            "sla de afbeelding op als PNG, JPEG of SVG, met de passende extensie",
        )
    size = resolved.stat().st_size
    if size > MAX_IMAGE_BYTES:
        return fail(
            "too-large",
            f"afbeelding '{name}' is {format_decimal(size / 1048576)} MiB; de grens is 10 MiB",
            "verklein de afbeelding (2000 pixels breed is genoeg voor druk)",
        )
    problem = svg_problem(resolved, size) if kind == "svg" else pixel_problem(resolved)
    if problem is not None:
        code, message, hint = problem
        return fail(code, f"afbeelding '{name}' {message}", hint)
    # Sharp enough for print at the size the design gives it (a build measures the layout).
    mark = source.value_mark(path)
    return design_diagnostics(resolved, root, source.path, mark, field_path(path), name)


def pixel_problem(path: Path) -> tuple[str, str, str] | None:
    """A PNG or JPEG with more pixels than the limit (a "decompression bomb"), read from the
    header only: the pixels themselves are never decoded here. A header Pillow cannot read
    is left alone; the renderer cannot decode such a file either."""
    hint = "verklein de afbeelding; 4000 pixels breed is ruim genoeg voor druk"
    header = image_header(path)
    if header is None:
        return None
    if header.refused:
        return "too-large", f"heeft meer dan {format_number(MAX_IMAGE_PIXELS)} pixels", hint
    width, height = header.width, header.height
    if width * height > MAX_IMAGE_PIXELS:
        pixels = f"{width} × {height} pixels"
        limit = format_number(MAX_IMAGE_PIXELS)
        return "too-large", f"is {pixels}; de grens is {limit} pixels in totaal", hint
    return None


_SVG_ENTITIES = re.compile(rb"<!ENTITY|<!DOCTYPE[^>\[]*\[", re.IGNORECASE)


def svg_problem(path: Path, size: int) -> tuple[str, str, str] | None:
    """An SVG larger than the limit, with entity declarations (an XML bomb), or with
    anything a browser would run when the file is opened from the website."""
    if size > MAX_SVG_BYTES:
        return (
            "too-large",
            f"is {format_decimal(size / 1024, 0)} KiB; "
            f"de grens voor SVG is {MAX_SVG_BYTES // 1024} KiB",
            "vereenvoudig de tekening of sla haar op als PNG",
        )
    import lxml.etree as etree

    resave = "sla de tekening opnieuw op als gewone SVG (in Inkscape: Opslaan als → Gewone SVG)"
    data = path.read_bytes()
    if _SVG_ENTITIES.search(data):
        return "file-type", "bevat een DTD met eigen entiteiten (<!ENTITY>)", resave
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        return "file-type", f"is geen geldig SVG-bestand ({exc.msg})", resave
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        tag = etree.QName(element).localname.lower()
        if tag in ("script", "foreignobject"):
            return "file-type", f"bevat een <{etree.QName(element).localname}>-element", resave
        for attribute, value in element.attrib.items():
            local = etree.QName(attribute).localname.lower()
            plain = re.sub(r"[\s\x00-\x1f]", "", value).lower()
            if local.startswith("on") or plain.startswith(("javascript:", "vbscript:")):
                return "file-type", f"bevat een script (in '{local}')", resave
    if _drawn_elements(root) > MAX_SVG_ELEMENTS:
        limit = format_number(MAX_SVG_ELEMENTS)
        return (
            "too-large",
            f"is te ingewikkeld: met alle <use>- en url(#…)-verwijzingen uitgevouwen "
            f"telt de tekening meer dan {limit} onderdelen",
            "vereenvoudig de tekening of sla haar op als PNG",
        )
    return None


_REFERENCE = re.compile(r"url\(\s*['\"]?#([^'\")\s]+)")


def _drawn_elements(root: Any) -> int:
    """How many elements drawing `root` costs, each <use> and url(#id) counted as a copy of
    what it refers to: ten nested levels of ten <use> each would be 10^10 ("use bomb")."""
    # lxml makes element proxies on demand: keep them all alive so that id() stays unique.
    alive = [e for e in root.iter() if isinstance(e.tag, str)]
    by_id = {e.get("id"): e for e in alive if e.get("id")}
    memo: dict[int, int] = {}
    busy: set[int] = set()
    cap = MAX_SVG_ELEMENTS + 1

    def weight(element: Any) -> int:
        key = id(element)
        if key in memo:
            return memo[key]
        if key in busy:  # a reference cycle
            return cap
        busy.add(key)
        total = 1
        refs = [
            v[1:] for k, v in element.attrib.items() if k.endswith("href") and v.startswith("#")
        ]
        for value in element.attrib.values():
            refs += _REFERENCE.findall(value)
        for child in element:
            if isinstance(child.tag, str):
                total += weight(child)
            if total >= cap:
                break
        for ref in refs:
            target = by_id.get(ref)
            if target is not None and total < cap:
                total += weight(target)
        busy.discard(key)
        memo[key] = min(total, cap)
        return memo[key]

    try:
        return weight(root) if alive else 0
    except RecursionError:  # references nested deeper than Python's stack
        return cap


def sniff_image(path: Path) -> str | None:
    """What the file's first bytes say it is: 'png', 'jpeg', 'svg' or None."""
    try:
        with path.open("rb") as handle:
            head = handle.read(1024)
    except OSError:
        return None
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    text = head.lstrip(b"\xef\xbb\xbf").lstrip().lower()
    if text.startswith((b"<?xml", b"<svg", b"<!--", b"<!doctype svg")) and b"<svg" in head.lower():
        return "svg"
    return None

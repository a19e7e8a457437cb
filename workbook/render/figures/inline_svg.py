"""matplotlib's SVG made fit to sit inline in an HTML, XHTML or PDF page.

- no <metadata> (dates, tool versions) and no <style> (its `*` rule would style the page);
- every id prefixed, with the references to it (`url(#…)`, `xlink:href`), so that several
  figures can share one page;
- `style="…"` declarations as presentation attributes, which every SVG renderer reads and
  no HTML engine mistakes for (unknown) CSS of its own; page CSS still overrides them;
- a <title> first and role="img": WeasyPrint 70 tags an inline <svg> as a Figure with that
  title as its Alt text, and browsers and e-readers announce it.

`buttons` turns parts of such an SVG into keyboard-usable buttons for the site.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any
from urllib.parse import quote

from lxml import etree

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
_URL_REF = re.compile(r"url\(#([^)]+)\)")


def clean_svg(text: str, prefix: str, title: str) -> str:
    """The <svg> element of `text`, tidied as the module says, titled `title`."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, remove_blank_text=True)
    root = etree.fromstring(text.encode("utf-8"), parser)
    for name in ("metadata", "style"):
        for node in list(root.iter(f"{{{SVG_NS}}}{name}")):
            node.getparent().remove(node)
    href = f"{{{XLINK_NS}}}href"
    for node in root.iter():
        if not isinstance(node.tag, str):
            continue
        if "id" in node.attrib:
            node.set("id", f"{prefix}-{node.get('id')}")
        for attribute in ("clip-path", "style", "fill", "mask"):
            value = node.get(attribute)
            if value and "url(#" in value:
                node.set(attribute, _URL_REF.sub(rf"url(#{prefix}-\1)", value))
        if node.get(href, "").startswith("#"):
            node.set(href, f"#{prefix}-{node.get(href)[1:]}")
        _style_to_attributes(node)
    heading = etree.Element(f"{{{SVG_NS}}}title")
    heading.set("id", f"{prefix}-titel")
    heading.text = title
    root.insert(0, heading)
    root.set("role", "img")
    root.set("aria-labelledby", f"{prefix}-titel")
    root.set("class", f"chart chart-{prefix}")
    etree.cleanup_namespaces(root)
    return str(etree.tostring(root, encoding="unicode"))


def _style_to_attributes(node: Any) -> None:
    """`style="fill: #fff; font-size: 8px"` → `fill="#fff" font-size="8px"`."""
    style = node.attrib.pop("style", None)
    if not style:
        return
    for declaration in style.split(";"):
        name, _, value = declaration.partition(":")
        if name.strip() and value.strip() and name.strip() not in node.attrib:
            node.set(name.strip(), value.strip())


def buttons(
    svg: str, prefix: str, targets: Iterable[tuple[str, tuple[tuple[str, str], ...], str]]
) -> str:
    """Each `<g id="{prefix}-{id}">` of `targets` (id, filters, label) a button with
    `data-filter="key=value&…"` for the site's script.

    The <svg> becomes a group (an image may not hold buttons); its title still names it.
    """
    root = etree.fromstring(svg.encode("utf-8"))
    root.set("role", "group")
    wanted = {target_id: (filters, label) for target_id, filters, label in targets}
    for node in root.iter(f"{{{SVG_NS}}}g"):
        found = wanted.get(node.get("id", "").removeprefix(f"{prefix}-"))
        if found is None:
            continue
        filters, label = found
        node.set("role", "button")
        node.set("tabindex", "0")
        node.set("aria-label", label)
        node.set("class", "chart-target")
        node.set("data-filter", "&".join(f"{k}={quote(v)}" for k, v in filters))
    return str(etree.tostring(root, encoding="unicode"))


__all__ = ["buttons", "clean_svg"]

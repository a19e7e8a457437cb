"""The fingerprint of each section of an example: a short hash of its content alone.

Made from an example's data as the checks read it (YAML parsed and normalised: text
trimmed, empty items dropped), so indentation, key order, quoting style and the folder the
file is in change nothing. Markdown is hashed as written, not as rendered, so a new version
of the tool that renders it differently does not mark every example as updated. An image
counts by its bytes, alternative text, caption and credit, not by its file name. Contact
details count only when they are published (with consent).

Lenient on purpose: a previous version of a project (`--sinds git:REF`) is read without
being checked, so any value of any type gives a fingerprint.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from workbook.base.files import file_digest
from workbook.model.changes import SECTIONS

# The facts in the box at the top of an example (and its funding).
FACTS = (
    "gemeenten",
    "wijken",
    "provincie",
    "benadering",
    "status",
    "looptijd",
    "doelgroepen",
    "trefwoorden",
    "financiering",
)
LENGTH = 16  # hex digits: 64 bits, plenty for telling versions of one example apart


def fingerprints(data: Mapping[str, Any], folder: Path, root: Path) -> dict[str, str]:
    """Section key -> fingerprint, for every section in `changes.SECTIONS`. `folder`: where
    the example's file is (images are relative to it); `root`: the project, outside which
    no file is read."""
    content = {key: data.get(key) for key, _ in SECTIONS if key not in ("facts", "werkwijze")}
    content["facts"] = {key: data.get(key) for key in FACTS}
    content["werkwijze"] = {
        "tekst": data.get("werkwijze"),
        "afbeeldingen": [_image(item, folder, root) for item in _list(data.get("afbeeldingen"))],
    }
    contact = data.get("contact")
    content["contact"] = (
        {k: v for k, v in contact.items() if k != "toestemming"}
        if isinstance(contact, Mapping) and contact.get("toestemming") is True
        else None
    )
    return {key: _hash(content[key]) for key, _ in SECTIONS}


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _image(item: Any, folder: Path, root: Path) -> Any:
    if not isinstance(item, Mapping):
        return _canonical(item)
    described = {k: v for k, v in item.items() if k != "bestand"}
    name = item.get("bestand")
    if isinstance(name, str):
        path = (folder / name).resolve()
        inside = path.is_relative_to(root.resolve())
        described["inhoud"] = file_digest(path) if inside and path.is_file() else name
    return described


def _canonical(value: Any) -> Any:
    """The same value for the same content: text without trailing spaces on its lines,
    and an empty text, list or mapping the same as none at all."""
    if isinstance(value, str):
        text = "\n".join(line.rstrip() for line in value.strip().splitlines())
        return text or None
    if isinstance(value, Mapping):
        found = {str(k): _canonical(v) for k, v in value.items()}
        present = {k: v for k, v in found.items() if v is not None}
        return present or None
    if isinstance(value, list | tuple):
        items = [_canonical(v) for v in value]
        listed = [v for v in items if v is not None]
        return listed or None
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool | int | float) or value is None:
        return value
    return str(value)


def _hash(value: Any) -> str:
    text = json.dumps(_canonical(value), sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:LENGTH]

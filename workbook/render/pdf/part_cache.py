"""The build cache in the output folder (`dist/.cache/`): laid-out PDF parts and fonts.

Each part is stored under its key, a hash of everything it depends on (its HTML with the
page numbers it prints, the design's files, the images it shows, the versions of werkboek
and WeasyPrint). Beside each PDF a small JSON file records what the merge needs and the
PDF's own hash. A part is used only when both match: a damaged, truncated or foreign
entry is ignored (and laid out again), never merged into a book.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict
from pathlib import Path
from typing import Any

from workbook.base.files import atomic_write
from workbook.render.page_breaks import PageStart
from workbook.render.pdf.layout import FontUse, PartLayout

FORMAT = 3  # 2: the pages left blank (PartLayout.blank); 3: where pages begin (starts)


def digest(*pieces: str | bytes) -> str:
    h = hashlib.sha256()
    for piece in pieces:
        data = piece.encode("utf-8") if isinstance(piece, str) else piece
        h.update(len(data).to_bytes(8, "big"))
        h.update(data)
    return h.hexdigest()


class PartCache:
    """Laid-out parts by key. `read=False` (--no-cache) lays out everything again."""

    def __init__(self, folder: Path, *, read: bool = True) -> None:
        self.folder = folder
        self.read = read
        self.damaged: list[str] = []
        self.used: set[str] = set()
        for sub in ("parts", "fonts"):
            (folder / sub).mkdir(parents=True, exist_ok=True)
            # What a killed build left half-written (the caller holds the output lock).
            for stale in (folder / sub).glob(".*.tmp"):
                stale.unlink(missing_ok=True)

    def pdf_path(self, key: str) -> Path:
        return self.folder / "parts" / f"{key}.pdf"

    def lookup(self, key: str, name: str) -> PartLayout | None:
        if not self.read:
            return None
        meta_path = self.folder / "parts" / f"{key}.json"
        if not meta_path.exists():
            return None
        try:
            meta = json.loads(meta_path.read_text("utf-8"))
            data = self.pdf_path(key).read_bytes()
            ok = (
                meta.get("format") == FORMAT
                and meta.get("key") == key
                and meta.get("sha256") == hashlib.sha256(data).hexdigest()
            )
            result = _result(meta) if ok else None
            if result is not None:
                for use in result.fonts.values():
                    if use.face and not self.font_path(use.face).exists():
                        result = None
                        break
        except (OSError, ValueError, KeyError, TypeError):
            result = None
        if result is None:
            self.damaged.append(name)
            return None
        self.used.add(key)
        return result

    def store(self, result: PartLayout) -> None:
        data = self.pdf_path(result.key).read_bytes()
        meta = {
            "format": FORMAT,
            "key": result.key,
            "sha256": hashlib.sha256(data).hexdigest(),
            **_plain(result),
        }
        atomic_write(
            self.folder / "parts" / f"{result.key}.json",
            json.dumps(meta, ensure_ascii=False, sort_keys=True).encode("utf-8"),
        )
        self.used.add(result.key)

    def font_path(self, face: str) -> Path:
        return self.folder / "fonts" / f"{face}.font"

    def font(self, face: str) -> bytes:
        data = self.font_path(face).read_bytes()
        if hashlib.sha256(data).hexdigest() != face:
            raise ValueError(f"font {face[:12]} in the cache is damaged")
        return data

    def prune(self, variant: str) -> None:
        """Record what `variant` used, and remove parts that no variant uses any more.

        Each variant (screen, print, serve's preview) keeps the parts of its last book, so
        switching between them lays out nothing again; parts of older versions go.
        """
        record = self.folder / "editions.json"
        try:
            editions = json.loads(record.read_text("utf-8"))
            if not isinstance(editions, dict):
                editions = {}
        except (OSError, ValueError):
            editions = {}
        editions[variant] = sorted(self.used)
        atomic_write(record, json.dumps(editions, sort_keys=True).encode("utf-8"), durable=False)
        wanted = {key for keys in editions.values() if isinstance(keys, list) for key in keys}
        for path in (self.folder / "parts").iterdir():
            key = path.name.split(".", 1)[0]
            if key not in wanted and not path.name.startswith("."):
                path.unlink(missing_ok=True)
        faces = {
            use.face
            for key in wanted
            if (result := self._peek(key)) is not None
            for use in result.fonts.values()
            if use.face
        }
        for path in (self.folder / "fonts").iterdir():
            if path.suffix == ".font" and path.stem not in faces:
                path.unlink(missing_ok=True)

    def _peek(self, key: str) -> PartLayout | None:
        try:
            return _result(json.loads((self.folder / "parts" / f"{key}.json").read_text("utf-8")))
        except (OSError, ValueError, KeyError, TypeError):
            return None


def _plain(result: PartLayout) -> dict[str, Any]:
    data = asdict(result)
    data.pop("key")
    data["fonts"] = {
        name: {
            "face": use.face,
            "widths": {str(g): w for g, w in use.widths.items()},
            "text": {str(g): t for g, t in use.text.items()},
        }
        for name, use in result.fonts.items()
    }
    data["anchors"] = {k: list(v) for k, v in result.anchors.items()}
    data["frames"] = [list(f) for f in result.frames]
    data["starts"] = [None if s is None else list(s) for s in result.starts]
    return data


def _result(meta: dict[str, Any]) -> PartLayout:
    return PartLayout(
        key=meta["key"],
        name=meta["name"],
        pages=int(meta["pages"]),
        anchors={k: (int(v[0]), float(v[1]), float(v[2])) for k, v in meta["anchors"].items()},
        fonts={
            name: FontUse(
                use["face"],
                {int(g): float(w) for g, w in use["widths"].items()},
                {int(g): str(t) for g, t in use["text"].items()},
            )
            for name, use in meta["fonts"].items()
        },
        frames=[(float(a), float(b)) for a, b in meta["frames"]],
        images={str(url): float(width) for url, width in meta["images"].items()},
        blank=[int(index) for index in meta["blank"]],
        warnings=list(meta.get("warnings", [])),
        seconds=float(meta.get("seconds", 0.0)),
        starts=[_start(start) for start in meta["starts"]],
    )


def _start(value: Any) -> PageStart | None:
    if value is None:
        return None
    anchor, section, block, offset, text = value
    return PageStart(str(anchor), str(section), int(block), int(offset), str(text))

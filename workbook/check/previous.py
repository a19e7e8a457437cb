"""`vorige_uitgave` in workbook.yaml: the manifest of the previous edition, which the
project keeps (say `uitgaven/2025.uitgave.json`). It must lie inside the project, exist and
be a manifest this version can read; each problem is reported at the key's line."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from workbook.base.errors import Diagnostic
from workbook.check.images import foreign_path
from workbook.load.source import Source
from workbook.model.manifest import SUFFIX, Manifest, ManifestError, parse

KEY = "vorige_uitgave"
MAX_BYTES = 50 * 1024 * 1024  # a manifest of 5,000 examples is about 3 MB


def previous_edition(
    source: Source, data: dict[str, Any], root: Path, out: list[Diagnostic]
) -> Manifest | None:
    """The manifest named by `vorige_uitgave`, or None (with a diagnostic in `out` when it
    is named but cannot be used)."""
    name = data.get(KEY)
    if not isinstance(name, str):
        return None

    def fail(code: str, message: str, hint: str) -> None:
        out.append(source.diagnostic((KEY,), code, message, hint))

    if foreign_path(name):
        fail(
            "file-outside-project",
            f"'{name}' is geen pad binnen het project",
            f"geef het pad vanaf de map van workbook.yaml, zoals uitgaven/2025{SUFFIX}",
        )
        return None
    try:
        path = (root / name).resolve()
    except (OSError, RuntimeError, ValueError):
        path = None
    if path is not None and not path.is_relative_to(root.resolve()):
        fail(
            "file-outside-project",
            f"'{name}' ligt buiten het project",
            f"bewaar het uitgavebestand in het project, zoals uitgaven/2025{SUFFIX}",
        )
        return None
    if path is None or not path.is_file():
        fail(
            "file-missing",
            f"het uitgavebestand '{name}' bestaat niet",
            f"bij elke build staat het in dist/ als <bestandsnaam>{SUFFIX}; kopieer dat "
            "van de vorige uitgave naar het project (let op hoofd- en kleine letters)",
        )
        return None
    if path.stat().st_size > MAX_BYTES:
        fail(
            "previous-edition",
            f"het uitgavebestand '{name}' is te groot voor een uitgavebestand",
            f"kies het bestand <bestandsnaam>{SUFFIX} dat de vorige build schreef",
        )
        return None
    try:
        return parse(path.read_bytes(), name)
    except ManifestError as exc:
        fail(
            "previous-edition",
            f"het uitgavebestand '{name}' is niet te gebruiken: {exc.problem}",
            f"kies het bestand <bestandsnaam>{SUFFIX} dat de vorige build schreef, onveranderd",
        )
        return None

"""The build stamp: what the last build was made from, so that a build with nothing to do
returns at once and touches nothing.

The stamp (`dist/.cache/build.json`) holds a hash of every input of the build (the project's
workbook.yaml, examples and templates, the default design, the werkboek version, the build
options, today's date and SOURCE_DATE_EPOCH, because the check and the build date depend on
them) and a hash of every output it wrote. When both still match, the outputs are what a
build would write again.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from pathlib import Path
from typing import Any

from workbook import __version__
from workbook.base.files import atomic_write, folder_digest

STAMP = "build.json"


def inputs_digest(project: Path, design: Path, options: str) -> str:
    pieces = [
        __version__,
        options,
        dt.date.today().isoformat(),
        os.environ.get("SOURCE_DATE_EPOCH", ""),
        folder_digest(design),
        folder_digest(project / "workbook.yaml", project / "examples", project / "templates"),
    ]
    return hashlib.sha256("\n".join(pieces).encode("utf-8")).hexdigest()


def outputs_digest(out: Path, names: list[str]) -> dict[str, str]:
    return {name: folder_digest(out / name) for name in names}


def exists(cache: Path) -> bool:
    return (cache / STAMP).is_file()


def load(cache: Path) -> dict[str, Any] | None:
    try:
        data = json.loads((cache / STAMP).read_text("utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def unchanged(cache: Path, out: Path, inputs: str) -> dict[str, Any] | None:
    """The stamp of the last build when nothing changed since; None otherwise."""
    stamp = load(cache)
    if stamp is None or stamp.get("inputs") != inputs:
        return None
    outputs = stamp.get("outputs")
    if not isinstance(outputs, dict) or not outputs:
        return None
    if outputs_digest(out, sorted(outputs)) != outputs:
        return None
    return stamp


def save(
    cache: Path, out: Path, inputs: str, names: list[str], reports: dict[str, str], summary: str
) -> None:
    """`reports`: what the check said ("report"), and what it says with --quiet
    ("report_quiet"), to say again when nothing changed."""
    stamp = {
        "inputs": inputs,
        "outputs": outputs_digest(out, names),
        **reports,
        "summary": summary,
    }
    atomic_write(cache / STAMP, json.dumps(stamp, ensure_ascii=False, indent=1).encode("utf-8"))


def forget(cache: Path) -> None:
    (cache / STAMP).unlink(missing_ok=True)

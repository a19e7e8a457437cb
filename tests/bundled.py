"""Copies of the bundled project for tests that build it.

    from bundled import copy_bundled   # tests/ is on sys.path (rootdir conftest)

Without `editions` the copy is the werkboek alone: its three editions are books of their
own, which only the tests of editions need to build.
"""

from __future__ import annotations

import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def bundled_config(*, editions: bool = False) -> str:
    text = (REPO / "workbook.yaml").read_text("utf-8")
    return text if editions else text.split("\nuitgaven:", 1)[0] + "\n"


def copy_bundled(target: Path, *, editions: bool = False, templates: bool = False) -> Path:
    """workbook.yaml and examples/ (and templates/) of the bundled project in `target`."""
    target.mkdir(parents=True, exist_ok=True)
    (target / "workbook.yaml").write_text(bundled_config(editions=editions), "utf-8")
    shutil.copytree(REPO / "examples", target / "examples")
    if templates:
        shutil.copytree(REPO / "templates", target / "templates")
    return target

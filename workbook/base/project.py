"""Where a werkboek project's files are: workbook.yaml and every example under examples/."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from workbook.base.errors import UsageError

CONFIG_NAME = "workbook.yaml"
EXAMPLES_DIR = "examples"
EXAMPLE_SUFFIXES = (".yaml", ".yml")
# The image files an example may show, by suffix: what the file must be.
IMAGE_TYPES = {".png": "png", ".jpg": "jpeg", ".jpeg": "jpeg", ".svg": "svg"}

DEFAULT_THEMES = {
    "repressie-preventie": "Repressie en preventie verbinden",
    "onderwijs": "Onderwijs en ondermijnende criminaliteit",
    "frontlijn": "Frontlijnprofessionals",
}


@dataclass(frozen=True)
class Project:
    root: Path
    config: Path

    @property
    def examples_dir(self) -> Path:
        return self.root / EXAMPLES_DIR

    def example_files(self) -> list[Path]:
        return discover_examples(self.examples_dir)


def open_project(path: Path) -> Project:
    """The project in folder `path`; a clear usage error when it is not one."""
    if not path.exists():
        raise UsageError(f"de map '{path}' bestaat niet")
    if not path.is_dir():
        raise UsageError(f"'{path}' is geen map; geef de map van het werkboekproject op")
    config = path / CONFIG_NAME
    if not config.is_file():
        raise UsageError(
            f"in '{path}' staat geen {CONFIG_NAME}: dit is geen werkboekproject "
            "(geef de map op waarin workbook.yaml staat)"
        )
    return Project(root=path.resolve(), config=config.resolve())


def enclosing_config(path: Path) -> Path | None:
    """The nearest workbook.yaml in the folder of `path` or any folder above it."""
    for folder in [path.resolve().parent, *path.resolve().parents]:
        candidate = folder / CONFIG_NAME
        if candidate.is_file():
            return candidate
    return None


def discover_examples(folder: Path) -> list[Path]:
    """Every *.yaml / *.yml below `folder`, skipping names that start with a dot."""
    found: list[Path] = []
    if not folder.is_dir():
        return found
    for current, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith(".") and name.lower().endswith(EXAMPLE_SUFFIXES):
                found.append(Path(current) / name)
    return sorted(found, key=lambda p: p.relative_to(folder).as_posix())


def display_path(path: Path, cwd: Path | None = None) -> Path:
    """`path` relative to the current folder when it lies inside it."""
    cwd = (cwd or Path.cwd()).resolve()
    absolute = path if path.is_absolute() else cwd / path
    try:
        return absolute.relative_to(cwd)
    except ValueError:
        return absolute

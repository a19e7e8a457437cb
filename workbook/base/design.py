"""The default design: the templates, stylesheets and fonts that ship inside the package.

In an installed wheel they live in the package as `workbook/templates/`. In a clone of the
repository that name is a symlink to the top-level `templates/` (the design the
repository's own book uses), so the editable install that `make` does sees every edit at
once, and the wheel build copies the files behind the link into the package.

Everything that needs a default template, a font or `fonts.conf` asks this module. A
project's own `templates/` still overrides the default file by file: see `template_dirs`.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def _package_folder(name: str) -> Path:
    """A folder inside the installed `workbook` package, as a real path on disk.

    WeasyPrint, fontconfig and Jinja's loader all need file-system paths; a zipped install
    (which importlib.resources could describe but not open as a folder) is not supported.
    """
    return Path(str(resources.files("workbook").joinpath(name))).resolve()


DEFAULT_TEMPLATES = _package_folder("templates")
FONTS = DEFAULT_TEMPLATES / "fonts"
# Fontconfig reads this when WeasyPrint first loads fonts (see `use_bundled_fonts`).
FONTCONFIG = FONTS / "fonts.conf"


def use_bundled_fonts() -> None:
    """Make the bundled fonts the only ones fontconfig knows, before WeasyPrint loads any:
    a missing glyph or a generic family in an SVG then never pulls in a system font.
    Called by the PDF layout when it prepares a process, never on import."""
    import os

    os.environ["FONTCONFIG_FILE"] = str(FONTCONFIG)


def template_dirs(project_root: Path | None) -> list[Path]:
    """Where templates are looked up, first match wins: the project's own, then the default."""
    own = [project_root / "templates"] if project_root is not None else []
    return list(dict.fromkeys([*own, DEFAULT_TEMPLATES]))


def design_file(project_root: Path | None, name: str) -> Path:
    """One file of the design (e.g. `css/book.css`): the project's own copy when it has one."""
    for folder in template_dirs(project_root):
        candidate = folder / name
        if candidate.is_file():
            return candidate
    return DEFAULT_TEMPLATES / name


def design_digest(project_root: Path | None) -> str:
    """A hash of the design in effect: per file name, the file `design_file` would use.

    A project without its own templates/ and one whose templates/ is the default design
    (this repository) have the same digest.
    """
    import hashlib

    names: set[str] = set()
    for folder in template_dirs(project_root):
        if folder.is_dir():
            names |= {
                p.relative_to(folder).as_posix()
                for p in folder.rglob("*")
                if p.is_file() and "__pycache__" not in p.parts
            }
    h = hashlib.sha256()
    for name in sorted(names):
        h.update(name.encode("utf-8") + b"\0")
        h.update(hashlib.sha256(design_file(project_root, name).read_bytes()).digest())
    return h.hexdigest()

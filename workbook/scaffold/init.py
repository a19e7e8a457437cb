"""`workbook init MAP`: a new werkboek project that checks and builds as it is.

The project gets `workbook.yaml` (a comment on every key, the three default themes), one
folder per theme under `examples/` with one complete sample example, `LEESMIJ.md` for the
editors, `.gitignore`, `.pre-commit-config.yaml`, the CI templates of `docs/ci/` and the
JSON Schemas the YAML files point their editors at. The files come from `workbook/scaffold/starter/`
inside the package (its `ci` is a symlink to `docs/ci/` in the repository).

Everything is written into a fresh folder beside the target and renamed into place once it
checks clean, so a failed init leaves nothing behind.
"""

from __future__ import annotations

import datetime as dt
import os
import shlex
import shutil
import sys
import tempfile
from importlib import resources
from pathlib import Path

import jinja2
import yaml

from workbook import __version__
from workbook.base.errors import Severity, UsageError
from workbook.base.project import CONFIG_NAME, DEFAULT_THEMES, EXAMPLES_DIR

DEFAULT_TITLE = "Werkboek wijkaanpak ondermijning"
DEFAULT_PUBLISHER = "Uw organisatie"
SAMPLE_THEME = "frontlijn"
SAMPLE = f"{EXAMPLES_DIR}/{SAMPLE_THEME}/signalenoverleg-oostkwartier.yaml"
SAMPLE_IMAGE = f"{EXAMPLES_DIR}/{SAMPLE_THEME}/img/signalenoverleg-stappen.svg"
SCHEMAS = {"schema/praktijkvoorbeeld.schema.json": False, "schema/workbook.schema.json": True}
# Starter file → where it goes in the new project.
COPIES = {
    "gitignore": ".gitignore",
    "pre-commit-config.yaml": ".pre-commit-config.yaml",
    "ci/github-actions.yml": ".github/workflows/praktijkvoorbeelden.yml",
    "ci/gitlab-ci.yml": ".gitlab-ci.yml",
    "signalenoverleg-stappen.svg": SAMPLE_IMAGE,
}
RENDERED = {
    "workbook.yaml.jinja": CONFIG_NAME,
    "voorbeeld.yaml.jinja": SAMPLE,
    "LEESMIJ.md.jinja": "LEESMIJ.md",
}
OPTION_OF = {"titel": "--title", "uitgever": "--publisher"}


def starter_folder() -> Path:
    """The starter files inside the installed package, as a real folder on disk."""
    return Path(str(resources.files("workbook").joinpath("scaffold", "starter"))).resolve()


def yaml_scalar(text: str) -> str:
    """`text` as a YAML scalar on one line: plain when that reads back the same, else quoted."""
    dumped = yaml.safe_dump(text, allow_unicode=True, width=1_000_000)
    return dumped.removesuffix("...\n").rstrip("\n")


def project_files(title: str, publisher: str, today: dt.date) -> dict[str, bytes]:
    """Every file of the new project: relative path → content."""
    from workbook.schema import schema_text

    starter = starter_folder()
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(starter),
        autoescape=False,  # YAML and Markdown, never HTML; values are YAML-quoted below
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )
    values = {
        "titel": yaml_scalar(title),
        "uitgever": yaml_scalar(publisher),
        "jaar": str(today.year),
        "vandaag": today.isoformat(),
        "versie": __version__,
        "voorbeeld": SAMPLE,
    }
    files: dict[str, bytes] = {}
    for template, target in RENDERED.items():
        context = dict(values, titel=title) if target.endswith(".md") else values
        files[target] = env.get_template(template).render(context).encode("utf-8")
    for source, target in COPIES.items():
        files[target] = (starter / source).read_bytes()
    for target, book in SCHEMAS.items():
        files[target] = schema_text(book).encode("utf-8")
    for theme in DEFAULT_THEMES:
        if theme != SAMPLE_THEME:  # git keeps no empty folder; dot files are not examples
            files[f"{EXAMPLES_DIR}/{theme}/.gitkeep"] = b""
    return files


def _refuse(folder: Path) -> None:
    if folder.exists() and not folder.is_dir():
        raise UsageError(f"'{folder}' bestaat al en is geen map; kies een nieuwe of lege map")
    if folder.is_dir() and any(folder.iterdir()):
        raise UsageError(
            f"de map '{folder}' is niet leeg; workbook init begint alleen in een nieuwe of "
            "lege map, zodat er niets wordt overschreven"
        )


def _problems(root: Path) -> list[str]:
    """Errors `workbook check` finds in the fresh project, as lines for the user."""
    from workbook.check.run import check_project

    result = check_project(root, want_book=False)
    lines = []
    for d in result.diagnostics:
        if d.severity is Severity.ERROR:
            option = OPTION_OF.get(d.field) if d.file.name == CONFIG_NAME else None
            lines.append(f"{option}: {d.message}" if option else f"{d.file.name}: {d.message}")
    return lines


def _fill(folder: Path, files: dict[str, bytes]) -> None:
    for name, content in files.items():
        target = folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)


def _into_place(fresh: Path, folder: Path) -> None:
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(fresh, 0o777 & ~umask)
    # rename(2) replaces an empty folder; a folder that filled up meanwhile stops it.
    try:
        os.replace(fresh, folder)
    except OSError as exc:
        raise UsageError(f"de map '{folder}' kon niet worden gemaakt ({exc.strerror})") from exc


def init_project(
    folder: Path,
    *,
    title: str | None = None,
    publisher: str | None = None,
    today: dt.date | None = None,
) -> str:
    """Create the project in `folder` (new or empty); returns the Dutch report."""
    _refuse(folder)
    files = project_files(
        (title or DEFAULT_TITLE).strip(),
        (publisher or DEFAULT_PUBLISHER).strip(),
        today or dt.date.today(),
    )
    parent = folder.absolute().parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        fresh = Path(tempfile.mkdtemp(dir=parent, prefix=f".{folder.name}.", suffix=".tmp"))
    except OSError as exc:
        raise UsageError(f"de map '{folder}' kan niet worden gemaakt ({exc.strerror})") from exc
    try:
        _fill(fresh, files)
        problems = _problems(fresh)
        if problems:
            raise UsageError("het nieuwe project zou niet kloppen:\n  " + "\n  ".join(problems))
        _into_place(fresh, folder)
    finally:
        if fresh.exists():
            shutil.rmtree(fresh, ignore_errors=True)
    return _report(folder, title is None or publisher is None)


def _report(folder: Path, defaults: bool) -> str:
    lines = [
        f"Nieuw werkboekproject in {folder}:",
        f"  {CONFIG_NAME}, LEESMIJ.md, {EXAMPLES_DIR}/ ({len(DEFAULT_THEMES)} thema's, "
        "1 uitgewerkt voorbeeld), schema/",
        "  .gitignore, .pre-commit-config.yaml, .github/workflows/, .gitlab-ci.yml",
    ]
    if defaults:
        lines.append(
            f"Pas titel en uitgever aan in {CONFIG_NAME} (of gebruik --title en --publisher)."
        )
    run = how_to_run()
    lines += ["Verder:", f"  cd {shlex.quote(str(folder))}", f"  {run} check", f"  {run} build"]
    return "\n".join(lines)


def how_to_run() -> str:
    """How the user starts this program again: `workbook` when that is what the PATH finds,
    else the full path of the program that runs now, else `python -m workbook`."""
    on_path = shutil.which("workbook")
    started = Path(sys.argv[0]) if sys.argv and sys.argv[0] else None
    if started is not None and started.name == "workbook":
        if on_path and Path(on_path).resolve() == started.resolve():
            return "workbook"
        return shlex.quote(str(started.resolve()))
    if on_path:
        return "workbook"
    return f"{shlex.quote(sys.executable)} -m workbook"


__all__ = ["init_project", "project_files", "starter_folder"]

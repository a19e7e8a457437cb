"""The previous edition, to compare a build with: a manifest file, a project folder, or the
project as it was at a git ref (`git:REF`).

A folder or a git version is read as it is, without being checked: its examples give a
manifest the same way a build does (see `model.fingerprints`), so the comparison works for
an old version that today's rules would reject. A file that cannot be read as an example
is left out and named.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from workbook.base.errors import UsageError
from workbook.base.files import file_digest
from workbook.base.project import CONFIG_NAME, EXAMPLES_DIR, discover_examples
from workbook.base.values import as_date, sort_key
from workbook.check.schema import normalise
from workbook.load.source import load
from workbook.model.fingerprints import fingerprints
from workbook.model.manifest import Entry, Manifest, parse

GIT = "git:"
MAX_MANIFEST = 50 * 1024 * 1024


@dataclass(frozen=True)
class Side:
    """A side of a comparison: its manifest, what to call it, and the files left out."""

    manifest: Manifest
    name: str
    skipped: tuple[str, ...] = ()


def read_edition(spec: str, project: Path) -> Side:
    """`spec`: a manifest file, a project folder or `git:REF` (the project in folder
    `project` as it was at REF). Dutch errors: a missing file or unknown ref is a usage
    error (exit 2), a manifest that cannot be read a content error (exit 1)."""
    if spec.startswith(GIT):
        ref = spec.removeprefix(GIT)
        with git_tree(ref, project) as folder:
            return replace(read_project(folder), name=spec)
    path = Path(spec)
    if path.is_dir():
        if not (path / CONFIG_NAME).is_file():
            raise UsageError(
                f"in de map '{spec}' staat geen {CONFIG_NAME}; geef een uitgavebestand "
                "(.uitgave.json), een projectmap of git:VERSIE"
            )
        return replace(read_project(path.resolve()), name=spec)
    return Side(read_manifest(path, spec), spec)


def read_manifest(path: Path, shown: str) -> Manifest:
    if not path.is_file():
        raise UsageError(
            f"het uitgavebestand '{shown}' bestaat niet; geef een .uitgave.json, een "
            "projectmap of git:VERSIE"
        )
    if path.stat().st_size > MAX_MANIFEST:
        raise UsageError(f"'{shown}' is te groot voor een uitgavebestand")
    return parse(path.read_bytes(), shown)


def identity(spec: str | None, project: Path, named: str | None) -> str:
    """What the previous edition is, cheaply, for the build stamp: a git ref's commit, or
    the bytes of the manifest (`spec` from --sinds, else `named` in workbook.yaml)."""
    if spec and spec.startswith(GIT):
        if shutil.which("git") is None:
            return "git missing"
        _, commit = _git(
            ["rev-parse", "--verify", "--quiet", f"{spec[len(GIT) :]}^{{commit}}"], project
        )
        return f"git {commit}"
    path = Path(spec) if spec else (project / named if named else None)
    if path is None:
        return ""
    try:
        return f"file {file_digest(path)}"
    except OSError:
        return "missing"


def named_in(config: Path) -> str | None:
    """The manifest that workbook.yaml names as `vorige_uitgave` (unchecked), if any."""
    source, _ = load(config)
    data = normalise(source.data) if source is not None else None
    named = data.get("vorige_uitgave") if isinstance(data, dict) else None
    return named if isinstance(named, str) else None


# -- a project as it is ----------------------------------------------------------------


def read_project(root: Path) -> Side:
    """The manifest of the project in `root`, read without checking it."""
    config: dict[str, Any] = {}
    source, _ = load(root / CONFIG_NAME)
    if source is not None and isinstance(data := normalise(source.data), dict):
        config = data
    themes = [
        (t["id"], t["titel"])
        for t in config.get("themas", [])
        if isinstance(t, dict) and isinstance(t.get("id"), str) and isinstance(t.get("titel"), str)
    ]
    order = {key: index for index, (key, _) in enumerate(themes)}
    found: list[tuple[tuple[Any, ...], Entry]] = []
    dates = []
    skipped = []
    folder = root / EXAMPLES_DIR
    for path in discover_examples(folder):
        shown = path.relative_to(root).as_posix()
        example, _ = load(path, Path(shown))
        data = normalise(example.data) if example is not None else None
        if not isinstance(data, dict) or not all(
            isinstance(data.get(k), str) for k in ("titel", "thema")
        ):
            skipped.append(shown)
            continue
        if data.get("concept") is True:
            continue
        found.append((_order(data, path.stem, order), _entry(path, root, data)))
        date = as_date(data.get("bijgewerkt"))
        if date is not None:
            dates.append(date)
    entries = tuple(entry for _, entry in sorted(found, key=lambda pair: pair[0]))
    titel = config.get("titel")
    return Side(
        Manifest(
            titel if isinstance(titel, str) else root.name,
            max(dates).isoformat() if dates else "2000-01-01",
            "",
            tuple(themes),
            entries,
        ),
        str(root),
        tuple(skipped),
    )


def _order(data: dict[str, Any], example_id: str, themes: dict[str, int]) -> tuple[Any, ...]:
    """As the book orders its examples: by theme, then `volgorde`, title and id."""
    volgorde = data.get("volgorde")
    position = volgorde if isinstance(volgorde, int) and not isinstance(volgorde, bool) else None
    return (
        themes.get(data["thema"], len(themes)),
        data["thema"],
        0 if position is not None else 1,
        position or 0,
        sort_key(data["titel"]),
        example_id,
    )


def _entry(path: Path, root: Path, data: dict[str, Any]) -> Entry:
    def text(key: str) -> str | None:
        value = data.get(key)
        return value if isinstance(value, str) else None

    keywords = data.get("trefwoorden")
    return Entry(
        path.stem,
        data["titel"],
        data["thema"],
        tuple(fingerprints(data, path.parent, root).items()),
        tuple(k for k in keywords if isinstance(k, str)) if isinstance(keywords, list) else (),
        text("provincie"),
        text("benadering"),
    )


# -- a project as it was ----------------------------------------------------------------


@contextlib.contextmanager
def git_tree(ref: str, project: Path) -> Iterator[Path]:
    """The project in folder `project` as it was at `ref`: its workbook.yaml and examples,
    in a temporary folder that is removed afterwards."""
    if shutil.which("git") is None:
        raise UsageError(
            f"voor {GIT}{ref} is git nodig, maar git is niet gevonden; installeer git, of "
            "geef het uitgavebestand (.uitgave.json) van de vorige uitgave"
        )
    if not ref or ref.startswith("-"):
        raise UsageError(f"'{GIT}{ref}' noemt geen git-versie; schrijf bijvoorbeeld git:v2025")
    inside, prefix = _git(["rev-parse", "--show-prefix"], project)
    _, top = _git(["rev-parse", "--show-toplevel"], project)
    if not inside or not top:
        raise UsageError(
            f"de map '{project}' staat niet in een git-repository; geef het uitgavebestand "
            "(.uitgave.json) van de vorige uitgave"
        )
    known, commit = _git(["rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}"], project)
    if not known:
        raise UsageError(
            f"git kent de versie '{ref}' niet; geef een tak, tag of commit (zie git log "
            "--oneline of git tag), bijvoorbeeld git:v2025 of git:HEAD~3"
        )
    tree = f"{commit}:{prefix.rstrip('/')}" if prefix else f"{commit}^{{tree}}"
    existed, kind = _git(["cat-file", "-t", tree], project)
    if not existed or kind != "tree":
        raise UsageError(f"bij git-versie '{ref}' bestond de projectmap nog niet")
    # From the top of the repository: in a subfolder, git narrows listings to it.
    names = set(_git(["ls-tree", "--name-only", tree], Path(top))[1].splitlines())
    wanted = [n for n in (CONFIG_NAME, EXAMPLES_DIR) if n in names]
    if CONFIG_NAME not in wanted:
        raise UsageError(f"bij git-versie '{ref}' staat er geen {CONFIG_NAME} in de projectmap")
    with tempfile.TemporaryDirectory(prefix="werkboek-git-") as temp:
        folder = Path(temp)
        process = subprocess.Popen(
            ["git", "archive", "--format=tar", tree, "--", *wanted],
            cwd=top,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env=_git_env(),
        )
        assert process.stdout is not None
        try:
            with tarfile.open(fileobj=process.stdout, mode="r|") as archive:
                archive.extractall(folder, filter="data")
        except (tarfile.TarError, OSError) as exc:
            raise UsageError(f"git-versie '{ref}' kon niet worden gelezen ({exc})") from None
        finally:
            process.stdout.close()
            process.wait()
        yield folder


def _git_env() -> dict[str, str]:
    return {**os.environ, "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C"}


def _git(args: list[str], cwd: Path) -> tuple[bool, str]:
    """Whether git succeeded, and what it printed (stripped)."""
    done = subprocess.run(
        ["git", *args], cwd=cwd, capture_output=True, text=True, env=_git_env(), check=False
    )
    return done.returncode == 0, done.stdout.strip() if done.returncode == 0 else ""

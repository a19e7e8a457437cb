"""`workbook check`: every problem in every file, in one run; the model when all is well."""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from workbook.base import interrupt
from workbook.base.errors import Diagnostic, Severity, UsageError, error
from workbook.base.project import (
    CONFIG_NAME,
    DEFAULT_THEMES,
    discover_examples,
    display_path,
    enclosing_config,
    open_project,
)
from workbook.check.across_files import LoadedExample, cross_file_rules
from workbook.check.config import read_config, themes_of
from workbook.check.editions import edition_rules
from workbook.check.markdown_rules import markdown_diagnostics
from workbook.check.previous import previous_edition
from workbook.check.rules import RuleContext, example_rules
from workbook.check.schema import normalise, normalised, schema_diagnostics
from workbook.load.source import Source, load
from workbook.model.book import Book, Example, build_book, build_example
from workbook.model.editions import Edition, editions_of
from workbook.model.manifest import Manifest
from workbook.schema import EXAMPLE_SCHEMA, load_schema

# Below this many examples, starting worker processes costs more than it saves.
PARALLEL_FROM = 200
# More examples than this in one project is a mistake (or an attack), not a workbook.
MAX_EXAMPLES = 5000


@dataclass
class CheckResult:
    diagnostics: list[Diagnostic] = field(default_factory=list)
    paths: set[Path] = field(default_factory=set)
    book: Book | None = None
    editions: tuple[Edition, ...] = ()
    previous: Manifest | None = None  # the previous edition that workbook.yaml names

    @property
    def files(self) -> int:
        return len(self.paths)

    def count(self, severity: Severity) -> int:
        return sum(1 for d in self.diagnostics if d.severity is severity)

    def failed(self, strict: bool = False) -> bool:
        return self.count(Severity.ERROR) > 0 or (strict and self.count(Severity.WARNING) > 0)


def _sorted(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    return sorted(diagnostics, key=lambda d: (d.file.as_posix(), d.line, d.column, d.code))


def _loaded(path: Path, source: Source, data: Any) -> LoadedExample:
    mark = source.value_mark(("titel",))
    return LoadedExample(
        path, source.path, data if isinstance(data, dict) else None, (mark.line, mark.column)
    )


def _check_example(path: Path, ctx: RuleContext, out: list[Diagnostic]) -> LoadedExample:
    shown = display_path(path)
    source, problems = load(path, shown)
    out.extend(problems)
    if source is None:
        return LoadedExample(path, shown, None, (1, 1))
    data, empty = normalised(source)
    found = schema_diagnostics(source, data, EXAMPLE_SCHEMA, empty)
    found += markdown_diagnostics(source, load_schema(EXAMPLE_SCHEMA))
    if isinstance(data, dict):
        rules = example_rules(source, data, ctx, path)
        # An unknown theme gets the rule's message (with the book's themes), not also the
        # schema's on its form.
        told = {d.field for d in rules if d.code == "unknown-theme"}
        found = [d for d in found if d.field not in told] + rules
    out.extend(found)
    return _loaded(path, source, data)


def _identify(path: Path) -> LoadedExample:
    """Only what the rules across files need (id, titel, thema), without validating."""
    shown = display_path(path)
    source, _ = load(path, shown)
    if source is None:
        return LoadedExample(path, shown, None, (1, 1))
    return _loaded(path, source, normalise(source.data))


def _check_chunk(
    paths: list[Path], ctx: RuleContext
) -> tuple[list[LoadedExample], list[Diagnostic]]:
    found: list[Diagnostic] = []
    return [_check_example(path, ctx, found) for path in paths], found


def _check_examples(
    files: list[Path], ctx: RuleContext, out: list[Diagnostic]
) -> list[LoadedExample]:
    """Check every example; large projects are spread over the machine's cores."""
    workers = min(os.cpu_count() or 1, 8)
    if len(files) < PARALLEL_FROM or workers < 2:
        loaded, found = _check_chunk(files, ctx)
        out.extend(found)
        return loaded
    size = -(-len(files) // workers)
    chunks = [files[i : i + size] for i in range(0, len(files), size)]
    loaded = []
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        with interrupt.held():  # the processes start here and never see Ctrl-C
            results = pool.map(_check_chunk, chunks, [ctx] * len(chunks))
        for part, found in results:
            loaded.extend(part)
            out.extend(found)
    return loaded


def _run(
    config: Path | None,
    files: list[Path],
    root: Path,
    today: dt.date | None,
    include_drafts: bool,
    want_book: bool,
    whole_project: bool = True,
) -> CheckResult:
    """`whole_project`: `files` are all the project's examples, so that the rules about
    the project as a whole (the editions' selections) can be checked too."""
    result = CheckResult()
    config_data, config_source = read_config(config, result.diagnostics) if config else (None, None)
    themes = themes_of(config_data) if config else dict(DEFAULT_THEMES)
    ctx = RuleContext(root=root, themes=themes, today=today or dt.date.today())
    if len(files) > MAX_EXAMPLES:
        result.diagnostics.append(_too_many(config or files[0], len(files)))
        files = []  # bounded work: none is read
    loaded = _check_examples(files, ctx, result.diagnostics)
    cross_file_rules(loaded, result.diagnostics)
    if whole_project and config_data is not None and config_source is not None:
        result.diagnostics += edition_rules(config_source, config_data, loaded)
        result.previous = previous_edition(config_source, config_data, root, result.diagnostics)
    result.paths = {p.resolve() for p in files} | ({config.resolve()} if config else set())
    result.diagnostics = _sorted(result.diagnostics)
    if want_book and config_data is not None and not result.failed():
        examples: list[Example] = [
            build_example(item.path.stem, item.path, root, item.data)
            for item in loaded
            if item.data is not None
        ]
        result.book = build_book(root, config_data, examples, include_drafts)
        result.editions = editions_of(config_data)
    return result


def _too_many(where: Path, count: int) -> Diagnostic:
    return error(
        display_path(where),
        1,
        1,
        "too-large",
        f"het project bevat {count} praktijkvoorbeelden; de grens is {MAX_EXAMPLES}",
        hint="verdeel de voorbeelden over meer werkboeken, of zet bestanden die geen "
        "praktijkvoorbeeld zijn buiten de map examples/",
    )


def check_project(
    folder: Path,
    *,
    include_drafts: bool = False,
    today: dt.date | None = None,
    want_book: bool = True,
) -> CheckResult:
    """Check a whole project: its workbook.yaml and every example; build the model."""
    project = open_project(folder)
    return _run(
        project.config, project.example_files(), project.root, today, include_drafts, want_book
    )


def check_paths(paths: list[Path], today: dt.date | None = None) -> CheckResult:
    """Check project folders and single example files, each against its own project.

    Single files are checked together per enclosing project, and against that project's
    other examples for the rules across files (unique id, unique title per theme), so a
    pre-commit hook that passes only the changed files still catches a duplicate.
    """
    missing = [p for p in paths if not p.exists()]
    if missing:
        raise UsageError(f"'{missing[0]}' bestaat niet")
    total = CheckResult()
    groups: dict[tuple[Path | None, Path], list[Path]] = {}
    for path in paths:
        if path.is_dir() or path.name == CONFIG_NAME:
            part = check_project(
                path if path.is_dir() else path.parent, today=today, want_book=False
            )
            total.diagnostics += part.diagnostics
            total.paths |= part.paths
            continue
        config = enclosing_config(path)
        root = config.parent if config else path.resolve().parent
        group = groups.setdefault((config, root), [])
        if path.resolve() not in {p.resolve() for p in group}:
            group.append(path)
    for (config, root), files in groups.items():
        part = _run(config, files, root, today, False, want_book=False, whole_project=False)
        if config is not None and not any(d.file == display_path(config) for d in part.diagnostics):
            # The files asked for were checked; workbook.yaml only lent them its themes.
            part.paths.discard(config.resolve())
        if config is not None:
            part.diagnostics += _cross_file_with_project(files, root)
        total.diagnostics += part.diagnostics
        total.paths |= part.paths
    seen: set[Diagnostic] = set()
    unique = [d for d in total.diagnostics if not (d in seen or seen.add(d))]  # type: ignore[func-returns-value]
    total.diagnostics = _sorted(unique)
    return total


def _cross_file_with_project(files: list[Path], root: Path) -> list[Diagnostic]:
    """Duplicate ids and titles between `files` and the rest of their project."""
    chosen = {p.resolve() for p in files}
    others = [p for p in discover_examples(root / "examples") if p.resolve() not in chosen]
    if not others:
        return []
    # The project's files first, so a duplicate is reported on the file being checked.
    loaded = [_identify(path) for path in [*others, *files]]
    found: list[Diagnostic] = []
    cross_file_rules(loaded, found)
    shown = {display_path(p) for p in files}
    return [d for d in found if d.file in shown]


__all__ = ["CheckResult", "check_paths", "check_project"]

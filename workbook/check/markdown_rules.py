"""The restricted Markdown of the contract in the YAML files: every Markdown field's
problems (HTML, images, headings, unsafe links) at their line and column in the file."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from workbook.base import markdown
from workbook.base.errors import Diagnostic, error
from workbook.load.source import Path_, Source, field_path


def markdown_paths(data: Any, schema: dict[str, Any], path: Path_ = ()) -> Iterator[Path_]:
    """Every path in `data` whose schema says it holds Markdown."""
    if schema.get("contentMediaType") == "text/markdown" and isinstance(data, str):
        yield path
    elif isinstance(data, dict):
        for key, value in data.items():
            sub = schema.get("properties", {}).get(key)
            if sub:
                yield from markdown_paths(value, sub, (*path, key))
    elif isinstance(data, list) and isinstance(schema.get("items"), dict):
        for i, item in enumerate(data):
            yield from markdown_paths(item, schema["items"], (*path, i))


def markdown_diagnostics(source: Source, schema: dict[str, Any]) -> list[Diagnostic]:
    found = []
    for path in markdown_paths(source.data, schema):
        raw = _get(source.data, path)
        mark = source.value_mark(path)
        block = source.styles.get(path) in ("|", ">")
        for problem in markdown.problems(raw):
            line = mark.line + problem.line + (1 if block else 0)
            text = source.line_text(line)
            index = text.find(problem.needle)
            column = (
                index + 1
                if index >= 0
                else (len(text) - len(text.lstrip()) + 1 if block else mark.column)
            )
            found.append(
                error(
                    source.path,
                    line,
                    column,
                    problem.code,
                    problem.message,
                    field=field_path(path),
                    hint=problem.hint,
                    width=max(1, len(problem.needle)) if index >= 0 else 1,
                )
            )
    return found


def _get(data: Any, path: Path_) -> Any:
    for part in path:
        data = data[part]
    return data

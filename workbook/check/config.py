"""`workbook.yaml`: loaded, checked against its schema and its own rules."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from workbook.base.errors import Diagnostic
from workbook.base.project import display_path
from workbook.check.markdown_rules import markdown_diagnostics
from workbook.check.schema import normalised, schema_diagnostics
from workbook.load.source import Source, load
from workbook.schema import BOOK_SCHEMA, load_schema


def load_config(config: Path, out: list[Diagnostic]) -> dict[str, Any] | None:
    """workbook.yaml, checked; None (and diagnostics in `out`) when it has problems."""
    return read_config(config, out)[0]


def read_config(config: Path, out: list[Diagnostic]) -> tuple[dict[str, Any] | None, Source | None]:
    """workbook.yaml, checked, and where each of its values stands (for the rules that
    need the examples too, see `editions`); None as data when it has problems."""
    source, problems = load(config, display_path(config))
    out.extend(problems)
    if source is None:
        return None, None
    data, empty = normalised(source)
    found = schema_diagnostics(source, data, BOOK_SCHEMA, empty)
    found += markdown_diagnostics(source, load_schema(BOOK_SCHEMA))
    if isinstance(data, dict) and not found:
        found += book_rules(source, data)
    out.extend(found)
    return (data if isinstance(data, dict) and not found else None), source


def themes_of(config_data: dict[str, Any] | None) -> dict[str, str]:
    if config_data is None:
        return {}
    return {t["id"]: t["titel"] for t in config_data["themas"]}


def book_rules(source: Source, data: dict[str, Any]) -> list[Diagnostic]:
    out = []
    seen: dict[str, int] = {}
    for i, theme in enumerate(data.get("themas", [])):
        if theme["id"] in seen:
            out.append(
                source.diagnostic(
                    ("themas", i, "id"),
                    "duplicate-id",
                    f"thema-id '{theme['id']}' komt twee keer voor",
                    "geef elk thema een eigen id",
                )
            )
        seen[theme["id"]] = i
    return out

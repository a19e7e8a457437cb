"""Diagnostics → text (GNU first line, excerpt, caret, hint), JSON, or GitHub annotations."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from workbook.base.errors import Diagnostic, Severity

LineSource = Callable[[Path, int], str]


def summary(diagnostics: list[Diagnostic], files: int) -> str:
    errors = sum(1 for d in diagnostics if d.severity is Severity.ERROR)
    warnings = sum(1 for d in diagnostics if d.severity is Severity.WARNING)
    infos = sum(1 for d in diagnostics if d.severity is Severity.INFO)
    parts = [
        f"{errors} {'fout' if errors == 1 else 'fouten'}",
        f"{warnings} {'waarschuwing' if warnings == 1 else 'waarschuwingen'}",
    ]
    text = f"{parts[0]} en {parts[1]} in {files} {'bestand' if files == 1 else 'bestanden'}"
    if infos:
        text += f" ({infos} {'concept' if infos == 1 else 'concepten'} overgeslagen)"
    return text + "."


def _read_line(path: Path, line: int) -> str:
    try:
        with path.open(encoding="utf-8-sig", errors="replace") as handle:
            for number, text in enumerate(handle, 1):
                if number == line:
                    return text.rstrip("\r\n")
    except OSError:
        pass
    return ""


def format_text(
    diagnostics: list[Diagnostic], files: int, read_line: LineSource = _read_line
) -> str:
    out: list[str] = []
    for d in diagnostics:
        out.append(
            f"{d.file.as_posix()}:{d.line}:{d.column}: {d.severity.dutch}: {d.message} [{d.code}]"
        )
        text = read_line(d.file, d.line)
        if text.strip():
            gutter = " " * len(str(d.line))
            shown = text.replace("\t", " ")
            width = max(1, min(d.width, len(shown) - d.column + 1))
            out.append(f"    {d.line} | {shown}")
            out.append(f"    {gutter} | {' ' * (d.column - 1)}{'^' * width}")
            if d.hint:
                out.append(f"    {gutter} = hint: {d.hint}")
        elif d.hint:
            out.append(f"    = hint: {d.hint}")
    out.append(summary(diagnostics, files))
    return "\n".join(out)


def format_json(diagnostics: list[Diagnostic]) -> str:
    return json.dumps(
        [
            {
                "file": d.file.as_posix(),
                "line": d.line,
                "column": d.column,
                "severity": d.severity.value,
                "code": d.code,
                "field": d.field,
                "message": d.message,
                "hint": d.hint,
            }
            for d in diagnostics
        ],
        ensure_ascii=False,
        indent=2,
    )


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


GITHUB_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def format_github(diagnostics: list[Diagnostic]) -> str:
    lines = []
    for d in diagnostics:
        message = d.message + (f"\nhint: {d.hint}" if d.hint else "")
        props = (
            f"file={_escape_property(d.file.as_posix())},line={d.line},col={d.column},"
            f"title={_escape_property(f'{d.code} ({d.field})' if d.field else d.code)}"
        )
        lines.append(f"::{GITHUB_LEVEL[d.severity]} {props}::{_escape_data(message)}")
    return "\n".join(lines)

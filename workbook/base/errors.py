"""Diagnostics and the exception hierarchy: one error path for the whole tool."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def dutch(self) -> str:
        return {"error": "fout", "warning": "waarschuwing", "info": "info"}[self.value]


@dataclass(frozen=True)
class Diagnostic:
    """One problem in one file, at a 1-based line and column."""

    file: Path
    line: int
    column: int
    severity: Severity
    code: str
    message: str
    field: str = ""
    hint: str | None = None
    # Width of the offending value on its line, for the caret in the text report.
    width: int = 1


def _diagnostic(severity: Severity) -> Callable[..., Diagnostic]:
    def make(
        file: Path,
        line: int,
        column: int,
        code: str,
        message: str,
        *,
        field: str = "",
        hint: str | None = None,
        width: int = 1,
    ) -> Diagnostic:
        return Diagnostic(file, line, column, severity, code, message, field, hint, width)

    return make


error = _diagnostic(Severity.ERROR)
warning = _diagnostic(Severity.WARNING)


class WorkbookError(Exception):
    """An expected failure with a Dutch message; the CLI maps it to an exit code."""

    exit_code = 3

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class UsageError(WorkbookError):
    """The command was called wrongly (exit 2)."""

    exit_code = 2


class ContentError(WorkbookError):
    """The content has problems; diagnostics were reported (exit 1)."""

    exit_code = 1


class BuildError(WorkbookError):
    """Rendering or writing failed (exit 3 unless stated otherwise)."""

    exit_code = 3


class Interrupted(WorkbookError):
    """The user pressed Ctrl-C (exit 130)."""

    exit_code = 130

"""YAML text → plain data plus the position of every key and value.

The loader works on PyYAML's event stream, so aliases, anchors, tags and duplicate keys are
rejected before any object is constructed: a "billion laughs" file costs one pass over its
text, never an expansion.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.resolver import Resolver

from workbook.base.errors import Diagnostic, Severity, error
from workbook.base.words import format_decimal
from workbook.load.syntax_messages import reader_diagnostic, syntax_diagnostic

MAX_FILE_BYTES = 256 * 1024
MAX_DEPTH = 32

Path_ = tuple[str | int, ...]


def field_path(path: Path_) -> str:
    """('partners', 1, 'soort') → 'partners[2].soort' (list positions count from 1)."""
    out = ""
    for part in path:
        out += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


try:  # libyaml is much faster; the pure-Python parser gives the same events.
    _Loader: Any = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on the wheel
    _Loader = yaml.SafeLoader

_RESOLVER = Resolver()
_CONSTRUCTOR = SafeConstructor()


@dataclass(frozen=True)
class Mark:
    """A 1-based line and column, and the width of the marked text on that line."""

    line: int
    column: int
    width: int = 1


@dataclass
class Source:
    """One loaded YAML file: its data, and where every key and value stands."""

    path: Path
    text: str
    data: Any = None
    values: dict[Path_, Mark] = field(default_factory=dict)
    keys: dict[Path_, Mark] = field(default_factory=dict)
    # Scalar style per path ('|', '>', '"', "'" or None for plain) for line arithmetic.
    styles: dict[Path_, str | None] = field(default_factory=dict)

    def value_mark(self, path: Path_) -> Mark:
        """The position of the value at `path`, or of its nearest existing parent."""
        while path not in self.values and path:
            path = path[:-1]
        return self.values.get(path, Mark(1, 1))

    def key_mark(self, path: Path_) -> Mark:
        return self.keys.get(path) or self.value_mark(path)

    def diagnostic(
        self,
        path: Path_,
        code: str,
        message: str,
        hint: str | None = None,
        *,
        severity: Severity = Severity.ERROR,
        key: bool = False,
        field: Path_ | None = None,
    ) -> Diagnostic:
        """A problem at the value (or, with `key`, the key) at `path` in this file; `field`
        names another path in the message's field than the one pointed at."""
        mark = self.key_mark(path) if key else self.value_mark(path)
        return Diagnostic(
            self.path,
            mark.line,
            mark.column,
            severity,
            code,
            message,
            field_path(field if field is not None else path),
            hint,
            mark.width,
        )

    def renumber(self, lists: dict[Path_, dict[int, int]]) -> None:
        """Follow lists that lost items: per list path (as read), old index -> new index.
        Marks inside a dropped item go."""

        def moved(path: Path_) -> Path_ | None:
            out: list[str | int] = []
            for depth, part in enumerate(path):
                table = lists.get(path[:depth])
                if table is not None and isinstance(part, int):
                    if part not in table:
                        return None
                    part = table[part]
                out.append(part)
            return tuple(out)

        for marks in (self.values, self.keys, self.styles):
            kept = {new: mark for old, mark in marks.items() if (new := moved(old)) is not None}
            marks.clear()
            marks.update(kept)  # type: ignore[arg-type]

    def line_text(self, line: int) -> str:
        lines = self.text.splitlines()
        return lines[line - 1] if 0 < line <= len(lines) else ""


def read_text(path: Path, display: Path) -> tuple[str | None, list[Diagnostic]]:
    """Read a file as UTF-8 (BOM tolerated) within the size limit."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            return None, [
                error(
                    display,
                    1,
                    1,
                    "too-large",
                    f"het bestand is {format_decimal(size / 1024)} KiB; "
                    f"de grens is {MAX_FILE_BYTES // 1024} KiB",
                    hint="splits lange teksten op of verwijder ingeplakte gegevens; "
                    "afbeeldingen horen in een apart bestand",
                )
            ]
        raw = path.read_bytes()
    except OSError as exc:
        return None, [
            error(
                display,
                1,
                1,
                "file-missing",
                f"het bestand kan niet worden gelezen ({exc.strerror})",
            )
        ]
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8"), []
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        column = len(before[before.rfind(b"\n") + 1 :].decode("utf-8", "replace")) + 1
        return None, [
            error(
                display,
                line,
                column,
                "encoding",
                f"ongeldige tekenreeks (byte 0x{raw[exc.start]:02x}): het bestand is geen UTF-8",
                hint="sla het bestand op als UTF-8 (in Kladblok: Opslaan als → Codering: UTF-8)",
            )
        ]


def load(
    path: Path, display: Path | None = None, text: str | None = None
) -> tuple[Source | None, list[Diagnostic]]:
    """Load one YAML file; on any problem return None and the diagnostics."""
    display = display or path
    if text is None:
        text, problems = read_text(path, display)
        if text is None:
            return None, problems
    source = Source(path=display, text=text)
    builder = _DataBuilder(source)
    try:
        for event in yaml.parse(text, Loader=_Loader):
            builder.feed(event)
            if builder.fatal:
                break
    except yaml.MarkedYAMLError as exc:
        return None, [syntax_diagnostic(display, text, exc)]
    except yaml.YAMLError as exc:  # ReaderError: a character YAML does not allow
        return None, [reader_diagnostic(display, text, exc)]
    if builder.problems:
        return None, builder.problems
    source.data = builder.result
    return source, []


class _DataBuilder:
    """Builds plain data from parser events, recording marks; rejects what we forbid."""

    def __init__(self, source: Source) -> None:
        self.source = source
        self.problems: list[Diagnostic] = []
        self.fatal = False
        self.stack: list[tuple[Any, Path_, Any]] = []  # (container, path, pending key)
        self.result: Any = None
        self.documents = 0

    def _mark(self, event: Any) -> Mark:
        start, end = event.start_mark, event.end_mark
        width = (
            end.column - start.column
            if end.line == start.line
            else max(1, len(self.source.line_text(start.line + 1)) - start.column)
        )
        return Mark(start.line + 1, start.column + 1, max(1, width))

    def _fail(self, event: Any, code: str, message: str, hint: str | None = None) -> None:
        mark = self._mark(event)
        self.problems.append(
            error(
                self.source.path, mark.line, mark.column, code, message, hint=hint, width=mark.width
            )
        )
        if len(self.problems) >= 20:
            self.fatal = True

    def feed(self, event: Any) -> None:
        if isinstance(event, yaml.DocumentStartEvent):
            self.documents += 1
            if self.documents > 1:
                self._fail(
                    event,
                    "yaml-syntax",
                    "het bestand bevat meer dan één YAML-document ('---')",
                    hint="zet elk praktijkvoorbeeld in een eigen bestand",
                )
                self.fatal = True
            return
        if isinstance(event, yaml.AliasEvent):
            self._fail(
                event,
                "alias",
                f"verwijzingen (*{event.anchor}) zijn niet toegestaan",
                hint="schrijf de tekst voluit op elke plek waar die nodig is",
            )
            return
        if isinstance(event, (yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            if event.anchor is not None:
                self._fail(
                    event,
                    "alias",
                    f"ankers (&{event.anchor}) zijn niet toegestaan",
                    hint="verwijder '&" + event.anchor + "' en schrijf de tekst voluit",
                )
            if event.tag is not None:
                tag = event.tag.replace("tag:yaml.org,2002:", "!!")
                self._fail(
                    event,
                    "tag",
                    f"YAML-tags ({tag}) zijn niet toegestaan",
                    hint=f"verwijder '{tag}'; zet tekst zo nodig tussen aanhalingstekens",
                )
            if self.problems:
                # Keep scanning for further anchors and tags, but build nothing.
                return
            self._node(event)
            return
        if isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            if self.problems or not self.stack:
                return
            container, path, _ = self.stack.pop()
            self._attach(container, path, event)

    def _path_for_child(self) -> Path_ | None:
        if not self.stack:
            return ()
        container, path, pending = self.stack[-1]
        if isinstance(container, list):
            return (*path, len(container))
        if pending is None:
            return None  # this node is a key
        return (*path, pending)

    def _node(self, event: Any) -> None:
        mark = self._mark(event)
        child_path = self._path_for_child()
        if child_path is None:  # a mapping key
            self._key(event, mark)
            return
        if isinstance(event, yaml.ScalarEvent):
            self.source.values[child_path] = mark
            self.source.styles[child_path] = event.style or None
            self._attach(self._scalar(event), child_path, event)
            return
        if len(self.stack) >= MAX_DEPTH:
            self._fail(
                event,
                "yaml-syntax",
                f"de gegevens zijn dieper genest dan {MAX_DEPTH} niveaus",
                hint="controleer het inspringen",
            )
            self.fatal = True
            return
        self.source.values[child_path] = mark
        container: Any = {} if isinstance(event, yaml.MappingStartEvent) else []
        self.stack.append((container, child_path, None))

    def _key(self, event: Any, mark: Mark) -> None:
        container, path, _ = self.stack[-1]
        if not isinstance(event, yaml.ScalarEvent):
            self._fail(
                event,
                "yaml-syntax",
                "een veldnaam moet gewone tekst zijn",
                hint="schrijf veldnamen als 'naam: waarde'",
            )
            self.fatal = True
            return
        key = event.value
        if key in container:
            first = self.source.keys[(*path, key)]
            self._fail(
                event,
                "duplicate-key",
                f"het veld '{key}' staat twee keer in dezelfde groep (eerst op regel {first.line})",
                hint="voeg de twee samen of verwijder er één",
            )
            return
        container[key] = _PENDING
        self.source.keys[(*path, key)] = mark
        self.stack[-1] = (container, path, key)

    def _attach(self, value: Any, path: Path_, event: Any) -> None:
        if not self.stack:
            self.result = value
            return
        container, parent_path, pending = self.stack[-1]
        if isinstance(container, list):
            container.append(value)
        else:
            container[pending] = value
            self.stack[-1] = (container, parent_path, None)

    @staticmethod
    def _scalar(event: Any) -> Any:
        if event.style or not event.implicit[0]:
            return event.value  # quoted or block scalars are always text
        tag: str = _RESOLVER.resolve(  # type: ignore[no-untyped-call]
            yaml.ScalarNode, event.value, (True, False)
        )
        # '=' (value) and '<<' (merge) resolve to tags without a constructor: plain text.
        if tag == "tag:yaml.org,2002:str" or tag not in _CONSTRUCTOR.yaml_constructors:
            return event.value
        node = yaml.ScalarNode(tag, event.value)
        try:
            value = _CONSTRUCTOR.yaml_constructors[tag](_CONSTRUCTOR, node)
        except (ValueError, OverflowError, TypeError):
            return InvalidDate(event.value) if tag.endswith(":timestamp") else event.value
        if isinstance(value, float) and value != value:  # .nan never equals itself
            return event.value
        return value


class InvalidDate(str):
    """A plain scalar shaped like a date that is not one (2021-02-30)."""


_PENDING = object()

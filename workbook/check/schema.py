"""Schema validation: the JSON Schema's verdict on a file, as Dutch diagnostics.

The JSON Schemas in `workbook/schema/` are the one source of truth for fields and types;
`schema_messages` words each kind of failure. Everything a schema cannot express lives in
`rules`, `images` and `across_files`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from functools import cache
from typing import Any

import jsonschema
from jsonschema import Draft202012Validator, FormatChecker
from jsonschema.exceptions import ValidationError
from jsonschema.validators import extend

from workbook.base.errors import Diagnostic
from workbook.base.values import PERIOD_RE, YEAR_MAX, YEAR_MIN
from workbook.check.schema_messages import translate
from workbook.load.source import InvalidDate, Path_, Source
from workbook.schema import load_schema

EMAIL_RE = re.compile(
    r"^[^@\s<>()\[\],;:\"]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$"
)


def _period_ok(value: object) -> bool:
    if isinstance(value, dt.datetime):
        return False
    if isinstance(value, dt.date):
        return True
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return YEAR_MIN <= value <= YEAR_MAX
    if not isinstance(value, str) or isinstance(value, InvalidDate):
        return False
    match = PERIOD_RE.match(value)
    if not match:
        return False
    year, month, day = match.groups()
    try:
        dt.date(int(year), int(month or 1), int(day or 1))
    except ValueError:
        return False
    return YEAR_MIN <= int(year) <= YEAR_MAX


def _date_ok(value: object) -> bool:
    if isinstance(value, dt.datetime):
        return False
    if isinstance(value, dt.date):
        return True
    if not isinstance(value, str) or isinstance(value, InvalidDate):
        return False
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return bool(re.fullmatch(r"\d{4}-\d{2}-\d{2}", value))


def isbn_ok(value: object) -> bool:
    if not isinstance(value, str):
        return False
    digits = value.replace("-", "").replace(" ", "")
    if not re.fullmatch(r"97[89]\d{10}", digits):
        return False
    total = sum(int(d) * (1 if i % 2 == 0 else 3) for i, d in enumerate(digits[:12]))
    return (10 - total % 10) % 10 == int(digits[12])


FORMATS = FormatChecker(formats=())
FORMATS.checks("periode")(_period_ok)
FORMATS.checks("date")(_date_ok)
FORMATS.checks("jaar")(
    lambda v: isinstance(v, bool) or not isinstance(v, int) or YEAR_MIN <= v <= YEAR_MAX
)
FORMATS.checks("email")(lambda v: not isinstance(v, str) or bool(EMAIL_RE.match(v)))
FORMATS.checks("weblink")(
    lambda v: (
        not isinstance(v, str) or bool(re.match(r"^https?://[^\s/$.?#][^\s]*$", v, re.IGNORECASE))
    )
)
FORMATS.checks("isbn")(lambda v: not isinstance(v, str) or isbn_ok(v))


def _type(
    validator: Any, types: Any, instance: Any, schema: dict[str, Any]
) -> Iterator[ValidationError]:
    """A YAML date is text where the schema asks for a date, and a surprise elsewhere."""
    if isinstance(instance, (dt.date, InvalidDate)):
        if schema.get("format") in ("date", "periode"):
            return
        if isinstance(instance, dt.date):
            yield ValidationError(f"{instance!r} is not of type {types!r}")
            return
    yield from jsonschema._keywords.type(validator, types, instance, schema)


_Validator = extend(Draft202012Validator, validators={"type": _type})


@cache
def _validator(name: str) -> Any:
    return _Validator(load_schema(name), format_checker=FORMATS)


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def normalised(source: Source) -> tuple[Any, set[Path_]]:
    """The data of `source` as the checks see it, and the paths of fields left empty.

    Text is trimmed. A key without a value counts as absent (its path is recorded as empty,
    for a message on its own line), and so does an empty item of a list (`- ` with nothing
    after it, as `workbook new` writes optional lists). A list of only empty items is an
    empty field. The source's marks follow the items that remain.
    """
    empty: set[Path_] = set()
    renumbered: dict[Path_, dict[int, int]] = {}
    data = normalise(source.data, (), empty, renumbered)
    if renumbered:
        source.renumber(renumbered)
    return data, empty


def normalise(
    data: Any,
    path: Path_ = (),
    empty: set[Path_] | None = None,
    renumbered: dict[Path_, dict[int, int]] | None = None,
) -> Any:
    """See `normalised`; `renumbered` gets, per list that lost items, old -> new index."""
    if empty is None:
        empty = set()
    if renumbered is None:
        renumbered = {}
    if isinstance(data, dict):
        result = {}
        for key, value in data.items():
            if _blank(value) or (isinstance(value, list) and value and all(map(_blank, value))):
                empty.add((*path, key))
                continue
            result[key] = normalise(value, (*path, key), empty, renumbered)
        return result
    if isinstance(data, list):
        kept = [i for i, item in enumerate(data) if not _blank(item)]
        if len(kept) < len(data):
            renumbered[path] = {old: new for new, old in enumerate(kept)}
        return [normalise(data[i], (*path, i), empty, renumbered) for i in kept]
    if isinstance(data, str):
        stripped = data.strip()
        return InvalidDate(stripped) if isinstance(data, InvalidDate) else stripped
    return data


def schema_diagnostics(
    source: Source, data: Any, schema_name: str, empty: set[Path_]
) -> list[Diagnostic]:
    found: dict[tuple[Path_, str], Diagnostic] = {}
    for err in _validator(schema_name).iter_errors(data):
        for diagnostic in translate(source, err, empty):
            key = (_path_of(diagnostic), diagnostic.code)
            found.setdefault(key, diagnostic)
    # A value of the wrong type gets one message: the type, not also its format or length.
    wrong_type = {d.field for d in found.values() if d.code == "wrong-type"}
    return [d for d in found.values() if d.code == "wrong-type" or d.field not in wrong_type]


def _path_of(diagnostic: Diagnostic) -> Path_:
    return (diagnostic.field, diagnostic.line, diagnostic.column)

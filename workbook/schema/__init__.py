"""The JSON Schemas of the two kinds of YAML file: the one source of truth for their fields
and types. `workbook check` validates against them, `workbook schema` prints them, editors
read them (the `yaml-language-server` line of every file), the form is built from them."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

EXAMPLE_SCHEMA = "praktijkvoorbeeld.schema.json"
BOOK_SCHEMA = "workbook.schema.json"


@cache
def load_schema(name: str) -> dict[str, Any]:
    text = resources.files("workbook.schema").joinpath(name).read_text(encoding="utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


def schema_text(book: bool = False) -> str:
    """The schema exactly as shipped (and as committed in schema/)."""
    name = BOOK_SCHEMA if book else EXAMPLE_SCHEMA
    return resources.files("workbook.schema").joinpath(name).read_text(encoding="utf-8")


def enum(*path: str) -> tuple[str, ...]:
    """The allowed values of an example's field: enum("partners", "soort")."""
    node = load_schema(EXAMPLE_SCHEMA)["properties"]
    for key in path[:-1]:
        node = node[key]["items"]["properties"]
    return tuple(node[path[-1]]["enum"])

"""Every field of the praktijkvoorbeeld schema explains itself in Dutch, with an example.

The schema's `title`, `description` and `examples` feed the editor (hover and completion
through the yaml-language-server line), `workbook new`, the form on insturen.html and the
field reference in docs/aanleveren.md. A field without them is a gap in all four.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from workbook.check.schema import FORMATS
from workbook.schema import EXAMPLE_SCHEMA, load_schema

SCHEMA = load_schema(EXAMPLE_SCHEMA)

# Words that give an English text away; none of them is a Dutch word.
ENGLISH_WORDS = {
    "the",
    "and",
    "which",
    "should",
    "must",
    "with",
    "this",
    "that",
    "from",
    "when",
    "where",
    "required",
    "optional",
    "list",
    "string",
    "number",
}
DUTCH_WORDS = {
    "de",
    "het",
    "een",
    "van",
    "en",
    "wat",
    "wie",
    "waar",
    "hoe",
    "voor",
    "met",
    "die",
    "dat",
    "als",
    "niet",
    "wordt",
    "naar",
    "op",
    "bij",
    "mag",
    "dus",
    "tot",
    "één",
    "eén",
}
ENGLISH_TITLES = {
    "title",
    "name",
    "description",
    "role",
    "goals",
    "results",
    "sources",
    "images",
    "year",
    "value",
    "unit",
    "source",
    "end",
    "summary",
    "approach",
    "municipalities",
    "neighbourhoods",
    "province",
    "lessons",
    "keywords",
    "funding",
    "order",
    "draft",
    "updated",
    "organisation",
    "organization",
    "consent",
    "caption",
    "file",
    "publisher",
    "solution",
    "kind",
    "type",
    "theme",
    "background",
    "method",
    "target groups",
    "innovative",
    "duration",
}


def properties(schema: dict[str, Any], path: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    """Every property of the schema, nested ones included, as (field path, sub-schema)."""
    for name, sub in schema.get("properties", {}).items():
        here = f"{path}.{name}" if path else name
        yield here, sub
        yield from properties(sub, here)
    items = schema.get("items")
    if isinstance(items, dict):
        yield from properties(items, f"{path}[]")
    for keyword in ("allOf", "anyOf", "oneOf", "prefixItems"):
        for sub in schema.get(keyword, []):
            yield from properties(sub, path)
    for keyword in ("if", "then", "else", "not"):
        if isinstance(schema.get(keyword), dict):
            yield from properties(schema[keyword], path)
    for sub in schema.get("$defs", {}).values():
        yield from properties(sub, path)


FIELDS = sorted(properties(SCHEMA), key=lambda item: item[0])
IDS = [name for name, _ in FIELDS]


def _words(text: str) -> set[str]:
    return set(re.findall(r"[a-zà-ÿ]+", text.lower()))


def test_walk_finds_nested_fields() -> None:
    for expected in (
        "titel",
        "looptijd.start",
        "partners[].soort",
        "resultaten[].bron",
        "knelpunten[].oplossing",
        "contact.toestemming",
        "afbeeldingen[].alt",
    ):
        assert expected in IDS
    assert len(IDS) >= 50


def test_schema_itself_has_dutch_title_and_description() -> None:
    assert SCHEMA["title"] == "Praktijkvoorbeeld"
    assert _words(SCHEMA["description"]) & DUTCH_WORDS


@pytest.mark.parametrize(("name", "schema"), FIELDS, ids=IDS)
def test_field_has_dutch_title(name: str, schema: dict[str, Any]) -> None:
    title = schema.get("title")
    assert isinstance(title, str) and title.strip(), f"{name}: title ontbreekt"
    assert title == title.strip() and title[0].isupper(), f"{name}: title {title!r}"
    assert title.lower() not in ENGLISH_TITLES, f"{name}: title {title!r} is Engels"


@pytest.mark.parametrize(("name", "schema"), FIELDS, ids=IDS)
def test_field_has_dutch_description(name: str, schema: dict[str, Any]) -> None:
    description = schema.get("description")
    assert isinstance(description, str) and description.strip(), f"{name}: description ontbreekt"
    words = _words(description)
    assert words & DUTCH_WORDS, f"{name}: description lijkt niet Nederlands: {description!r}"
    assert not words & ENGLISH_WORDS, f"{name}: Engelse woorden in {description!r}"
    assert description.rstrip()[-1] in ".?!)", f"{name}: description is geen hele zin"


@pytest.mark.parametrize(("name", "schema"), FIELDS, ids=IDS)
def test_field_has_valid_example(name: str, schema: dict[str, Any]) -> None:
    examples = schema.get("examples")
    assert isinstance(examples, list) and examples, f"{name}: examples ontbreekt"
    # The examples are shown to contributors (guide, editor): they must be valid themselves.
    validator = Draft202012Validator(schema, format_checker=FORMATS)
    for example in examples:
        problems = [error.message for error in validator.iter_errors(example)]
        assert not problems, f"{name}: voorbeeld {example!r} is ongeldig: {problems}"


def test_object_items_explain_themselves() -> None:
    """A list of blocks (partners, resultaten, …) names and explains one block too."""
    for name, schema in FIELDS:
        items = schema.get("items")
        if isinstance(items, dict) and items.get("type") == "object":
            assert items.get("title"), f"{name}[]: title ontbreekt"
            assert _words(items.get("description", "")) & DUTCH_WORDS, (
                f"{name}[]: description ontbreekt of is niet Nederlands"
            )

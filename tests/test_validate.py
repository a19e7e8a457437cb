"""workbook.check.schema: the JSON Schema's verdict in Dutch, and the helpers around it."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from conftest import VALID_EXAMPLE, WORKBOOK_YAML
from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from workbook.check.schema import (
    FORMATS,
    _date_ok,
    _period_ok,
    isbn_ok,
    normalise,
    normalised,
    schema_diagnostics,
)
from workbook.check.schema_messages import SYNONYMS, _enum_texts, _suggest
from workbook.load.source import InvalidDate, field_path, load
from workbook.schema import BOOK_SCHEMA, EXAMPLE_SCHEMA, load_schema, schema_text

ROOT = Path(__file__).resolve().parents[1]


def diagnose(text: str, schema: str = EXAMPLE_SCHEMA):
    source, problems = load(Path("x.yaml"), Path("x.yaml"), text=text)
    assert source is not None, problems
    data, empty = normalised(source)
    return schema_diagnostics(source, data, schema, empty)


def spots(text: str, schema: str = EXAMPLE_SCHEMA) -> set[tuple[str, str, int, int]]:
    return {(d.code, d.field, d.line, d.column) for d in diagnose(text, schema)}


# --- helpers -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ((), ""),
        (("titel",), "titel"),
        (("looptijd", "start"), "looptijd.start"),
        (("partners", 1, "soort"), "partners[2].soort"),
        (("gemeenten", 0), "gemeenten[1]"),
        (("themas", 3, "id"), "themas[4].id"),
    ],
)
def test_field_paths_count_list_positions_from_one(path: tuple, expected: str) -> None:
    assert field_path(path) == expected


def test_normalise_trims_text_and_drops_empty_values() -> None:
    empty: set = set()
    data = normalise(
        {"a": "  x  ", "b": "   ", "c": None, "d": [" y ", {"e": ""}], "f": 3}, (), empty
    )
    assert data == {"a": "x", "d": ["y", {}], "f": 3}
    assert empty == {("b",), ("c",), ("d", 1, "e")}


def test_normalise_keeps_invalid_dates_recognisable() -> None:
    value = normalise({"d": InvalidDate(" 2021-02-30 ")}, (), set())["d"]
    assert isinstance(value, InvalidDate)
    assert value == "2021-02-30"


@pytest.mark.parametrize(
    "isbn",
    ["978-3-16-148410-0", "9783161484100", "978 90 446 3042 8", "979-10-90636-07-1"],
)
def test_valid_isbn13(isbn: str) -> None:
    assert isbn_ok(isbn)


@pytest.mark.parametrize(
    "isbn",
    ["978-3-16-148410-1", "3-16-148410-X", "90-12345-67-0", "977-3-16-148410-0", "", "isbn", 978],
)
def test_invalid_isbn13(isbn: object) -> None:
    assert not isbn_ok(isbn)


@settings(max_examples=100, deadline=None)
@given(st.from_regex(r"97[89][0-9]{9}", fullmatch=True))
def test_isbn_checksum_property(first12: str) -> None:
    total = sum(int(d) * (1 if i % 2 == 0 else 3) for i, d in enumerate(first12))
    check = (10 - total % 10) % 10
    assert isbn_ok(first12 + str(check))
    assert not isbn_ok(first12 + str((check + 1) % 10))


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (2020, True),
        ("2020", True),
        ("2020-10", True),
        ("2020-10-16", True),
        (dt.date(2020, 10, 16), True),
        (1900, True),
        (2100, True),
        (1899, False),
        (2101, False),
        ("2020-13", False),
        ("2020-02-30", False),
        ("2020-1", False),
        ("20201016", False),
        ("oktober 2020", False),
        (InvalidDate("2021-02-30"), False),
        (True, False),
        (2020.5, False),
    ],
)
def test_period_formats(value: object, expected: bool) -> None:
    assert _period_ok(value) is expected


def test_period_is_not_a_timestamp() -> None:
    assert not _period_ok(dt.datetime(2020, 10, 16, 10, 0))


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (dt.date(2024, 5, 1), True),
        ("2024-05-01", True),
        (dt.datetime(2024, 5, 1, 10, 0), False),
        ("2024-5-1", False),
        ("2024-05", False),
        ("2024-02-30", False),
        (InvalidDate("2024-02-30"), False),
        (20240501, False),
    ],
)
def test_date_format(value: object, expected: bool) -> None:
    assert _date_ok(value) is expected


@pytest.mark.parametrize(
    ("fmt", "value", "expected"),
    [
        ("email", "naam@gemeente.nl", True),
        ("email", "a.b-c@sub.example.org", True),
        ("email", "naam@localhost", False),
        ("email", "naam(at)gemeente.nl", False),
        ("email", "naam @gemeente.nl", False),
        ("email", "<naam@gemeente.nl>", False),
        ("weblink", "https://example.nl/pad?q=1", True),
        ("weblink", "HTTP://EXAMPLE.NL", True),
        ("weblink", "javascript:alert(1)", False),
        ("weblink", "ftp://example.nl", False),
        ("weblink", "https://", False),
        ("weblink", "https://exa mple.nl", False),
        ("weblink", "//example.nl", False),
    ],
)
def test_string_formats(fmt: str, value: str, expected: bool) -> None:
    assert FORMATS.conforms(value, fmt) is expected


@pytest.mark.parametrize(
    ("word", "options", "expected"),
    [
        ("samenvating", ["titel", "samenvatting"], "samenvatting"),
        ("gemeente", ["gemeenten", "wijken"], "gemeenten"),
        ("TITEL", ["titel"], "titel"),
        ("xyz", ["titel", "thema"], None),
    ],
)
def test_suggestions_for_near_misses(word: str, options: list[str], expected: str | None):
    assert _suggest(word, options) == expected


@pytest.mark.parametrize(
    ("word", "meant"),
    [
        ("bezig", "lopend"),
        ("klaar", "afgerond"),
        ("proef", "pilot"),
        ("Friesland", "Fryslân"),
        ("Brabant", "Noord-Brabant"),
        ("school", "onderwijs"),
        ("OM", "openbaar-ministerie"),
        ("corporatie", "woningcorporatie"),
        ("allebei", "beide"),
    ],
)
def test_synonyms_become_suggestions(word: str, meant: str) -> None:
    for allowed in _allowed_values():
        if meant in allowed:
            _, hint = _enum_texts("veld", allowed, word)
            assert hint is not None and f"bedoelde u '{meant}'?" in hint
            return
    pytest.fail(f"{meant} is no allowed value anywhere in the schema")


def _allowed_values() -> list[list[str]]:
    found: list[list[str]] = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            if isinstance(node.get("enum"), list):
                found.append(node["enum"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(load_schema(EXAMPLE_SCHEMA))
    return found


def test_every_synonym_points_at_an_allowed_value() -> None:
    allowed = {value for values in _allowed_values() for value in values}
    assert set(SYNONYMS.values()) <= allowed


def test_short_enum_lists_all_values_long_enum_lists_them_in_the_hint() -> None:
    message, hint = _enum_texts("status", ["pilot", "lopend", "afgerond", "structureel"], "xyz")
    assert message == "status moet pilot, lopend, afgerond of structureel zijn, niet 'xyz'"
    assert hint is None
    long = [f"waarde{i}" for i in range(8)]
    message, hint = _enum_texts("soort", long, "iets")
    assert message == "soort 'iets' is geen toegestane waarde"
    assert hint is not None and hint.startswith("Kies uit: waarde0")


# --- the schemas -------------------------------------------------------------------------------


@pytest.mark.parametrize("name", [EXAMPLE_SCHEMA, BOOK_SCHEMA])
def test_shipped_schemas_are_draft_2020_12(name: str) -> None:
    schema = load_schema(name)
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert json.loads(schema_text(book=name == BOOK_SCHEMA)) == schema


def test_committed_schema_is_the_enforced_schema() -> None:
    committed = (ROOT / "schema" / EXAMPLE_SCHEMA).read_text(encoding="utf-8")
    assert committed == schema_text()


def test_schema_requires_what_the_contract_requires() -> None:
    schema = load_schema(EXAMPLE_SCHEMA)
    assert set(schema["required"]) == {
        "titel", "thema", "benadering", "gemeenten", "status", "looptijd", "samenvatting",
        "aanleiding", "doelen", "werkwijze", "partners", "lessen", "werkvragen", "bijgewerkt",
    }  # fmt: skip
    assert schema["additionalProperties"] is False
    props = schema["properties"]
    assert props["partners"]["items"]["required"] == ["naam", "soort"]
    assert props["werkvragen"]["minItems"] == 2
    assert (props["samenvatting"]["minLength"], props["samenvatting"]["maxLength"]) == (50, 600)
    assert (props["titel"]["minLength"], props["titel"]["maxLength"]) == (5, 120)
    assert props["looptijd"]["required"] == ["start"]
    assert len(props["provincie"]["enum"]) == 12
    assert len(props["partners"]["items"]["properties"]["soort"]["enum"]) == 13
    book = load_schema(BOOK_SCHEMA)
    assert set(book["required"]) == {"titel", "uitgever", "jaar", "themas"}


# --- translation into diagnostics --------------------------------------------------------------


def test_valid_example_passes_the_schema() -> None:
    assert diagnose(VALID_EXAMPLE) == []


def test_valid_workbook_yaml_passes_the_book_schema() -> None:
    assert diagnose(WORKBOOK_YAML, BOOK_SCHEMA) == []


def test_missing_fields_are_all_reported_at_the_mapping() -> None:
    found = spots("titel: Weerbaar op school\n")
    missing = {field for code, field, line, column in found if code == "missing-field"}
    assert missing == {
        "thema", "benadering", "gemeenten", "status", "looptijd", "samenvatting", "aanleiding",
        "doelen", "werkwijze", "partners", "lessen", "werkvragen", "bijgewerkt",
    }  # fmt: skip
    assert {(line, column) for _, _, line, column in found} == {(1, 1)}


def test_one_diagnostic_per_problem() -> None:
    found = diagnose(VALID_EXAMPLE.replace("status: lopend", "status: bezig"))
    assert [(d.code, d.field) for d in found] == [("invalid-value", "status")]


def test_type_messages_say_what_yaml_read() -> None:
    text = VALID_EXAMPLE.replace("titel: Weerbaar op school", "titel: 12")
    [d] = diagnose(text)
    assert d.message == "titel moet tekst zijn, niet het getal 12"
    assert d.hint == 'YAML leest 12 als het getal 12; zet de waarde tussen aanhalingstekens: "12"'


def test_float_hint_quotes_the_text_as_written() -> None:
    text = VALID_EXAMPLE.replace("  - Utrecht", "  - 1.50")
    [d] = diagnose(text)
    assert (d.code, d.field) == ("wrong-type", "gemeenten[1]")
    assert '"1.50"' in (d.hint or "")


def test_top_level_type_message_is_about_the_file() -> None:
    [d] = diagnose("- a\n")
    assert (d.code, d.field, d.line, d.column) == ("wrong-type", "", 1, 1)
    assert d.message.startswith("het bestand moet velden bevatten")


def test_empty_required_text_is_missing_not_too_short() -> None:
    found = spots(VALID_EXAMPLE.replace("  - naam: Gemeente Utrecht", '  - naam: "  "'))
    assert found == {("missing-field", "partners[1].naam", 19, 5)}


def test_a_list_of_only_blank_items_is_an_empty_field() -> None:
    found = diagnose(VALID_EXAMPLE.replace("  - Utrecht", '  - "   "'))
    assert [(d.code, d.field, d.line, d.column, d.message) for d in found] == [
        ("missing-field", "gemeenten", 4, 1, "gemeenten is leeg")
    ]


def test_unknown_key_hint_offers_a_near_miss_or_the_allowed_keys() -> None:
    [near] = [d for d in diagnose(VALID_EXAMPLE + "lesen: []\n") if d.code == "unknown-field"]
    assert near.hint == "bedoelde u 'lessen'?"
    [far] = diagnose(VALID_EXAMPLE + "zzz: 1\n")
    assert far.hint is not None and far.hint.startswith("toegestane velden hier: titel, thema")


def test_book_schema_checks_jaar_range_and_isbn() -> None:
    found = spots(WORKBOOK_YAML.replace("jaar: 2025", "jaar: 2101") + "isbn: 123\n", BOOK_SCHEMA)
    assert ("invalid-value", "jaar", 3, 7) in found
    assert ("wrong-type", "isbn", 11, 7) in found


def test_book_theme_fields_are_required() -> None:
    found = spots(WORKBOOK_YAML + "  - titel: Zonder id\n", BOOK_SCHEMA)
    assert found == {("missing-field", "themas[4].id", 11, 5)}


def test_jaar_of_a_bron_is_a_year() -> None:
    text = VALID_EXAMPLE + "bronnen:\n  - titel: Rapport\n    jaar: 99\n"
    assert spots(text) == {("invalid-date", "bronnen[1].jaar", 31, 11)}


def test_boolean_is_not_a_number() -> None:
    text = VALID_EXAMPLE + "resultaten:\n  - omschrijving: x\n    waarde: true\n    bron: y\n"
    assert spots(text) == {("wrong-type", "resultaten[1].waarde", 31, 13)}


def test_an_empty_item_of_a_required_list_leaves_the_list_empty() -> None:
    found = diagnose(VALID_EXAMPLE.replace("  - Utrecht", "  -"))
    assert [(d.code, d.field) for d in found] == [("missing-field", "gemeenten")]


def test_an_empty_item_beside_others_is_dropped() -> None:
    found = diagnose(VALID_EXAMPLE.replace("  - Utrecht", "  -\n  - Utrecht"))
    assert found == []

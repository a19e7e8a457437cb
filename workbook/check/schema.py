"""Schema validation: the JSON Schema's verdict, translated into Dutch diagnostics.

The JSON Schemas in `workbook/schema/` are the one source of truth for fields and types.
Everything a schema cannot express lives in `workbook.check.rules`.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
import re
from collections.abc import Callable, Iterator
from functools import cache
from importlib import resources
from typing import Any

import jsonschema
from jsonschema import Draft202012Validator, FormatChecker
from jsonschema.exceptions import ValidationError
from jsonschema.validators import extend

from workbook.base.errors import Diagnostic, error
from workbook.load.source import InvalidDate, Path_, Source

EXAMPLE_SCHEMA = "praktijkvoorbeeld.schema.json"
BOOK_SCHEMA = "workbook.schema.json"

PERIOD_RE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
EMAIL_RE = re.compile(
    r"^[^@\s<>()\[\],;:\"]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$"
)
YEAR_MIN, YEAR_MAX = 1900, 2100

# Words contributors use for allowed values, mapped to the value they mean.
SYNONYMS = {
    "bezig": "lopend",
    "actief": "lopend",
    "loopt": "lopend",
    "gestart": "lopend",
    "klaar": "afgerond",
    "afgelopen": "afgerond",
    "beëindigd": "afgerond",
    "gestopt": "afgerond",
    "proef": "pilot",
    "experiment": "pilot",
    "proefproject": "pilot",
    "vast": "structureel",
    "permanent": "structureel",
    "blijvend": "structureel",
    "repressie": "repressief",
    "handhaving": "repressief",
    "preventie": "preventief",
    "allebei": "beide",
    "beiden": "beide",
    "allebeide": "beide",
    "friesland": "Fryslân",
    "fryslan": "Fryslân",
    "brabant": "Noord-Brabant",
    "om": "openbaar-ministerie",
    "openbaar ministerie": "openbaar-ministerie",
    "school": "onderwijs",
    "scholen": "onderwijs",
    "woningbouwcorporatie": "woningcorporatie",
    "corporatie": "woningcorporatie",
    "ministerie": "rijk",
    "bedrijven": "ondernemers",
    "ondernemer": "ondernemers",
    "bewoner": "bewoners",
    "jongerenwerker": "jongerenwerk",
    "universiteit": "kennisinstelling",
    "hogeschool": "kennisinstelling",
    "wijkagent": "politie",
    "ggz": "zorg",
    "gemeenten": "gemeente",
    "anders": "overig",
}

TYPE_NAMES = {
    "string": "tekst",
    "array": "een lijst",
    "object": "een groep velden",
    "integer": "een geheel getal",
    "number": "een getal",
    "boolean": "true of false",
    "null": "leeg",
}


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
def load_schema(name: str) -> dict[str, Any]:
    text = resources.files("workbook.schema").joinpath(name).read_text(encoding="utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


@cache
def _validator(name: str) -> Any:
    return _Validator(load_schema(name), format_checker=FORMATS)


def field_path(path: Path_) -> str:
    """('partners', 1, 'soort') → 'partners[2].soort' (list positions count from 1)."""
    out = ""
    for part in path:
        out += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


def normalise(data: Any, path: Path_ = (), empty: set[Path_] | None = None) -> Any:
    """Trim text; drop keys whose value is empty (recorded in `empty`), as if absent."""
    if empty is None:
        empty = set()
    if isinstance(data, dict):
        result = {}
        for key, value in data.items():
            if value is None or (isinstance(value, str) and not value.strip()):
                empty.add((*path, key))
                continue
            result[key] = normalise(value, (*path, key), empty)
        return result
    if isinstance(data, list):
        return [
            "" if item is None else normalise(item, (*path, i), empty)
            for i, item in enumerate(data)
        ]
    if isinstance(data, str):
        stripped = data.strip()
        return InvalidDate(stripped) if isinstance(data, InvalidDate) else stripped
    return data


def schema_diagnostics(
    source: Source, data: Any, schema_name: str, empty: set[Path_]
) -> list[Diagnostic]:
    found: dict[tuple[Path_, str], Diagnostic] = {}
    for err in _validator(schema_name).iter_errors(data):
        for diagnostic in _translate(source, err, empty):
            key = (_path_of(diagnostic), diagnostic.code)
            found.setdefault(key, diagnostic)
    # A value of the wrong type gets one message: the type, not also its format or length.
    wrong_type = {d.field for d in found.values() if d.code == "wrong-type"}
    return [d for d in found.values() if d.code == "wrong-type" or d.field not in wrong_type]


def _path_of(diagnostic: Diagnostic) -> Path_:
    return (diagnostic.field, diagnostic.line, diagnostic.column)


def _translate(source: Source, err: ValidationError, empty: set[Path_]) -> Iterator[Diagnostic]:
    path: Path_ = tuple(err.absolute_path)
    name = field_path(path)
    mark = source.value_mark(path)
    schema = err.schema if isinstance(err.schema, dict) else {}
    value = err.instance

    def at(
        code: str, message: str, hint: str | None = None, where: Path_ = path, use_key: bool = False
    ) -> Diagnostic:
        m = source.key_mark(where) if use_key else source.value_mark(where)
        return error(
            source.path,
            m.line,
            m.column,
            code,
            message,
            field=field_path(where),
            hint=hint,
            width=m.width,
        )

    if err.validator == "required":
        for key in err.validator_value:
            if key in value:
                continue
            where = (*path, key)
            if where in empty:
                yield at(
                    "missing-field",
                    f"{field_path(where)} is leeg",
                    _fill_hint(schema, key),
                    where,
                    use_key=True,
                )
            else:
                yield error(
                    source.path,
                    mark.line,
                    mark.column,
                    "missing-field",
                    f"het verplichte veld '{key}' ontbreekt" + (f" in {name}" if name else ""),
                    field=field_path(where),
                    hint=_fill_hint(schema, key),
                )
    elif err.validator == "additionalProperties":
        allowed = list(schema.get("properties", {}))
        for key in value:
            if key in allowed:
                continue
            where = (*path, key)
            close = _suggest(str(key), allowed)
            hint = (
                f"bedoelde u '{close}'?"
                if close
                else "toegestane velden hier: " + ", ".join(allowed)
            )
            yield at("unknown-field", f"onbekend veld '{key}'", hint, where, use_key=True)
    elif err.validator == "type":
        yield at(
            "wrong-type",
            _type_message(name, err.validator_value, value),
            _type_hint(source, path, err.validator_value, value),
        )
    elif err.validator == "enum":
        yield at("invalid-value", *_enum_texts(name, err.validator_value, value))
    elif err.validator == "minLength":
        if isinstance(value, str) and not value.strip():
            yield at("missing-field", f"{name} is leeg", "vul hier tekst in")
        else:
            yield at(
                "too-short",
                f"{name} is te kort: {len(value)} tekens, minstens {err.validator_value}",
                f"vul de tekst aan tot minstens {err.validator_value} tekens",
            )
    elif err.validator == "maxLength":
        yield at(
            "too-long",
            f"{name} is te lang: {len(value)} tekens, hoogstens {err.validator_value}",
            "maak de tekst korter of verdeel hem over meer punten"
            if schema.get("contentMediaType") is None
            else "maak de tekst korter",
        )
    elif err.validator == "minItems":
        yield at(
            "too-few",
            f"{name} bevat {len(value)} "
            f"{'punt' if len(value) == 1 else 'punten'}, minstens {err.validator_value}",
            "voeg punten toe, elk op een eigen regel die begint met '- '",
        )
    elif err.validator == "maxItems":
        yield at(
            "too-long",
            f"{name} bevat {len(value)} punten, hoogstens {err.validator_value}",
            "houd het bij de belangrijkste punten",
        )
    elif err.validator == "format":
        yield _format_diagnostic(at, name, err.validator_value, value)
    elif err.validator == "pattern":
        yield at(
            "invalid-value",
            f"{name} '{value}' is geen geldige korte naam",
            "gebruik alleen kleine letters, cijfers en streepjes, zoals 'mijn-thema'",
        )
    elif err.validator in ("minimum", "maximum"):
        yield at(
            "invalid-value",
            f"{name} moet tussen {schema.get('minimum')} en "
            f"{schema.get('maximum')} liggen, niet {value}",
        )
    else:  # pragma: no cover - every keyword our schemas use is handled above
        yield at("invalid-value", f"{name}: {err.message}")


def _shown(value: Any) -> str:
    if isinstance(value, bool):
        return str(value).lower()
    return f"'{value}'" if isinstance(value, str) else str(value)


def _format_diagnostic(
    at: Callable[..., Diagnostic], name: str, fmt: str, value: Any
) -> Diagnostic:
    shown = _shown(value)
    if fmt == "date":
        return at(
            "invalid-date",
            f"{name} {shown} is geen geldige datum",
            "schrijf de datum als JJJJ-MM-DD, bijvoorbeeld 2024-05-01",
        )
    if fmt == "periode":
        return at(
            "invalid-date",
            f"{name} {shown} is geen geldig jaar, maand of datum",
            "schrijf een jaar (2020), een maand (2020-10) of een datum (2020-10-16)",
        )
    if fmt == "jaar":
        return at(
            "invalid-date",
            f"{name} {value} is geen geldig jaartal",
            f"schrijf een jaartal tussen {YEAR_MIN} en {YEAR_MAX}, zoals 2022",
        )
    if fmt == "email":
        return at(
            "invalid-email",
            f"{name} {shown} is geen geldig e-mailadres",
            "schrijf het adres als naam@organisatie.nl",
        )
    if fmt == "weblink":
        return at(
            "unsafe-link",
            f"{name} {shown} is geen toegestaan webadres",
            "alleen webadressen die beginnen met https:// of http:// zijn toegestaan",
        )
    return at(
        "invalid-isbn",
        f"{name} {shown} is geen geldig ISBN-13",
        "controleer de cijfers: een ISBN-13 heeft 13 cijfers (streepjes mogen) en het "
        "laatste cijfer is een controlecijfer",
    )


def _describe(value: Any) -> str:
    if isinstance(value, bool):
        return f"de ja/nee-waarde {str(value).lower()}"
    if isinstance(value, (int, float)):
        return f"het getal {value}"
    if isinstance(value, dt.datetime):
        return "een tijdstip"
    if isinstance(value, dt.date):
        return f"de datum {value.isoformat()}"
    if isinstance(value, list):
        return "een lijst"
    if isinstance(value, dict):
        return "een groep velden"
    if value is None:
        return "leeg"
    return "tekst"


def _type_message(name: str, expected: Any, value: Any) -> str:
    kinds = expected if isinstance(expected, list) else [expected]
    wanted = " of ".join(TYPE_NAMES.get(str(k), str(k)) for k in kinds)
    subject = name or "het bestand"
    if not name:
        return f"het bestand moet velden bevatten (zoals 'titel: …'), maar bevat {_describe(value)}"
    return f"{subject} moet {wanted} zijn, niet {_describe(value)}"


def _type_hint(source: Source, path: Path_, expected: Any, value: Any) -> str | None:
    kinds = expected if isinstance(expected, list) else [expected]
    if not path:
        return (
            "begin met 'titel: …' en zet elk veld op een eigen regel; "
            "'workbook new' maakt een invulbaar voorbeeld"
        )
    if "string" in kinds and isinstance(value, (bool, int, float, dt.date)):
        mark = source.value_mark(path)
        raw = source.line_text(mark.line)[mark.column - 1 : mark.column - 1 + mark.width]
        return (
            f"YAML leest {raw or value} als {_describe(value)}; zet de waarde tussen "
            f'aanhalingstekens: "{raw or value}"'
        )
    if "string" in kinds and isinstance(value, dict):
        return (
            "staat er een dubbele punt met een spatie (': ') in de tekst? Dan leest YAML "
            "het als een veld; zet de hele tekst tussen aanhalingstekens"
        )
    if "array" in kinds:
        return "zet elke waarde op een eigen regel die begint met '- '"
    if "object" in kinds:
        return "zet de onderdelen op eigen regels eronder, ingesprongen, als 'naam: waarde'"
    if "boolean" in kinds:
        return "schrijf true (ja) of false (nee), zonder aanhalingstekens"
    if "integer" in kinds or "number" in kinds:
        return "schrijf alleen het getal, zonder aanhalingstekens of punt voor duizendtallen"
    if "string" in kinds and value is None:
        return "vul hier tekst in"
    return None


def _enum_texts(name: str, allowed: list[str], value: Any) -> tuple[str, str | None]:
    shown = f"'{value}'" if isinstance(value, str) else str(value)
    options = ", ".join(allowed[:-1]) + " of " + allowed[-1]
    close = SYNONYMS.get(str(value).strip().lower()) if isinstance(value, str) else None
    if close not in allowed:
        close = _suggest(str(value), allowed)
    if len(allowed) <= 5:
        message = f"{name} moet {options} zijn, niet {shown}"
        return message, f"bedoelde u '{close}'?" if close else None
    message = f"{name} {shown} is geen toegestane waarde"
    hint = (f"bedoelde u '{close}'? " if close else "") + f"Kies uit: {', '.join(allowed)}"
    return message, hint


def _suggest(word: str, options: list[str]) -> str | None:
    lowered = {o.lower(): o for o in options}
    if word.lower() in lowered:
        return lowered[word.lower()]
    match = difflib.get_close_matches(word.lower(), list(lowered), n=1, cutoff=0.7)
    return lowered[match[0]] if match else None


def _fill_hint(schema: dict[str, Any], key: str) -> str:
    described = schema.get("properties", {}).get(key, {}).get("description")
    return f"voeg een regel '{key}: …' toe" + (f". {described}" if described else "")


def schema_text(book: bool = False) -> str:
    """The schema exactly as shipped (and as committed in schema/)."""
    name = BOOK_SCHEMA if book else EXAMPLE_SCHEMA
    return resources.files("workbook.schema").joinpath(name).read_text(encoding="utf-8")

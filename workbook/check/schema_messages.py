"""What each kind of schema failure says to a contributor: Dutch messages and hints that
name the field, show the value as YAML read it, and suggest the likely fix."""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Callable, Iterator
from typing import Any

from jsonschema.exceptions import ValidationError

from workbook.base.errors import Diagnostic, error
from workbook.base.values import YEAR_MAX, YEAR_MIN, slugify
from workbook.load.source import Path_, Source, field_path

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


def translate(source: Source, err: ValidationError, empty: set[Path_]) -> Iterator[Diagnostic]:
    path: Path_ = tuple(err.absolute_path)
    name = field_path(path)
    mark = source.value_mark(path)
    schema = err.schema if isinstance(err.schema, dict) else {}
    value = err.instance

    def at(
        code: str, message: str, hint: str | None = None, where: Path_ = path, use_key: bool = False
    ) -> Diagnostic:
        return source.diagnostic(where, code, message, hint, key=use_key)

    if err.validator == "required":
        for key in err.validator_value:
            if key in value:
                continue
            where = (*path, key)
            if where in empty:
                yield at(
                    "missing-field",
                    f"{field_path(where)} is leeg",
                    _empty_hint(schema, key),
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
        slug = slugify(str(value))
        yield at(
            # An id of the book's own (a theme's, an edition's) is an id like a file name's.
            "invalid-id" if path and path[-1] == "id" else "invalid-value",
            f"{name} '{value}' is geen geldige korte naam",
            f"gebruik alleen kleine letters, cijfers en streepjes, zoals '{slug}'",
        )
    elif err.validator == "minProperties":
        keys = ", ".join(schema.get("properties", {}))
        yield at("missing-field", f"{name} is leeg", f"geef minstens één van: {keys}")
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
    """For a field that is not there at all."""
    described = schema.get("properties", {}).get(key, {}).get("description")
    return f"voeg een regel '{key}: …' toe" + (f". {described}" if described else "")


def _empty_hint(schema: dict[str, Any], key: str) -> str:
    """For a field whose line is there, without a value."""
    field = schema.get("properties", {}).get(key, {})
    described = field.get("description")
    if field.get("type") == "array":
        advice = f"zet de waarden op eigen regels onder '{key}:', elk na '- '"
    elif field.get("type") == "object":
        advice = f"vul de onderdelen in op de regels onder '{key}:', ingesprongen"
    elif field.get("contentMediaType") == "text/markdown":
        advice = f"schrijf de tekst op de regels onder '{key}: |', ingesprongen"
    elif field.get("enum"):
        choices = ", ".join(str(v) for v in field["enum"])
        return f"schrijf achter '{key}:' een van deze waarden: {choices}"
    elif field.get("type") == "string" and not field.get("format"):
        advice = f"schrijf de tekst achter '{key}:' op dezelfde regel"
    else:
        advice = f"schrijf de waarde achter '{key}:' op dezelfde regel"
    return advice + (f". {described}" if described else "")

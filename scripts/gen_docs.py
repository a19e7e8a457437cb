"""Regenerate the field reference in docs/aanleveren.md from the JSON Schema.

The part between the markers

    <!-- BEGIN GEGENEREERD: veldenoverzicht -->
    <!-- END GEGENEREERD -->

is rebuilt from workbook/schema/praktijkvoorbeeld.schema.json (the single source of truth):
one table per section with Veld, Verplicht, Soort, Toegestane waarden/grenzen, Uitleg and
Voorbeeld. Everything outside the markers is left alone.

    python scripts/gen_docs.py            # write the file
    python scripts/gen_docs.py --check    # exit 1 when the file is out of date

The output depends only on the schema and this script: no dates, no dict-order surprises.
"""

from __future__ import annotations

import argparse
import html
import sys
from pathlib import Path
from typing import Any

import yaml

from workbook.base.values import YEAR_MAX, YEAR_MIN
from workbook.base.words import format_decimal, format_number
from workbook.check.print_resolution import DEFAULT_LIMITS, MIN_PPI, pixels_needed
from workbook.schema import EXAMPLE_SCHEMA, load_schema

ROOT = Path(__file__).resolve().parent.parent
GUIDE = ROOT / "docs" / "aanleveren.md"
BEGIN = "<!-- BEGIN GEGENEREERD: veldenoverzicht -->"
END = "<!-- END GEGENEREERD -->"
SLUG_PATTERN = "^[a-z0-9]+(-[a-z0-9]+)*$"

# Sections of the reference: (heading, short introduction, top-level fields in this order).
# A top-level field of the schema that is not listed here ends up in "Overig", so a new
# field in the schema always appears in the guide.
SECTIONS: list[tuple[str, str, list[str]]] = [
    (
        "Basis",
        "Waar en wanneer de aanpak loopt, en in welk hoofdstuk het voorbeeld komt.",
        [
            "titel",
            "thema",
            "benadering",
            "gemeenten",
            "wijken",
            "provincie",
            "status",
            "looptijd",
            "bijgewerkt",
        ],
    ),
    (
        "Inhoud",
        "Het verhaal van de aanpak: waarom, wat, hoe, en wat de lezer ermee kan.",
        [
            "samenvatting",
            "aanleiding",
            "doelen",
            "werkwijze",
            "doelgroepen",
            "vernieuwend",
            "lessen",
            "werkvragen",
            "financiering",
            "trefwoorden",
        ],
    ),
    ("Partners", "Wie er meedoet. Per partner een blok dat begint met `- `.", ["partners"]),
    (
        "Resultaten",
        "Wat de aanpak heeft opgeleverd. Noem bij een getal altijd de bron.",
        ["resultaten"],
    ),
    ("Knelpunten", "Waar het moeilijk ging, en hoe dat is opgelost.", ["knelpunten"]),
    ("Bronnen", "Rapporten, artikelen en websites over de aanpak.", ["bronnen"]),
    (
        "Afbeeldingen",
        "Foto's en schema's. Zet het bestand naast het YAML-bestand, "
        "bijvoorbeeld in een map `img`.",
        ["afbeeldingen"],
    ),
    ("Contact", "Een contactpersoon. Alleen met toestemming van die persoon (AVG).", ["contact"]),
    ("Overig", "Velden voor de redactie.", ["volgorde", "concept"]),
]

# Rules that `workbook check` enforces but a JSON Schema cannot express (workbook/rules.py).
# Keep these in step with the rules; they are shown in the column "Toegestane waarden/grenzen".
RULE_NOTES: dict[str, str] = {
    "thema": "de id van een thema uit workbook.yaml",
    "looptijd.eind": "niet vóór de start; verplicht als de status `afgerond` is",
    "bijgewerkt": "niet in de toekomst",
    "contact.toestemming": "moet `true` zijn als u een contactpersoon invult",
    "afbeeldingen[].bestand": "PNG, JPEG of SVG, hoogstens 10 MiB, binnen het project; "
    f"een foto (PNG, JPEG) heeft in druk minstens {MIN_PPI} ppi nodig: over de volle "
    f"tekstbreedte van {format_decimal(DEFAULT_LIMITS.max_width_mm / 10)} cm is dat "
    f"{format_number(pixels_needed(DEFAULT_LIMITS.max_width_mm))} pixels breed; minder geeft "
    "een waarschuwing (`low-resolution`)",
    "titel": "niet twee keer dezelfde titel in het boek, ook niet in verschillende thema's",
}

FORMAT_KINDS = {
    "date": "datum",
    "email": "e-mailadres",
    "weblink": "webadres",
    "isbn": "ISBN",
}
FORMAT_LIMITS = {
    "date": "JJJJ-MM-DD, bijvoorbeeld 2024-05-01",
    "periode": "een jaar (2020), een maand (2020-10) of een datum (2020-10-16)",
    "jaar": f"een jaartal van {YEAR_MIN} tot en met {YEAR_MAX}",
    "email": "een geldig e-mailadres",
    "weblink": "begint met `https://` of `http://`",
    "isbn": "een geldig ISBN-13",
}


# --- YAML examples --------------------------------------------------------------------------


STR = "tag:yaml.org,2002:str"


class _Dumper(yaml.SafeDumper):
    """Block style, lists indented under their key, multi-line text as `|`."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    """Plain when that reads back as the same text, else in double quotes (as the guide
    teaches); multi-line text as a `|` block."""
    if "\n" in value:
        return dumper.represent_scalar(STR, value.rstrip("\n") + "\n", style="|")
    plain = (
        value == value.strip()
        and dumper.analyze_scalar(value).allow_block_plain
        and dumper.resolve(yaml.ScalarNode, value, (True, False)) == STR  # type: ignore[no-untyped-call]
    )
    return dumper.represent_scalar(STR, value, style=None if plain else '"')


_Dumper.add_representer(str, _str)


def as_yaml(key: str, value: Any) -> str:
    text = yaml.dump(
        {key: value},
        Dumper=_Dumper,
        allow_unicode=True,
        sort_keys=False,
        default_flow_style=False,
        width=1000,
        indent=2,
    )
    return text.rstrip("\n")


# --- table cells ----------------------------------------------------------------------------


def cell(text: str) -> str:
    """Plain text for a table cell: Markdown characters shown as they are."""
    text = " ".join(text.split())
    for char in "\\`*_[]<>|":
        text = text.replace(char, "\\" + char)
    return text


def code_cell(text: str) -> str:
    """Multi-line code inside a table cell: <code> with <br> and kept indentation."""
    lines = []
    for line in text.split("\n"):
        stripped = line.lstrip(" ")
        indent = len(line) - len(stripped)
        lines.append("&nbsp;" * indent + html.escape(stripped, quote=False))
    return "<code>" + "<br>".join(lines).replace("|", "\\|") + "</code>"


def _types(schema: dict[str, Any]) -> list[str]:
    kind = schema.get("type", [])
    return [kind] if isinstance(kind, str) else list(kind)


def kind_of(schema: dict[str, Any]) -> str:
    types = _types(schema)
    fmt = schema.get("format")
    if "enum" in schema:
        return "keuze"
    if fmt == "periode":
        return "jaar, maand of datum"
    if types == ["string"]:
        if schema.get("contentMediaType") == "text/markdown":
            return "tekst (Markdown)"
        if fmt in FORMAT_KINDS:
            return FORMAT_KINDS[fmt]
        if schema.get("pattern"):
            return "code"
        return "tekst"
    if types == ["integer"]:
        return "jaartal" if fmt == "jaar" else "geheel getal"
    if types == ["number"]:
        return "getal"
    if types == ["boolean"]:
        return "`true` of `false`"
    if types == ["array"]:
        items = schema.get("items", {})
        if _types(items) == ["object"]:
            return "lijst van blokken (velden hieronder)"
        if "enum" in items:
            return "lijst van keuzes"
        return "lijst van teksten"
    if types == ["object"]:
        return "groep velden (hieronder)"
    return " of ".join(types) or "alles"


def _length(schema: dict[str, Any], each: bool = False) -> str:
    low = schema.get("minLength", 0)
    high = schema.get("maxLength")
    prefix = "elk " if each else ""
    if low > 1 and high is not None:
        return f"{prefix}{low}–{high} tekens"
    if high is not None:
        return f"{prefix}hoogstens {high} tekens"
    if low > 1:
        return f"{prefix}minstens {low} tekens"
    return ""


def _items_count(count: int) -> str:
    return f"{count} {'item' if count == 1 else 'items'}"


def _enum(values: list[Any]) -> str:
    return "één van: " + ", ".join(f"`{value}`" for value in values)


def limits_of(name: str, schema: dict[str, Any]) -> str:
    parts: list[str] = []
    if "enum" in schema:
        parts.append(_enum(schema["enum"]))
    parts.append(_length(schema))
    if "minimum" in schema:
        parts.append(f"minstens {schema['minimum']}")
    if "maximum" in schema:
        parts.append(f"hoogstens {schema['maximum']}")
    if "minItems" in schema and schema["minItems"] > 0:
        parts.append(f"minstens {_items_count(schema['minItems'])}")
    if "maxItems" in schema:
        parts.append(f"hoogstens {_items_count(schema['maxItems'])}")
    items = schema.get("items", {})
    if _types(items) != ["object"]:
        if "enum" in items:
            parts.append("elk " + _enum(items["enum"]))
        parts.append(_length(items, each=True))
    pattern = schema.get("pattern")
    if pattern == SLUG_PATTERN:
        parts.append("kleine letters, cijfers en koppeltekens")
    elif pattern:
        parts.append(f"moet passen bij `{pattern}`")
    if schema.get("format") in FORMAT_LIMITS:
        parts.append(FORMAT_LIMITS[schema["format"]])
    if schema.get("contentMediaType") == "text/markdown":
        parts.append("geen koppen, afbeeldingen of HTML")
    if name in RULE_NOTES:
        parts.append(RULE_NOTES[name])
    text = "; ".join(part for part in parts if part)
    return text or "—"


def example_of(key: str, schema: dict[str, Any]) -> str:
    examples = schema.get("examples")
    if not examples:
        return "—"
    value = examples[0]
    if schema.get("format") in ("date", "periode") and isinstance(value, str):
        # YAML reads 2024-05-01 as a date, which is exactly what these fields accept.
        return code_cell(f"{key}: {value}")
    return code_cell(as_yaml(key, value))


# --- the reference --------------------------------------------------------------------------


def rows(name: str, key: str, schema: dict[str, Any], required: bool) -> list[str]:
    """The row of one field, followed by the rows of its sub-fields."""
    out = [
        f"| `{name}` | {'**ja**' if required else 'nee'} | {kind_of(schema)} | "
        f"{limits_of(name, schema)} | {cell(schema.get('description', ''))} | "
        f"{example_of(key, schema)} |"
    ]
    children = schema
    prefix = name + "."
    if _types(schema) == ["array"] and _types(schema.get("items", {})) == ["object"]:
        children = schema["items"]
        prefix = name + "[]."
    if _types(children) == ["object"]:
        needed = set(children.get("required", []))
        for child, sub in children.get("properties", {}).items():
            out.extend(rows(prefix + child, child, sub, child in needed))
    return out


HEADER = [
    "| Veld | Verplicht | Soort | Toegestane waarden/grenzen | Uitleg | Voorbeeld |",
    "|---|---|---|---|---|---|",
]


def reference(schema: dict[str, Any]) -> str:
    properties: dict[str, Any] = schema["properties"]
    required = set(schema.get("required", []))
    listed = {name for _, _, names in SECTIONS for name in names}
    sections = [
        (title, intro, [n for n in names if n in properties]) for title, intro, names in SECTIONS
    ]
    extra = [name for name in properties if name not in listed]
    if extra:
        title, intro, names = sections[-1]
        sections[-1] = (title, intro, names + extra)

    out = [
        BEGIN,
        "<!-- Dit deel wordt gemaakt door scripts/gen_docs.py uit het schema "
        "(workbook/schema/praktijkvoorbeeld.schema.json). Pas het niet met de hand aan: "
        "draai `make docs` of `python scripts/gen_docs.py`. -->",
        "",
        "Hoe leest u de tabellen?",
        "",
        "- **Veld** is de naam die u vóór de dubbele punt zet. `partners[].naam` betekent: "
        "het veld `naam` bij elke partner in de lijst `partners`. `looptijd.start` betekent: "
        "het veld `start` onder `looptijd`.",
        "- **Verplicht**: bij **ja** keurt `workbook check` het bestand af als het veld "
        "ontbreekt. Bij een veld in een lijst (zoals `partners[].naam`) geldt dat voor elk "
        "item.",
        "- **Voorbeeld** laat zien hoe het veld in het YAML-bestand staat.",
    ]
    for title, intro, names in sections:
        if not names:
            continue
        out += ["", f"### {title}", "", intro, "", *HEADER]
        for name in names:
            out += rows(name, name, properties[name], name in required)
    out += ["", END]
    return "\n".join(out)


def render(document: str, schema: dict[str, Any]) -> str:
    start = document.find(BEGIN)
    stop = document.find(END, start + 1) if start >= 0 else -1
    if start < 0 or stop < 0:
        raise ValueError(f"de markeringen '{BEGIN}' en '{END}' ontbreken")
    return document[:start] + reference(schema) + document[stop + len(END) :]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Maak het veldenoverzicht in docs/aanleveren.md opnieuw uit het schema."
    )
    parser.add_argument(
        "--check",
        action="store_true",
        help="Schrijf niets; exitcode 1 als het bestand niet actueel is.",
    )
    parser.add_argument(
        "bestand",
        nargs="?",
        type=Path,
        default=GUIDE,
        help="De handleiding (standaard docs/aanleveren.md).",
    )
    args = parser.parse_args(argv)
    path: Path = args.bestand
    try:
        shown = path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        shown = str(path)

    try:
        current = path.read_text(encoding="utf-8")
        wanted = render(current, load_schema(EXAMPLE_SCHEMA))
    except (OSError, ValueError) as exc:
        print(f"gen_docs: kan {shown} niet bijwerken: {exc}", file=sys.stderr)
        return 2

    if args.check:
        if current != wanted:
            print(
                f"{shown} is niet actueel: het veldenoverzicht past niet meer bij het "
                "schema. Draai 'python scripts/gen_docs.py' (of 'make docs') en neem de "
                "wijziging mee in uw commit.",
                file=sys.stderr,
            )
            return 1
        print(f"{shown} is actueel.")
        return 0
    if current != wanted:
        with path.open("w", encoding="utf-8", newline="\n") as handle:
            handle.write(wanted)
        print(f"{shown} bijgewerkt.")
    else:
        print(f"{shown} was al actueel.")
    return 0


if __name__ == "__main__":
    sys.exit(main())

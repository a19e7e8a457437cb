"""`workbook new`: a commented, empty example generated from the schema's Dutch texts."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

from workbook.base.errors import Diagnostic, UsageError
from workbook.base.project import DEFAULT_THEMES, display_path, enclosing_config
from workbook.base.values import SLUG_RE
from workbook.schema import EXAMPLE_SCHEMA, load_schema, schema_text

SCHEMA_FILE = Path("schema") / "praktijkvoorbeeld.schema.json"
# Groups whose empty skeleton would itself be an error: offered commented out.
COMMENTED = {"resultaten", "knelpunten", "contact", "bronnen", "afbeeldingen"}


def _themes(file: Path) -> tuple[dict[str, str], Path | None]:
    config = enclosing_config(file)
    if config is None:
        return dict(DEFAULT_THEMES), None
    from workbook.check.config import load_config, themes_of

    problems: list[Diagnostic] = []
    data = load_config(config, problems)
    if data is None:
        raise UsageError(
            f"{display_path(config)} bevat {len(problems)} fout(en); draai eerst "
            "'workbook check' om ze te zien"
        )
    return themes_of(data), config.parent


def _comment(text: str, indent: str = "") -> list[str]:
    return [f"{indent}# {line}" for line in text.splitlines()]


def _field(key: str, spec: dict[str, Any], indent: str, theme: str) -> list[str]:
    lines = _comment(f"{spec.get('title', key)}: {spec.get('description', '')}", indent)
    kind = spec.get("type")
    if key == "thema" and not indent:
        return [*lines, f"{indent}thema: {theme}"]
    if key == "bijgewerkt":
        return [*lines, f"{indent}bijgewerkt: {dt.date.today().isoformat()}"]
    if spec.get("enum"):
        lines += _comment("Kies uit: " + ", ".join(spec["enum"]), indent)
    if kind == "object":
        lines.append(f"{indent}{key}:")
        for sub, sub_spec in spec["properties"].items():
            lines += _field(sub, sub_spec, indent + "  ", theme)
        return lines
    if kind == "array":
        item = spec["items"]
        lines.append(f"{indent}{key}:")
        if item.get("type") == "object":
            first = True
            for sub, sub_spec in item["properties"].items():
                prefix = "  - " if first else "    "
                sub_lines = _field(sub, sub_spec, indent + "    ", theme)
                sub_lines[-1] = indent + prefix + sub_lines[-1].lstrip()
                lines += sub_lines
                first = False
        else:
            lines += [f"{indent}  - "] * max(1, spec.get("minItems", 1))
        return lines
    if spec.get("contentMediaType") == "text/markdown":
        return [*lines, f"{indent}{key}: |", f"{indent}  "]
    return [*lines, f"{indent}{key}:"]


def render_template(theme: str, schema_ref: str) -> str:
    schema = load_schema(EXAMPLE_SCHEMA)
    required = set(schema["required"])
    out = [
        f"# yaml-language-server: $schema={schema_ref}",
        "# Nieuw praktijkvoorbeeld. Vul elk veld in; regels met # zijn uitleg.",
        "# Velden met (optioneel) mag u leeg laten of weghalen.",
        "# Controleer het bestand met: workbook check " + "<dit bestand>",
        "",
    ]
    for key, spec in schema["properties"].items():
        block = _field(key, spec, "", theme)
        if key not in required:
            block[0] += " (optioneel)"
        if key in COMMENTED:
            block = block[:1] + [
                "# " + line if not line.lstrip().startswith("#") else line for line in block[1:]
            ]
        if key == "concept":
            block[-1] = "concept: false"
        out += [*block, ""]
    return "\n".join(out)


def write_template(file: Path, theme: str) -> str:
    if file.suffix.lower() not in (".yaml", ".yml"):
        raise UsageError(f"'{file}' moet eindigen op .yaml")
    if not SLUG_RE.match(file.stem):
        raise UsageError(
            f"de bestandsnaam '{file.name}' is geen geldige id: gebruik alleen "
            "kleine letters, cijfers en streepjes, zoals 'mijn-aanpak.yaml'"
        )
    themes, root = _themes(file)
    if theme not in themes:
        raise UsageError(f"thema '{theme}' bestaat niet; kies uit: {', '.join(themes)}")
    if file.exists():
        raise UsageError(f"'{file}' bestaat al; workbook new overschrijft geen bestanden")
    notes = []
    base = root or file.resolve().parent
    schema_path = base / SCHEMA_FILE
    if not schema_path.exists():
        schema_path.parent.mkdir(parents=True, exist_ok=True)
        schema_path.write_text(schema_text(), encoding="utf-8")
        notes.append(f"schema geschreven naar {schema_path}")
    ref = Path(os.path.relpath(schema_path, file.resolve().parent)).as_posix()
    file.parent.mkdir(parents=True, exist_ok=True)
    with file.open("x", encoding="utf-8") as handle:
        handle.write(render_template(theme, ref))
    return "\n".join(
        [f"{file} aangemaakt; vul de velden in en controleer met 'workbook check {file}'", *notes]
    )

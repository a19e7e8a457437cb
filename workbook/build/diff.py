"""`workbook diff OUD NIEUW`: what changed between two editions, for the editor. Each side
is a manifest, a project folder or `git:REF`; the lists are those of "Nieuw in deze
uitgave", as Dutch text or as JSON, with a summary line."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from workbook.base.words import format_date, labels
from workbook.build.previous import Side, read_edition
from workbook.model.changes import CHANGED, Changes
from workbook.model.manifest import Manifest, compare


def run_diff(old: str, new: str, project: Path, fmt: str) -> tuple[str, str]:
    """The report (text or JSON) and the summary line. `project`: the folder whose git
    history `git:REF` reads."""
    before = read_edition(old, project)
    after = read_edition(new, project)
    changes = compare(before.manifest, after.manifest.entries)
    unchanged = len(after.manifest.entries) - len(changes.new) - len(changes.updated)
    line = summary(changes, unchanged)
    if fmt == "json":
        return json.dumps(
            as_json(before, after, changes, unchanged), ensure_ascii=False, indent=2
        ), line
    return as_text(before, after, changes), line


def summary(changes: Changes, unchanged: int) -> str:
    if changes.nothing:
        return f"Geen verschillen: {unchanged} ongewijzigd."
    return (
        f"{len(changes.new)} nieuw, {len(changes.updated)} bijgewerkt, "
        f"{len(changes.removed)} niet meer opgenomen, {unchanged} ongewijzigd."
    )


def _side(edition: Side) -> str:
    manifest = edition.manifest
    return f"{edition.name} ({_date(manifest)}, {len(manifest.entries)} voorbeelden)"


def _date(manifest: Manifest) -> str:
    return format_date(dt.date.fromisoformat(manifest.datum))


def _headings(keys: tuple[str, ...]) -> list[str]:
    names = dict(CHANGED)
    return [labels("nl")[names[key]] for key in keys]


def as_text(before: Side, after: Side, changes: Changes) -> str:
    titles = {e.id: e for e in after.manifest.entries}
    lines = [f"Van:  {_side(before)}", f"Naar: {_side(after)}"]
    for edition in (before, after):
        if edition.skipped:
            lines.append(
                f"Let op: {len(edition.skipped)} bestand(en) in {edition.name} zijn niet als "
                f"praktijkvoorbeeld te lezen en tellen niet mee: {', '.join(edition.skipped)}"
            )
    groups: list[tuple[str, list[str]]] = [
        (
            "Nieuw",
            [
                f"  + {titles[i].titel} ({after.manifest.theme_title(titles[i].thema)}) [{i}]"
                for i in changes.new
            ],
        ),
        (
            "Bijgewerkt",
            [
                f"  ~ {titles[i].titel} [{i}]: {', '.join(_headings(keys))}"
                for i, keys in changes.updated
            ],
        ),
        (
            "Niet meer opgenomen",
            [f"  - {r.titel} ({r.thema_titel}) [{r.id}]" for r in changes.removed],
        ),
        (
            "Ander bestand, zelfde inhoud",
            [f"  = {old} → {new}" for old, new in changes.renamed],
        ),
    ]
    for heading, items in groups:
        if items:
            lines += ["", f"{heading} ({len(items)}):", *items]
    return "\n".join(lines)


def as_json(before: Side, after: Side, changes: Changes, unchanged: int) -> dict[str, Any]:
    entries = {e.id: e for e in after.manifest.entries}

    def side(edition: Side) -> dict[str, Any]:
        return {
            "naam": edition.name,
            "titel": edition.manifest.titel,
            "datum": edition.manifest.datum,
            "voorbeelden": len(edition.manifest.entries),
            "overgeslagen": list(edition.skipped),
        }

    return {
        "van": side(before),
        "naar": side(after),
        "nieuw": [
            {"id": i, "titel": entries[i].titel, "thema": entries[i].thema} for i in changes.new
        ],
        "bijgewerkt": [
            {
                "id": i,
                "titel": entries[i].titel,
                "secties": list(keys),
                "koppen": _headings(keys),
            }
            for i, keys in changes.updated
        ],
        "niet_meer_opgenomen": [
            {"id": r.id, "titel": r.titel, "thema": r.thema} for r in changes.removed
        ],
        "hernoemd": [{"van": old, "naar": new} for old, new in changes.renamed],
        "ongewijzigd": unchanged,
    }

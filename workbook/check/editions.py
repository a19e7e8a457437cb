"""The editions in workbook.yaml (`uitgaven`) against the examples: every id, theme and
keyword a selection names exists, every selection takes at least one published example,
and every edition id is unique. Reported at their lines in workbook.yaml."""

from __future__ import annotations

import difflib
from typing import Any

from workbook.base.errors import Diagnostic
from workbook.base.values import title_key
from workbook.check.across_files import LoadedExample
from workbook.check.rules import unknown_theme_texts
from workbook.load.source import Path_, Source
from workbook.model.editions import Selection, selection_of


def edition_rules(
    source: Source, config: dict[str, Any], loaded: list[LoadedExample]
) -> list[Diagnostic]:
    """The rules of every edition, now that the examples are read."""
    themes = {t["id"]: t["titel"] for t in config["themas"]}
    ids = sorted({item.path.stem for item in loaded})
    published = [
        (item.path.stem, item.data)
        for item in loaded
        if item.data and item.data.get("concept") is not True
    ]
    keywords: dict[str, str] = {}
    for _, data in published:
        for keyword in data.get("trefwoorden", []):
            if isinstance(keyword, str):
                keywords.setdefault(title_key(keyword), keyword)
    found: list[Diagnostic] = []
    seen: dict[str, int] = {}

    def at(path: Path_, code: str, message: str, hint: str, key: bool = False) -> None:
        found.append(source.diagnostic(path, code, message, hint, key=key))

    for index, edition in enumerate(config.get("uitgaven", [])):
        where: Path_ = ("uitgaven", index)
        if edition["id"] in seen:
            at(
                (*where, "id"),
                "duplicate-id",
                f"uitgave-id '{edition['id']}' komt twee keer voor",
                "geef elke uitgave een eigen id; de id staat in de namen van haar bestanden",
            )
        seen.setdefault(edition["id"], index)
        selection = edition["selectie"]
        before = len(found)
        for number, theme in enumerate(selection.get("themas", [])):
            if theme not in themes:
                at(
                    (*where, "selectie", "themas", number),
                    "unknown-theme",
                    *unknown_theme_texts(theme, themes),
                )
        for number, example in enumerate(selection.get("voorbeelden", [])):
            if example not in ids:
                close = difflib.get_close_matches(example, ids, n=1, cutoff=0.6)
                at(
                    (*where, "selectie", "voorbeelden", number),
                    "unknown-example",
                    f"voorbeeld '{example}' bestaat niet in dit project",
                    (f"bedoelde u '{close[0]}'? " if close else "")
                    + "De id van een voorbeeld is zijn bestandsnaam zonder .yaml.",
                )
        for number, keyword in enumerate(selection.get("trefwoorden", [])):
            if title_key(keyword) not in keywords:
                close = difflib.get_close_matches(title_key(keyword), list(keywords), n=1)
                at(
                    (*where, "selectie", "trefwoorden", number),
                    "unknown-keyword",
                    f"trefwoord '{keyword}' staat bij geen enkel gepubliceerd voorbeeld",
                    (f"bedoelde u '{keywords[close[0]]}'? " if close else "")
                    + "Gebruik een trefwoord zoals de voorbeelden het onder 'trefwoorden:' noemen.",
                )
        chosen = selection_of(selection)
        if len(found) == before and not any(_takes(chosen, i, d) for i, d in published):
            at(
                (*where, "selectie"),
                "empty-edition",
                f"de selectie van uitgave '{edition['id']}' neemt geen enkel gepubliceerd "
                "voorbeeld op",
                "een voorbeeld hoort erbij als het bij elke sleutel past; laat een sleutel weg "
                "of voeg waarden toe (concepten tellen niet mee)",
                key=True,
            )
    return found


def _takes(selection: Selection, example_id: str, data: dict[str, Any]) -> bool:
    return selection.takes(
        example_id,
        data.get("thema"),
        data.get("trefwoorden", []),
        data.get("provincie"),
        data.get("benadering"),
    )

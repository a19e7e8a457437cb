"""The rules across the files of a project: every id and every title appears once."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from workbook.base.errors import Diagnostic, error
from workbook.base.values import title_key
from workbook.base.words import join_words


@dataclass(frozen=True)
class LoadedExample:
    path: Path
    display: Path
    data: dict[str, Any] | None  # normalised; None when the file could not be used
    title_mark: tuple[int, int]


def cross_file_rules(loaded: list[LoadedExample], out: list[Diagnostic]) -> None:
    """Duplicate ids and titles among `loaded`, into `out`."""
    ids: dict[str, LoadedExample] = {}
    titles: dict[str, list[LoadedExample]] = {}
    for item in loaded:
        stem = item.path.stem
        if stem in ids:
            out.append(
                error(
                    item.display,
                    1,
                    1,
                    "duplicate-id",
                    f"de id '{stem}' wordt al gebruikt door {ids[stem].display}",
                    hint="geef dit bestand een andere naam; de bestandsnaam is de id "
                    "en moet in het hele project uniek zijn",
                )
            )
        else:
            ids[stem] = item
        data = item.data
        if data and isinstance(data.get("titel"), str):
            titles.setdefault(title_key(data["titel"]), []).append(item)
    for group in titles.values():
        if len(group) > 1:
            out.extend(_duplicate_title(item, group) for item in group)


def _duplicate_title(item: LoadedExample, group: list[LoadedExample]) -> Diagnostic:
    """Reported on every file with the title, each naming the others (and their theme when
    it is another one): titles are unique in the whole book, whoever added the second one
    sees it, also in a check of the whole project."""
    assert item.data is not None
    theme = item.data.get("thema")
    others = sorted(
        str(other.display)
        + ("" if other.data.get("thema") == theme else f" (thema '{other.data.get('thema')}')")
        for other in group
        if other is not item and other.data is not None
    )
    line, column = item.title_mark
    return error(
        item.display,
        line,
        column,
        "duplicate-title",
        f"de titel '{item.data['titel']}' staat ook in " + join_words(others),
        field="titel",
        hint="maak de titel onderscheidend, bijvoorbeeld met de naam van de gemeente",
        width=len(item.data["titel"]),
    )

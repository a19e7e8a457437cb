"""The rules a JSON Schema cannot express for one example: across its fields, against the
project (theme, id) and on disk (images, see `images`)."""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from workbook.base.errors import Diagnostic, Severity, error
from workbook.base.values import SLUG_RE, as_date, period_bounds, slugify, title_key
from workbook.check.images import image_diagnostics
from workbook.load.source import Path_, Source


@dataclass(frozen=True)
class RuleContext:
    """What the rules need to know about the project an example belongs to."""

    root: Path
    themes: dict[str, str]  # id → title, in book order
    today: dt.date


def example_rules(
    source: Source, data: dict[str, Any], ctx: RuleContext, file_path: Path
) -> list[Diagnostic]:
    """Rules for one example that has passed the schema (types are known to be right)."""
    out: list[Diagnostic] = []

    def at(
        path: Path_,
        code: str,
        message: str,
        hint: str | None = None,
        severity: Severity = Severity.ERROR,
        key: bool = False,
        field: Path_ | None = None,
    ) -> None:
        out.append(
            source.diagnostic(path, code, message, hint, severity=severity, key=key, field=field)
        )

    stem = file_path.stem
    if not SLUG_RE.match(stem):
        out.append(
            error(
                source.path,
                1,
                1,
                "invalid-id",
                f"de bestandsnaam '{file_path.name}' is geen geldige id",
                hint=f"hernoem het bestand naar '{slugify(stem)}{file_path.suffix}': "
                "alleen kleine letters, cijfers en streepjes",
            )
        )

    theme = data.get("thema")
    if isinstance(theme, str) and ctx.themes and theme not in ctx.themes:
        at(("thema",), "unknown-theme", *unknown_theme_texts(theme, ctx.themes))

    if isinstance(data.get("looptijd"), dict) and isinstance(data.get("status"), str):
        _period_rules(data, at, ctx.today)

    updated = (
        as_date(data["bijgewerkt"]) if isinstance(data.get("bijgewerkt"), (str, dt.date)) else None
    )
    if updated is not None and updated > ctx.today:
        at(
            ("bijgewerkt",),
            "future-date",
            f"bijgewerkt ({updated.isoformat()}) ligt in de toekomst",
            f"vul de datum in waarop u het voorbeeld het laatst nakeek, uiterlijk "
            f"{ctx.today.isoformat()}",
        )

    contact = data.get("contact")
    if isinstance(contact, dict) and contact.get("toestemming") is not True:
        where: Path_ = ("contact", "toestemming") if "toestemming" in contact else ("contact",)
        at(
            where,
            "consent-missing",
            "contactgegevens worden alleen gepubliceerd met toestemming van de contactpersoon",
            "vraag toestemming en zet dan 'toestemming: true' onder contact, of verwijder "
            "het contactblok",
        )

    for i, result in enumerate(_dicts(data, "resultaten")):
        if "waarde" in result and "bron" not in result:
            at(
                ("resultaten", i, "waarde"),
                "result-without-source",
                "een resultaat met een getal heeft geen bron",
                "vul 'bron:' in (rapport, registratie of evaluatie), zodat lezers het getal "
                "kunnen nagaan",
                Severity.WARNING,
            )
        raw = source.line_text(source.value_mark(("resultaten", i, "waarde")).line)
        if isinstance(result.get("waarde"), float) and re.search(
            r"waarde:\s*\d{1,3}(\.\d{3})+\s*(#.*)?$", raw
        ):
            at(
                ("resultaten", i, "waarde"),
                "invalid-value",
                "in YAML is de punt een decimaalteken, geen scheiding voor duizendtallen",
                "schrijf het getal zonder punt, bijvoorbeeld 1500 in plaats van 1.500",
            )

    for i, image in enumerate(_dicts(data, "afbeeldingen")):
        if not isinstance(image.get("bestand"), str):
            continue
        out.extend(
            image_diagnostics(
                source, ("afbeeldingen", i, "bestand"), image["bestand"], file_path.parent, ctx.root
            )
        )

    if data.get("concept") is True:
        out.append(
            source.diagnostic(
                ("concept",),
                "draft",
                "concept: dit voorbeeld wordt overgeslagen",
                "haal 'concept: true' weg als het voorbeeld af is, of bouw met --drafts",
                severity=Severity.INFO,
            )
        )
    return out


def unknown_theme_texts(theme: str, themes: dict[str, str]) -> tuple[str, str]:
    """Message and hint for a `thema` that is no theme id of the book: a theme's title
    given instead of its id, a typo, or something else. The hint lists the ids with their
    titles, so that the right one is easy to pick."""
    listed = "; ".join(f"{key} ({title})" for key, title in themes.items())
    by_title = {title_key(title): key for key, title in themes.items()}
    if title_key(theme) in by_title:
        key = by_title[title_key(theme)]
        return (
            f"'{theme}' is de titel van een thema; bij thema hoort de id van het thema",
            f"schrijf thema: {key}. De thema's van dit werkboek: {listed}",
        )
    close = difflib.get_close_matches(theme, list(themes), n=1, cutoff=0.6)
    return (
        f"thema '{theme}' bestaat niet in dit werkboek",
        (f"bedoelde u '{close[0]}'? " if close else "") + f"Kies een id uit: {listed}",
    )


def _dicts(data: dict[str, Any], key: str) -> list[dict[str, Any]]:
    """The items of list `key` that are mappings (a wrong type is the schema's business)."""
    items = data.get(key)
    if not isinstance(items, list):
        return []
    return [item if isinstance(item, dict) else {} for item in items]


def _period_rules(data: dict[str, Any], at: Any, today: dt.date) -> None:
    period = data["looptijd"]
    start = period_bounds(period["start"]) if "start" in period else None
    end = period_bounds(period["eind"]) if "eind" in period else None
    if data["status"] == "afgerond" and "eind" not in period:
        at(
            ("looptijd",),
            "missing-field",
            "looptijd.eind ontbreekt; die is verplicht als de status 'afgerond' is",
            "voeg onder looptijd een regel 'eind: …' toe, bijvoorbeeld eind: 2023-06",
            field=("looptijd", "eind"),
        )
    if start and end and end[1] < start[0] and not isinstance(period["eind"], bool):
        at(
            ("looptijd", "eind"),
            "date-order",
            f"looptijd.eind ({period['eind']}) ligt vóór looptijd.start ({period['start']})",
            "controleer beide datums; het einde kan niet vóór het begin liggen",
        )
    if data["status"] in ("pilot", "lopend") and end and end[1] < today:
        at(
            ("status",),
            "ended-but-running",
            f"status is '{data['status']}', maar looptijd.eind ({period['eind']}) is voorbij",
            "zet de status op 'afgerond' of 'structureel', of pas de einddatum aan",
            Severity.WARNING,
        )

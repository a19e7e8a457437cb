"""The rules a JSON Schema cannot express: across fields, across files, and on disk."""

from __future__ import annotations

import calendar
import datetime as dt
import difflib
import re
import unicodedata
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from workbook.base import markdown
from workbook.base.errors import Diagnostic, Severity, error, warning
from workbook.check.resolution import design_diagnostics
from workbook.check.schema import PERIOD_RE, field_path
from workbook.load.source import Path_, Source

SLUG_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
IMAGE_TYPES = {".png": "png", ".jpg": "jpeg", ".jpeg": "jpeg", ".svg": "svg"}
MAX_IMAGE_BYTES = 10 * 1024 * 1024
MAX_IMAGE_PIXELS = 40_000_000  # e.g. 8000 × 5000; A4 at 300 dpi is 2480 × 3508
MAX_SVG_BYTES = 1024 * 1024
MAX_SVG_ELEMENTS = 50_000  # drawn elements, with <use> and url(#…) references expanded


@dataclass(frozen=True)
class Context:
    """What the rules need to know about the project an example belongs to."""

    root: Path
    themes: dict[str, str]  # id → title, in book order
    today: dt.date


def slugify(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", plain).strip("-") or "werkboek"


def period_bounds(value: Any) -> tuple[dt.date, dt.date] | None:
    """The first and last day a looptijd value (2020, '2020-10', a date) covers."""
    if isinstance(value, dt.datetime):
        return None
    if isinstance(value, dt.date):
        return value, value
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return (dt.date(value, 1, 1), dt.date(value, 12, 31)) if 1 <= value <= 9999 else None
    match = PERIOD_RE.match(str(value))
    if not match:
        return None
    year, month, day = (int(g) if g else None for g in match.groups())
    assert year is not None
    try:
        if day is not None and month is not None:
            day_ = dt.date(year, month, day)
            return day_, day_
        if month is not None:
            return dt.date(year, month, 1), dt.date(
                year, month, calendar.monthrange(year, month)[1]
            )
    except ValueError:
        return None
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def as_date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return None  # a moment in time, not a date: the schema reports it
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        return None


def markdown_paths(data: Any, schema: dict[str, Any], path: Path_ = ()) -> Iterator[Path_]:
    """Every path in `data` whose schema says it holds Markdown."""
    if schema.get("contentMediaType") == "text/markdown" and isinstance(data, str):
        yield path
    elif isinstance(data, dict):
        for key, value in data.items():
            sub = schema.get("properties", {}).get(key)
            if sub:
                yield from markdown_paths(value, sub, (*path, key))
    elif isinstance(data, list) and isinstance(schema.get("items"), dict):
        for i, item in enumerate(data):
            yield from markdown_paths(item, schema["items"], (*path, i))


def markdown_diagnostics(source: Source, schema: dict[str, Any]) -> list[Diagnostic]:
    found = []
    for path in markdown_paths(source.data, schema):
        raw = _get(source.data, path)
        mark = source.value_mark(path)
        block = source.styles.get(path) in ("|", ">")
        for problem in markdown.problems(raw):
            line = mark.line + problem.line + (1 if block else 0)
            text = source.line_text(line)
            index = text.find(problem.needle)
            column = (
                index + 1
                if index >= 0
                else (len(text) - len(text.lstrip()) + 1 if block else mark.column)
            )
            found.append(
                error(
                    source.path,
                    line,
                    column,
                    problem.code,
                    problem.message,
                    field=field_path(path),
                    hint=problem.hint,
                    width=max(1, len(problem.needle)) if index >= 0 else 1,
                )
            )
    return found


def _get(data: Any, path: Path_) -> Any:
    for part in path:
        data = data[part]
    return data


def example_rules(
    source: Source, data: dict[str, Any], ctx: Context, file_path: Path
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
        mark = source.key_mark(path) if key else source.value_mark(path)
        make = warning if severity is Severity.WARNING else error
        out.append(
            make(
                source.path,
                mark.line,
                mark.column,
                code,
                message,
                field=field_path(field or path),
                hint=hint,
                width=mark.width,
            )
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
    if isinstance(theme, str) and SLUG_RE.match(theme) and ctx.themes and theme not in ctx.themes:
        close = difflib.get_close_matches(theme, list(ctx.themes), n=1, cutoff=0.6)
        at(
            ("thema",),
            "unknown-theme",
            f"thema '{theme}' bestaat niet in dit werkboek",
            (f"bedoelde u '{close[0]}'? " if close else "") + "Kies uit: " + ", ".join(ctx.themes),
        )

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
            _image_diagnostics(
                source, ("afbeeldingen", i, "bestand"), image["bestand"], file_path.parent, ctx.root
            )
        )

    if data.get("concept") is True:
        mark = source.value_mark(("concept",))
        out.append(
            Diagnostic(
                source.path,
                mark.line,
                mark.column,
                Severity.INFO,
                "draft",
                "concept: dit voorbeeld wordt overgeslagen",
                "concept",
                "haal 'concept: true' weg als het voorbeeld af is, of bouw met --drafts",
                mark.width,
            )
        )
    return out


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


def _image_diagnostics(
    source: Source, path: Path_, name: str, base: Path, root: Path
) -> list[Diagnostic]:
    mark = source.value_mark(path)
    field = field_path(path)

    def fail(code: str, message: str, hint: str) -> list[Diagnostic]:
        return [
            error(
                source.path,
                mark.line,
                mark.column,
                code,
                message,
                field=field,
                hint=hint,
                width=mark.width,
            )
        ]

    if re.match(r"^([a-zA-Z][a-zA-Z0-9+.-]*:|/|\\)", name) or "\\" in name:
        return fail(
            "file-outside-project",
            f"'{name}' is geen pad binnen het project",
            "geef het pad vanaf de map van dit YAML-bestand, met / als scheiding, "
            "zoals img/foto.jpg",
        )
    target = base / name
    try:
        resolved = target.resolve()
    except (OSError, RuntimeError, ValueError):  # ValueError: a NUL byte in the name
        return fail(
            "file-missing",
            f"afbeelding '{name}' kan niet worden gelezen",
            "controleer de bestandsnaam",
        )
    if not resolved.is_relative_to(root.resolve()):
        return fail(
            "file-outside-project",
            f"afbeelding '{name}' ligt buiten het project",
            "zet de afbeelding in een map naast het YAML-bestand, zoals img/",
        )
    try:
        exists = resolved.is_file()
    except OSError:  # ENAMETOOLONG: a name longer than the file system allows
        exists = False
    if not exists:
        siblings = (
            sorted(p.name for p in resolved.parent.glob("*")) if resolved.parent.is_dir() else []
        )
        close = difflib.get_close_matches(resolved.name, siblings, n=1)
        return fail(
            "file-missing",
            f"afbeelding '{name}' bestaat niet",
            (f"bedoelde u '{close[0]}'? " if close else "")
            + "het pad is relatief aan de map van dit YAML-bestand; let op hoofd- en "
            "kleine letters",
        )
    kind = IMAGE_TYPES.get(resolved.suffix.lower())
    if kind is None or sniff_image(resolved) != kind:
        return fail(
            "file-type",
            f"afbeelding '{name}' is geen PNG-, JPEG- of SVG-bestand",
            "sla de afbeelding op als PNG, JPEG of SVG, met de passende extensie",
        )
    size = resolved.stat().st_size
    if size > MAX_IMAGE_BYTES:
        return fail(
            "too-large",
            f"afbeelding '{name}' is {size / 1048576:.1f} MiB; de grens is 10 MiB",
            "verklein de afbeelding (2000 pixels breed is genoeg voor druk)",
        )
    problem = svg_problem(resolved, size) if kind == "svg" else pixel_problem(resolved)
    if problem is not None:
        code, message, hint = problem
        return fail(code, f"afbeelding '{name}' {message}", hint)
    # Sharp enough for print at the size the design gives it (a build measures the layout).
    return design_diagnostics(resolved, root, source.path, mark, field, name)


def pixel_problem(path: Path) -> tuple[str, str, str] | None:
    """A PNG or JPEG with more pixels than the limit (a "decompression bomb"), read from the
    header only: the pixels themselves are never decoded here. A header Pillow cannot read
    is left alone; the renderer cannot decode such a file either."""
    from PIL import Image as PILImage

    hint = "verklein de afbeelding; 4000 pixels breed is ruim genoeg voor druk"
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", PILImage.DecompressionBombWarning)
            with PILImage.open(path) as image:
                width, height = image.size
    except PILImage.DecompressionBombError:
        return "too-large", f"heeft meer dan {MAX_IMAGE_PIXELS:,} pixels".replace(",", "."), hint
    except (OSError, SyntaxError, ValueError):
        return None
    if width * height > MAX_IMAGE_PIXELS:
        pixels = f"{width} × {height} pixels"
        limit = f"{MAX_IMAGE_PIXELS:,}".replace(",", ".")
        return "too-large", f"is {pixels}; de grens is {limit} pixels in totaal", hint
    return None


_SVG_ENTITIES = re.compile(rb"<!ENTITY|<!DOCTYPE[^>\[]*\[", re.IGNORECASE)


def svg_problem(path: Path, size: int) -> tuple[str, str, str] | None:
    """An SVG larger than the limit, with entity declarations (an XML bomb), or with
    anything a browser would run when the file is opened from the website."""
    if size > MAX_SVG_BYTES:
        return (
            "too-large",
            f"is {size / 1024:.0f} KiB; de grens voor SVG is {MAX_SVG_BYTES // 1024} KiB",
            "vereenvoudig de tekening of sla haar op als PNG",
        )
    import lxml.etree as etree

    resave = "sla de tekening opnieuw op als gewone SVG (in Inkscape: Opslaan als → Gewone SVG)"
    data = path.read_bytes()
    if _SVG_ENTITIES.search(data):
        return "file-type", "bevat een DTD met eigen entiteiten (<!ENTITY>)", resave
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        return "file-type", f"is geen geldig SVG-bestand ({exc.msg})", resave
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        tag = etree.QName(element).localname.lower()
        if tag in ("script", "foreignobject"):
            return "file-type", f"bevat een <{etree.QName(element).localname}>-element", resave
        for attribute, value in element.attrib.items():
            local = etree.QName(attribute).localname.lower()
            plain = re.sub(r"[\s\x00-\x1f]", "", value).lower()
            if local.startswith("on") or plain.startswith(("javascript:", "vbscript:")):
                return "file-type", f"bevat een script (in '{local}')", resave
    if _drawn_elements(root) > MAX_SVG_ELEMENTS:
        limit = f"{MAX_SVG_ELEMENTS:,}".replace(",", ".")
        return (
            "too-large",
            f"is te ingewikkeld: met alle <use>- en url(#…)-verwijzingen uitgevouwen "
            f"telt de tekening meer dan {limit} onderdelen",
            "vereenvoudig de tekening of sla haar op als PNG",
        )
    return None


_REFERENCE = re.compile(r"url\(\s*['\"]?#([^'\")\s]+)")


def _drawn_elements(root: Any) -> int:
    """How many elements drawing `root` costs, each <use> and url(#id) counted as a copy of
    what it refers to: ten nested levels of ten <use> each would be 10^10 ("use bomb")."""
    # lxml makes element proxies on demand: keep them all alive so that id() stays unique.
    alive = [e for e in root.iter() if isinstance(e.tag, str)]
    by_id = {e.get("id"): e for e in alive if e.get("id")}
    memo: dict[int, int] = {}
    busy: set[int] = set()
    cap = MAX_SVG_ELEMENTS + 1

    def weight(element: Any) -> int:
        key = id(element)
        if key in memo:
            return memo[key]
        if key in busy:  # a reference cycle
            return cap
        busy.add(key)
        total = 1
        refs = [
            v[1:] for k, v in element.attrib.items() if k.endswith("href") and v.startswith("#")
        ]
        for value in element.attrib.values():
            refs += _REFERENCE.findall(value)
        for child in element:
            if isinstance(child.tag, str):
                total += weight(child)
            if total >= cap:
                break
        for ref in refs:
            target = by_id.get(ref)
            if target is not None and total < cap:
                total += weight(target)
        busy.discard(key)
        memo[key] = min(total, cap)
        return memo[key]

    try:
        return weight(root) if alive else 0
    except RecursionError:  # references nested deeper than Python's stack
        return cap


def sniff_image(path: Path) -> str | None:
    """What the file's first bytes say it is: 'png', 'jpeg', 'svg' or None."""
    try:
        with path.open("rb") as handle:
            head = handle.read(1024)
    except OSError:
        return None
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    text = head.lstrip(b"\xef\xbb\xbf").lstrip().lower()
    if text.startswith((b"<?xml", b"<svg", b"<!--", b"<!doctype svg")) and b"<svg" in head.lower():
        return "svg"
    return None


def title_key(title: str) -> str:
    plain = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    return re.sub(r"\s+", " ", plain).strip().casefold()


def book_rules(source: Source, data: dict[str, Any]) -> list[Diagnostic]:
    out = []
    seen: dict[str, int] = {}
    for i, theme in enumerate(data.get("themas", [])):
        if theme["id"] in seen:
            mark = source.value_mark(("themas", i, "id"))
            out.append(
                error(
                    source.path,
                    mark.line,
                    mark.column,
                    "duplicate-id",
                    f"thema-id '{theme['id']}' komt twee keer voor",
                    field=field_path(("themas", i, "id")),
                    hint="geef elk thema een eigen id",
                    width=mark.width,
                )
            )
        seen[theme["id"]] = i
    return out

"""The static site: index.html with every example as a card and a client-side filter, one
page per example, and the assets (CSS, a small script, the bundled fonts, the images).

Works from the file system (file://) without a server and makes no external request.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2

from workbook.base.design import FONTS
from workbook.base.errors import BuildError
from workbook.base.values import sort_key
from workbook.base.words import LABELS, format_decimal
from workbook.model.book import Book, Example, Image
from workbook.render.figures.section import overview_context, site_filters
from workbook.render.jinja import context, environment
from workbook.render.media import FONT_LICENCES, WEB_FONTS, image_names
from workbook.render.site.form import render_form, write_form_assets
from workbook.schema import EXAMPLE_SCHEMA, load_schema

SITE_FONTS = WEB_FONTS + FONT_LICENCES
# Static files of the default design, looked up through the template loader so that a
# project's own templates/ can replace them: (template name, path inside the site).
ASSETS = (
    ("css/site.css", "assets/site.css"),
    ("site/assets/search.css", "assets/search.css"),
    ("site/assets/filter.js", "assets/filter.js"),
    ("site/assets/search.js", "assets/search.js"),
    ("site/assets/favicon.svg", "assets/favicon.svg"),
)

RELOAD_SCRIPT = (
    "<script>/* workbook serve: ververs bij elke wijziging */(function () {{"
    ' var g = document.documentElement.getAttribute("data-generation") || "";'
    ' var s = new EventSource({url} + "?g=" + encodeURIComponent(g));'
    ' s.addEventListener("reload", function () {{ s.close(); location.reload(); }});'
    " }})();</script>"
)


DOWNLOADS = "downloads"


@dataclass(frozen=True)
class Download:
    """A file readers download from the site, kept in `site/downloads/` so that the site
    folder is the whole publication. `source`: the file to copy there; None when
    `workbook serve` answers for it itself (its PDF, laid out in the background)."""

    name: str  # the file name in downloads/
    kind: str  # "pdf" or "epub"
    source: Path | None = None

    @property
    def href(self) -> str:
        return f"{DOWNLOADS}/{self.name}"

    @property
    def size(self) -> str | None:
        """'2,4 MB' (or '114 kB' under a megabyte), for the link text; None when the file
        is not known yet."""
        if self.source is None:
            return None
        size = self.source.stat().st_size
        if size < 999_500:
            return f"{max(1, round(size / 1000))} kB"
        return f"{format_decimal(size / 1_000_000)} MB"


@dataclass(frozen=True)
class EditionListing:
    """An edition as the home page lists it: what it is, how many examples, its files."""

    titel: str
    ondertitel: str | None
    examples: int
    downloads: tuple[Download, ...]


def example_file(example: Example) -> str:
    return f"{example.id}.html"


def _source(env: jinja2.Environment, name: str) -> str:
    assert env.loader is not None
    try:
        text, _, _ = env.loader.get_source(env, name)
    except jinja2.TemplateNotFound as exc:
        raise BuildError(f"het bestand templates/{name} ontbreekt") from exc
    return text


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8", newline="\n")


def _inject_reload(html: str, live_reload: str | None) -> str:
    if not live_reload:
        return html
    script = RELOAD_SCRIPT.format(url=json.dumps(live_reload))
    head, found, tail = html.rpartition("</body>")
    return f"{head}{script}\n{found}{tail}" if found else html + script


def _filters(book: Book) -> dict[str, list[tuple[str, str]]]:
    """The options of each filter: (value, label), in a stable, readable order."""
    labels = LABELS[book.taal]
    examples = book.examples
    gemeenten = sorted({g for e in examples for g in e.gemeenten}, key=sort_key)
    return {
        "thema": [(t.id, t.titel) for t in book.themes if t.examples],
        "gemeente": [(g, g) for g in gemeenten],
        "benadering": [
            (b, labels[b])
            for b in ("repressief", "preventief", "beide")
            if any(e.benadering == b for e in examples)
        ],
        "status": [
            (s, labels[s])
            for s in ("pilot", "lopend", "afgerond", "structureel")
            if any(e.status == s for e in examples)
        ],
        **site_filters(book),
        "wijziging": _changed_filter(book),
    }


def _changed_filter(book: Book) -> list[tuple[str, str]]:
    """ "Nieuw en bijgewerkt", then each on its own; none without changes to filter on."""
    changes = book.changes
    if changes is None or not (changes.new or changes.updated):
        return []
    labels = LABELS[book.taal]
    return [
        ("gewijzigd", labels["new_and_updated"]),
        *([("nieuw", labels["mark_new"].capitalize())] if changes.new else []),
        *([("bijgewerkt", labels["mark_updated"].capitalize())] if changes.updated else []),
    ]


def write_site(
    book: Book,
    target: Path,
    *,
    downloads: Sequence[Download] = (),
    editions: Sequence[EditionListing] = (),
    example_downloads: Mapping[str, Download] | None = None,
    live_reload: str | None = None,
) -> None:
    """Write the whole site into the new, empty folder `target`, with `downloads` copied
    into its `downloads/` folder; `example_downloads`: each example's own PDF by its id
    (its page links it), copied there too."""
    own = dict(example_downloads or {})
    env = environment(book.root)
    target.mkdir(parents=True, exist_ok=True)
    names = image_names(book)

    def image_src(image: Image) -> str:
        return "assets/img/" + names[image.path]

    _write_form(book, target, live_reload)
    base: dict[str, Any] = context(
        book,
        medium="site",
        downloads={d.kind: d for d in downloads},
        editions=editions,
        example_downloads=own,
        has_form=True,
        example_file=example_file,
        image_src=image_src,
        filters=_filters(book),
        theme_of={t.id: t for t in book.themes},
    )

    def render(template: str, out: str, **extra: Any) -> None:
        try:
            html = env.get_template(f"site/{template}").render(**base, **extra)
        except jinja2.TemplateError as exc:
            raise BuildError(f"sjabloon site/{template} kon niet worden gebruikt: {exc}") from exc
        _write(target / out, _inject_reload(html, live_reload))

    render("index.html", "index.html", **overview_context(book, medium="site"))
    examples = book.examples
    for number, example in enumerate(examples):
        previous = examples[number - 1] if number > 0 else None
        following = examples[number + 1] if number + 1 < len(examples) else None
        render(
            "example.html",
            example_file(example),
            e=example,
            theme=base["theme_of"][example.thema],
            previous=previous,
            next=following,
        )

    for template_name, asset in ASSETS:
        _write(target / asset, _source(env, template_name))
    fonts = target / "assets" / "fonts"
    fonts.mkdir(parents=True, exist_ok=True)
    for font in SITE_FONTS:
        shutil.copyfile(FONTS / font, fonts / font)
    for download in [
        *downloads,
        *(d for e in editions for d in e.downloads),
        *(own[key] for key in sorted(own)),
    ]:
        if download.source is not None:
            _copy(download.source, target / download.href)
    images = target / "assets" / "img"
    for source, name in sorted(names.items(), key=lambda item: item[1]):
        images.mkdir(parents=True, exist_ok=True)
        try:
            shutil.copyfile(source, images / name)
        except OSError as exc:
            raise BuildError(
                f"afbeelding {source.name} kon niet worden gekopieerd: {exc.strerror}"
            ) from exc


def _copy(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        shutil.copyfile(source, target)
    except OSError as exc:
        raise BuildError(f"{source.name} kon niet in de site worden gezet: {exc.strerror}") from exc


def _write_form(book: Book, target: Path, live_reload: str | None) -> None:
    """The contributor form (insturen.html) and its assets."""
    html = render_form(
        book.titel, [(t.id, t.titel) for t in book.themes], load_schema(EXAMPLE_SCHEMA)
    )
    _write(target / "insturen.html", _inject_reload(str(html), live_reload))
    write_form_assets(target)


__all__ = ["DOWNLOADS", "Download", "EditionListing", "example_file", "write_site"]

"""The EPUB 3: one XHTML document per theme opener and per example, plus cover, colophon,
contents, foreword and registers; accessibility metadata; embedded fonts; deterministic.

ebooklib assembles the package (OPF, NCX, zip); every XHTML document is rendered by us from
the Jinja templates in `templates/epub/` and made well-formed with lxml. Its zip is then
rewritten with fixed timestamps so that the same input gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import io
import uuid
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
import lxml.etree as etree
import lxml.html
from ebooklib import epub
from PIL import Image as PILImage
from PIL import ImageDraw, ImageFont

from workbook import GENERATOR
from workbook.base.design import FONTS
from workbook.base.errors import BuildError
from workbook.model.book import Book, Example, Image
from workbook.render.figures.section import EPUB_FILE as OVERVIEW_FILE
from workbook.render.figures.section import embed_figures, overview_context
from workbook.render.jinja import LABELS, WEB_FONTS, context, environment

COVER_SIZE = (1600, 2400)
UUID_NAMESPACE = uuid.UUID("6b1c6a2e-3f0a-5d0e-9a47-7c1d2b9e4f10")
XHTML = "application/xhtml+xml"

SUMMARY = {
    "nl": "Dit e-book is volledig tekstueel leesbaar. Het heeft een inhoudsopgave met "
    "navigatie per thema en per praktijkvoorbeeld, koppen in logische volgorde, tabellen "
    "met kolomkoppen en een vaste leesvolgorde. Afbeeldingen hebben een tekstalternatief. "
    "Lettergrootte, lettertype en kleuren kunnen in de e-reader worden aangepast.",
    "en": "This e-book is fully readable as text. It has a table of contents with navigation "
    "by theme and by example, headings in logical order, tables with column headers and a "
    "fixed reading order. Images have a text alternative. Font size, typeface and colours "
    "can be changed in the e-reader.",
}


@dataclass
class _Document:
    uid: str
    file_name: str
    title: str
    content: bytes
    properties: list[str] = field(default_factory=list)


def identifier(book: Book) -> str:
    """The book's unique identifier: its ISBN as a URN, else a UUID derived from the title."""
    if book.isbn:
        return "urn:isbn:" + book.isbn.replace("-", "").replace(" ", "")
    return "urn:uuid:" + str(uuid.uuid5(UUID_NAMESPACE, book.titel))


def to_xhtml(html: str) -> bytes:
    """Parse rendered HTML (nh3 output may hold `<br>` etc.) and serialise well-formed XHTML."""
    try:
        document = lxml.html.document_fromstring(html)
        text = etree.tostring(document, method="xml", encoding="unicode")
        root = etree.fromstring(text)
    except (etree.ParserError, etree.XMLSyntaxError) as exc:
        raise BuildError(f"kon een EPUB-pagina niet opbouwen: {exc}") from exc
    body: str = etree.tostring(root, encoding="unicode")
    return ('<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE html>\n' + body + "\n").encode()


def image_names(book: Book) -> dict[Path, str]:
    """Stable file names inside the EPUB for every image: `<example id>-<n>.<ext>`."""
    names: dict[Path, str] = {}
    for example in book.examples:
        for number, image in enumerate(example.afbeeldingen, 1):
            if image.path not in names:
                names[image.path] = f"{example.id}-{number}{image.path.suffix.lower()}"
    return names


def _wrap(draw: ImageDraw.ImageDraw, text: str, font: Any, width: int) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        if lines and draw.textlength(f"{lines[-1]} {word}", font=font) <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines


def _skyline(draw: ImageDraw.ImageDraw, width: int, ground: int) -> None:
    """A quiet row of houses (the neighbourhood) standing on `ground`; one lit window."""
    houses = (
        (0, 210, 300),
        (200, 170, 380),
        (360, 240, 250),
        (590, 190, 420),
        (770, 230, 300),
        (990, 180, 360),
        (1160, 250, 280),
        (1400, 200, 400),
    )
    shade = (36, 73, 111)
    for x, w, h in houses:
        top = ground - h
        draw.rectangle((x, top, x + w, ground), fill=shade)
        draw.polygon(
            [(x - 10, top), (x + w // 2, top - w // 2 + 20), (x + w + 10, top)], fill=shade
        )
        for row in range(2):
            for col in range(2):
                wx = x + w // 4 + col * (w // 2) - 18
                wy = top + 50 + row * 110
                if wy + 60 < ground - 20:
                    draw.rectangle((wx, wy, wx + 36, wy + 60), fill=(22, 50, 79))
    draw.rectangle((1032, ground - 310, 1068, ground - 250), fill=(232, 160, 43))
    draw.rectangle((0, ground, width, ground + 12), fill=(232, 160, 43))


def cover_png(book: Book) -> bytes:
    """The cover, drawn with the bundled Source Sans 3: deterministic PNG bytes."""
    width, height = COVER_SIZE
    margin = 150
    limit = 1240  # the text stays above the houses
    image = PILImage.new("RGB", COVER_SIZE, (22, 50, 79))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, width, 40), fill=(232, 160, 43))
    semibold = ImageFont.truetype(str(FONTS / "SourceSans3-Semibold.otf"), 56)
    for size in (132, 116, 100, 88, 76, 64):
        bold = ImageFont.truetype(str(FONTS / "SourceSans3-Bold.otf"), size)
        regular = ImageFont.truetype(str(FONTS / "SourceSans3-Regular.otf"), size * 64 // 132)
        title = _wrap(draw, book.titel, bold, width - 2 * margin)
        subtitle = _wrap(draw, book.ondertitel or "", regular, width - 2 * margin)
        title_step, subtitle_step = size * 156 // 132, size * 84 // 132
        if 420 + len(title) * title_step + 120 + len(subtitle) * subtitle_step <= limit:
            break
    y = 420
    for line in title:
        draw.text((margin, y), line, font=bold, fill=(255, 255, 255))
        y += title_step
    y += 30
    draw.rectangle((margin, y, margin + 220, y + 14), fill=(232, 160, 43))
    y += 90
    for line in subtitle:
        draw.text((margin, y), line, font=regular, fill=(226, 234, 242))
        y += subtitle_step
    _skyline(draw, width, height - 560)
    draw.text(
        (margin, height - margin - 70),
        f"{book.uitgever} · {book.jaar}",
        font=semibold,
        fill=(255, 255, 255),
    )
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=False)
    return out.getvalue()


class _Renderer:
    def __init__(self, book: Book) -> None:
        self.book = book
        self.env = environment(book.root)
        self.images = image_names(book)
        self.overview = overview_context(book, medium="epub")
        self.base = context(
            book,
            medium="epub",
            overview_file=OVERVIEW_FILE,
            overview_title=self.overview["ol"]["title"],
        )

    def page(self, template: str, **extra: Any) -> bytes:
        try:
            html = self.env.get_template(f"epub/{template}").render(**self.base, **extra)
        except jinja2.TemplateError as exc:
            raise BuildError(f"sjabloon epub/{template} kon niet worden gebruikt: {exc}") from exc
        return to_xhtml(html)

    def image_src(self, image: Image) -> str:
        return "images/" + self.images[image.path]

    def example_file(self, example: Example) -> str:
        return f"vb-{example.id}.xhtml"


def _documents(book: Book, r: _Renderer) -> tuple[list[_Document], list[Any]]:
    """Every XHTML document in reading order, and the table of contents for the NCX."""
    labels = LABELS[book.taal]
    hrefs: dict[str, Callable[..., str]] = {
        "example": r.example_file,
        "theme": lambda theme: f"thema-{theme.id}.xhtml",
        "register": lambda register: f"register-{register.key}.xhtml",
    }
    docs = [
        _Document("cover", "cover.xhtml", book.titel, r.page("cover.xhtml", href=hrefs)),
        _Document(
            "colofon", "colofon.xhtml", labels["colophon"], r.page("colophon.xhtml", href=hrefs)
        ),
        _Document("nav", "nav.xhtml", labels["contents"], r.page("nav.xhtml", href=hrefs), ["nav"]),
    ]
    toc: list[Any] = [
        epub.Link("colofon.xhtml", labels["colophon"], "toc-colofon"),
        epub.Link("nav.xhtml", labels["contents"], "toc-nav"),
    ]
    if book.voorwoord:
        docs.append(
            _Document(
                "voorwoord",
                "voorwoord.xhtml",
                labels["foreword"],
                r.page("foreword.xhtml", href=hrefs),
            )
        )
        toc.append(epub.Link("voorwoord.xhtml", labels["foreword"], "toc-voorwoord"))
    overview_title = r.overview["ol"]["title"]
    docs.append(
        _Document(
            "in-beeld",
            OVERVIEW_FILE,
            overview_title,
            embed_figures(r.page("overview.xhtml", **r.overview), r.overview["ov"]),
            ["svg"],
        )
    )
    toc.append(epub.Link(OVERVIEW_FILE, overview_title, "toc-in-beeld"))
    for number, theme in enumerate(book.themes, 1):
        name = hrefs["theme"](theme)
        docs.append(
            _Document(
                f"thema-{theme.id}",
                name,
                theme.titel,
                r.page("theme.xhtml", theme=theme, number=number, href=hrefs),
            )
        )
        links = []
        for example in theme.examples:
            file_name = r.example_file(example)
            docs.append(
                _Document(
                    f"vb-{example.id}",
                    file_name,
                    example.titel,
                    r.page(
                        "example.xhtml", e=example, theme=theme, href=hrefs, image_src=r.image_src
                    ),
                )
            )
            links.append(epub.Link(file_name, example.titel, f"toc-vb-{example.id}"))
        toc.append((epub.Section(theme.titel, name), links))
    registers = [reg for reg in r.base["registers"] if reg.entries]
    register_links = []
    for register in registers:
        name = hrefs["register"](register)
        docs.append(
            _Document(
                f"register-{register.key}",
                name,
                register.title,
                r.page("register.xhtml", register=register, href=hrefs),
            )
        )
        register_links.append(epub.Link(name, register.title, f"toc-register-{register.key}"))
    if register_links:
        toc.append((epub.Section(labels["registers"], register_links[0].href), register_links))
    return docs, toc


def _metadata(target: epub.EpubBook, book: Book) -> None:
    target.set_identifier(identifier(book))
    target.set_title(book.titel)
    target.set_language(book.taal)
    target.set_unique_metadata("OPF", "generator", "", {"name": "generator", "content": GENERATOR})
    for number, name in enumerate(book.redactie or (book.uitgever,), 1):
        target.add_author(name, uid=f"creator-{number}")
    target.add_metadata("DC", "publisher", book.uitgever)
    target.add_metadata("DC", "date", book.build_date.isoformat())
    if book.ondertitel:
        target.add_metadata("DC", "description", book.ondertitel)
    if book.licentie:
        target.add_metadata("DC", "rights", book.licentie)
    # Always visual content: the figures of "De voorbeelden in beeld" (with alt text and
    # data tables), besides any photos of the examples.
    accessibility = [("accessMode", "textual"), ("accessMode", "visual")]
    accessibility += [("accessModeSufficient", "textual")]
    accessibility += [
        ("accessibilityFeature", feature)
        for feature in (
            "structuralNavigation",
            "tableOfContents",
            "readingOrder",
            "displayTransformability",
        )
    ]
    accessibility.append(("accessibilityFeature", "alternativeText"))
    accessibility += [
        ("accessibilityHazard", "none"),
        ("accessibilitySummary", SUMMARY.get(book.taal, SUMMARY["nl"])),
    ]
    for prop, value in accessibility:
        target.add_metadata("OPF", prop, value, {"property": f"schema:{prop}"})
    target.add_metadata(None, "meta", "", {"name": "cover", "content": "cover-image"})


def _package_document(opf: bytes, lang: str) -> bytes:
    """The OPF with the book's language on the package element too (Ace: epub-lang)."""
    root = etree.fromstring(opf, etree.XMLParser(resolve_entities=False, no_network=True))
    root.set("{http://www.w3.org/XML/1998/namespace}lang", lang)
    package: bytes = etree.tostring(root, encoding="utf-8", xml_declaration=True, pretty_print=True)
    return package


def _deterministic_zip(data: bytes, date: dt.date, lang: str) -> bytes:
    """Rewrite ebooklib's zip: mimetype first and stored, fixed timestamps and attributes;
    the package document gets its language."""
    stamp = (max(date.year, 1980), date.month, date.day, 0, 0, 0)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        names = source.namelist()
        ordered = ["mimetype"] + [n for n in names if n != "mimetype"]
        for name in ordered:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.create_system = 3
            info.external_attr = 0o644 << 16
            if name == "mimetype":
                info.compress_type = zipfile.ZIP_STORED
                target.writestr(info, source.read(name))
            else:
                content = source.read(name)
                if name.endswith(".opf"):
                    content = _package_document(content, lang)
                info.compress_type = zipfile.ZIP_DEFLATED
                target.writestr(info, content, compresslevel=9)
    return out.getvalue()


def build_epub(book: Book) -> bytes:
    """The complete EPUB 3 file: the same book gives the same bytes."""
    r = _Renderer(book)
    target = epub.EpubBook()
    _metadata(target, book)
    docs, toc = _documents(book, r)

    css = epub.EpubItem(
        uid="css", file_name="css/epub.css", media_type="text/css", content=_stylesheet(r.env)
    )
    items: list[epub.EpubItem] = []
    for doc in docs:
        item = epub.EpubItem(
            uid=doc.uid, file_name=doc.file_name, media_type=XHTML, content=doc.content
        )
        item.properties = doc.properties
        items.append(item)
        target.add_item(item)
    ncx = epub.EpubNcx()
    target.add_item(ncx)
    target.add_item(css)
    cover = epub.EpubItem(
        uid="cover-image",
        file_name="images/cover.png",
        media_type="image/png",
        content=cover_png(book),
    )
    cover.properties = ["cover-image"]
    target.add_item(cover)
    seen: set[str] = set()
    for example in book.examples:
        for image in example.afbeeldingen:
            name = r.images[image.path]
            if name in seen:
                continue
            seen.add(name)
            try:
                content = image.path.read_bytes()
            except OSError as exc:
                raise BuildError(
                    f"afbeelding {image.name} kon niet worden gelezen: {exc.strerror}"
                ) from exc
            target.add_item(
                epub.EpubItem(
                    uid="img-" + name.rsplit(".", 1)[0],
                    file_name=f"images/{name}",
                    media_type=image.media_type,
                    content=content,
                )
            )
    for font in WEB_FONTS:
        target.add_item(
            epub.EpubItem(
                uid="font-" + font.rsplit(".", 1)[0],
                file_name=f"fonts/{font}",
                media_type="font/otf",
                content=(FONTS / font).read_bytes(),
            )
        )
    target.toc = toc
    target.spine = [(items[0], "no"), *items[1:]]

    modified = dt.datetime.combine(book.build_date, dt.time(0, 0))
    raw = io.BytesIO()
    ok = epub.write_epub(
        raw,
        target,
        {
            "mtime": modified,
            "epub3_pages": False,
            "epub3_landmark": False,
            "epub2_guide": False,
            "raise_exceptions": True,
        },
    )
    if ok is False:
        raise BuildError("het e-book (EPUB) kon niet worden geschreven")
    return _deterministic_zip(raw.getvalue(), book.build_date, book.taal)


def _stylesheet(env: jinja2.Environment) -> bytes:
    """epub.css from the project's templates or the default design."""
    assert env.loader is not None
    source, _, _ = env.loader.get_source(env, "css/epub.css")
    return source.encode("utf-8")


__all__ = ["build_epub", "cover_png", "identifier", "image_names", "to_xhtml"]

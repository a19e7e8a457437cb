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

import jinja2
import lxml.etree as etree
from ebooklib import epub

from workbook import GENERATOR
from workbook.base.design import FONTS
from workbook.base.errors import BuildError
from workbook.base.words import accessibility_summary
from workbook.model.book import Book
from workbook.render.epub.cover import cover_png
from workbook.render.epub.documents import EpubRenderer, documents
from workbook.render.media import WEB_FONTS
from workbook.render.page_breaks import PageList

UUID_NAMESPACE = uuid.UUID("6b1c6a2e-3f0a-5d0e-9a47-7c1d2b9e4f10")
XHTML = "application/xhtml+xml"


def identifier(book: Book) -> str:
    """The book's unique identifier: its ISBN as a URN, else a UUID derived from the title."""
    if book.isbn:
        return "urn:isbn:" + book.isbn.replace("-", "").replace(" ", "")
    return "urn:uuid:" + str(uuid.uuid5(UUID_NAMESPACE, book.titel))


def _metadata(target: epub.EpubBook, book: Book, page_list: PageList | None) -> None:
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
    if page_list:
        # The screen PDF's page numbers, with a page list (EPUB Accessibility 1.1).
        accessibility += [
            ("accessibilityFeature", "printPageNumbers"),
            ("accessibilityFeature", "pageNavigation"),
        ]
    accessibility += [
        ("accessibilityHazard", "none"),
        ("accessibilitySummary", accessibility_summary(book.taal, pages=bool(page_list))),
    ]
    for prop, value in accessibility:
        target.add_metadata("OPF", prop, value, {"property": f"schema:{prop}"})
    if page_list:
        # Which edition the page breaks come from (EPUB Accessibility Techniques 1.1; the
        # property of the EPUB 3 meta vocabulary, without prefix, as EPUBCheck and Ace read it).
        target.add_metadata(
            "OPF", "pageBreakSource", page_list.source, {"property": "pageBreakSource"}
        )
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


def build_epub(book: Book, page_list: PageList | None = None) -> bytes:
    """The complete EPUB 3 file: the same book gives the same bytes. `page_list`: where
    the pages of the screen PDF begin, for page-break markers and a page list."""
    r = EpubRenderer(book)
    target = epub.EpubBook()
    _metadata(target, book, page_list)
    docs, toc = documents(book, r, page_list)

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


__all__ = ["build_epub", "identifier"]

"""The EPUB's XHTML documents: cover, colophon, contents, foreword, overview, one per theme
opener and per example, the registers; each rendered from `templates/epub/` and made
well-formed XHTML with lxml."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import jinja2
import lxml.etree as etree
import lxml.html
from ebooklib import epub

from workbook.base.errors import BuildError
from workbook.base.words import LABELS
from workbook.model.book import Book, Example, Image
from workbook.model.whats_new import ANCHOR as WHATS_NEW
from workbook.render.epub.page_markers import add_markers, marker_ids, place_pages
from workbook.render.figures.section import EPUB_FILE as OVERVIEW_FILE
from workbook.render.figures.section import embed_figures, overview_context
from workbook.render.jinja import context, environment
from workbook.render.media import image_names
from workbook.render.page_breaks import PageList

WHATS_NEW_FILE = f"{WHATS_NEW}.xhtml"


@dataclass
class Document:
    uid: str
    file_name: str
    title: str
    content: bytes
    properties: list[str] = field(default_factory=list)


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


class EpubRenderer:
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
            whats_new_file=WHATS_NEW_FILE,
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


def documents(
    book: Book, r: EpubRenderer, page_list: PageList | None = None
) -> tuple[list[Document], list[Any]]:
    """Every XHTML document in reading order, and the table of contents for the NCX; with
    `page_list`, the PDF's page-break markers and the page list."""
    labels = LABELS[book.taal]
    hrefs: dict[str, Callable[..., str]] = {
        "example": r.example_file,
        "theme": lambda theme: f"thema-{theme.id}.xhtml",
        "register": lambda register: f"register-{register.key}.xhtml",
    }
    docs = [
        Document("cover", "cover.xhtml", book.titel, r.page("cover.xhtml", href=hrefs)),
        Document(
            "colofon", "colofon.xhtml", labels["colophon"], r.page("colophon.xhtml", href=hrefs)
        ),
    ]
    toc: list[Any] = [
        epub.Link("colofon.xhtml", labels["colophon"], "toc-colofon"),
        epub.Link("nav.xhtml", labels["contents"], "toc-nav"),
    ]
    if book.voorwoord:
        docs.append(
            Document(
                "voorwoord",
                "voorwoord.xhtml",
                labels["foreword"],
                r.page("foreword.xhtml", href=hrefs),
            )
        )
        toc.append(epub.Link("voorwoord.xhtml", labels["foreword"], "toc-voorwoord"))
    overview_title = r.overview["ol"]["title"]
    docs.append(
        Document(
            "in-beeld",
            OVERVIEW_FILE,
            overview_title,
            embed_figures(r.page("overview.xhtml", **r.overview), r.overview["ov"]),
            ["svg"],
        )
    )
    toc.append(epub.Link(OVERVIEW_FILE, overview_title, "toc-in-beeld"))
    if r.base["whats_new"]:
        title = r.base["whats_new"].title
        page = r.page("whats-new.xhtml", href=hrefs)
        docs.append(Document(WHATS_NEW, WHATS_NEW_FILE, title, page))
        toc.append(epub.Link(WHATS_NEW_FILE, title, f"toc-{WHATS_NEW}"))
    for number, theme in enumerate(book.themes, 1):
        name = hrefs["theme"](theme)
        docs.append(
            Document(
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
                Document(
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
            Document(
                f"register-{register.key}",
                name,
                register.title,
                r.page("register.xhtml", register=register, href=hrefs),
            )
        )
        register_links.append(epub.Link(name, register.title, f"toc-register-{register.key}"))
    if register_links:
        toc.append((epub.Section(labels["registers"], register_links[0].href), register_links))
    # The navigation document last: its page list needs the other documents.
    files = [doc.file_name for doc in docs]
    files.insert(2, "nav.xhtml")
    placed = place_pages(page_list.pages, files) if page_list else []
    # The navigation document's own ids (toc, landmarks, page-list) are not page-<n>.
    ids = marker_ids([n for n, _ in placed], (doc.content for doc in docs)) if placed else {}
    pages = [(number, f"{name}#{ids[number]}") for number, name in placed]
    nav = r.page("nav.xhtml", href=hrefs, pages=pages)
    docs.insert(2, Document("nav", "nav.xhtml", labels["contents"], nav, ["nav"]))
    if page_list:
        contents = {doc.file_name: doc.content for doc in docs}
        marked = add_markers(contents, page_list.pages, placed, ids)
        for doc in docs:
            doc.content = marked.get(doc.file_name, doc.content)
    return docs, toc

"""The book as PDF: one HTML document through WeasyPrint, PDF/UA-1, deterministic."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from pathlib import Path

from weasyprint import HTML

from workbook.model import Book, Image
from workbook.render.fetcher import ConfinedFetcher
from workbook.render.html import DEFAULT_TEMPLATES, context, environment
from workbook.render.overview_section import overview_context

LOG = logging.getLogger("workbook")


def asset_url(root: Path) -> Callable[[str], str]:
    """A template asset from the project's templates/ when it has one, else the default."""

    def asset(name: str) -> str:
        own = root / "templates" / name
        return (own if own.is_file() else DEFAULT_TEMPLATES / name).resolve().as_uri()

    return asset


def book_html(book: Book, *, print_edition: bool = False) -> str:
    env = environment(book.root)
    template = env.get_template("book.html")
    return template.render(
        context(
            book,
            print=print_edition,
            asset=asset_url(book.root),
            image_src=lambda image: _image_uri(image),
            **overview_context(book, medium="pdf"),
        )
    )


def _image_uri(image: Image) -> str:
    return image.path.as_uri()


def document_id(book: Book, print_edition: bool) -> bytes:
    seed = f"{book.titel}|{book.bestandsnaam}|{'druk' if print_edition else 'scherm'}"
    return hashlib.md5(seed.encode("utf-8")).hexdigest().encode("ascii")


def render_pdf(book: Book, *, print_edition: bool = False) -> bytes:
    """The finished PDF as bytes (the caller writes it atomically)."""
    html = book_html(book, print_edition=print_edition)
    fetcher = ConfinedFetcher(book.root)
    document = HTML(string=html, base_url=(book.root / "index.html").as_uri(), url_fetcher=fetcher)
    pdf: bytes = document.write_pdf(
        pdf_variant="pdf/ua-1",
        pdf_identifier=document_id(book, print_edition),
        custom_metadata=False,
        optimize_images=False,
        uncompressed_pdf=False,
    )
    for url in fetcher.refused:
        LOG.warning("niet geladen (buiten het project of van het netwerk): %s", url)
    return pdf

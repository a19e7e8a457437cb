"""The book as PDF: one HTML document through WeasyPrint, deterministic.

The screen edition is PDF/UA-1. The print edition (`print_edition=True`) is PDF/X-4: its
images are converted to CMYK as they are fetched, its CSS uses the CMYK palette of
print.css, and `workbook.render.pdfx` adds the output intent, boxes and crop marks.
"""

from __future__ import annotations

import hashlib
import io
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from weasyprint import HTML, Document

from workbook.model import Book
from workbook.render.color import output_condition, print_transform
from workbook.render.fetcher import ConfinedFetcher, project_url
from workbook.render.html import DEFAULT_TEMPLATES, context, environment
from workbook.render.pdfx import finish_pdfx4, write_pdfx

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
            image_src=lambda image: project_url(book.root, image.path),
        )
    )


def document_id(book: Book, print_edition: bool) -> bytes:
    seed = f"{book.titel}|{book.bestandsnaam}|{'druk' if print_edition else 'scherm'}"
    return hashlib.md5(seed.encode("utf-8")).hexdigest().encode("ascii")


def pdf_options(book: Book, print_edition: bool) -> dict[str, Any]:
    """WeasyPrint's options for layout and writing, per edition."""
    options: dict[str, Any] = {
        "pdf_identifier": document_id(book, print_edition),
        "custom_metadata": False,
        "optimize_images": False,
        "uncompressed_pdf": False,
    }
    if print_edition:
        # PDF/X-4 (pdfx.py adds the rest): PDF 1.6, still tagged, and DeviceCMYK as the
        # blending space of transparency groups instead of DeviceRGB.
        options |= {"pdf_version": "1.6", "pdf_tags": True, "output_intent": "device-cmyk"}
    else:
        options["pdf_variant"] = "pdf/ua-1"
    return options


def render_pdf(
    book: Book,
    *,
    print_edition: bool = False,
    on_layout: Callable[[Document], None] | None = None,
) -> bytes:
    """The finished PDF as bytes (the caller writes it atomically). `on_layout` sees the
    laid-out document before it is written (the image preflight measures it there)."""
    html = book_html(book, print_edition=print_edition)
    fetcher = ConfinedFetcher(book.root, transform=print_transform if print_edition else None)
    source = HTML(string=html, base_url=(book.root / "index.html").as_uri(), url_fetcher=fetcher)
    options = pdf_options(book, print_edition)
    document = source.render(**options)
    if on_layout is not None:
        on_layout(document)
    pdf: bytes = document.write_pdf(**options)
    for url in fetcher.refused:
        LOG.warning("niet geladen (buiten het project of van het netwerk): %s", url)
    if print_edition:
        pdf = finish_print_pdf(pdf)  # issue 12: PDF/X-4
    return pdf


def finish_print_pdf(data: bytes) -> bytes:
    """Rendered print edition → PDF/X-4 for the FOGRA39 condition."""
    import pikepdf

    with pikepdf.open(io.BytesIO(data)) as pdf:
        finish_pdfx4(pdf, output_condition())
        return write_pdfx(pdf)

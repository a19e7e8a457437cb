"""The bundled book's parts as HTML, for tests that look behind the PDF."""

from __future__ import annotations

from workbook.model.book import Book
from workbook.render.pdf.book import pdf_plan
from workbook.render.pdf.flow import PLACEHOLDER


def part_documents(book: Book, *, print_edition: bool = False) -> list[str]:
    """The HTML of every part of the book, with placeholder page numbers."""
    plan = pdf_plan(book, print_edition=print_edition)
    return [plan.html(part, lambda _: PLACEHOLDER) for part in plan.parts]


def single_document(book: Book) -> str:
    """The parts' bodies in one HTML document: what a single WeasyPrint pass lays out."""
    documents = part_documents(book)
    head = documents[0].split("<body>", 1)[0]
    bodies = [d.split("<body>", 1)[1].rsplit("</body>", 1)[0] for d in documents]
    return f"{head}<body>{''.join(bodies)}</body>\n</html>\n"

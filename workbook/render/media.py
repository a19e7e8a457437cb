"""The files the EPUB and the site carry besides their pages: the examples' images under
stable names, and the web fonts with their licences."""

from __future__ import annotations

from pathlib import Path

from workbook.model.book import Book

# The faces the EPUB and the site use (PDF rendering reads fonts.css, which has them all).
WEB_FONTS = (
    "SourceSerif4-Regular.otf",
    "SourceSerif4-It.otf",
    "SourceSerif4-Bold.otf",
    "SourceSerif4-BoldIt.otf",
    "SourceSans3-Regular.otf",
    "SourceSans3-Semibold.otf",
    "SourceSans3-Bold.otf",
)
FONT_LICENCES = ("OFL-SourceSerif4.txt", "OFL-SourceSans3.txt")


def image_names(book: Book) -> dict[Path, str]:
    """Stable file names for every image: `<example id>-<n>.<ext>`."""
    names: dict[Path, str] = {}
    for example in book.examples:
        for number, image in enumerate(example.afbeeldingen, 1):
            if image.path not in names:
                names[image.path] = f"{example.id}-{number}{image.path.suffix.lower()}"
    return names

"""The EPUB 3: XHTML documents, cover and package."""

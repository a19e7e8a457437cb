"""werkboek: turn praktijkvoorbeelden (YAML) into a workbook (PDF, EPUB, site)."""

from __future__ import annotations

__version__ = "0.1.0"
# How every output names the program that made it (PDF /Creator, EPUB generator meta).
GENERATOR = f"werkboek {__version__}"

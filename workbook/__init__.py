"""werkboek: turn praktijkvoorbeelden (YAML) into a workbook (PDF, EPUB, site)."""

from __future__ import annotations

__version__ = "0.1.0"

"""Renderers: they read only the model and the templates, never YAML."""

from __future__ import annotations

import os

from workbook.base.design import FONTCONFIG

# Fontconfig reads this when WeasyPrint first loads fonts: only the bundled fonts exist for
# rendering, so a missing glyph or a generic family in an SVG never pulls in a system font.
os.environ["FONTCONFIG_FILE"] = str(FONTCONFIG)

"""A correction to WeasyPrint 70's line breaking, applied where the book is laid out.

`weasyprint.text.line_break.split_first_line` measures a text with its trailing space.
When a text fits its line except for that space (which disappears at a line end anyway),
it concludes that the line cannot be split earlier and breaks after the *first* word
instead. With `hyphens: auto` and a text that ends before an inline element (emphasis, a
link), a paragraph then gets a line with a single word on it, for example:

    ... met criminele inkomsten een huis
    koopt,
    verbouwt en er een dure auto voor zet. ... voorbeeld van *snel geld*

The correction: when the first line came out suspiciously short and the text without its
trailing spaces fits the width, the whole text is the first line (as WeasyPrint does for
any other text that fits). Every other case is passed through unchanged.
"""

from __future__ import annotations

from math import inf
from typing import Any

_SHORT = 0.8  # a first line under this share of the width is worth a second look
_APPLIED: dict[str, Any] = {}


def _patched(original: Any) -> Any:
    def split_first_line(
        text: str,
        style: Any,
        context: Any,
        max_width: float | None,
        justification_spacing: float,
        is_line_start: bool = True,
        minimum: bool = False,
    ) -> Any:
        result = original(
            text, style, context, max_width, justification_spacing, is_line_start, minimum
        )
        resume, width = result[2], result[3]
        if (
            resume is None
            or max_width is None
            or max_width == inf
            or width >= _SHORT * max_width
            or not text.endswith(" ")
            or style["white_space"] not in ("normal", "nowrap", "pre-line")
        ):
            return result
        stripped = text.rstrip(" ")
        if not stripped:
            return result
        whole = original(stripped, style, context, inf, justification_spacing, is_line_start)
        if whole[2] is not None or whole[3] > max_width:
            return result
        return original(text, style, context, inf, justification_spacing, is_line_start, minimum)

    split_first_line.original = original  # type: ignore[attr-defined]
    return split_first_line


def apply() -> None:
    """Install the correction (once per process)."""
    if _APPLIED:
        return
    from weasyprint.layout import inline, preferred
    from weasyprint.text import line_break

    patched = _patched(line_break.split_first_line)
    for module in (line_break, inline, preferred):
        if getattr(module, "split_first_line", None) is patched.original:  # type: ignore[attr-defined]
            module.split_first_line = patched
    _APPLIED["split_first_line"] = patched

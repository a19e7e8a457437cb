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
any other text that fits).

And a shortcut with the same outcome: for its min-content width (a table with automatic
column widths), WeasyPrint splits every text in a cell at width 0, one line at a time.
With `overflow-wrap: anywhere` (every table cell, see book.css) it first tries the word
breaks and every hyphenation of the word with Pyphen, finds that nothing fits in 0, and
then breaks after the first character (step 5 of `split_first_line`). For each character
of the cell. The shortcut goes to step 5 at once, on the first characters of the text:
the same line, width and resume index, in a fraction of the time; for a plain character
followed by another (most text), the line's metrics are those of the character alone and
are remembered per character and style. Every other case is passed through unchanged.
"""

from __future__ import annotations

import unicodedata
from math import inf
from typing import Any

_SHORT = 0.8  # a first line under this share of the width is worth a second look
_HEAD = 32  # characters enough to find where the first character's line ends
_REMEMBERED = 4096  # characters' answers kept (the style is kept with them)
_APPLIED: dict[str, Any] = {}
_ANSWERS: dict[tuple[str, int, float], tuple[Any, Any]] = {}  # (character, style, spacing)


def _plain(character: str) -> bool:
    """A character that is a line of its own at width 0 with WRAP_CHAR, whatever comes
    after it, when what comes after is plain too: a printable letter, digit, punctuation
    mark or symbol of the Latin blocks or the general punctuation (dashes, quotes), not a
    space, no mark that joins the one before (combining accents, joiners, selectors)."""
    code = ord(character)
    return (
        0x21 <= code < 0x0300 or 0x2010 <= code <= 0x2027 or 0x2030 <= code <= 0x205E
    ) and unicodedata.category(character)[0] in "LNPS"


def _first_character_once(text: str, style: Any, context: Any, justification_spacing: float) -> Any:
    """`_first_character`, remembered per character where the text starts with a plain one
    (and spaces) and goes on with another: the line is that character, its metrics are
    those of the character alone, and only the resume index depends on the text. The key
    holds the style's id, and the entry the style itself, so that the id cannot be taken
    by another style meanwhile."""
    first = text[0]
    after = len(text) - len(text[1:].lstrip(" "))  # the character and the spaces after it
    if not (_plain(first) and after < len(text) and _plain(text[after])):
        return _first_character(text, style, context, justification_spacing)
    key = (first, id(style), justification_spacing)
    found = _ANSWERS.get(key)
    if found is None or found[0] is not style:
        if len(_ANSWERS) >= _REMEMBERED:
            _ANSWERS.clear()
        found = (style, _first_character(first * 2, style, context, justification_spacing))
        _ANSWERS[key] = found
    layout, length, _, width, height, baseline = found[1]
    return layout, length, len(text[:after].encode()), width, height, baseline


def _first_character(text: str, style: Any, context: Any, justification_spacing: float) -> Any:
    """`split_first_line(text, …, max_width=0, is_line_start=True, minimum=True)` for a
    text with `overflow-wrap: anywhere` and `white-space: normal`, as its step 5 ends: the
    line with the first character (and the spaces after it), laid out from the head of the
    text; the whole text when that head is one line."""
    from weasyprint.text.constants import PANGO_WRAP_MODE
    from weasyprint.text.ffi import pango
    from weasyprint.text.line_break import create_layout, first_line_metrics

    for head in (text[:_HEAD], text) if len(text) > _HEAD else (text,):
        layout = create_layout(head, style, context, 0, justification_spacing)
        pango.pango_layout_set_wrap(layout.layout, PANGO_WRAP_MODE["WRAP_CHAR"])
        first_line, index = layout.get_first_line()
        resume = index or first_line.length
        if resume < len(head.encode()) or head is text:
            return first_line_metrics(
                first_line,
                text,
                layout,
                resume if resume < len(text.encode()) else None,
                True,
                style,
                False,
                style["hyphenate_character"],
            )
        layout.deactivate()
    raise AssertionError("unreachable")  # the last head is the text itself


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
        if (
            minimum
            and max_width == 0
            and is_line_start
            and text
            and style["overflow_wrap"] == "anywhere"
            and style["white_space"] == "normal"
        ):
            return _first_character_once(text, style, context, justification_spacing)
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

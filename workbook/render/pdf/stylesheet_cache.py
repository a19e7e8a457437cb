"""The design's stylesheets, parsed once per process instead of once per part.

A book is laid out in dozens of parts, and each part's HTML links the same stylesheets
(`fonts.css`, `book.css`, and `print.css` for the print edition). WeasyPrint parses every
linked stylesheet for every document, and every parse of `fonts.css` registers the bundled
faces with the font configuration again (what that costs: docs/bench.md).

While a part is laid out (`parsed_once`), the `CSS` that WeasyPrint's `find_stylesheets`
creates for a `<link rel="stylesheet">` comes from a cache kept per process, keyed by the
URL and a hash of the bytes read (so an edited stylesheet is parsed again). The sheets stay
*author* stylesheets in their own places, so the cascade is the one WeasyPrint computes
without the cache; the output is byte-identical (tests compare both). What a parse reports
(warnings, refused URLs) is replayed on every part that uses the sheet, as before.

A cached sheet has its own list of `@page` rules instead of the document's shared one;
WeasyPrint applies the shared list once per author sheet, which yields the same cascade.
Sheets with `@import` (content not in the key), `@layer` (layer order is per document) or
a charset from the fetcher are not cached and are parsed as WeasyPrint does.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

_STATE: dict[str, Any] = {}


@dataclass
class _Parsed:
    sheet: Any  # weasyprint.CSS
    warnings: list[str]
    refused: list[str]


@dataclass
class SheetCache:
    """Parsed sheets and the objects they were parsed against, for one project and edition.

    `counter_style` and `color_profiles` are what `@counter-style` and `@color-profile`
    rules fill while parsing: the documents that use the cached sheets must get the same
    objects (`HTML.render(counter_style=…, color_profiles=…)`)."""

    counter_style: Any
    color_profiles: dict[str, Any] = field(default_factory=dict)
    sheets: dict[tuple[str, str, int, str], _Parsed] = field(default_factory=dict)


_CACHES: dict[tuple[str, bool], SheetCache] = {}


def cache_for(root: str, print_edition: bool) -> SheetCache:
    from weasyprint.css.counters import CounterStyle

    key = (root, print_edition)
    if key not in _CACHES:
        _CACHES[key] = SheetCache(CounterStyle())
    return _CACHES[key]


@contextmanager
def parsed_once(cache: SheetCache, warnings: list[str]) -> Iterator[None]:
    """Within this block, linked stylesheets come from `cache`; `warnings` is the list the
    current part's WeasyPrint warnings go to (replayed ones are added there)."""
    install()
    _STATE["active"] = (cache, warnings)
    try:
        yield
    finally:
        _STATE.pop("active", None)


def install() -> None:
    """Put the caching factory in place of `CSS` in `weasyprint.css` (once per process)."""
    import weasyprint.css as css_module

    if "original" in _STATE:
        return
    _STATE["original"] = css_module.CSS
    css_module.CSS = _factory(css_module.CSS)


def _factory(original: Callable[..., Any]) -> Callable[..., Any]:
    def css(*args: Any, **kwargs: Any) -> Any:
        active = _STATE.get("active")
        if active is None or args or kwargs.get("url") is None:
            return original(*args, **kwargs)
        return _cached(original, active[0], active[1], kwargs)

    return css


def _cached(
    original: Callable[..., Any], cache: SheetCache, warnings: list[str], kwargs: dict[str, Any]
) -> Any:
    from weasyprint.urls import fetch

    fetcher = kwargs["url_fetcher"]
    if (
        kwargs.get("counter_style") is not cache.counter_style
        or kwargs.get("color_profiles") is not cache.color_profiles
    ):
        return original(**kwargs)  # a document rendered without the cache's objects
    with fetch(fetcher, kwargs["url"]) as response:
        data = response.read()
        base_url, charset, content_type = response.url, response.charset, response.content_type
    if isinstance(data, str):
        data = data.encode("utf-8")
    if (
        (kwargs.get("_check_mime_type") and content_type != "text/css")
        or charset is not None
        or b"@import" in data
        or b"@layer" in data
    ):
        return original(**kwargs)
    key = (
        str(base_url),
        str(kwargs.get("media_type")),
        id(kwargs.get("font_config")),
        hashlib.sha256(data).hexdigest(),
    )
    refused: list[str] = getattr(fetcher, "refused", [])
    parsed = cache.sheets.get(key)
    if parsed is None:
        warned, refusals = len(warnings), len(refused)
        sheet = original(
            file_obj=io.BytesIO(data),
            base_url=base_url,
            url_fetcher=fetcher,
            media_type=kwargs.get("media_type", "print"),
            font_config=kwargs.get("font_config"),
            counter_style=cache.counter_style,
            color_profiles=cache.color_profiles,
        )
        parsed = _Parsed(sheet, warnings[warned:], refused[refusals:])
        cache.sheets[key] = parsed
    else:
        warnings.extend(parsed.warnings)
        if hasattr(fetcher, "refused"):
            fetcher.refused.extend(parsed.refused)
    return parsed.sheet

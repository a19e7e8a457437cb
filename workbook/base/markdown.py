"""The restricted Markdown of the contract: CommonMark plus tables, no HTML/images/headings.

`problems()` finds what the contract forbids (for diagnostics); `to_html()` renders what is
allowed, with HTML disabled in the parser and nh3 as a second wall.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import nh3
from markdown_it import MarkdownIt
from markdown_it.token import Token

SAFE_SCHEMES = ("https:", "http:", "mailto:")
ALLOWED_TAGS = {
    "p",
    "em",
    "strong",
    "ul",
    "ol",
    "li",
    "blockquote",
    "a",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "code",
    "pre",
    "br",
    "hr",
}


@dataclass(frozen=True)
class MarkdownProblem:
    code: str
    message: str
    hint: str
    line: int  # 0-based line within the Markdown text
    needle: str  # text to look for on that line, for the column


@lru_cache(maxsize=1)
def _checker() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": True}).enable("table")
    md.validateLink = lambda url: True  # type: ignore[method-assign]  # report, don't hide
    return md


@lru_cache(maxsize=1)
def _renderer() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "xhtmlOut": True}).enable("table")
    md.validateLink = is_safe_link  # type: ignore[method-assign]
    return md


# What each rule says: code -> (message, hint). `{href}` is the link in question.
RULES: dict[str, tuple[str, str]] = {
    "markdown-html": (
        "HTML-code is niet toegestaan in de tekst",
        "gebruik Markdown: **vet**, *cursief*, [tekst](https://…); wilt u een teken als < "
        "tonen, zet er dan een \\ voor",
    ),
    "markdown-image": (
        "afbeeldingen in de tekst zijn niet toegestaan",
        "zet de afbeelding onder 'afbeeldingen:' met een alt-tekst",
    ),
    "markdown-heading": (
        "koppen (regels die met # beginnen) zijn niet toegestaan",
        "de koppen komen uit het sjabloon; maak van de regel een gewone zin, of "
        "**vet** als u iets wilt benadrukken",
    ),
    "unsafe-link": (
        "de link '{href}' is niet toegestaan",
        "alleen links die beginnen met https://, http:// of mailto: mogen",
    ),
}


def _problem(code: str, line: int, needle: str, href: str = "") -> MarkdownProblem:
    message, hint = RULES[code]
    return MarkdownProblem(code, message.replace("{href}", href), hint, line, needle)


def is_safe_link(url: str) -> bool:
    return url.strip().lower().startswith(SAFE_SCHEMES)


# Text without any of these cannot hold HTML, an image, a heading or a link.
_SUSPECT = re.compile(r"[<#\]]|^\s*(=+|-+)\s*$|https?:|mailto:|www\.", re.MULTILINE)


def problems(text: str) -> list[MarkdownProblem]:
    if not _SUSPECT.search(text):
        return []
    found: list[MarkdownProblem] = []
    for token in _checker().parse(text):
        line = token.map[0] if token.map else 0
        if token.type == "html_block":
            found.append(_html(line, token.content))
        elif token.type == "heading_open":
            needle = "#" if token.markup[0] == "#" else token.markup
            found.append(_problem("markdown-heading", line, needle))
        elif token.type == "inline":
            found.extend(_inline_problems(token, line))
    return found


def _html(line: int, content: str) -> MarkdownProblem:
    return _problem("markdown-html", line, content.strip().split("\n")[0][:20] or "<")


def _inline_problems(token: Token, line: int) -> list[MarkdownProblem]:
    found: list[MarkdownProblem] = []
    for child in token.children or []:
        if child.type == "html_inline":
            found.append(_html(line + _line_offset(token.content, child.content), child.content))
        elif child.type == "image":
            found.append(_problem("markdown-image", line + _line_offset(token.content, "!["), "!["))
        elif child.type == "link_open":
            href = str(child.attrs.get("href", ""))
            if not is_safe_link(href):
                where = line + _line_offset(token.content, href)
                found.append(_problem("unsafe-link", where, href or "](", href))
    return found


def _line_offset(content: str, needle: str) -> int:
    index = content.find(needle)
    return content.count("\n", 0, index) if index > 0 else 0


def to_html(text: str) -> str:
    html = _renderer().render(text)
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes={"a": {"href"}},
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener",
    ).strip()

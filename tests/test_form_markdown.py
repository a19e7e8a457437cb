"""The form's Markdown rules are the command line's: same parser, same token walk, same words.

`workbook check` uses workbook/base/markdown.py `problems()` (markdown-it-py); the form the
vendored markdown-it that markdown-it-py ports, with the messages, hints and link schemes
form.py embeds from that module. Both must find the same problems in every text.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from test_form import BOOK, SCHEMA, THEMES, browser, browser_only, form_api  # noqa: F401

from workbook.base import markdown
from workbook.render.site.form import markdown_rules, render_form

TEXTS = [
    # allowed
    "Gewoon **vet**, *cursief* en `code`.",
    "\\<img src=x onerror=alert(1)>",
    "`<script>alert(1)</script>`",
    "``<b>`` en `<!-- x -->`",
    "```\n<b>vet</b>\n# geen kop\n![a](b.png)\n```",
    "    <b>ingesprongen code</b>\n    # geen kop",
    "&lt;b&gt; en 3 < 4 en a <b en <3",
    "\\# geen kop\n\n#geen kop\n\n\\![geen afbeelding] en ! [ook geen]",
    "[site](https://example.nl) [mail](mailto:a@example.nl) [oud](http://example.nl)",
    "[hoofdletters](HTTPS://EXAMPLE.NL) [spaties]( https://example.nl )",
    "<https://example.nl> en <a@example.nl> en <MAILTO:a@example.nl>",
    "[ref][1]\n\n[1]: https://example.nl 'titel'",
    "www.example.nl en https://example.nl staan er als tekst",
    "| a | b |\n|---|---|\n| `<i>` | \\<b> |",
    "- punt\n- punt met [link](https://example.nl)\n\n> citaat",
    "tekst\n\n---\n\nna een lijn",
    "tekst\n\n***\n",
    # HTML
    "<b>vet</b>",
    "<div>\nblok\n</div>",
    "<!-- opmerking -->",
    "tekst <!-- opmerking --> tekst",
    "<br>",
    "regel<br/>regel",
    "</p>",
    "<?php echo 1; ?>",
    "<![CDATA[x]]>",
    "<!DOCTYPE html>",
    "<script>alert(1)</script>",
    "- punt <em>nadruk</em>",
    "> <span>citaat</span>",
    "| a |\n|---|\n| <i>x</i> |",
    "`open <b>dicht`</b>",
    # images
    "![foto](foto.png)",
    "![foto][1]\n\n[1]: foto.png",
    "tekst ![a](https://example.nl/a.png) tekst",
    "[![a](a.png)](https://example.nl)",
    # headings
    "# Kop",
    "###### Kop",
    "Kop\n===",
    "Kop\n---",
    "> # kop in citaat",
    "- # kop in lijst",
    "   # drie spaties",
    # links
    "[a](javascript:alert(1))",
    "[a](JavaScript:alert(1))",
    "[a](data:text/html,x)",
    "[a](/pad/op/de/site)",
    "[a](#anker)",
    "[a](foto.png)",
    "[a](ftp://example.nl)",
    "<javascript:alert(1)>",
    "[a][x]\n\n[x]: vbscript:msgbox",
    "[a](<javascript:alert(1)>)",
    "[a](https://example.nl) en [b](file:///etc/passwd)",
    "[a]()",
    "![[a](javascript:x)](b.png)",
    "[[a](javascript:x)](https://example.nl)",
]

FRAGMENTS = [
    "tekst",
    " ",
    "\n",
    "\n\n",
    "# ",
    "#",
    "===",
    "---",
    "- ",
    "> ",
    "    ",
    "`",
    "```",
    "\\",
    "<",
    ">",
    "<b>",
    "</b>",
    "<!--",
    "-->",
    "![",
    "[",
    "]",
    "(",
    ")",
    "https://example.nl",
    "javascript:x",
    "mailto:a@b.nl",
    "*",
    "|",
    "|---|",
    "&lt;",
    "<https://x.nl>",
    "<a@b.nl>",
    "[1]: ",
    "[1]",
    "](",
    "[a](",
    "![a](",
    "[a](javascript:x)",
    "![a](a.png)",
]


def _random_texts(count: int, seed: int = 20240501) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(FRAGMENTS) for _ in range(rng.randint(1, 14))) for _ in range(count)]


def _cli(text: str) -> list[dict[str, str]]:
    return [{"code": p.code, "message": p.message, "hint": p.hint} for p in markdown.problems(text)]


@pytest.fixture(scope="module")
def page(browser: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:  # noqa: F811
    with form_api(browser, tmp_path_factory.mktemp("form")) as opened:
        yield opened


def test_rules_are_embedded_from_the_command_line() -> None:
    rules = markdown_rules()
    assert rules["schemes"] == list(markdown.SAFE_SCHEMES)
    assert set(rules["problems"]) == {
        "markdown-html",
        "markdown-image",
        "markdown-heading",
        "unsafe-link",
    }
    (link,) = markdown.problems("[a](ftp://x.nl)")
    assert rules["problems"]["unsafe-link"]["message"].replace("{href}", "ftp://x.nl") == (
        link.message
    )
    html = render_form(BOOK["titel"], THEMES, SCHEMA)
    start = html.index('id="markdown">') + len('id="markdown">')
    assert json.loads(html[start : html.index("</script>", start)]) == rules


@browser_only
@pytest.mark.parametrize("texts", [TEXTS, _random_texts(600)], ids=["gekozen", "willekeurig"])
def test_form_finds_the_problems_the_command_line_finds(page: Any, texts: list[str]) -> None:
    got = page.evaluate(
        """texts => {
             const rules = JSON.parse(document.getElementById('markdown').textContent);
             return texts.map(t => module.exports.markdownProblems(t, rules));
           }""",
        texts,
    )
    for text, problems in zip(texts, got, strict=True):
        assert problems == _cli(text), text
    if texts is TEXTS:  # the chosen texts cover every rule, and allowed text
        codes = {p["code"] for found in got for p in found}
        assert codes == set(markdown_rules()["problems"])
        assert got[: TEXTS.index("<b>vet</b>")] == [[]] * TEXTS.index("<b>vet</b>")


@browser_only
def test_werkwijze_with_escaped_html_and_inline_code_is_accepted(page: Any) -> None:
    """Known bugs of the old hand-written rules: both texts pass `workbook check`."""
    werkwijze = "Schrijf \\<img src=x> als tekst, en `<script>alert(1)</script>` als code."
    assert _cli(werkwijze) == []
    errors = page.evaluate(
        """text => {
             const f = module.exports;
             const get = id => JSON.parse(document.getElementById(id).textContent);
             const schema = get('schema');
             const state = f.emptyState(schema);
             state.werkwijze = text;
             return f.validateState(state, schema, get('themas'), get('markdown'))
               .filter(e => e.path[0] === 'werkwijze');
           }""",
        werkwijze,
    )
    assert errors == []


def test_markdown_rules_are_not_named_in_the_script() -> None:
    """The messages live in workbook/base/markdown.py only: the script has none of them."""
    script = (
        Path(__file__).resolve().parents[1] / "templates" / "site" / "assets" / "insturen.js"
    ).read_text(encoding="utf-8")
    for rule in markdown_rules()["problems"].values():
        assert rule["message"].split("{")[0][:25] not in script
        assert rule["hint"][:25] not in script

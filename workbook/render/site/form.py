"""The contributor form `insturen.html`: a page that writes a praktijkvoorbeeld YAML file.

The form is generated in the browser from the JSON Schema, which is embedded in the page
(the schema is the single source of truth for fields, labels, help texts and limits), with the
Markdown rules of `workbook check` (`markdown_rules`). The page makes no requests and works
from the file system: the script, the stylesheet and the vendored libraries it loads with
plain <script> tags (js-yaml, markdown-it) are copied next to it by `write_form_assets`.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from workbook.base import markdown
from workbook.base.design import DEFAULT_TEMPLATES
from workbook.base.words import labels

TEMPLATE_NAME = "site/insturen.html"
# With the search field in its header (search.js, search.css), as on every page of the site.
# The vendored libraries travel with their licenses (templates/site/assets/vendor/README.md).
ASSETS = (
    "insturen.js",
    "insturen.css",
    "search.js",
    "search.css",
    "favicon.svg",
    "vendor/js-yaml/js-yaml.min.js",
    "vendor/js-yaml/LICENSE",
    "vendor/markdown-it/markdown-it.min.js",
    "vendor/markdown-it/LICENSE",
)
# The fonts insturen.css uses; the site copies the same files to assets/fonts/.
FONTS = (
    "SourceSans3-Regular.otf",
    "SourceSans3-It.otf",
    "SourceSans3-Semibold.otf",
    "SourceSans3-Bold.otf",
)


def script_json(value: Any) -> Markup:
    """JSON that is safe inside <script type="application/json">.

    `</` becomes `<\\/` (so `</script>` cannot end the element) and `<!--` becomes
    `\\u003c!--` (so the HTML parser never enters its escaped-script state). Both are valid
    JSON escapes, so `JSON.parse` returns the original text.
    """
    text = json.dumps(value, ensure_ascii=False, indent=None, separators=(",", ":"))
    text = text.replace("<!--", "\\u003c!--").replace("</", "<\\/")
    return Markup(text)


def markdown_rules() -> dict[str, Any]:
    """The Markdown rules of `workbook check` for the form: one source for both.

    The messages and hints of `markdown.RULES` (`{href}` stands for the link in the
    unsafe-link message) and the link schemes it allows. The form walks the tokens of the
    same parser (markdown-it, the version markdown-it-py ports) the same way.
    """
    problems = {code: {"message": m, "hint": h} for code, (m, h) in markdown.RULES.items()}
    return {"schemes": list(markdown.SAFE_SCHEMES), "problems": problems}


def _default_env() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(DEFAULT_TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )


def render_form(
    book_title: str,
    themes: list[tuple[str, str]],
    schema: dict[str, Any],
    env: jinja2.Environment | None = None,
) -> str:
    """The HTML of `insturen.html`; `themes` are (id, titel) pairs in book order."""
    template = (env or _default_env()).get_template(TEMPLATE_NAME)
    return template.render(
        book_title=book_title,
        schema_json=script_json(schema),
        markdown_json=script_json(markdown_rules()),
        themes_json=script_json([{"id": id_, "titel": titel} for id_, titel in themes]),
        # The form's own texts are Dutch (they come from the schema); so is its search field.
        lang="nl",
        t=labels("nl"),
    )


def write_form_assets(target_dir: Path) -> None:
    """Copy the form's script and stylesheet to `target_dir/assets/` (each file atomically).

    The bundled fonts the stylesheet names go to `assets/fonts/` unless already there, so
    the page is complete on its own as well as inside the site.
    """
    assets = target_dir / "assets"
    copies = [(DEFAULT_TEMPLATES / "site" / "assets" / name, assets / name) for name in ASSETS]
    copies += [
        (DEFAULT_TEMPLATES / "fonts" / name, assets / "fonts" / name)
        for name in FONTS
        if not (assets / "fonts" / name).is_file()
    ]
    for source, target in copies:
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(f".{target.name}.part")
        shutil.copyfile(source, partial)
        os.replace(partial, target)

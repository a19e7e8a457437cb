"""The form's field checks give the verdicts `workbook check` gives, field by field.

The form checks fields in the browser with rules generated from the JSON Schema (enum,
minLength, maxLength, minItems, maxItems, pattern, format) plus the rules beyond it. For a
table of values per kind of field, the verdict of the form's code (in its page, as on
submit) must equal the command line's for the same field: an error, or none. A few values
the form corrects when it loads a file instead (a decimal comma, a number as a title): then
the form accepts, and `workbook check` accepts the file the form saves.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import EXAMPLE_PATH, VALID_EXAMPLE, write_project
from test_form import ROOT, SCHEMA, browser, browser_only, form_api  # noqa: F401 - fixture
from yaml.resolver import Resolver

from workbook.check.run import check_paths

pytestmark = browser_only

BASE: dict[str, Any] = yaml.safe_load(VALID_EXAMPLE)
# The schema keywords that limit a value (the rest describe it: title, type, examples ...).
KEYWORDS = {"required", "minLength", "maxLength", "enum", "pattern", "minItems", "maxItems"}
KEYWORDS |= {"contentMediaType", "minimum", "maximum", "const", "uniqueItems"}
DELETE = object()


class Plain(str):
    """A scalar written without quotes, read as YAML resolves it (2021-02-30, 1.5, ja)."""


class _Dumper(yaml.SafeDumper):
    pass


_Dumper.add_representer(
    Plain,
    lambda dumper, value: dumper.represent_scalar(
        Resolver().resolve(yaml.ScalarNode, str(value), (True, False)),  # type: ignore[no-untyped-call]
        str(value),
    ),
)


@dataclass(frozen=True)
class Case:
    field: str  # the field as both name it: 'partners[2].soort'
    changes: dict[tuple[str | int, ...], Any]  # path → value (DELETE removes the key)
    error: bool  # does `workbook check` report an error for the field?
    repaired: bool = False  # the form corrects the value on loading (and so accepts it)
    cli_field: str = ""  # when check names the group and the form the control in it

    def text(self) -> str:
        data: Any = copy.deepcopy(BASE)
        for path, value in self.changes.items():
            parent: Any = data
            for part in path[:-1]:
                parent = parent.setdefault(part, {}) if isinstance(part, str) else parent[part]
            if value is DELETE:
                del parent[path[-1]]
            else:
                parent[path[-1]] = value
        return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False)


def bad(field: str, changes: dict[tuple[str | int, ...], Any]) -> Case:
    return Case(field, changes, error=True)


def good(field: str, changes: dict[tuple[str | int, ...], Any]) -> Case:
    return Case(field, changes, error=False)


RESULT = {"omschrijving": "Leerlingen bereikt"}
SOURCE = {"titel": "Evaluatie"}
IMAGE = {"bestand": "img/foto.png", "alt": "Een foto van de klas"}
CONTACT = {"naam": "Jan", "email": "jan@example.nl", "toestemming": True}

CASES: dict[str, Case] = {
    # required
    "required-titel": bad("titel", {("titel",): DELETE}),
    "required-werkvragen": bad("werkvragen", {("werkvragen",): DELETE}),
    "required-looptijd.start": bad("looptijd.start", {("looptijd",): {"eind": 2022}}),
    "required-item-field": bad("partners[2].soort", {("partners", 1, "soort"): DELETE}),
    "required-empty-text": bad("titel", {("titel",): ""}),
    # minLength and maxLength
    "minLength": bad("titel", {("titel",): "Kort"}),
    "minLength-edge": good("titel", {("titel",): "Kort!"}),
    "minLength-samenvatting": bad("samenvatting", {("samenvatting",): "Te kort."}),
    "minLength-item": bad("afbeeldingen[1].alt", {("afbeeldingen",): [{**IMAGE, "alt": "abc"}]}),
    "maxLength": bad("titel", {("titel",): "x" * 121}),
    "maxLength-edge": good("titel", {("titel",): "x" * 120}),
    "maxLength-list-item": bad("trefwoorden[1]", {("trefwoorden",): ["x" * 61]}),
    "maxLength-object-item": bad(
        "resultaten[1].eenheid", {("resultaten",): [{**RESULT, "eenheid": "x" * 61}]}
    ),
    "maxLength-markdown": bad("aanleiding", {("aanleiding",): "x" * 20001}),
    # enum
    "enum-radio": bad("benadering", {("benadering",): "allebei"}),
    "enum-radio-status": bad("status", {("status",): "bezig"}),
    "enum-select": bad("provincie", {("provincie",): "Friesland"}),
    "enum-select-ok": good("provincie", {("provincie",): "Fryslân"}),
    "enum-item": bad("partners[2].soort", {("partners", 1, "soort"): "school"}),
    # pattern, and the book's themes
    "pattern": bad("thema", {("thema",): "Onderwijs!"}),
    "theme-unknown": bad("thema", {("thema",): "sport"}),
    # minItems and maxItems
    "minItems": bad("werkvragen", {("werkvragen",): ["Eén vraag?"]}),
    "minItems-empty": bad("gemeenten", {("gemeenten",): []}),
    "maxItems": bad("gemeenten", {("gemeenten",): [f"Gemeente {i}" for i in range(201)]}),
    "maxItems-objects": bad(
        "afbeeldingen",
        {("afbeeldingen",): [{**IMAGE, "bestand": f"img/{i}.png"} for i in range(21)]},
    ),
    # format date
    "date-impossible": bad("bijgewerkt", {("bijgewerkt",): Plain("2021-02-30")}),
    "date-text": bad("bijgewerkt", {("bijgewerkt",): "1 mei 2024"}),
    "date-short": bad("bijgewerkt", {("bijgewerkt",): Plain("2024-5-1")}),
    "date-future": bad("bijgewerkt", {("bijgewerkt",): Plain("2999-01-01")}),
    # format periode
    "period-month": bad("looptijd.start", {("looptijd", "start"): "2021-13"}),
    "period-text": bad("looptijd.start", {("looptijd", "start"): "voorjaar 2020"}),
    "period-year": bad("looptijd.start", {("looptijd", "start"): 1800}),
    "period-ok-year": good("looptijd.start", {("looptijd", "start"): 2021}),
    "period-ok-date": good("looptijd.start", {("looptijd", "start"): Plain("2021-09-01")}),
    "period-end-before-start": bad(
        "looptijd.eind", {("looptijd",): {"start": "2021-06", "eind": 2020}}
    ),
    "period-end-missing": bad("looptijd.eind", {("status",): "afgerond"}),
    # format jaar, integer and number
    "year": bad("resultaten[1].jaar", {("resultaten",): [{**RESULT, "jaar": 1800}]}),
    "year-ok": good("resultaten[1].jaar", {("resultaten",): [{**RESULT, "jaar": 2022}]}),
    "integer-text": bad("volgorde", {("volgorde",): "drie"}),
    "integer-float": bad("volgorde", {("volgorde",): 1.5}),
    "number-text": bad("resultaten[1].waarde", {("resultaten",): [{**RESULT, "waarde": "veel"}]}),
    "number-ok": good("resultaten[1].waarde", {("resultaten",): [{**RESULT, "waarde": 1.5}]}),
    # format email and weblink
    "email": bad("contact.email", {("contact",): {**CONTACT, "email": "geen-adres"}}),
    "email-ok": good("contact.email", {("contact",): CONTACT}),
    "consent": Case(  # check names the group; the form links to its checkbox
        "contact.toestemming",
        {("contact",): {k: v for k, v in CONTACT.items() if k != "toestemming"}},
        error=True,
        cli_field="contact",
    ),
    "weblink-ftp": bad("bronnen[1].url", {("bronnen",): [{**SOURCE, "url": "ftp://x.nl"}]}),
    "weblink-script": bad(
        "bronnen[1].url", {("bronnen",): [{**SOURCE, "url": "javascript:alert(1)"}]}
    ),
    "weblink-bare": bad("bronnen[1].url", {("bronnen",): [{**SOURCE, "url": "www.example.nl"}]}),
    "weblink-ok": good("bronnen[1].url", {("bronnen",): [{**SOURCE, "url": "http://x.nl/a"}]}),
    # Markdown
    "markdown-html": bad("werkwijze", {("werkwijze",): "<b>vet</b>\n"}),
    "markdown-image": bad("werkwijze", {("werkwijze",): "![foto](foto.png)\n"}),
    "markdown-heading": bad("werkwijze", {("werkwijze",): "# Kop\n"}),
    "markdown-link": bad("werkwijze", {("werkwijze",): "[a](javascript:alert(1))\n"}),
    "markdown-ok": good(
        "werkwijze", {("werkwijze",): "Schrijf \\<img> en `<script>`, zie [a](https://x.nl).\n"}
    ),
    # image files
    "image-outside": bad(
        "afbeeldingen[1].bestand", {("afbeeldingen",): [{**IMAGE, "bestand": "C:\\a.png"}]}
    ),
    "image-type": bad(
        "afbeeldingen[1].bestand", {("afbeeldingen",): [{**IMAGE, "bestand": "a.gif"}]}
    ),
    # corrected by the form when it loads the file
    "repair-decimal-comma": Case(
        "resultaten[1].waarde", {("resultaten",): [{**RESULT, "waarde": "1,5"}]}, True, True
    ),
    "repair-number-as-title": Case("titel", {("titel",): 123456}, True, True),
    "repair-text-as-list": Case("gemeenten", {("gemeenten",): "Utrecht"}, True, True),
    "repair-date-as-title": Case("titel", {("titel",): Plain("2021-03-01")}, True, True),
}


@pytest.fixture(scope="module")
def page(browser: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:  # noqa: F811
    with form_api(browser, tmp_path_factory.mktemp("form")) as opened:
        yield opened


def _cli_fields(folder: Path, text: str) -> set[str]:
    """The fields `workbook check` reports errors for, in a project with the book's themes."""
    config = (ROOT / "workbook.yaml").read_text(encoding="utf-8")
    root = write_project(folder, text, config=config)
    result = check_paths([root / EXAMPLE_PATH])
    return {d.field for d in result.diagnostics if d.severity.value == "error"}


JS_VALIDATE = """text => {
  const f = module.exports;
  const get = id => JSON.parse(document.getElementById(id).textContent);
  const schema = get('schema');
  const state = f.stateFromData(f.loadYaml(text), schema, [], []);
  const errors = f.validateState(state, schema, get('themas'), get('markdown'));
  return {fields: errors.map(e => f.pathText(e.path)),
          saved: f.dumpYaml(f.dataFromState(state, schema) || {})};
}"""


def test_the_valid_example_passes_both(page: Any, tmp_path: Path) -> None:
    assert _cli_fields(tmp_path, VALID_EXAMPLE) == set()
    assert page.evaluate(JS_VALIDATE, VALID_EXAMPLE)["fields"] == []


@pytest.mark.parametrize("name", CASES)
def test_form_and_check_agree_on_the_field(page: Any, tmp_path: Path, name: str) -> None:
    case = CASES[name]
    text = case.text()
    cli = _cli_fields(tmp_path / "origineel", text)
    cli_field = case.cli_field or case.field
    assert (cli_field in cli) == case.error, (text, cli)  # the table says what check says
    form = page.evaluate(JS_VALIDATE, text)
    if case.repaired:
        assert case.field not in form["fields"], form["fields"]
        saved = _cli_fields(tmp_path / "opgeslagen", form["saved"])
        assert cli_field not in saved, form["saved"]
    else:
        assert (case.field in form["fields"]) == case.error, (form["fields"], cli)


def test_every_kind_of_field_is_in_the_table() -> None:
    """Each schema keyword and format the form turns into a check has a row that breaks it."""
    schema_words: set[str] = set()

    def walk(s: dict[str, Any]) -> None:
        schema_words.update(k for k in s if k in KEYWORDS)
        if "format" in s:
            schema_words.add(f"format:{s['format']}")
        for sub in [*s.get("properties", {}).values(), *([s["items"]] if "items" in s else [])]:
            walk(sub)

    walk(SCHEMA)
    covered = {
        "required": "required-titel",
        "minLength": "minLength",
        "maxLength": "maxLength",
        "enum": "enum-select",
        "pattern": "pattern",
        "minItems": "minItems",
        "maxItems": "maxItems",
        "format:date": "date-impossible",
        "format:periode": "period-month",
        "format:jaar": "year",
        "format:email": "email",
        "format:weblink": "weblink-ftp",
        "contentMediaType": "markdown-html",
    }
    assert schema_words <= set(covered), schema_words - set(covered)
    assert all(CASES[name].error for name in covered.values())

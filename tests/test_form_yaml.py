"""The form reads and writes YAML as `workbook check` does: js-yaml with PyYAML's YAML 1.1 scalars.

The functions run in the form's page in Chromium (`form_api`), the code the page itself uses;
every value is compared with what the command line's loader (workbook/load/source.py) reads.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from test_form import browser, browser_only, form_api  # noqa: F401 - fixture

from workbook.load.source import load

pytestmark = browser_only

# Plain scalars with every YAML 1.1 resolution PyYAML's SafeLoader knows, and their neighbours
# that stay text.
PLAIN = [
    # booleans and their look-alikes
    *["yes", "Yes", "YES", "no", "No", "NO", "true", "True", "TRUE", "false", "False"],
    *["FALSE", "on", "On", "ON", "off", "Off", "OFF", "y", "n", "yEs", "tRUE", "oN"],
    # null
    *["~", "null", "Null", "NULL", "nULL", "none"],
    # ints: decimal, underscores, octal, hex, binary, sexagesimal
    *["0", "-0", "+12", "1234", "1_000", "012", "0_7", "09", "0o17", "0x1F", "0x_1f", "-0x10"],
    *["0b101", "0b_", "0x_", "1:30", "-1:30", "190:20:30", "1:60", "1:7:3"],
    # floats: dots, exponents (sign required), sexagesimal, inf and nan
    *["1.5", "-1.5", "1.", ".5", "1_000.5", "1.5e+3", "1.5E-3", "1.5e3", "1e5", "1e+5"],
    *[".5e+1", "1:30.5", ".inf", "-.Inf", "+.INF", ".nan", ".NaN", "NaN", "inf", "."],
    # dates and timestamps
    *["2021-03-01", "2021-3-1", "2021-02-30", "2021-03-01 10:00:00", "2021-3-1T1:02:03.5Z"],
    *["2021-03-01t10:00:00 +01:00", "2021-03-01 10:00", "2021-03", "2021", "20210301"],
    # merge and value keys are text for the command line
    *["<<", "=", "=="],
]

# Text that must survive a save: quoted wherever a YAML 1.1 (or 1.2) reader would misread it.
TEXTS = [
    *PLAIN,
    *["", " ", " leading", "trailing ", "- item", "? key", ": value", "a: b", "a #b", "#x"],
    *["[a]", "{a}", "&anchor", "*alias", "!tag", "|", ">", "%YAML", "@user", "`code`", "'", '"'],
    *["tab\there", "nbsp\u00a0here", "new\nline", "line\n", "\nlead", "bell\u0007", "\u2028"],
    *["back\\slash", "Fryslân", "emoji 😀", "\ufeffbom", "\u0085next", "a\r\nb", "x" * 300],
]


def _as_page(value: Any, text: str) -> Any:
    """What the page should give for `value` as the command line read it from plain `text`.

    Dates, timestamps and impossible dates (InvalidDate) stay their text, wrapped as
    {"date": text}; infinities come as {"number": "Infinity"}.
    """
    if isinstance(value, dt.date) or (isinstance(value, str) and type(value) is not str):
        return {"date": text}
    if isinstance(value, float) and math.isinf(value):
        return {"number": "Infinity" if value > 0 else "-Infinity"}
    return value


def _kind(value: Any) -> str:
    """bool, NoneType, str, dict or number (1 and 1.0 are one value in both languages)."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return "number"
    return type(value).__name__


@pytest.fixture(scope="module")
def page(browser: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:  # noqa: F811
    with form_api(browser, tmp_path_factory.mktemp("form")) as opened:
        yield opened


JS_LOAD = """texts => texts.map(text => {
  const f = module.exports;
  const enc = v => v instanceof f.YamlDate ? {date: v.text}
    : typeof v === 'number' && !Number.isFinite(v) ? {number: String(v)} : v;
  try { return {value: enc(f.loadYaml(text).v)}; }
  catch (e) { return {error: e.message, line: e.line}; }
})"""


def test_plain_scalars_read_as_the_command_line_reads_them(page: Any) -> None:
    texts = [f"v: {s}\n" for s in PLAIN]
    got = page.evaluate(JS_LOAD, texts)
    for scalar, text, result in zip(PLAIN, texts, got, strict=True):
        source, problems = load(Path("x.yaml"), text=text)
        assert source is not None, problems
        expected = _as_page(source.data["v"], scalar)
        assert "value" in result, (scalar, result)
        assert result["value"] == expected, (scalar, result, expected)
        assert _kind(result["value"]) == _kind(expected), (scalar, result, expected)


def test_every_text_is_written_so_that_it_reads_back_as_that_text(page: Any) -> None:
    dumped = page.evaluate("texts => texts.map(t => module.exports.dumpYaml({v: t}))", TEXTS)
    for text, out in zip(TEXTS, dumped, strict=True):
        assert yaml.safe_load(out) == {"v": text}, (text, out)
        source, problems = load(Path("x.yaml"), text=out)
        assert source is not None and source.data == {"v": text}, (text, out, problems)
    # PyYAML would read these unquoted as something else: the form quotes them.
    for text in ("yes", "1234", "2021-03-01", "1:30", "0o17", "1e5", "~", "<<"):
        assert dumped[TEXTS.index(text)] == f'v: "{text}"\n', text


def test_values_are_written_as_the_command_line_reads_them(page: Any) -> None:
    """Numbers, booleans and dates the form writes come back as the same values."""
    out = page.evaluate(
        """() => module.exports.dumpYaml({a: 1500, b: 87.5, c: 1e-7, d: 1e21, e: -0.5, f: true,
             g: false, h: new module.exports.YamlDate('2024-05-01'), i: [2022, 'x']})"""
    )
    assert "h: 2024-05-01\n" in out and "a: 1500\n" in out
    assert yaml.safe_load(out) == {
        "a": 1500,
        "b": 87.5,
        "c": 1e-7,
        "d": 1e21,
        "e": -0.5,
        "f": True,
        "g": False,
        "h": dt.date(2024, 5, 1),
        "i": [2022, "x"],
    }


def test_double_quoted_text_with_escaped_line_breaks_is_read(page: Any) -> None:
    """PyYAML breaks a long double-quoted text with a backslash at the end of the line."""
    text = (
        "Leerlingen van groep 7 en 8 leren in vijf lessen hoe criminelen jongeren benaderen "
        "en bij wie ze terechtkunnen, samen met de wijkagent: \\ en \t en é."
    )
    written = yaml.dump({"v": text}, default_style='"', width=40, allow_unicode=True)
    assert "\\\n" in written
    assert page.evaluate(JS_LOAD, [written]) == [{"value": text}]


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("titel: Goed\nstatus: lopend: nee\n", 2, "dubbele punt"),
        ("titel: &a Goed\nthema: *a\n", 1, "ankers en verwijzingen"),
        ("titel: *a\n", 1, "ankers en verwijzingen"),
        ("titel: !!python/object:os.system x\n", 1, "YAML-tags"),
        ("titel: !!str 12345\n", 1, "YAML-tags"),
        ("titel: a\n---\ntitel: b\n", None, "meer dan één YAML-document"),
        ("titel: a\ntitel: b\n", 2, "twee keer"),
        ('titel: "open\n', 2, "aanhalingsteken"),
        ('titel: "a \\q b"\n', 1, "onbekende code"),
        ("titel:\n\t- a\n", 2, "tabs"),
        ("titel: [a, b\n", 2, "niet goed gesloten"),
    ],
)
def test_yaml_the_command_line_refuses_is_refused_with_its_line(
    page: Any, text: str, line: int | None, words: str
) -> None:
    source, problems = load(Path("x.yaml"), text=text)
    assert source is None and problems, "workbook check accepts this file"
    (result,) = page.evaluate(JS_LOAD, [text])
    assert "error" in result, result
    assert result["line"] == line and words in result["error"], result


def test_billion_laughs_is_refused_at_the_first_anchor(page: Any) -> None:
    text = (Path(__file__).parent / "corpus" / "billion-laughs.yaml").read_text(encoding="utf-8")
    (result,) = page.evaluate(JS_LOAD, [text])
    assert result.get("line") == 1 and "ankers" in result["error"], result

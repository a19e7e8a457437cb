"""Property-based fuzzing of everything a contributor's file reaches before rendering.

Properties, for every generated input:

1. no exception escapes `workbook.load.source.load`, `check_project` or `check_paths`: every
   problem is a diagnostic;
2. every diagnostic points into the file: 1 <= line <= number of lines + 1, column >= 1,
   and its code is one of the contract's codes;
3. the three report formats (text, JSON, GitHub) accept the diagnostics.

How long an input takes is measured in `make bench` (the check of large projects), not here.

Inputs: random byte strings, random YAML-ish text, random YAML documents (dumped in every
style), and mutated valid examples (keys deleted, types swapped, deep nesting, huge
strings, odd Unicode: RTL and zero-width marks, combining characters, NUL, escaped
surrogates such as "\\ud800" in double quotes, tags, anchors ...).

The number of examples comes from the Hypothesis profile (tests/security/conftest.py):
`HYPOTHESIS_PROFILE=fuzz` (`make fuzz`) generates more than 20,000 inputs in total.
"""

from __future__ import annotations

import io
import json
import time
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import TODAY, VALID_EXAMPLE, WORKBOOK_YAML, write_project
from hypothesis import example, given
from hypothesis import strategies as st
from security_support import PROFILE, weighted

from workbook.base.errors import Diagnostic
from workbook.check.report import format_github, format_json, format_text
from workbook.check.run import check_paths, check_project
from workbook.load.source import MAX_FILE_BYTES, load

# Every diagnostic code of the contract (section 4).
CODES = {
    "yaml-syntax",
    "encoding",
    "too-large",
    "duplicate-key",
    "alias",
    "tag",
    "missing-field",
    "unknown-field",
    "wrong-type",
    "invalid-value",
    "too-short",
    "too-long",
    "too-few",
    "invalid-date",
    "date-order",
    "future-date",
    "unknown-theme",
    "duplicate-id",
    "duplicate-title",
    "invalid-id",
    "markdown-html",
    "markdown-image",
    "markdown-heading",
    "unsafe-link",
    "file-missing",
    "file-outside-project",
    "file-type",
    "consent-missing",
    "invalid-email",
    "invalid-isbn",
    "ended-but-running",
    "result-without-source",
    "draft",
    "low-resolution",
    "unknown-example",
    "unknown-keyword",
    "empty-edition",
}

# Seconds one input may take. Generous (CI machines are slow and share cores), but far
# below anything a runaway parser, regex or expansion would need.

GENERATED = {"count": 0}  # inputs run through the code; reported at the end of the module


# ---------------------------------------------------------------------------- strategies

ODD_CHARACTERS = [
    "\u200f",  # RIGHT-TO-LEFT MARK
    "\u200e",  # LEFT-TO-RIGHT MARK
    "\u202e",  # RIGHT-TO-LEFT OVERRIDE
    "\u2066",  # LEFT-TO-RIGHT ISOLATE
    "\u200b",  # ZERO WIDTH SPACE
    "\u200d",  # ZERO WIDTH JOINER
    "\u2060",  # WORD JOINER
    "\ufeff",  # BOM / ZERO WIDTH NO-BREAK SPACE
    "\u0301",  # COMBINING ACUTE ACCENT
    "e" + "\u0308" * 60,  # a letter under a pile of combining marks
    "\u00a0",  # NO-BREAK SPACE
    "\x00",
    "\x07",
    "\x1b[31m",
    "\x85",  # NEXT LINE: a line break for YAML 1.1
    "\u2028",  # LINE SEPARATOR
    "\u2029",  # PARAGRAPH SEPARATOR
    "\r",
    "\r\n",
    "\t",
    "\x0b",
    "\x0c",
    "\ufffe",
    "\uffff",
    "\U0001f600",
    "\U0010ffff",
    "ﷺ",
    "ß",
    "İ",  # lower() changes its length
    "Ǆ",
    "\u0130\u0307",
]

YAML_FRAGMENTS = [
    '"\\ud800"',  # an escaped lone surrogate in double quotes
    '"\\udfff\\ud800"',
    '"a\\0b"',  # escaped NUL
    '"\\x00"',
    '"\\U0010FFFF"',
    '"\\U00110000"',
    '"\\u202e evil"',
    '"\\e[31m"',
    '"\\N\\_\\L\\P"',
    "!!python/object/apply:os.system ['id']",
    "!!binary aGVsbG8=",
    "!foo bar",
    "&a x",
    "*a",
    "[[[[[[[[",
    "{a: {b: {c: [",
    "'unterminated",
    '"unterminated',
    "|\n  block\n",
    ">-\n  folded\n",
    "|99",
    "2021-02-30",
    "2021-13-01",
    "0000-01-01",
    "9999-12-31",
    "2021-03-01T10:00:00",
    "12:30:00",
    "1.500",
    ".nan",
    ".inf",
    "-.inf",
    "1e400",
    "0x1F",
    "0o17",
    "0b101",
    "123456789012345678901234567890",
    "~",
    "null",
    "yes",
    "no",
    "on",
    "true",
    "=",
    "<<: {}",
    "? complex\n: key",
    "%YAML 1.1",
    "---",
    "...",
    "@x",
    "`x",
    "#",
    "- - - -",
    "<script>alert(1)</script>",
    "[x](javascript:alert(1))",
    "# kop",
    "![a](b.png)",
    "{{ 7*7 }}",
    "{% raw %}",
]

odd_text = st.lists(
    st.one_of(
        st.text(max_size=20),
        st.sampled_from(ODD_CHARACTERS),
        st.lists(st.sampled_from(ODD_CHARACTERS), max_size=10).map("".join),
    ),
    max_size=8,
).map("".join)

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.dates(),
    st.datetimes(),
    odd_text,
    st.sampled_from(YAML_FRAGMENTS),
    st.sampled_from(["Utrecht", "gemeente", "lopend", "2021-09", "onderwijs", "true"]),
)

yaml_values = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=6),
        st.dictionaries(
            st.one_of(odd_text, st.sampled_from(["titel", "thema"])), children, max_size=6
        ),
    ),
    max_leaves=40,
)

# YAML-ish text: the characters and fragments that drive the parser into corners.
yaml_alphabet = st.sampled_from(list("ab:- \n\t'\"[]{}&*!#|>?,@`%\\0é{}") + ODD_CHARACTERS)
yaml_text = st.lists(
    st.one_of(st.lists(yaml_alphabet, max_size=30).map("".join), st.sampled_from(YAML_FRAGMENTS)),
    max_size=12,
).map("".join)


def dump(value: Any, flow: bool | None, style: str | None, unicode: bool, width: int) -> str:
    return yaml.safe_dump(
        value,
        default_flow_style=flow,
        default_style=style,
        allow_unicode=unicode,
        width=width,
        sort_keys=False,
    )


yaml_documents = st.builds(
    dump,
    yaml_values,
    st.sampled_from([None, True, False]),
    st.sampled_from([None, '"', "'", "|", ">"]),
    st.booleans(),
    st.sampled_from([20, 80, 10_000]),
)

# ----------------------------------------------------------------- a rich valid example

RICH_EXAMPLE = VALID_EXAMPLE.replace(
    "bijgewerkt: 2024-05-01\n",
    """\
wijken:
  - Overvecht
provincie: Utrecht
doelgroepen:
  - Leerlingen
resultaten:
  - omschrijving: Aantal bereikte leerlingen
    waarde: 120
    eenheid: leerlingen
    jaar: 2023
    bron: Evaluatie 2023
knelpunten:
  - knelpunt: Weinig tijd in het rooster.
    oplossing: Lessen in het bestaande burgerschapsprogramma.
vernieuwend:
  - Politie en jongerenwerk samen voor de klas.
financiering: Gemeente Utrecht
trefwoorden:
  - ronselen
contact:
  naam: Jan Jansen
  organisatie: Gemeente Utrecht
  email: jan@utrecht.nl
  toestemming: true
bronnen:
  - titel: Evaluatie
    url: https://example.org/evaluatie
    uitgever: Gemeente Utrecht
    jaar: 2023
afbeeldingen:
  - bestand: img/foto.png
    alt: Leerlingen in de klas
    bijschrift: Een les
    credit: Foto gemeente
volgorde: 1
concept: false
bijgewerkt: 2024-05-01
""",
)
RICH_DATA: dict[str, Any] = yaml.safe_load(RICH_EXAMPLE)
EXAMPLE_FILE = "examples/onderwijs/voorbeeld.yaml"


def _tiny_png() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (4, 3), "white").save(buffer, "PNG")
    return buffer.getvalue()


def _paths_in(data: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [path]
    if isinstance(data, dict):
        for key, value in data.items():
            found += _paths_in(value, (*path, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            found += _paths_in(value, (*path, i))
    return found


def _set(data: Any, path: tuple[Any, ...], value: Any) -> Any:
    if not path:
        return value
    data[path[0]] = _set(data[path[0]], path[1:], value)
    return data


def _get(data: Any, path: tuple[Any, ...]) -> Any:
    for part in path:
        data = data[part]
    return data


@st.composite
def mutated_examples(draw: st.DrawFn) -> str:
    """The rich example, changed by a few structural mutations, then dumped as YAML."""
    data: Any = json.loads(json.dumps(RICH_DATA, default=str))
    for _ in range(draw(st.integers(1, 4))):
        paths = _paths_in(data)
        path = draw(st.sampled_from(paths))
        kind = draw(
            st.sampled_from(
                ["delete", "swap", "deep", "huge", "odd", "unknown", "many", "fragment"]
            )
        )
        if kind == "delete" and path:
            parent = _get(data, path[:-1])
            del parent[path[-1]]
        elif kind == "swap":
            data = _set(data, path, draw(yaml_values))
        elif kind == "deep":
            depth = draw(st.integers(1, 200))
            inner: Any = draw(scalars)
            for _ in range(depth):
                inner = [inner] if draw(st.booleans()) else {"a": inner}
            data = _set(data, path, inner)
        elif kind == "huge":
            size = draw(st.sampled_from([301, 601, 20_001, 100_000, MAX_FILE_BYTES + 10]))
            data = _set(data, path, draw(st.sampled_from(["x", "é", "\u200b", "ab "])) * size)
        elif kind == "odd":
            value = _get(data, path)
            text = value if isinstance(value, str) else str(value)
            at = draw(st.integers(0, len(text)))
            data = _set(data, path, text[:at] + draw(odd_text) + text[at:])
        elif kind == "unknown" and isinstance(_get(data, path), dict):
            _get(data, path)[draw(odd_text) or "x"] = draw(scalars)
        elif kind == "many":
            count = draw(st.sampled_from([0, 1, 3, 201, 1000]))
            data = _set(data, path, [draw(scalars)] * count)
        elif kind == "fragment":
            data = _set(data, path, draw(st.sampled_from(YAML_FRAGMENTS)))
    if not isinstance(data, (dict, list)):
        data = {"titel": data}
    return dump(
        data,
        draw(st.sampled_from([None, False, True])),
        draw(st.sampled_from([None, None, '"', "'", "|"])),
        draw(st.booleans()),
        draw(st.sampled_from([80, 10_000])),
    )


@st.composite
def text_mutations(draw: st.DrawFn) -> str:
    """The rich example's text with characters, fragments or lines changed in place."""
    text = RICH_EXAMPLE
    for _ in range(draw(st.integers(1, 4))):
        lines = text.split("\n")
        row = draw(st.integers(0, len(lines) - 1))
        kind = draw(st.sampled_from(["value", "insert", "delete", "duplicate", "indent"]))
        line = lines[row]
        if kind == "value" and ": " in line:
            key = line.split(": ", 1)[0]
            lines[row] = f"{key}: {draw(st.sampled_from(YAML_FRAGMENTS))}"
        elif kind == "insert":
            at = draw(st.integers(0, len(line)))
            piece = draw(st.one_of(st.sampled_from(YAML_FRAGMENTS), odd_text))
            lines[row] = line[:at] + piece + line[at:]
        elif kind == "delete":
            del lines[row]
        elif kind == "duplicate":
            lines.insert(row, line)
        elif kind == "indent":
            lines[row] = " " * draw(st.integers(1, 5)) + line
        text = "\n".join(lines)
    return text


# -------------------------------------------------------------------------- properties


def line_count(text: str) -> int:
    """Lines as any of the parties counts them (YAML knows \\r, \\x85, \\u2028 too)."""
    return max(1, len(text.splitlines()), text.count("\n") + 1)


def assert_sound(diagnostics: list[Diagnostic], texts: dict[str, str]) -> None:
    """Property 2 and 3 for a list of diagnostics; `texts` maps file names to contents."""
    for d in diagnostics:
        text = texts.get(d.file.name)
        lines = line_count(text) if text is not None else None
        assert d.code in CODES, d
        assert d.line >= 1 and d.column >= 1, d
        if lines is not None:
            assert d.line <= lines + 1, (d, lines)
        assert d.message and isinstance(d.message, str), d
    format_text(diagnostics, len(texts))
    json.loads(format_json(diagnostics))
    format_github(diagnostics)
    # The report is printed: it must be encodable (no lone surrogate reaches stdout).
    format_text(diagnostics, len(texts)).encode("utf-8")
    format_json(diagnostics).encode("utf-8")


def counted(function: Any, *args: Any, **kwargs: Any) -> Any:
    """`function(*args, **kwargs)`, counted as one generated input (reported at the end)."""
    GENERATED["count"] += 1
    return function(*args, **kwargs)


@pytest.fixture(scope="module")
def fuzz_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One project reused by every example of a property (its example file is rewritten)."""
    root = tmp_path_factory.mktemp("fuzz")
    write_project(root, files={"examples/onderwijs/img/foto.png": _tiny_png()})
    return root


@weighted(3)
@given(st.binary(max_size=2048))
@example(b"\xff\xfe\x00t\x00i")  # UTF-16 with BOM: not UTF-8
@example(b"titel: \xc3\x28")  # invalid UTF-8 sequence
@example(b"\xef\xbb\xbf\xef\xbb\xbftitel: x")  # two BOMs
@example(b"titel: a\x00b")  # raw NUL
@example(b"a: \xed\xa0\x80")  # a UTF-8 encoded surrogate (CESU-8)
@example(b"\r\r\r\x85\xe2\x80\xa8: [")
@example(b"=")  # found by fuzzing: '=' resolves to tag:yaml.org,2002:value (KeyError)
def test_random_bytes_load(fuzz_root: Path, raw: bytes) -> None:
    path = fuzz_root / "random.yaml"
    path.write_bytes(raw)
    source, problems = counted(load, path, Path("random.yaml"))
    assert (source is None) == bool(problems)
    text = raw.decode("utf-8", "replace")
    assert_sound(problems, {"random.yaml": text})


@weighted(3)
@given(yaml_text)
@example('titel: "\\ud800"')
@example("=")  # found by fuzzing: KeyError for tag:yaml.org,2002:value
@example("titel: <<")  # likewise for the merge key tag
@example('titel: "a\\0b"\nthema: "\\u202e"')
@example("[" * 5000)
@example("{a: " * 2000)
@example("- " * 3000 + "x")
@example("a:\n" + "".join(" " * i + "b:\n" for i in range(1, 200)))
@example("\u2028\u2029\x85a: [")
@example("a: 'x\n\n\n")
@example("%YAML 1.1\n%YAML 1.1\n---\na")
@example("? [a, b]\n: c")
@example("&a a: *a")
def test_random_yaml_text_load(text: str) -> None:
    source, problems = counted(load, Path("t.yaml"), Path("t.yaml"), text=text)
    assert (source is None) == bool(problems)
    assert_sound(problems, {"t.yaml": text})


@weighted(2)
@given(yaml_documents)
@example(dump({"titel": "\u202e" * 100 + "\x00"}, False, '"', False, 80))
@example(dump(["\ufeff", "\u2028"], None, None, True, 80))
@example(dump({"a": "é\u0301" * 1000}, None, "|", True, 20))
def test_random_yaml_documents_load(text: str) -> None:
    source, problems = counted(load, Path("d.yaml"), Path("d.yaml"), text=text)
    assert (source is None) == bool(problems)
    assert_sound(problems, {"d.yaml": text})


def _check_example_text(root: Path, text: str) -> None:
    target = root / EXAMPLE_FILE
    target.write_bytes(text.encode("utf-8", "surrogatepass"))
    result = counted(check_project, root, today=TODAY)
    assert_sound(result.diagnostics, {"voorbeeld.yaml": text, "workbook.yaml": WORKBOOK_YAML})
    single = counted(check_paths, [target], today=TODAY)
    assert_sound(single.diagnostics, {"voorbeeld.yaml": text, "workbook.yaml": WORKBOOK_YAML})
    if not result.failed():
        assert result.book is not None


@weighted(1)
@given(mutated_examples())
@example(RICH_EXAMPLE)
@example(RICH_EXAMPLE.replace("Weerbaar op school", "Weerbaar\u202e op\u200b school\x00"))
@example(RICH_EXAMPLE.replace("img/foto.png", "../../../../etc/passwd"))
@example(RICH_EXAMPLE.replace("img/foto.png", "img/\x00.png"))
@example(RICH_EXAMPLE.replace("Jongerenwerk", "x" * 100_000))
# Found by fuzzing: a 300-character file name made is_file() raise ENAMETOOLONG.
@example(RICH_EXAMPLE.replace("img/foto.png", "x" * 300))
def test_mutated_examples_check(fuzz_root: Path, text: str) -> None:
    _check_example_text(fuzz_root, text)


@weighted(1)
@given(text_mutations())
@example(RICH_EXAMPLE.replace("titel: Weerbaar op school", 'titel: "\\ud800 op school"'))
@example(RICH_EXAMPLE.replace("titel: Weerbaar op school", 'titel: "Weerbaar\\0 op school"'))
@example(RICH_EXAMPLE.replace("naam: Jan Jansen", 'naam: "\\u202eJan\\u200b"'))
@example(RICH_EXAMPLE.replace("  Jonge kinderen", "  <script>alert(1)</script> Jonge kinderen"))
@example(RICH_EXAMPLE.replace("  Vijf lessen", "  [x](javascript:alert(1)) Vijf lessen"))
def test_text_mutations_check(fuzz_root: Path, text: str) -> None:
    _check_example_text(fuzz_root, text)


@weighted(0.5)
@given(text_mutations().map(lambda _: _) | st.just(""), st.data())
def test_mutated_config_check(fuzz_root: Path, _unused: str, data: st.DataObject) -> None:
    """workbook.yaml goes through the same loader: mutate it too (the example stays valid)."""
    lines = WORKBOOK_YAML.split("\n")
    row = data.draw(st.integers(0, len(lines) - 1))
    piece = data.draw(st.one_of(st.sampled_from(YAML_FRAGMENTS), odd_text, yaml_documents))
    at = data.draw(st.integers(0, len(lines[row])))
    lines[row] = lines[row][:at] + piece + lines[row][at:]
    config = "\n".join(lines)
    root = fuzz_root
    (root / "workbook.yaml").write_bytes(config.encode("utf-8", "surrogatepass"))
    (root / EXAMPLE_FILE).write_text(VALID_EXAMPLE, encoding="utf-8")
    try:
        result = counted(check_project, root, today=TODAY)
        assert_sound(result.diagnostics, {"voorbeeld.yaml": VALID_EXAMPLE, "workbook.yaml": config})
    finally:
        (root / "workbook.yaml").write_text(WORKBOOK_YAML, encoding="utf-8")


SVG_PIECES = [
    "<svg xmlns='http://www.w3.org/2000/svg'>",
    "</svg>",
    "<g id='a'>",
    "</g>",
    "<use href='#a'/>",
    "<use xlink:href='#b' xmlns:xlink='http://www.w3.org/1999/xlink'/>",
    "<rect id='b' fill='url(#a)'/>",
    "<image href='file:///etc/passwd'/>",
    "<script>",
    "<!ENTITY a 'b'>",
    "<!DOCTYPE svg [",
    "]>",
    "&a;",
    "<![CDATA[",
    "]]>",
    "<!--",
    "-->",
    "<?xml version='1.0'?>",
    "<?pi x?>",
    " onload='x'",
    "\x00",
    "\ufeff",
    "<",
    ">",
    "'",
]
image_bytes = st.one_of(
    st.binary(max_size=512).map(lambda b: b"\x89PNG\r\n\x1a\n" + b),
    st.binary(max_size=512).map(lambda b: b"\xff\xd8\xff" + b),
    st.lists(st.one_of(st.sampled_from(SVG_PIECES), st.text(max_size=5)), max_size=30).map(
        lambda parts: ("<svg " + "".join(parts)).encode("utf-8", "surrogatepass")
    ),
)


@weighted(1)
@given(image_bytes)
@example(b"<svg xmlns='http://www.w3.org/2000/svg'><use id='a' href='#a'/></svg>")
@example(b"<svg " + b"<g>" * 300)
@example(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xff\xff\xff\xff\xff\xff\xff")
def test_image_checks_never_raise(fuzz_root: Path, data: bytes) -> None:
    """The pixel and SVG checks read hostile files: a diagnostic or nothing, never a crash."""
    from workbook.check.images import pixel_problem, svg_problem

    path = fuzz_root / "random-image"
    path.write_bytes(data)
    GENERATED["count"] += 1
    problem = svg_problem(path, len(data)) if data.startswith(b"<svg") else pixel_problem(path)
    if problem is not None:
        code, message, hint = problem
        assert code in ("too-large", "file-type") and message and hint


@pytest.fixture(scope="module", autouse=True)
def report_count(request: pytest.FixtureRequest) -> Any:
    """Print how many inputs this module generated (what `make fuzz` reports)."""
    started = time.perf_counter()
    yield
    reporter = request.config.pluginmanager.get_plugin("terminalreporter")
    line = (
        f"fuzz: {GENERATED['count']} inputs in {time.perf_counter() - started:.0f} s "
        f"(profile {PROFILE})"
    )
    capture = request.config.pluginmanager.get_plugin("capturemanager")
    if reporter is not None and capture is not None:
        with capture.global_and_fixture_disabled():
            reporter.write_line("")
            reporter.write_line(line)


MARKDOWN_PIECES = [
    *"*_`[]()<>!#>-|\\&;:\n ",
    "](",
    "https://a.nl",
    "javascript:alert(1)",
    "JAVASCRIPT:",
    "&#106;",
    "&#x6A;avascript:",
    "java\tscript:",
    "data:text/html,",
    "mailto:a@b.nl",
    "<script>",
    "</style>",
    "<img src=x onerror=alert(1)>",
    "<a href='javascript:x'>",
    "onclick=",
    "\n\n",
    "\n    ",
    "| a | b |\n|---|---|\n",
    "```\n",
    "> ",
    "1. ",
    "[r]: ",
    "\x00",
    "\u202e",
]
markdown_text = st.lists(
    st.one_of(st.sampled_from(MARKDOWN_PIECES), st.text(max_size=5)), max_size=40
).map("".join)


@weighted(2)
@given(markdown_text)
@example("[x](java\tscript:alert(1))")
@example("<javascript:alert(1)>")
@example("[x][r]\n\n[r]: &#x6A;avascript:alert(1)")
def test_markdown_html_holds_only_allowed_tags_and_links(text: str) -> None:
    """Whatever a Markdown field holds, the HTML it becomes has only the allowed tags, no
    attribute but href on <a>, and only https:, http: or mailto: links."""
    import tinyhtml5

    from workbook.base import markdown

    GENERATED["count"] += 1
    markdown.problems(text)
    html = markdown.to_html(text)
    body = tinyhtml5.parse(f"<body>{html}</body>").find("{http://www.w3.org/1999/xhtml}body")
    assert body is not None
    for element in body.iter():
        tag = element.tag.rsplit("}", 1)[-1]
        if element is body:
            continue
        assert tag in markdown.ALLOWED_TAGS, (tag, html)
        allowed = {"href", "rel"} if tag == "a" else set()
        assert set(element.attrib) <= allowed, (tag, element.attrib)
        if tag == "a":
            href = element.get("href", "")
            assert href.lower().startswith(("https:", "http:", "mailto:")), href

"""Limits: every input a contributor controls has a bound, and crossing it is a Dutch
diagnostic in the contract's style, never a hang, a crash or a huge allocation.

| what | limit | code (field) |
|---|---|---|
| one YAML file | 256 KiB | too-large (file) |
| nesting in a YAML file | 32 levels | yaml-syntax |
| a text field | schema maxLength (Markdown: 20,000 characters) | too-long |
| a list | schema maxItems (20-200) | too-long |
| examples in a project | 5,000 | too-large (workbook.yaml) |
| an image file | 10 MiB | too-large (afbeeldingen[n].bestand) |
| a PNG/JPEG | 40,000,000 pixels (header only is read) | too-large (afbeeldingen[n].bestand) |
| an SVG file | 1 MiB | too-large (afbeeldingen[n].bestand) |
| an SVG drawing | 50,000 shapes, <use>/url(#) expanded | too-large (afbeeldingen[n].bestand) |
| SVG content | no <!ENTITY>, <script>, on* attributes, <foreignObject>, javascript: | file-type |
"""

from __future__ import annotations

import io
import struct
import time
import zlib
from pathlib import Path
from typing import Any

import pytest
from conftest import TODAY, VALID_EXAMPLE, WORKBOOK_YAML, run_cli

from workbook.base.errors import Diagnostic
from workbook.check import run as check_module
from workbook.check.images import MAX_IMAGE_PIXELS, MAX_SVG_BYTES, MAX_SVG_ELEMENTS
from workbook.check.run import MAX_EXAMPLES, check_project
from workbook.load.source import MAX_DEPTH, MAX_FILE_BYTES, load
from workbook.schema import BOOK_SCHEMA, EXAMPLE_SCHEMA, load_schema

IMG = "examples/onderwijs/img"
FIELD = "afbeeldingen[1].bestand"


def with_image(name: str) -> str:
    return VALID_EXAMPLE + f"afbeeldingen:\n  - bestand: img/{name}\n    alt: Een afbeelding\n"


def diagnostics(root: Path) -> list[Diagnostic]:
    return check_project(root, today=TODAY).diagnostics


def only(found: list[Diagnostic], code: str, field: str = FIELD) -> Diagnostic:
    assert [(d.code, d.field) for d in found] == [(code, field)], found
    return found[0]


# -------------------------------------------------------------------------- YAML files


def test_file_size_limit(make_project) -> None:
    big = VALID_EXAMPLE + "# " + "x" * MAX_FILE_BYTES + "\n"
    d = only(diagnostics(make_project(big)), "too-large", "")
    assert (d.line, d.column) == (1, 1)
    assert "de grens is 256 KiB" in d.message


def test_nesting_limit() -> None:
    deep = "a: " + "[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1)
    source, problems = load(Path("x.yaml"), text=deep)
    assert source is None
    assert [p.code for p in problems] == ["yaml-syntax"]
    assert f"dieper genest dan {MAX_DEPTH} niveaus" in problems[0].message
    fine = "a: " + "[" * (MAX_DEPTH - 2) + "]" * (MAX_DEPTH - 2)
    assert load(Path("x.yaml"), text=fine)[1] == []


def test_very_deep_nesting_costs_no_recursion() -> None:
    started = time.perf_counter()
    source, problems = load(Path("x.yaml"), text="[" * 200_000)
    assert source is None and problems[0].code == "yaml-syntax"
    assert time.perf_counter() - started < 5


def _strings_and_arrays(schema: dict[str, Any], path: str = "") -> list[tuple[str, dict]]:
    found = []
    kinds = schema.get("type")
    kinds = kinds if isinstance(kinds, list) else [kinds]
    if "string" in kinds or "array" in kinds:
        found.append((path, schema))
    for key, sub in schema.get("properties", {}).items():
        found += _strings_and_arrays(sub, f"{path}.{key}" if path else key)
    if isinstance(schema.get("items"), dict):
        found += _strings_and_arrays(schema["items"], f"{path}[]")
    return found


# Texts without a maxLength of their own; the 256 KiB file limit bounds them. Adding
# "maxLength": 200 to these in the schema would make the table complete.
KNOWN_UNBOUNDED = {"gemeenten[]", "wijken[]", "doelgroepen[]"}


@pytest.mark.parametrize("name", [EXAMPLE_SCHEMA, BOOK_SCHEMA])
def test_every_list_and_text_has_a_bound(name: str) -> None:
    unbounded = set()
    for path, schema in _strings_and_arrays(load_schema(name)):
        if schema.get("contentMediaType") == "text/markdown":
            assert 0 < schema.get("maxLength", 0) <= 20_000, path
        kinds = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        if "array" in kinds:
            assert 0 < schema.get("maxItems", 0) <= 200, path
        elif kinds == ["string"] and not (
            "maxLength" in schema or "enum" in schema or "pattern" in schema or "format" in schema
        ):
            unbounded.add(path)
    assert unbounded <= KNOWN_UNBOUNDED


def test_markdown_length_limit(make_project) -> None:
    text = VALID_EXAMPLE.replace(
        "  Jonge kinderen worden in de wijk benaderd voor klusjes.",
        "  " + "woord " * 3400,
    )
    d = only(diagnostics(make_project(text)), "too-long", "aanleiding")
    assert "hoogstens 20000" in d.message


def test_list_length_limit(make_project) -> None:
    many = "gemeenten:\n" + "".join(f"  - Gemeente {i}\n" for i in range(201))
    text = VALID_EXAMPLE.replace("gemeenten:\n  - Utrecht\n", many)
    d = only(diagnostics(make_project(text)), "too-long", "gemeenten")
    assert "hoogstens 200" in d.message


# ---------------------------------------------------------------- examples in a project


def test_too_many_examples_is_one_diagnostic_and_reads_none(make_project) -> None:
    files = {f"examples/veel/v{i}.yaml": ":: geen yaml [" for i in range(MAX_EXAMPLES + 1)}
    root = make_project(None, files=files)
    started = time.perf_counter()
    found = diagnostics(root)
    assert time.perf_counter() - started < 20
    d = only(found, "too-large", "")
    assert d.file.name == "workbook.yaml" and (d.line, d.column) == (1, 1)
    assert f"{MAX_EXAMPLES + 1} praktijkvoorbeelden; de grens is {MAX_EXAMPLES}" in d.message


def test_example_limit_boundary(make_project, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(check_module, "MAX_EXAMPLES", 2)
    two = {
        "examples/frontlijn/b.yaml": VALID_EXAMPLE.replace("Weerbaar op school", "Tweede aanpak")
    }
    root = make_project(files=two)
    assert diagnostics(root) == []
    (root / "examples/frontlijn/c.yaml").write_text(
        VALID_EXAMPLE.replace("Weerbaar op school", "Derde aanpak"), "utf-8"
    )
    only(diagnostics(root), "too-large", "")
    assert run_cli("build", root, "--format", "pdf", "-q")[0] == 1
    assert not (root / "dist").exists()


# ----------------------------------------------------------------------- raster images


def png_bomb(width: int, height: int) -> bytes:
    """A real, valid 1-bit PNG of width × height white pixels: a few KiB on disk, and
    width × height × 4 bytes once a renderer decodes it."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    row = b"\x00" + b"\xff" * ((width + 7) // 8)
    packer = zlib.compressobj(9)
    data = b"".join(packer.compress(row) for _ in range(height)) + packer.flush()
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", data) + chunk(b"IEND", b"")
    )


def png_claiming(width: int, height: int) -> bytes:
    """A small PNG whose header claims width × height (the pixel data do not match)."""
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    crc = struct.pack(">I", zlib.crc32(b"IHDR" + header) & 0xFFFFFFFF)
    small = png_bomb(1, 1)  # signature (8), length (4), "IHDR" (4), header (13), crc (4)
    return small[:16] + header + crc + small[33:]


def jpeg_claiming(width: int, height: int) -> bytes:
    """A small JPEG whose SOF header claims width × height."""
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (16, 16), "white").save(buffer, "JPEG")
    data = bytearray(buffer.getvalue())
    sof = data.find(b"\xff\xc0")
    data[sof + 5 : sof + 9] = struct.pack(">HH", height, width)
    return bytes(data)


def test_decompression_bomb_png_is_rejected_and_not_rendered(make_project) -> None:
    bomb = png_bomb(20_000, 20_000)
    assert len(bomb) < 100_000  # tiny on disk; 1.6 GB as RGBA pixels
    root = make_project(with_image("bom.png"), files={f"{IMG}/bom.png": bomb})
    started = time.perf_counter()
    d = only(diagnostics(root), "too-large")
    assert time.perf_counter() - started < 5
    assert "pixels" in d.message and (d.line, d.column) == (30, 14)
    code, _, err = run_cli("build", root, "--format", "pdf")
    assert code == 1 and "too-large" in err
    assert not (root / "dist").exists()  # nothing rendered, nothing written


@pytest.mark.parametrize(
    ("make", "size", "ok"),
    [
        (png_claiming, (8000, 5000), True),
        (png_claiming, (8000, 5001), False),
        (png_claiming, (65_535, 65_535), False),
        (jpeg_claiming, (8000, 5000), True),
        (jpeg_claiming, (20_000, 20_000), False),
    ],
)
def test_pixel_limit_reads_only_the_header(make_project, make: Any, size: Any, ok: bool) -> None:
    name = "foto.png" if make is png_claiming else "foto.jpg"
    root = make_project(with_image(name), files={f"{IMG}/{name}": make(*size)})
    found = diagnostics(root)
    if ok:
        assert found == []
    else:
        d = only(found, "too-large")
        limit = f"{MAX_IMAGE_PIXELS:,}".replace(",", ".")
        assert limit in d.message
        assert d.hint and "verklein" in d.hint


def test_a_header_pillow_cannot_read_is_left_to_the_type_check(make_project) -> None:
    """Such a file cannot be decoded by the renderer either (it skips it with a warning)."""
    root = make_project(
        with_image("kapot.png"), files={f"{IMG}/kapot.png": b"\x89PNG\r\n\x1a\n" + b"\0" * 64}
    )
    assert diagnostics(root) == []


# --------------------------------------------------------------------------------- SVG

SVG_OPEN = "<svg xmlns='http://www.w3.org/2000/svg' width='100' height='100'>"


def svg_diagnostic(make_project, svg: str | bytes) -> Diagnostic | None:
    root = make_project(with_image("t.svg"), files={f"{IMG}/t.svg": svg})
    found = diagnostics(root)
    assert all(d.field == FIELD for d in found), found
    return found[0] if found else None


def test_svg_size_limit(make_project) -> None:
    padding = "<!-- " + "x" * MAX_SVG_BYTES + " -->"
    d = svg_diagnostic(make_project, SVG_OPEN + padding + "</svg>")
    assert d is not None and d.code == "too-large" and "1024 KiB" in d.message
    assert svg_diagnostic(make_project, SVG_OPEN + "<rect width='5' height='5'/></svg>") is None


BILLION_LAUGHS = (
    "<?xml version='1.0'?>\n<!DOCTYPE svg [\n<!ENTITY a0 'lol'>\n"
    + "".join(f"<!ENTITY a{i} '{f'&a{i - 1};' * 10}'>\n" for i in range(1, 10))
    + "]>\n"
    + SVG_OPEN
    + "<text>&a9;</text></svg>"
)
EXTERNAL_ENTITY = (
    "<?xml version='1.0'?>\n<!DOCTYPE svg [<!ENTITY x SYSTEM 'file:///etc/passwd'>]>\n"
    + SVG_OPEN
    + "<text>&x;</text></svg>"
)


@pytest.mark.parametrize(
    ("svg", "needle"),
    [
        (BILLION_LAUGHS, "ENTITY"),
        (EXTERNAL_ENTITY, "ENTITY"),
        (SVG_OPEN + "<script>alert(1)</script></svg>", "<script>"),
        (SVG_OPEN + "<SCRIPT xmlns='http://www.w3.org/2000/svg'>x</SCRIPT></svg>", "SCRIPT"),
        (SVG_OPEN.replace("width", "onload='alert(1)' width") + "</svg>", "onload"),
        (SVG_OPEN + "<rect onclick='alert(1)' width='5' height='5'/></svg>", "onclick"),
        (SVG_OPEN + "<foreignObject><p>x</p></foreignObject></svg>", "foreignObject"),
        (SVG_OPEN + "<a href='javascript:alert(1)'><text>x</text></a></svg>", "href"),
        (SVG_OPEN + "<a href=' jav&#x09;ascript:alert(1)'><text>x</text></a></svg>", "href"),
        (SVG_OPEN + "<rect width='5'></svg>", "geen geldig SVG-bestand"),
    ],
)
def test_svg_that_could_run_or_explode_is_refused(make_project, svg: str, needle: str) -> None:
    d = svg_diagnostic(make_project, svg)
    assert d is not None and d.code == "file-type", d
    assert needle in d.message
    assert d.hint and "SVG" in d.hint


def use_bomb(levels: int, fan_out: int = 10) -> str:
    parts = [SVG_OPEN, "<defs><rect id='l0' width='1' height='1'/>"]
    for i in range(1, levels + 1):
        parts.append(f"<g id='l{i}'>" + f"<use href='#l{i - 1}'/>" * fan_out + "</g>")
    parts.append(f"</defs><use href='#l{levels}'/></svg>")
    return "".join(parts)


def test_svg_use_bomb_is_refused(make_project) -> None:
    svg = use_bomb(9)  # 10^9 rectangles to draw from 1.5 KiB
    assert len(svg) < 2000
    started = time.perf_counter()
    d = svg_diagnostic(make_project, svg)
    assert time.perf_counter() - started < 5
    assert d is not None and d.code == "too-large" and "te ingewikkeld" in d.message


@pytest.mark.parametrize(
    "svg",
    [
        SVG_OPEN + "<use id='a' href='#b'/><use id='b' href='#a'/></svg>",  # a cycle
        SVG_OPEN
        + "<rect id='r0' width='1' height='1'/>"
        + "".join(f"<use id='r{i}' href='#r{i - 1}'/>" for i in range(1, 3000))
        + "</svg>",  # a chain deeper than Python's stack
        SVG_OPEN
        + "<defs><pattern id='p0'><rect width='1' height='1'/></pattern>"
        + "".join(
            f"<pattern id='p{i}'>" + f"<rect fill='url(#p{i - 1})'/>" * 10 + "</pattern>"
            for i in range(1, 9)
        )
        + "</defs><rect fill='url(#p8)' width='9' height='9'/></svg>",  # paint references
    ],
)
def test_svg_reference_tricks_are_refused(make_project, svg: str) -> None:
    d = svg_diagnostic(make_project, svg)
    assert d is not None and d.code == "too-large"


def test_ordinary_svgs_pass(make_project) -> None:
    doctype = (
        "<?xml version='1.0' encoding='UTF-8'?>\n"
        "<!DOCTYPE svg PUBLIC '-//W3C//DTD SVG 1.1//EN' "
        "'http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd'>\n"
    )
    for svg in (
        doctype + SVG_OPEN + "<rect width='5' height='5'/></svg>",  # Inkscape/Illustrator
        use_bomb(3),  # 1,111 drawn elements: symbols reused, as drawings do
        SVG_OPEN + "<a href='https://example.org'><text>x</text></a></svg>",
        SVG_OPEN + "<style>rect { fill: url(#g); }</style><rect width='5' height='5'/></svg>",
    ):
        assert svg_diagnostic(make_project, svg) is None, svg[:80]
    repo = Path(__file__).resolve().parents[2]
    for bundled in sorted((repo / "examples").rglob("*.svg")):
        assert svg_diagnostic(make_project, bundled.read_bytes()) is None, bundled
    assert MAX_SVG_ELEMENTS >= 10_000


def test_xml_bomb_is_also_harmless_to_the_renderer(make_project, tmp_path: Path) -> None:
    """Defence in depth: even if an XML bomb got past the check, the PDF renderer's parser
    (expat, with its amplification limit) refuses it quickly and the build goes on."""
    from workbook.render.pdf.book import render

    root = make_project(with_image("t.svg"), files={f"{IMG}/t.svg": SVG_OPEN + "</svg>"})
    result = check_project(root, today=TODAY)
    assert result.book is not None
    (root / IMG / "t.svg").write_text(BILLION_LAUGHS, "utf-8")  # swapped in after the check
    started = time.perf_counter()
    rendered = render(result.book)
    assert time.perf_counter() - started < 30
    assert rendered.data.startswith(b"%PDF")
    assert any("t.svg" in w or "image" in w.lower() for w in rendered.warnings), rendered.warnings


def test_limits_hold_for_workbook_yaml_too(make_project) -> None:
    big = WORKBOOK_YAML + "# " + "x" * MAX_FILE_BYTES + "\n"
    d = only(diagnostics(make_project(config=big)), "too-large", "")
    assert d.file.name == "workbook.yaml"

"""'De voorbeelden in beeld': the counts from the examples' own data (drafts never count),
the findings that become alt text, and the figures: SVG with real text in the bundled
font, byte-reproducible, readable in greyscale, WCAG AA text contrast.

The expected numbers come straight from the YAML files (tests/overview_data.py);
test_overview_media.py checks the PDF, EPUB and site.
"""

from __future__ import annotations

import itertools
import json
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import lxml.etree as etree
import pytest
from conftest import TODAY, VALID_EXAMPLE, WORKBOOK_YAML
from overview_data import REPO, expected_provinces, expected_themes, published_yaml

from workbook.check.run import check_project
from workbook.model.book import Book
from workbook.model.overview import PROVINCES, compute
from workbook.render.figures.charts import render_charts
from workbook.render.figures.palette import (
    APPROACH_COLOURS,
    INK,
    MUTED,
    RAMP,
    WHITE,
    contrast,
    shade,
    text_colour,
)
from workbook.render.figures.province_map import NAME_LINES

SVG = "{http://www.w3.org/2000/svg}"


# ----------------------------------------------------------- the numbers, from the YAML


def test_counts_match_the_example_files(book: Book) -> None:
    data = published_yaml()
    overview = compute(book)
    assert overview.total == len(data)
    assert {p.key: p.count for p in overview.provinces if p.count} == dict(expected_provinces())
    assert overview.without_province == sum(1 for d in data if not d.get("provincie"))
    assert {t.key: t.count for t in overview.themes} == dict(expected_themes())
    for theme in overview.themes:
        for approach, count in zip(("repressief", "preventief", "beide"), theme.parts, strict=True):
            assert count == sum(
                1 for d in data if d["thema"] == theme.key and d["benadering"] == approach
            )
    assert {s.key: s.count for s in overview.statuses if s.count} == dict(
        Counter(d["status"] for d in data)
    )
    years = Counter(int(str(d["looptijd"]["start"])[:4]) for d in data)
    assert {int(y.key): y.count for y in overview.years if y.count} == dict(years)
    kinds = Counter(k for d in data for k in {p["soort"] for p in d["partners"]})
    schema = json.loads((REPO / "schema" / "praktijkvoorbeeld.schema.json").read_text("utf-8"))
    order = schema["properties"]["partners"]["items"]["properties"]["soort"]["enum"]
    ranked = sorted(kinds.items(), key=lambda kv: (-kv[1], order.index(kv[0])))  # ties: schema
    assert [(k.key, k.count) for k in overview.partner_kinds] == ranked[:10]
    assert len(overview.partner_kinds) == min(10, len(kinds))


def test_all_twelve_provinces_in_official_order_with_fryslan(book: Book) -> None:
    names = [p.label for p in compute(book).provinces]
    assert names == sorted(names) and len(names) == 12
    assert "Fryslân" in names and "Friesland" not in names


DRAFT = VALID_EXAMPLE.replace("status: lopend", "status: lopend\nconcept: true\nprovincie: Zeeland")


def test_drafts_are_never_counted_not_even_with_drafts(make_project) -> None:
    root = make_project(
        files={
            "examples/onderwijs/concept.yaml": DRAFT.replace(
                "Weerbaar op school", "Weerbaar op school, het concept"
            )
        }
    )
    book = check_project(root, include_drafts=True, today=TODAY).book
    assert book is not None and len(book.examples) == 2  # the draft is in the book ...
    overview = compute(book)
    assert overview.total == 1  # ... but not in the overview
    assert all(p.count == 0 for p in overview.provinces)
    assert overview.without_province == 1


# --------------------------------------------------------------------------- findings


def _book_with(make_project, provinces: list[str | None]) -> Book:
    files = {}
    for number, province in enumerate(provinces):
        text = VALID_EXAMPLE.replace("Weerbaar op school", f"Weerbaar op school {number}")
        if province:
            text += f"provincie: {province}\n"
        files[f"examples/onderwijs/v{number}.yaml"] = text
    root = make_project(None, files=files)
    book = check_project(root, today=TODAY).book
    assert book is not None
    return book


@pytest.mark.parametrize(
    ("provinces", "finding"),
    [
        (["Utrecht", "Utrecht", "Zeeland"], "Utrecht heeft de meeste voorbeelden (2)."),
        (["Utrecht", "Fryslân"], "Fryslân en Utrecht hebben de meeste voorbeelden (elk 1)."),
        ([None, None], "Geen van de 2 voorbeelden noemt een provincie."),
        (["Limburg", None], "1 voorbeeld noemt geen provincie."),
        (["Limburg"], "1 van de 12 provincies heeft voorbeelden."),
        ([], "Er zijn nog geen gepubliceerde praktijkvoorbeelden."),
    ],
)
def test_map_finding_wording(make_project, provinces: list[str | None], finding: str) -> None:
    assert finding in compute(_book_with(make_project, provinces)).findings.map


def test_status_finding_names_a_tie() -> None:
    from workbook.model.overview import Bar, _status_finding

    bars = (Bar("pilot", "Pilot", 2), Bar("lopend", "Lopend", 2), Bar("afgerond", "Afgerond", 0))
    assert _status_finding(bars, 4, "nl") == (
        "De statussen pilot en lopend komen het vaakst voor (elk 2 van 4)."
    )
    bars = (Bar("pilot", "Pilot", 3), Bar("lopend", "Lopend", 1))
    assert _status_finding(bars, 4, "nl") == "De meeste voorbeelden zijn pilots (3 van 4)."


# ------------------------------------------------------------------------- the figures


@pytest.fixture(scope="module")
def charts(book: Book) -> dict[str, Any]:
    return render_charts(compute(book), "print")


def test_figures_are_svg_with_real_text_in_the_bundled_font(charts: dict[str, Any]) -> None:
    assert set(charts) == {"kaart", "themas", "status", "startjaar", "partners"}
    for key, chart in charts.items():
        root = etree.fromstring(chart.svg.encode())
        assert root.tag == f"{SVG}svg"
        assert root.find(f"{SVG}title").text == chart.alt
        texts = root.findall(f".//{SVG}text")
        assert texts, key
        for text in texts:
            assert text.get("font-family") == "'Source Sans 3'", key
        # Nothing that changes between runs or leaks into the page around an inline SVG.
        assert root.find(f".//{SVG}metadata") is None and root.find(f".//{SVG}style") is None
        assert not [e for e in root.iter() if isinstance(e.tag, str) and e.get("style")], key
        ids = [e.get("id") for e in root.iter() if isinstance(e.tag, str) and e.get("id")]
        assert all(i.startswith(f"{key}-") for i in ids), key
        assert len(ids) == len(set(ids))


def test_user_text_in_a_figure_stays_literal_text(make_project) -> None:
    """A theme title is the only contributor text in the figures: no TeX, no markup."""
    title = "Geld $x^2$ & <b>macht</b> {bla}"
    config = WORKBOOK_YAML.replace(
        "titel: Onderwijs en ondermijnende criminaliteit", f"titel: '{title}'"
    )
    root = make_project(config=config)
    book = check_project(root, today=TODAY).book
    assert book is not None
    chart = render_charts(compute(book), "screen")["themas"]
    root_svg = etree.fromstring(chart.svg.encode())
    assert title in [t.text for t in root_svg.iter(f"{SVG}text")]
    assert "<b>" not in chart.svg


def test_map_names_every_province_and_counts_those_with_examples(
    book: Book, charts: dict[str, Any]
) -> None:
    """Every province is named (on two lines where the province is narrow); only provinces
    with examples show a count: no "0" all over the map."""
    root = etree.fromstring(charts["kaart"].svg.encode())
    words = [t.text for t in root.iter(f"{SVG}text")]
    counts = expected_provinces()
    for province in PROVINCES:
        first_line = NAME_LINES.get(province, province).split("\n")[0]
        at = words.index(first_line)
        if counts.get(province):
            assert words[at - 1] == str(counts[province]), province
        else:
            assert words[at - 1] != "0", province
    legend = words.index("Aantal voorbeelden")
    assert "0" not in words[:legend]
    without = len(published_yaml()) - sum(counts.values())
    assert f"Zonder provincie: {without}" in words


def test_svg_output_is_byte_identical_across_runs_and_folders(tmp_path: Path) -> None:
    """Two fresh processes (other hash seeds, other working folders) draw the same bytes."""
    script = (
        "import hashlib, pathlib, sys\n"
        "from workbook.check.run import check_project\n"
        "from workbook.model.overview import compute\n"
        "from workbook.render.figures.charts import render_charts\n"
        f"book = check_project(pathlib.Path({str(REPO)!r})).book\n"
        "for layout in ('print', 'screen'):\n"
        "    for key, chart in sorted(render_charts(compute(book), layout).items()):\n"
        "        print(layout, key, hashlib.sha256(chart.svg.encode()).hexdigest())\n"
    )
    runs = []
    for seed in ("1", "2"):
        folder = tmp_path / f"run{seed}"
        folder.mkdir()
        done = subprocess.run(
            [sys.executable, "-c", script],
            cwd=folder,
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            timeout=120,
            check=True,
        )
        runs.append(done.stdout)
    assert runs[0] == runs[1] and runs[0].count("\n") == 10


@pytest.mark.parametrize("fill", [WHITE, *RAMP, *APPROACH_COLOURS.values()])
def test_text_on_every_fill_meets_wcag_aa(fill: str) -> None:
    assert contrast(text_colour(fill), fill) >= 4.5


@pytest.mark.parametrize("colour", [INK, MUTED])
def test_text_beside_the_shapes_meets_wcag_aa(colour: str) -> None:
    assert contrast(colour, WHITE) >= 4.5


def _grey(colour: str) -> float:
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.299 * r + 0.587 * g + 0.114 * b


def test_shades_stay_apart_in_greyscale() -> None:
    for series in (
        [WHITE, *RAMP],
        [APPROACH_COLOURS[a] for a in ("repressief", "beide", "preventief")],
    ):
        greys = [_grey(c) for c in series]
        steps = [a - b for a, b in itertools.pairwise(greys)]
        assert all(step >= 15 for step in steps) or all(step <= -15 for step in steps), greys


def test_map_shade_darkens_with_the_count() -> None:
    assert shade(0, 4) == WHITE
    assert [shade(n, 5) for n in range(1, 6)] == list(RAMP)
    assert shade(9, 9) == RAMP[-1]


def test_map_geometry_is_in_the_repository_with_its_provenance() -> None:
    folder = REPO / "workbook" / "render" / "figures" / "data"
    data = json.loads((folder / "provincies.json").read_text(encoding="utf-8"))
    assert sorted(data["provincies"]) == sorted(PROVINCES)
    readme = (folder / "README.md").read_text(encoding="utf-8")
    assert "Natural Earth" in readme and "public domain" in readme

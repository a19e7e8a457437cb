"""Every valid YAML file opens in the form, saves, and comes back the same.

Through the page in Chromium, as a contributor does it: "Laad bestaand bestand", "Controleer
en maak het bestand", Download. The data PyYAML loads from the saved file equals the
original's, and `workbook check` accepts the saved file with the same findings.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from conftest import EXAMPLE_PATH, VALID_EXAMPLE, write_project
from test_form import (  # noqa: F401 - fixtures
    ROOT,
    Session,
    browser,
    browser_only,
    form_url,
    session,
)

from workbook.check.run import check_paths

pytestmark = browser_only

EXAMPLES = sorted((ROOT / "examples").rglob("*.yaml"))
# The test corpus holds mostly broken files; these are the ones `workbook check` accepts.
CORPUS = [
    p for p in sorted((ROOT / "tests" / "corpus").glob("*.yaml")) if not check_paths([p]).failed()
]

SUMMARY = (
    "Leerlingen van groep 7 en 8 leren in vijf lessen hoe criminelen jongeren benaderen en bij "
    "wie ze terechtkunnen, samen met de wijkagent en het jongerenwerk: \\ en é."
)
# How PyYAML writes a long double-quoted text: broken with a backslash at the line end.
ESCAPED_BREAK = yaml.dump(
    {"samenvatting": SUMMARY}, default_style='"', width=60, allow_unicode=True
).replace('"samenvatting"', "samenvatting")
WERKWIJZE = (
    "werkwijze: |\n"
    "  Schrijf \\<img src=x onerror=alert(1)> als tekst, en `<script>alert(1)</script>` als\n"
    "  code; `workbook check` accepteert beide.\n"
)
CASES = {
    "VALID_EXAMPLE": VALID_EXAMPLE,
    "escaped-line-break": VALID_EXAMPLE.replace(
        "samenvatting: >-\n"
        "  Leerlingen van groep 7 en 8 leren in vijf lessen hoe criminelen jongeren\n"
        "  benaderen en bij wie ze terechtkunnen.\n",
        ESCAPED_BREAK,
    ),
    "werkwijze-escaped-html-and-code": VALID_EXAMPLE.replace(
        "werkwijze: |\n  Vijf lessen in de klas, samen met **politie** en jongerenwerk.\n",
        WERKWIJZE,
    ),
}


def _findings(file: Path) -> list[tuple[str, str]]:
    result = check_paths([file])
    return [(d.severity.value, d.code) for d in result.diagnostics]


def _round_trip(form: Session, source: Path, out: Path) -> Path:
    """Load `source` in the form, save it, and return the downloaded file."""
    page = form.page
    page.set_input_files("#laad-bestand", str(source))
    page.wait_for_function(
        "document.getElementById('meldingen').textContent.includes('is geladen')"
    )
    assert "niet overgenomen" not in page.inner_text("#meldingen")
    page.click("button[type=submit]")
    page.wait_for_selector("#resultaat:not([hidden]), #foutoverzicht:not([hidden])")
    assert page.is_hidden("#foutoverzicht"), page.inner_text("#foutoverzicht")
    with page.expect_download() as info:
        page.click("#download")
    saved: Path = out / str(info.value.suggested_filename)
    out.mkdir(parents=True, exist_ok=True)
    info.value.save_as(saved)
    assert page.input_value("#yaml-uitvoer") == saved.read_text(encoding="utf-8")
    form.assert_clean()
    return saved


def _assert_same(original: Path, saved: Path, project_file: Path) -> None:
    """Same data for PyYAML; `workbook check` finds the same in the saved file."""
    before = _findings(project_file)
    assert not [f for f in before if f[0] == "error"], before  # a valid file to begin with
    data = yaml.safe_load(original.read_text(encoding="utf-8-sig"))
    assert yaml.safe_load(saved.read_text(encoding="utf-8")) == data
    shutil.copyfile(saved, project_file)
    assert _findings(project_file) == before


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the bundled project, whose examples the saved files replace one by one."""
    root = tmp_path_factory.mktemp("project")
    shutil.copyfile(ROOT / "workbook.yaml", root / "workbook.yaml")
    shutil.copytree(ROOT / "examples", root / "examples")
    return root


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_bundled_example_round_trips(
    session: Session,  # noqa: F811
    project: Path,
    tmp_path: Path,
    example: Path,
) -> None:
    copy = project / example.relative_to(ROOT)
    saved = _round_trip(session, example, tmp_path / "uit")
    _assert_same(example, saved, copy)


@pytest.mark.parametrize("text", [*CORPUS, *CASES], ids=[*(p.name for p in CORPUS), *CASES])
def test_valid_test_file_round_trips(
    session: Session,  # noqa: F811
    tmp_path: Path,
    text: Path | str,
) -> None:
    content = text.read_bytes() if isinstance(text, Path) else CASES[text].encode("utf-8")
    root = write_project(tmp_path / "project", content)
    file = root / EXAMPLE_PATH
    original = tmp_path / "origineel.yaml"
    original.write_bytes(content)
    saved = _round_trip(session, original, tmp_path / "uit")
    _assert_same(original, saved, file)


def test_cases_hold_what_they_name() -> None:
    assert "bom.yaml" in [p.name for p in CORPUS]  # a file that starts with a BOM
    assert "\\\n" in CASES["escaped-line-break"]
    assert yaml.safe_load(CASES["escaped-line-break"])["samenvatting"] == SUMMARY
    werkwijze = yaml.safe_load(CASES["werkwijze-escaped-html-and-code"])["werkwijze"]
    assert "\\<img" in werkwijze and "`<script>" in werkwijze


def test_saved_markdown_keeps_its_escapes(
    session: Session,  # noqa: F811
    tmp_path: Path,
) -> None:
    source = tmp_path / "origineel.yaml"
    source.write_text(CASES["werkwijze-escaped-html-and-code"], encoding="utf-8")
    saved = _round_trip(session, source, tmp_path / "uit").read_text(encoding="utf-8")
    assert WERKWIJZE in saved
    assert session.page.input_value("#veld-werkwijze").startswith("Schrijf \\<img")

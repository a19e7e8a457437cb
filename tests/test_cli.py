"""One test (or a few) per command of the `workbook` CLI."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import EXAMPLE_PATH, VALID_EXAMPLE, WORKBOOK_YAML, run_cli
from jsonschema import Draft202012Validator

import workbook

ROOT = Path(__file__).resolve().parents[1]
COMMITTED_SCHEMA = ROOT / "schema" / "praktijkvoorbeeld.schema.json"


def _iso(value: Any) -> Any:
    """YAML dates → ISO strings, as a JSON-based editor sees them."""
    if isinstance(value, dict):
        return {key: _iso(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_iso(item) for item in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


# --- workbook --version / --help ---------------------------------------------------------------


def test_version_prints_the_package_version() -> None:
    code, out, err = run_cli("--version")
    assert code == 0, err
    assert out.strip() == f"workbook, versie {workbook.__version__}"


def test_help_is_dutch_and_lists_the_commands() -> None:
    code, out, _ = run_cli("--help")
    assert code == 0
    assert "Opdrachten" in out
    assert "Opties" in out
    for command in ("check", "build", "new", "schema", "serve"):
        assert re.search(rf"^\s+{command}\s", out, re.MULTILINE), command
    assert "Show this message" not in out


def test_no_command_and_unknown_command_are_usage_errors() -> None:
    code, _, _ = run_cli()
    assert code == 2
    code, _, err = run_cli("opruimen")
    assert code == 2
    assert "opruimen" in err
    assert "Traceback" not in err


def test_version_and_help_through_python_dash_m() -> None:
    code, out, err = run_cli("--version", subprocess=True)
    assert (code, out.strip()) == (0, f"workbook, versie {workbook.__version__}"), err
    code, out, _ = run_cli("check", "--help", subprocess=True)
    assert code == 0
    assert "--strict" in out and "--format" in out


# --- workbook check ----------------------------------------------------------------------------


def test_check_clean_project_exits_0(project: Path) -> None:
    code, out, err = run_cli("check", cwd=project, subprocess=True)
    assert code == 0, out + err
    assert out.strip() == "0 fouten en 0 waarschuwingen in 2 bestanden."
    assert err == ""


def test_check_defaults_to_the_current_folder_and_accepts_a_folder(project: Path) -> None:
    assert run_cli("check", cwd=project)[:2] == run_cli("check", ".", cwd=project)[:2]
    code, out, _ = run_cli("check", project.name, cwd=project.parent)
    assert code == 0
    assert out.strip().endswith("in 2 bestanden.")


def test_check_console_script_end_to_end(make_project) -> None:
    script = Path(sys.executable).with_name("workbook")
    assert script.exists(), "make installs the console script next to the interpreter"
    root = make_project("titel: Kort\n")  # too short, and everything else missing
    done = subprocess.run(
        [str(script), "check", "--format", "json"],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 1, done.stderr
    items = json.loads(done.stdout)
    assert {item["file"] for item in items} == {EXAMPLE_PATH}
    assert {"too-short", "missing-field"} == {item["code"] for item in items}
    assert "Traceback" not in done.stdout + done.stderr


def test_check_bundled_project_is_clean() -> None:
    code, out, err = run_cli("check", cwd=ROOT)
    assert code == 0, out + err
    assert "Traceback" not in out + err
    assert re.fullmatch(
        r"0 fouten en 0 waarschuwingen in \d+ bestanden( \(\d+ concept(en)? overgeslagen\))?\.",
        out.strip().splitlines()[-1],
    )


# --- workbook schema ---------------------------------------------------------------------------


def test_schema_prints_the_committed_schema_byte_for_byte() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "workbook", "schema"],
        capture_output=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == COMMITTED_SCHEMA.read_bytes()


def test_schema_is_valid_draft_2020_12_json() -> None:
    code, out, _ = run_cli("schema")
    assert code == 0
    schema = json.loads(out)
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["type"] == "object"


def test_schema_book_option_prints_the_workbook_schema() -> None:
    code, out, _ = run_cli("schema", "--book")
    assert code == 0
    schema = json.loads(out)
    Draft202012Validator.check_schema(schema)
    assert "themas" in schema["properties"]


BUNDLED = sorted(
    p for p in (ROOT / "examples").rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file()
)


def test_there_are_bundled_examples() -> None:
    assert len(BUNDLED) >= 3


@pytest.mark.parametrize("path", BUNDLED, ids=[p.stem for p in BUNDLED])
def test_bundled_example_validates_against_the_committed_schema(path: Path) -> None:
    schema = json.loads(COMMITTED_SCHEMA.read_text(encoding="utf-8"))
    data = _iso(yaml.safe_load(path.read_text(encoding="utf-8")))
    errors = [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
        for e in Draft202012Validator(schema).iter_errors(data)
    ]
    assert errors == []


# --- workbook new ------------------------------------------------------------------------------


def test_new_creates_a_commented_template(tmp_path: Path) -> None:
    code, out, err = run_cli("new", "mijn-aanpak.yaml", "--theme", "onderwijs", cwd=tmp_path)
    assert code == 0, err
    created = tmp_path / "mijn-aanpak.yaml"
    assert created.is_file()
    text = created.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=")
    assert "thema: onderwijs" in text
    assert "mijn-aanpak.yaml" in out
    ref = text.splitlines()[0].split("$schema=", 1)[1].strip()
    assert (created.parent / ref).resolve().is_file(), "the $schema reference must exist"


def test_new_refuses_to_overwrite(tmp_path: Path) -> None:
    assert run_cli("new", "a.yaml", "--theme", "onderwijs", cwd=tmp_path)[0] == 0
    (tmp_path / "a.yaml").write_text("titel: Mijn werk\n", encoding="utf-8")
    code, _, err = run_cli("new", "a.yaml", "--theme", "frontlijn", cwd=tmp_path)
    assert code == 2
    assert "bestaat al" in err
    assert (tmp_path / "a.yaml").read_text(encoding="utf-8") == "titel: Mijn werk\n"


def test_new_template_fails_check_with_missing_fields(tmp_path: Path) -> None:
    assert run_cli("new", "leeg.yaml", "--theme", "frontlijn", cwd=tmp_path)[0] == 0
    code, out, _ = run_cli("check", "--format", "json", "leeg.yaml", cwd=tmp_path)
    assert code == 1
    items = json.loads(out)
    missing = {item["field"] for item in items if item["code"] == "missing-field"}
    assert {"titel", "benadering", "status", "samenvatting"} <= missing
    code, out, _ = run_cli("check", "leeg.yaml", cwd=tmp_path)
    assert code == 1
    assert "titel is leeg [missing-field]" in out
    assert "Traceback" not in out


# What a contributor types into the template: only the required fields, line by line.
REQUIRED_ANSWERS = {
    "titel:": "titel: Samen weerbaar in de wijk",
    "benadering:": "benadering: preventief",
    "status:": "status: lopend",
    "  start:": "  start: 2022-09",
    "samenvatting:": "samenvatting: Leerlingen en ouders leren in vijf bijeenkomsten hoe "
    "criminelen jongeren benaderen en bij wie zij terechtkunnen.",
    "  - naam:": "  - naam: Gemeente Utrecht",
    "    soort:": "    soort: gemeente",
}
LIST_ANSWERS = {
    "gemeenten:": ["Utrecht"],
    "doelen:": ["Leerlingen herkennen ronselen."],
    "lessen:": ["Begin met twee scholen."],
    "werkvragen:": ["Welke scholen zien signalen?", "Wie is het aanspreekpunt?"],
}
BLOCK_ANSWERS = {
    "aanleiding: |": "Jongeren worden in de wijk benaderd voor klusjes.",
    "werkwijze: |": "Vijf bijeenkomsten op school, met de wijkagent.",
}


def fill_required(template: str) -> str:
    """The template with only its required fields filled in; everything marked optional
    stays exactly as `workbook new` wrote it."""
    lines = template.splitlines()
    out: list[str] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        index += 1
        if line in REQUIRED_ANSWERS:
            out.append(REQUIRED_ANSWERS[line])
        elif line in LIST_ANSWERS:
            out.append(line)
            for answer in LIST_ANSWERS[line]:
                assert lines[index].strip() == "-", lines[index]
                out.append(f"  - {answer}")
                index += 1
        elif line in BLOCK_ANSWERS:
            out += [line, f"  {BLOCK_ANSWERS[line]}"]
            index += 1  # the empty indented line the template leaves for the text
        else:
            out.append(line)
    return "\n".join(out) + "\n"


def test_the_template_with_only_its_required_fields_filled_passes_check(make_project) -> None:
    """'Velden met (optioneel) mag u leeg laten of weghalen': left exactly as generated,
    the optional fields (empty lists with one '- ' among them) give no error or warning."""
    root = make_project(example=None)
    code, _, err = run_cli(
        "new", "examples/onderwijs/aanpak.yaml", "--theme", "onderwijs", cwd=root
    )
    assert code == 0, err
    target = root / "examples/onderwijs/aanpak.yaml"
    template = target.read_text(encoding="utf-8")
    assert "wijken:\n  - \n" in template and "trefwoorden:\n  - \n" in template
    target.write_text(fill_required(template), encoding="utf-8")
    code, out, _ = run_cli("check", "--strict", "examples/onderwijs/aanpak.yaml", cwd=root)
    assert out.strip().splitlines()[-1] == "0 fouten en 0 waarschuwingen in 1 bestand."
    assert code == 0, out


def test_an_empty_item_in_an_optional_list_counts_as_absent(make_project, run_cli) -> None:
    example = VALID_EXAMPLE.replace(
        "werkvragen:\n", "wijken:\n  -\ntrefwoorden:\n  - \n  - buurt\nwerkvragen:\n"
    )
    root = make_project(example)
    code, out, _ = run_cli("check", "--format", "json", cwd=root)
    assert (code, json.loads(out)) == (0, [])


def test_an_empty_item_between_others_keeps_the_lines_of_the_rest(make_project, run_cli) -> None:
    """Dropping an empty item must not move the diagnostics of the items after it."""
    example = VALID_EXAMPLE.replace("werkvragen:\n", "doelgroepen:\n  -\n  - [1, 2]\nwerkvragen:\n")
    root = make_project(example)
    code, out, _ = run_cli("check", "--format", "json", cwd=root)
    (item,) = json.loads(out)
    line = example.splitlines().index("  - [1, 2]") + 1
    assert (code, item["code"], item["field"], item["line"]) == (
        1,
        "wrong-type",
        "doelgroepen[1]",
        line,
    )


def test_an_empty_required_list_says_where_to_write(make_project, run_cli) -> None:
    example = VALID_EXAMPLE.replace("gemeenten:\n  - Utrecht\n", "gemeenten:\n  -\n")
    code, out, _ = run_cli("check", cwd=make_project(example))
    assert code == 1
    assert "gemeenten is leeg [missing-field]" in out
    assert "zet de waarden op eigen regels onder 'gemeenten:', elk na '- '" in out
    assert "voeg een regel" not in out


def test_new_template_is_yaml_with_theme_and_todays_date(tmp_path: Path) -> None:
    assert run_cli("new", "vol.yaml", "--theme", "onderwijs", cwd=tmp_path)[0] == 0
    data = yaml.safe_load((tmp_path / "vol.yaml").read_text(encoding="utf-8"))
    assert data["thema"] == "onderwijs"
    assert data["bijgewerkt"] == dt.date.today()
    assert set(data) >= {"titel", "partners", "werkvragen", "looptijd"}


def test_new_uses_the_themes_of_the_enclosing_project(make_project) -> None:
    config = WORKBOOK_YAML + "  - id: eigen-thema\n    titel: Een eigen thema\n"
    root = make_project(config=config)
    code, _, err = run_cli("new", "examples/eigen/nieuw.yaml", "--theme", "eigen-thema", cwd=root)
    assert code == 0, err
    assert (root / "examples/eigen/nieuw.yaml").is_file()


def test_new_with_unknown_theme_exits_2(tmp_path: Path) -> None:
    code, out, err = run_cli("new", "x.yaml", "--theme", "sport", cwd=tmp_path)
    assert code == 2
    assert "sport" in err
    assert "repressie-preventie, onderwijs, frontlijn" in err
    assert not (tmp_path / "x.yaml").exists()
    assert "Traceback" not in out + err


@pytest.mark.parametrize("name", ["Mijn_Aanpak.yaml", "aanpak.txt"])
def test_new_with_bad_file_name_exits_2(tmp_path: Path, name: str) -> None:
    code, _, err = run_cli("new", name, "--theme", "onderwijs", cwd=tmp_path)
    assert code == 2
    assert err.startswith("fout: ")
    assert not (tmp_path / name).exists()


def test_new_without_theme_exits_2(tmp_path: Path) -> None:
    code, _, err = run_cli("new", "x.yaml", cwd=tmp_path)
    assert code == 2
    assert "--theme" in err
    assert not (tmp_path / "x.yaml").exists()


def test_checking_one_file_still_finds_a_duplicate_elsewhere_in_the_project(
    make_project,
) -> None:
    root = make_project(files={"examples/frontlijn/voorbeeld.yaml": VALID_EXAMPLE})
    code, out, _ = run_cli("check", "examples/frontlijn/voorbeeld.yaml", cwd=root)
    assert code == 1
    assert "[duplicate-id]" in out
    assert str(EXAMPLE_PATH) in out
    # The same title in the same theme under a new id.
    (root / "examples/onderwijs/kopie.yaml").write_text(VALID_EXAMPLE, "utf-8")
    code, out, _ = run_cli("check", "examples/onderwijs/kopie.yaml", cwd=root)
    assert code == 1
    assert "examples/onderwijs/kopie.yaml:" in out and "[duplicate-title]" in out
    assert "examples/onderwijs/voorbeeld.yaml:" not in out.split("[duplicate-title]")[0]


@pytest.mark.parametrize("paths", [(), (".",), ("examples/frontlijn/kopie.yaml",)])
def test_duplicate_title_is_reported_on_both_files_each_naming_the_other(
    make_project, paths: tuple[str, ...]
) -> None:
    copy = VALID_EXAMPLE.replace("Weerbaar op school", "weerbaar  op SCHOOL")
    root = make_project(files={"examples/frontlijn/kopie.yaml": copy})
    code, out, _ = run_cli("check", "--format", "json", *paths, cwd=root)
    assert code == 1
    found = {d["file"]: d for d in json.loads(out) if d["code"] == "duplicate-title"}
    if paths and paths[0].endswith(".yaml"):  # one file checked: only that one is reported
        assert set(found) == {"examples/frontlijn/kopie.yaml"}
    else:
        assert set(found) == {EXAMPLE_PATH, "examples/frontlijn/kopie.yaml"}
    for file, diagnostic in found.items():
        other = ({EXAMPLE_PATH, "examples/frontlijn/kopie.yaml"} - {file}).pop()
        assert other in diagnostic["message"], diagnostic
        assert diagnostic["field"] == "titel" and diagnostic["line"] == 1


def test_a_title_in_another_theme_is_a_duplicate_on_both_files(make_project) -> None:
    other = VALID_EXAMPLE.replace("thema: onderwijs", "thema: frontlijn")
    root = make_project(files={"examples/frontlijn/elders.yaml": other})
    code, out, _ = run_cli("check", cwd=root)
    assert code == 1
    assert (
        "examples/onderwijs/voorbeeld.yaml:1:8: fout: de titel 'Weerbaar op school' staat ook "
        "in examples/frontlijn/elders.yaml (thema 'frontlijn') [duplicate-title]"
    ) in out
    assert (
        "examples/frontlijn/elders.yaml:1:8: fout: de titel 'Weerbaar op school' staat ook "
        "in examples/onderwijs/voorbeeld.yaml (thema 'onderwijs') [duplicate-title]"
    ) in out


def test_three_files_with_one_title_each_name_the_two_others(make_project) -> None:
    extra = {f"examples/onderwijs/{n}.yaml": VALID_EXAMPLE for n in ("twee", "drie")}
    root = make_project(files=extra)
    code, out, _ = run_cli("check", "--format", "json", cwd=root)
    assert code == 1
    found = [d for d in json.loads(out) if d["code"] == "duplicate-title"]
    assert len(found) == 3
    names = ["voorbeeld.yaml", "twee.yaml", "drie.yaml"]
    for diagnostic in found:
        mentioned = [n for n in names if n in diagnostic["message"]]
        assert len(mentioned) == 2 and diagnostic["file"].rsplit("/", 1)[1] not in mentioned


def test_new_reads_workbook_yaml_with_the_checked_loader(tmp_path: Path) -> None:
    levels = ['a: &a ["x", "x", "x", "x", "x", "x", "x", "x", "x"]']
    for i in range(1, 9):
        prev, name = chr(96 + i), chr(97 + i)
        levels.append(f"{name}: &{name} [{', '.join(['*' + prev] * 9)}]")
    (tmp_path / "workbook.yaml").write_text("\n".join(levels) + "\n", "utf-8")
    code, _, err = run_cli("new", "examples/x.yaml", "--theme", "onderwijs", cwd=tmp_path)
    assert code == 2
    assert "workbook.yaml bevat" in err and "workbook check" in err
    assert not (tmp_path / "examples" / "x.yaml").exists()


def test_quiet_build_keeps_every_error_and_warning(make_project) -> None:
    """-q drops progress and the summary of success, never a diagnostic: a CI log must say
    what is wrong."""
    broken = make_project(VALID_EXAMPLE.replace("status: lopend", "status: bezig"))
    code, out, err = run_cli("build", "-q", "--format", "html", cwd=broken, subprocess=True)
    assert code == 1
    assert "examples/onderwijs/voorbeeld.yaml:6:9: fout: status moet" in err
    assert err.endswith("Er is niets geschreven: los eerst de fouten op.\n")
    warned = make_project(
        VALID_EXAMPLE + "resultaten:\n  - omschrijving: Leerlingen bereikt\n    waarde: 40\n"
    )
    code, out, err = run_cli("build", "-q", "--format", "html", cwd=warned, subprocess=True)
    assert code == 0, err
    assert "[result-without-source]" in err
    assert "Klaar" not in err + out
    # Nothing changed: the warning is said again, still without progress or summary.
    code, out, err = run_cli("build", "-q", "--format", "html", cwd=warned, subprocess=True)
    assert code == 0 and "[result-without-source]" in err and "Niets gewijzigd" not in err


def test_help_shows_each_command_description_whole() -> None:
    """Narrow terminal or not, `workbook --help` never cuts a description off with "…"."""
    env = {**os.environ, "COLUMNS": "60"}
    done = subprocess.run(
        [sys.executable, "-m", "workbook", "--help"], env=env, capture_output=True, text=True
    )
    assert done.returncode == 0
    commands = done.stdout.split("Opdrachten:", 1)[1]
    assert "..." not in commands and "…" not in commands
    squashed = " ".join(commands.split())
    assert "Controleer een project (standaard de huidige map) of losse YAML-bestanden." in (
        squashed
    )
    assert "bouw opnieuw bij elke wijziging." in squashed

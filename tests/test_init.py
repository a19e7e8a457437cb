"""`workbook init MAP`: a new project that checks and builds as it is, in a new or empty
folder only, with a comment on every key, one folder per theme, a complete sample example,
LEESMIJ.md, pre-commit and CI templates, and schemas the YAML files point at."""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import run_cli
from markdown_links import broken_links

from workbook.base.project import DEFAULT_THEMES
from workbook.check.run import check_project
from workbook.scaffold.init import SAMPLE, init_project, yaml_scalar
from workbook.schema import BOOK_SCHEMA, EXAMPLE_SCHEMA, load_schema, schema_text

REPO = Path(__file__).resolve().parents[1]
SCHEMA_LINE = re.compile(r"^# yaml-language-server: \$schema=(\S+)$")
EXPECTED_FILES = {
    "workbook.yaml",
    "LEESMIJ.md",
    ".gitignore",
    ".pre-commit-config.yaml",
    ".github/workflows/praktijkvoorbeelden.yml",
    ".gitlab-ci.yml",
    "schema/praktijkvoorbeeld.schema.json",
    "schema/workbook.schema.json",
    SAMPLE,
    "examples/frontlijn/img/signalenoverleg-stappen.svg",
    "examples/onderwijs/.gitkeep",
    "examples/repressie-preventie/.gitkeep",
}


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("init") / "boek"
    code, out, err = run_cli("init", str(root))
    assert code == 0, err
    assert "workbook check" in out and "workbook build" in out
    return root


def _files(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}


def test_init_creates_exactly_the_documented_files(project: Path) -> None:
    assert _files(project) == EXPECTED_FILES


def test_new_project_checks_without_any_diagnostic(project: Path) -> None:
    result = check_project(project)
    assert result.diagnostics == []
    assert result.book is not None
    assert [e.id for e in result.book.examples] == ["signalenoverleg-oostkwartier"]


def test_new_project_builds_epub_and_site_without_warnings(project: Path, tmp_path: Path) -> None:
    # The PDF is built by the acceptance test (tests/test_install.py), from the wheel.
    code, out, err = run_cli("build", str(project), "-o", str(tmp_path), "--format", "epub,html")
    assert code == 0, err
    assert "waarschuwing" not in out + err
    assert (tmp_path / "site" / "signalenoverleg-oostkwartier.html").is_file()
    assert (tmp_path / "werkboek-wijkaanpak-ondermijning.epub").is_file()


def test_themes_are_the_three_defaults_each_with_a_folder(project: Path) -> None:
    config = yaml.safe_load((project / "workbook.yaml").read_text("utf-8"))
    assert {t["id"]: t["titel"] for t in config["themas"]} == DEFAULT_THEMES
    assert all(t.get("inleiding") for t in config["themas"])
    for theme in DEFAULT_THEMES:
        assert (project / "examples" / theme).is_dir()


def _keys_with_their_comment(text: str) -> dict[str, str]:
    """Every key (also a commented-out `# key:`) at the top level or in a list item → the
    comment line right above its block."""
    found = {}
    lines = text.splitlines()
    for number, line in enumerate(lines):
        match = re.match(r"^(?:# )?(?:  - )?([a-z_]+):", line)
        if match and number and not line.startswith("#   "):
            found.setdefault(match.group(1), lines[number - 1])
    return found


def test_every_key_of_workbook_yaml_is_there_with_a_dutch_comment(project: Path) -> None:
    text = (project / "workbook.yaml").read_text("utf-8")
    found = _keys_with_their_comment(text)
    schema = load_schema(BOOK_SCHEMA)
    theme_keys = schema["properties"]["themas"]["items"]["properties"]
    for key in schema["properties"]:
        assert key in found, f"{key} ontbreekt in workbook.yaml"
        assert found[key].startswith("# "), f"{key} heeft geen uitleg erboven"
    for key in theme_keys:  # the list's keys are explained in the comment above themas
        assert re.search(rf"^\s+(- )?{key}:", text, re.M), key
        assert re.search(rf"^#\s+{key}:\s+\S", text, re.M), key


def test_sample_example_uses_every_field(project: Path) -> None:
    data = yaml.safe_load((project / SAMPLE).read_text("utf-8"))
    schema = load_schema(EXAMPLE_SCHEMA)["properties"]
    assert set(data) == set(schema)
    for key, spec in schema.items():
        item = spec.get("items", spec)
        if "properties" in item:
            values = data[key] if isinstance(data[key], list) else [data[key]]
            present = set().union(*(set(v) for v in values))
            # A running approach has no end yet; the sample explains eind in a comment.
            missing = {"eind"} if key == "looptijd" else set()
            assert present == set(item["properties"]) - missing, key
    assert "# eind:" in (project / SAMPLE).read_text("utf-8")
    assert data["contact"]["toestemming"] is True
    assert data["samenvatting"].startswith("Verzonnen voorbeeld.")
    assert data["contact"]["email"].endswith(".example")  # a reserved name: nobody's address


@pytest.mark.parametrize("name", ["workbook.yaml", SAMPLE])
def test_yaml_files_point_at_a_schema_inside_the_project(project: Path, name: str) -> None:
    file = project / name
    match = SCHEMA_LINE.match(file.read_text("utf-8").splitlines()[0])
    assert match, "de eerste regel is geen yaml-language-server-regel"
    schema = (file.parent / match.group(1)).resolve()
    assert schema.is_relative_to(project.resolve())
    assert schema.read_text("utf-8") == schema_text(name == "workbook.yaml")


def test_ci_templates_are_those_of_docs_ci(project: Path) -> None:
    ci = REPO / "docs" / "ci"
    workflow = project / ".github" / "workflows" / "praktijkvoorbeelden.yml"
    assert workflow.read_bytes() == (ci / "github-actions.yml").read_bytes()
    assert (project / ".gitlab-ci.yml").read_bytes() == (ci / "gitlab-ci.yml").read_bytes()


def test_gitignore_leaves_out_dist(project: Path) -> None:
    lines = (project / ".gitignore").read_text("utf-8").splitlines()
    assert "dist/" in lines


def test_pre_commit_config_is_valid_and_checks_examples(project: Path) -> None:
    config = project / ".pre-commit-config.yaml"
    done = subprocess.run(
        [sys.executable, "-m", "pre_commit", "validate-config", str(config)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    (hook,) = yaml.safe_load(config.read_text("utf-8"))["repos"][0]["hooks"]
    assert hook["entry"] == "workbook check"
    assert re.search(hook["files"], SAMPLE)


def test_leesmij_links_lead_to_files_of_the_project(project: Path) -> None:
    assert broken_links(project / "LEESMIJ.md", project) == []


def test_leesmij_names_only_real_commands(project: Path) -> None:
    from workbook.cli.main import cli

    text = (project / "LEESMIJ.md").read_text("utf-8")
    used = set(re.findall(r"workbook ([a-z]+)", text))
    assert {"new", "check", "build", "serve", "init"} <= used
    assert used <= set(cli.commands) | {"--help"}  # type: ignore[attr-defined]


def test_non_empty_folder_is_refused_with_exit_2_and_left_alone(tmp_path: Path) -> None:
    (tmp_path / "aantekeningen.txt").write_text("van mij", "utf-8")
    code, _, err = run_cli("init", str(tmp_path))
    assert code == 2
    assert "niet leeg" in err and "Traceback" not in err
    assert _files(tmp_path) == {"aantekeningen.txt"}


def test_a_file_is_refused(tmp_path: Path) -> None:
    (tmp_path / "boek").write_text("", "utf-8")
    code, _, err = run_cli("init", str(tmp_path / "boek"))
    assert code == 2 and "geen map" in err


def test_an_empty_folder_is_fine(tmp_path: Path) -> None:
    (tmp_path / "leeg").mkdir()
    code, _, err = run_cli("init", str(tmp_path / "leeg"), cwd=tmp_path)
    assert code == 0, err
    assert _files(tmp_path / "leeg") == EXPECTED_FILES
    assert [p.name for p in tmp_path.iterdir()] == ["leeg"]  # no temporary folder left


@pytest.mark.parametrize(
    "title", ["Wijk: samen sterk", 'Het "werkboek" van Zeeland', "# geen commentaar", "yes", "1984"]
)
def test_title_and_publisher_are_written_as_given(tmp_path: Path, title: str) -> None:
    root = tmp_path / "boek"
    code, out, err = run_cli("init", str(root), "--title", title, "--publisher", "Gemeente Y: Z")
    assert code == 0, err
    assert "Pas titel en uitgever aan" not in out
    config = yaml.safe_load((root / "workbook.yaml").read_text("utf-8"))
    assert (config["titel"], config["uitgever"]) == (title, "Gemeente Y: Z")
    assert (root / "LEESMIJ.md").read_text("utf-8").startswith(f"# {title}\n")
    assert check_project(root).diagnostics == []


@pytest.mark.parametrize(
    ("args", "option"),
    [(("--title", "ab"), "--title"), (("--publisher", "x" * 201), "--publisher")],
)
def test_a_title_or_publisher_the_check_rejects_writes_nothing(
    tmp_path: Path, args: tuple[str, ...], option: str
) -> None:
    code, _, err = run_cli("init", str(tmp_path / "boek"), *args)
    assert code == 2
    assert f"{option}:" in err
    assert list(tmp_path.iterdir()) == []


def test_sample_is_dated_today_and_the_book_this_year(tmp_path: Path) -> None:
    day = dt.date(2025, 3, 4)
    init_project(tmp_path / "boek", today=day)
    sample = yaml.safe_load((tmp_path / "boek" / SAMPLE).read_text("utf-8"))
    config = yaml.safe_load((tmp_path / "boek" / "workbook.yaml").read_text("utf-8"))
    assert (sample["bijgewerkt"], config["jaar"]) == (day, 2025)


@pytest.mark.parametrize(
    "text", ["gewoon", "a: b", "- lijst", "yes", "'quote", "x #y", "€ 1.500", "multi\nline"]
)
def test_yaml_scalar_reads_back_the_same_text(text: str) -> None:
    scalar = yaml_scalar(text)
    assert yaml.safe_load(f"titel: {scalar}\n") == {"titel": text}


def test_help_lists_init() -> None:
    code, out, _ = run_cli("--help")
    assert code == 0 and re.search(r"^\s+init\s+\S", out, re.M)


def test_next_steps_name_the_program_as_the_user_can_start_it(tmp_path: Path) -> None:
    """Without the venv on PATH, the next steps give the program's full path; with it, just
    `workbook`."""
    program = Path(sys.executable).with_name("workbook")
    bare = {**os.environ, "PATH": "/usr/bin:/bin"}
    done = subprocess.run(
        [str(program), "init", str(tmp_path / "a")], env=bare, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert f"  {program} check\n  {program} build" in done.stdout
    on_path = {**os.environ, "PATH": f"{program.parent}:/usr/bin:/bin"}
    done = subprocess.run(
        ["workbook", "init", str(tmp_path / "b")], env=on_path, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.endswith("  workbook check\n  workbook build\n")


def test_leesmij_says_what_to_put_online_and_its_commands_work(tmp_path: Path) -> None:
    init_project(tmp_path / "boek", title="Wijkaanpak", publisher="Gemeente")
    text = (tmp_path / "boek" / "LEESMIJ.md").read_text(encoding="utf-8")
    assert "## Publiceren" in text
    assert "Zet de map `dist/site/` online, op elke statische webhost" in text
    (command,) = re.findall(r'^python -c "(.*)"$', text, re.M)
    done = subprocess.run([sys.executable, "-c", command], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert Path(done.stdout.strip(), "css", "book.css").is_file()

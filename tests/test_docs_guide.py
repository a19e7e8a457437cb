"""docs/aanleveren.md: its field reference matches the schema, its examples are real.

Also the escaping of `workbook check --format github`, which the CI guide relies on.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from workbook.base.errors import Diagnostic, Severity
from workbook.check.report import format_github
from workbook.schema import EXAMPLE_SCHEMA, load_schema

ROOT = Path(__file__).resolve().parent.parent
GUIDE = ROOT / "docs" / "aanleveren.md"
GEN_DOCS = ROOT / "scripts" / "gen_docs.py"
BEGIN = "<!-- BEGIN GEGENEREERD: veldenoverzicht -->"
END = "<!-- END GEGENEREERD -->"


def gen_docs(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(GEN_DOCS), *map(str, args)],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
    )


def workbook_check(cwd: Path, *files: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "workbook", "check", *files],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=cwd,
    )


def guide_text() -> str:
    return GUIDE.read_text(encoding="utf-8")


def code_blocks(text: str, language: str) -> list[str]:
    return re.findall(rf"^```{language}\n(.*?)^```$", text, re.S | re.M)


# --- the generated field reference ----------------------------------------------------------


def test_guide_is_up_to_date() -> None:
    result = gen_docs("--check")
    assert result.returncode == 0, (
        "docs/aanleveren.md past niet bij het schema; draai 'python scripts/gen_docs.py'\n"
        + result.stderr
    )


def test_check_reports_stale_guide_in_dutch(tmp_path: Path) -> None:
    stale = tmp_path / "aanleveren.md"
    text = guide_text()
    stale.write_text(text.replace("| `titel` | **ja** |", "| `titel` | nee |", 1), encoding="utf-8")
    result = gen_docs("--check", stale)
    assert result.returncode == 1
    assert "is niet actueel" in result.stderr
    assert "scripts/gen_docs.py" in result.stderr
    assert stale.read_text(encoding="utf-8") != text  # --check writes nothing

    assert gen_docs(stale).returncode == 0
    assert stale.read_text(encoding="utf-8") == text
    assert gen_docs("--check", stale).returncode == 0


def test_generation_is_deterministic_and_keeps_the_rest(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text(f"# Kop\n\nvoor\n\n{BEGIN}\noud\n{END}\n\nna\n", encoding="utf-8")
    assert gen_docs(page).returncode == 0
    first = page.read_bytes()
    assert gen_docs(page).returncode == 0
    assert page.read_bytes() == first
    text = first.decode("utf-8")
    assert text.startswith("# Kop\n\nvoor\n\n" + BEGIN)
    assert text.endswith(END + "\n\nna\n")
    assert "\noud\n" not in text
    assert b"\r\n" not in first


def test_missing_markers_are_reported(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text("# Geen markeringen\n", encoding="utf-8")
    result = gen_docs("--check", page)
    assert result.returncode == 2
    assert "markeringen" in result.stderr


def _fields(schema: dict[str, object], prefix: str = "") -> list[str]:
    out: list[str] = []
    for name, sub in schema.get("properties", {}).items():  # type: ignore[union-attr]
        out.append(prefix + name)
        out += _fields(sub, prefix + name + ".")
        items = sub.get("items", {})
        if items.get("type") == "object":
            out += _fields(items, prefix + name + "[].")
    return out


def test_reference_lists_every_field_once() -> None:
    text = guide_text()
    reference = text[text.index(BEGIN) : text.index(END)]
    fields = _fields(load_schema(EXAMPLE_SCHEMA))
    assert "partners[].soort" in fields
    for field in fields:
        assert reference.count(f"| `{field}` |") == 1, field
    for section in (
        "Basis",
        "Inhoud",
        "Partners",
        "Resultaten",
        "Knelpunten",
        "Bronnen",
        "Afbeeldingen",
        "Contact",
        "Overig",
    ):
        assert f"\n### {section}\n" in reference
    assert (
        "| Veld | Verplicht | Soort | Toegestane waarden/grenzen | Uitleg | Voorbeeld |"
        in reference
    )


# --- the examples in the guide are what the tool really does --------------------------------


def test_annotated_example_passes_check(tmp_path: Path) -> None:
    """The complete example at the end of the guide is a valid praktijkvoorbeeld."""
    text = guide_text()
    section = text[text.index("## Een compleet voorbeeld met uitleg") :]
    (example,) = code_blocks(section, "yaml")[:1]
    assert example.count("\n# ") >= 15, "het voorbeeld heeft te weinig uitleg"
    target = tmp_path / "kapot-sterk.yaml"
    target.write_text(example, encoding="utf-8")
    for image in re.findall(r"bestand: (\S+)", example):
        (tmp_path / image).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / "examples" / "onderwijs" / image, tmp_path / image)
    result = workbook_check(tmp_path, target.name)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip().endswith("0 fouten en 0 waarschuwingen in 1 bestand.")


def _error_section() -> str:
    text = guide_text()
    return text[text.index("## Een foutmelding lezen") : text.index("## Alle velden op een rij")]


def test_error_output_in_guide_is_real(tmp_path: Path) -> None:
    """The broken file and the output shown under 'Een foutmelding lezen' match the tool."""
    section = _error_section()
    (broken,) = code_blocks(section, "yaml")
    shown = code_blocks(section, "text")
    (tmp_path / "buurtaanpak.yaml").write_text(broken, encoding="utf-8")
    result = workbook_check(tmp_path, "buurtaanpak.yaml")
    assert result.returncode == 1
    assert result.stdout == shown[0], (
        "de uitvoer in docs/aanleveren.md is verouderd; plak de echte uitvoer van "
        "'workbook check buurtaanpak.yaml' in de handleiding"
    )


def test_yaml_syntax_error_in_guide_is_real(tmp_path: Path) -> None:
    shown = code_blocks(_error_section(), "text")[1]
    line = re.search(r"^    1 \| (.*)$", shown, re.M)
    assert line
    (tmp_path / "kapot.yaml").write_text(line.group(1) + "\nthema: onderwijs\n", encoding="utf-8")
    result = workbook_check(tmp_path, "kapot.yaml")
    assert result.returncode == 1
    assert result.stdout == shown


def test_guide_covers_the_essentials() -> None:
    text = guide_text()
    for needle in (
        "insturen.html",
        "workbook new",
        "--theme",
        "yaml-language-server",
        "workbook check",
        "toestemming: true",
        "## YAML in vijf regels",
        "knelpunten",
        "werkvragen",
        "redactie",
    ):
        assert needle in text, needle
    for block in code_blocks(text, "yaml"):
        assert "\t" not in block


# --- GitHub annotations ---------------------------------------------------------------------


def test_github_format_escapes_message_and_properties() -> None:
    diagnostic = Diagnostic(
        file=Path("examples/a,b:c%.yaml"),
        line=3,
        column=5,
        severity=Severity.ERROR,
        code="invalid-value",
        message="100% fout:\r\nregel, twee",
        field="x,y:z",
        hint="kies: a, b",
    )
    assert format_github([diagnostic]) == (
        "::error file=examples/a%2Cb%3Ac%25.yaml,line=3,col=5,"
        "title=invalid-value (x%2Cy%3Az)::100%25 fout:%0D%0Aregel, twee%0Ahint: kies: a, b"
    )


@pytest.mark.parametrize(
    ("severity", "level"),
    [(Severity.ERROR, "error"), (Severity.WARNING, "warning"), (Severity.INFO, "notice")],
)
def test_github_format_levels_one_line_each(severity: Severity, level: str) -> None:
    diagnostics = [
        Diagnostic(Path("examples/één.yaml"), 1, 1, severity, "draft", "regel\nmet %0A"),
        Diagnostic(Path("examples/twee.yaml"), 2, 7, severity, "too-short", "kort"),
    ]
    lines = format_github(diagnostics).split("\n")
    assert len(lines) == 2
    assert (
        lines[0] == f"::{level} file=examples/één.yaml,line=1,col=1,title=draft::regel%0Amet %250A"
    )
    assert lines[1].startswith(f"::{level} file=examples/twee.yaml,line=2,col=7,")


# --- CI configurations in docs/ci -----------------------------------------------------------

CI = ROOT / "docs" / "ci"


def test_github_workflow_runs_check_with_annotations() -> None:
    text = (CI / "github-actions.yml").read_text(encoding="utf-8")
    workflow = yaml.safe_load(text)
    steps = workflow["jobs"]["check"]["steps"]
    python = [s for s in steps if str(s.get("uses", "")).startswith("actions/setup-python@")]
    assert python and python[0]["with"]["python-version"] == "3.11"
    runs = "\n".join(str(s.get("run", "")) for s in steps)
    assert "workbook check --format github" in runs
    assert 'pip install --disable-pip-version-check "$spec"' in runs
    assert "git+" not in text
    assert "WERKBOEK_PIP_SPEC" in (CI / "README.md").read_text(encoding="utf-8")


def _gitlab_job() -> dict[str, object]:
    job: dict[str, object] = yaml.safe_load((CI / "gitlab-ci.yml").read_text(encoding="utf-8"))[
        "workbook-check"
    ]
    return job


def test_gitlab_job_reports_code_quality() -> None:
    job = _gitlab_job()
    script = "\n".join(job["script"])  # type: ignore[arg-type]
    assert "workbook check --format json > werkboek-check.json" in script
    assert "workbook check || status=$?" in script  # plain text in the job log
    assert script.rstrip().endswith("exit $status")
    assert job["artifacts"]["reports"]["codequality"] == "werkboek-codequality.json"  # type: ignore[index]
    assert job["artifacts"]["when"] == "always"  # type: ignore[index]


def _gitlab_snippet() -> str:
    script = "\n".join(_gitlab_job()["script"])  # type: ignore[arg-type]
    match = re.search(r"python - <<'PY'\n(.*?)\nPY\n", script, re.S)
    assert match, "het Python-stuk in docs/ci/gitlab-ci.yml is niet gevonden"
    return match.group(1)


def test_gitlab_snippet_converts_real_diagnostics(tmp_path: Path) -> None:
    section = _error_section()
    (broken,) = code_blocks(section, "yaml")
    (tmp_path / "buurtaanpak.yaml").write_text(broken, encoding="utf-8")
    report = subprocess.run(
        [sys.executable, "-m", "workbook", "check", "--format", "json", "buurtaanpak.yaml"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=120,
    )
    assert report.returncode == 1
    diagnostics = json.loads(report.stdout)
    # The same problem twice in one file (other line) still gets its own fingerprint.
    diagnostics.append(dict(diagnostics[0], line=diagnostics[0]["line"] + 40))
    (tmp_path / "werkboek-check.json").write_text(json.dumps(diagnostics), encoding="utf-8")

    run = subprocess.run(
        [sys.executable, "-c", _gitlab_snippet()],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=60,
    )
    assert run.returncode == 0, run.stderr
    assert "Code Quality-rapport" in run.stdout
    issues = json.loads((tmp_path / "werkboek-codequality.json").read_text(encoding="utf-8"))
    assert len(issues) == len(diagnostics) == 5
    assert len({issue["fingerprint"] for issue in issues}) == len(issues)
    for issue, diagnostic in zip(issues, diagnostics, strict=True):
        assert set(issue) == {"description", "check_name", "fingerprint", "severity", "location"}
        assert issue["check_name"] == diagnostic["code"]
        assert issue["severity"] in {"info", "minor", "major", "critical", "blocker"}
        assert issue["location"] == {
            "path": diagnostic["file"],
            "lines": {"begin": diagnostic["line"]},
        }
        assert issue["description"].startswith(diagnostic["message"])
    assert any("hint: bedoelde u 'lopend'?" in issue["description"] for issue in issues)


def test_gitlab_snippet_survives_unreadable_json(tmp_path: Path) -> None:
    (tmp_path / "werkboek-check.json").write_text("interne fout\n", encoding="utf-8")
    run = subprocess.run(
        [sys.executable, "-c", _gitlab_snippet()],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=60,
    )
    assert run.returncode == 0, run.stderr
    assert json.loads((tmp_path / "werkboek-codequality.json").read_text()) == []


def test_github_workflow_publishes_the_site_folder_from_the_default_branch() -> None:
    workflow = yaml.safe_load((CI / "github-actions.yml").read_text(encoding="utf-8"))
    job = workflow["jobs"]["site"]
    assert job["needs"] == "check"
    assert "default_branch" in job["if"] and "push" in job["if"]
    assert job["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    upload = next(s for s in job["steps"] if "upload-pages-artifact" in str(s.get("uses")))
    assert upload["with"]["path"] == "dist/site"
    runs = [str(s.get("run", "")) for s in job["steps"]]
    assert "workbook build" in runs
    assert any("deploy-pages" in str(s.get("uses")) for s in job["steps"])


def test_gitlab_pages_job_publishes_the_site_folder_from_the_default_branch() -> None:
    jobs = yaml.safe_load((CI / "gitlab-ci.yml").read_text(encoding="utf-8"))
    pages = jobs["pages"]
    assert pages["rules"] == [{"if": "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH"}]
    assert "workbook build" in pages["script"]
    assert "rm -rf public && cp -r dist/site public" in pages["script"]
    assert pages["artifacts"]["paths"] == ["public"]

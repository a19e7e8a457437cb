"""Documentation that travels with the repository: every link in a tracked Markdown file
leads to a file in the repository (or to the web), and the contract in docs/ is complete."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from typing import Any

import click
import pytest
from markdown_links import broken_links, links
from test_corpus import SPEC_CODES

from workbook.cli.main import cli
from workbook.schema import BOOK_SCHEMA, EXAMPLE_SCHEMA, load_schema

REPO = Path(__file__).resolve().parents[1]
CONTRACT = REPO / "docs" / "contract.md"


def tracked_files() -> list[Path]:
    done = subprocess.run(
        ["git", "ls-files", "-z"], cwd=REPO, capture_output=True, check=False, timeout=60
    )
    if done.returncode != 0:
        pytest.fail(f"git ls-files mislukte: {done.stderr.decode(errors='replace')}", pytrace=False)
    return [REPO / name for name in done.stdout.decode().split("\0") if name]


TRACKED = tracked_files()
MARKDOWN = [p for p in TRACKED if p.suffix == ".md"]


@pytest.mark.parametrize("file", MARKDOWN, ids=lambda p: p.relative_to(REPO).as_posix())
def test_links_stay_inside_the_repository_and_lead_somewhere(file: Path) -> None:
    present = {p.resolve() for p in TRACKED}
    assert broken_links(file, REPO, present) == []


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("[spec](../shared/spec/praktijkvoorbeeld.md)", "buiten de repository"),
        ("[x](docs/bestaat-niet.md)", "bestaat niet"),
        ("[x](/work/main/README.md)", "absoluut pad"),
        ("[x](file:///etc/passwd)", "alleen webadressen"),
        ("![beeld](docs/geen-plaatje.png)", "bestaat niet"),
        ("[x][ref]\n\n[ref]: ../../elders.md", "buiten de repository"),
    ],
)
def test_the_link_check_catches(tmp_path: Path, text: str, problem: str) -> None:
    (tmp_path / "docs").mkdir()
    file = tmp_path / "LEESMIJ.md"
    file.write_text(f"# Kop\n\n{text}\n", encoding="utf-8")
    (found,) = broken_links(file, tmp_path)
    assert problem in found


def test_web_links_anchors_and_code_are_not_file_links(tmp_path: Path) -> None:
    file = tmp_path / "a.md"
    file.write_text(
        "[web](https://example.org/) [mail](mailto:a@example.org) [kop](#kop) "
        "`[code](../buiten.md)`\n\n    [ingesprongen](../buiten.md)\n",
        encoding="utf-8",
    )
    found = links(file.read_text("utf-8"))
    assert found == ["https://example.org/", "mailto:a@example.org", "#kop"]
    assert broken_links(file, tmp_path) == []


def test_no_document_points_at_the_shared_folder_of_the_workspace() -> None:
    for file in [REPO / "README.md", *sorted((REPO / "docs").rglob("*.md"))]:
        assert "shared/" not in file.read_text(encoding="utf-8"), file


# --- the contract is complete ---------------------------------------------------------------

CONTRACT_TEXT = CONTRACT.read_text(encoding="utf-8") if CONTRACT.exists() else ""


def _keys(schema: dict[str, Any], prefix: str = "") -> list[str]:
    keys = []
    for key, spec in schema.get("properties", {}).items():
        keys.append(prefix + key)
        nested = spec.get("items", spec)
        if "properties" in nested:
            keys += _keys(nested, prefix + key + ("[]." if spec.get("type") == "array" else "."))
    return keys


@pytest.mark.parametrize("schema", [EXAMPLE_SCHEMA, BOOK_SCHEMA])
def test_contract_names_every_field(schema: str) -> None:
    rows = {
        m.group(1): m.group(0) for m in re.finditer(r"^\| `([^`]+)` \|.*$", CONTRACT_TEXT, re.M)
    }
    for key in _keys(load_schema(schema)):
        if key in rows or any(row.startswith(key + ".") for row in rows):
            continue
        parent, _, leaf = key.rpartition(".")
        row = rows.get(parent.removesuffix("[]"), "")
        assert re.search(rf"\b{leaf}\b", row), f"{key} staat niet in docs/contract.md"


def test_contract_lists_every_diagnostic_code() -> None:
    listed = set(re.findall(r"`([a-z]+(?:-[a-z]+)*)`", CONTRACT_TEXT.split("- Codes:")[1]))
    assert not SPEC_CODES - listed, SPEC_CODES - listed


def test_contract_names_every_command() -> None:
    assert isinstance(cli, click.Group)
    for name in cli.commands:
        assert f"`workbook {name}" in CONTRACT_TEXT, name

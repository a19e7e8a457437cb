"""The pipeline's shape (docs/architecture.md): stages import downwards only, no cycles,
no module over 400 lines, one class per name, and importing changes nothing.

The import contracts live in pyproject.toml ([tool.importlinter]) and run with
`lint-imports`; the planted faults prove that they catch what they are meant to catch.
"""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
PACKAGE = REPO / "workbook"
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")
MODULES = sorted(p for p in PACKAGE.rglob("*.py") if "starter" not in p.parts)


def lint_imports(root: Path) -> subprocess.CompletedProcess[str]:
    """`lint-imports` on the package copy under `root`, with the repository's contracts."""
    return subprocess.run(
        [str(LINT_IMPORTS), "--config", str(REPO / "pyproject.toml"), "--no-cache"],
        cwd=root,
        env={**os.environ, "PYTHONPATH": str(root)},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.fixture
def package_copy(tmp_path: Path) -> Path:
    """The package's Python files in a folder of their own, to plant faults in."""
    for module in MODULES:
        target = tmp_path / module.relative_to(REPO)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(module, target)
    return tmp_path


def plant(root: Path, module: str, line: str) -> None:
    path = root / (module.replace(".", "/") + ".py")
    text = path.read_text("utf-8")
    head, _, rest = text.partition("from __future__ import annotations\n")
    path.write_text(f"{head}from __future__ import annotations\n\n{line}  # planted\n{rest}")


def test_the_import_contracts_hold() -> None:
    done = lint_imports(REPO)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Contracts: 3 kept, 0 broken." in done.stdout


def test_the_contracts_hold_on_the_copy_before_a_fault_is_planted(package_copy: Path) -> None:
    done = lint_imports(package_copy)
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.parametrize(
    ("module", "line", "broken"),
    [
        # base imports nothing of ours
        ("workbook.base.values", "import workbook.render.jinja", "Stages import downwards"),
        # model and check never import render
        ("workbook.model.overview", "import workbook.render.figures.palette", "Stages"),
        ("workbook.check.rules", "from workbook.render.pdf import urls", "Stages"),
        # a format does not reach into another one
        ("workbook.render.epub.package", "import workbook.render.pdf.book", "Renderers"),
        # a cycle inside one stage: registers already imports book
        ("workbook.model.book", "import workbook.model.registers", "No import cycles"),
    ],
)
def test_a_planted_fault_breaks_a_contract(
    package_copy: Path, module: str, line: str, broken: str
) -> None:
    plant(package_copy, module, line)
    done = lint_imports(package_copy)
    assert done.returncode != 0, done.stdout
    assert "BROKEN" in done.stdout
    assert broken in done.stdout


def test_no_module_is_over_400_lines() -> None:
    long = {
        str(p.relative_to(REPO)): n
        for p in MODULES
        if (n := len(p.read_text("utf-8").splitlines())) > 400
    }
    assert long == {}


def test_one_class_per_name_across_the_package() -> None:
    names: Counter[str] = Counter()
    where: dict[str, list[str]] = {}
    for path in MODULES:
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.ClassDef):
                names[node.name] += 1
                where.setdefault(node.name, []).append(str(path.relative_to(REPO)))
    assert {name: where[name] for name, n in names.items() if n > 1} == {}


IMPORT_EVERYTHING = """
import importlib, logging, os, signal, sys
names = sys.argv[1:]
def state():
    return (
        dict(os.environ),
        os.getcwd(),
        signal.getsignal(signal.SIGINT),
        signal.getsignal(signal.SIGTERM),
        sys.unraisablehook,
        sys.excepthook,
        list(logging.getLogger().handlers),
    )
before = state()
for name in names:
    importlib.import_module(name)
    after = state()
    if after != before:
        changed = [i for i, (a, b) in enumerate(zip(before, after)) if a != b]
        print(f"{name} changed {changed}")
        before = after
"""


def test_importing_a_module_changes_nothing_in_the_process() -> None:
    """Environment, working folder, signal handlers, hooks and root log handlers are the same
    after importing every module of the package (in a fresh interpreter)."""
    names = [
        ".".join(p.relative_to(REPO).with_suffix("").parts).removesuffix(".__init__")
        for p in MODULES
    ]
    done = subprocess.run(
        [sys.executable, "-c", IMPORT_EVERYTHING, *names],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == ""

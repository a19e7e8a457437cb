"""The pre-commit hook `workbook-check` (.pre-commit-hooks.yaml) blocks a bad example.

The end-to-end test does what a user does: a werkboek project in its own git repository
with a .pre-commit-config.yaml that points at this repository, `pre-commit install`, and a
real `git commit`. pre-commit needs the hook repository as a git repository with the
manifest committed, so the test clones this checkout and commits the working-tree
manifest there when HEAD lacks it (or has an older one): the test works before and after
the manifest is committed. pre-commit then installs werkboek with pip into its own
environment (`language: python`), exactly as it will for users; with a warm pip cache that
takes about 15 seconds.

Needs the `pre-commit` package (dev dependency) and git.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
MANIFEST = ROOT / ".pre-commit-hooks.yaml"

try:
    import pre_commit  # noqa: F401
except ImportError:  # pragma: no cover - a clear message instead of a skip
    pytest.fail("het pakket pre-commit ontbreekt: pip install -e '.[dev]'", pytrace=False)

GOOD_EXAMPLE = """\
titel: Samen door de wijk in Holtenbroek
thema: frontlijn
benadering: beide
gemeenten:
  - Zwolle
status: lopend
looptijd:
  start: 2023-03
samenvatting: |
  De wijkagent, de jongerenwerker en de woonconsulent lopen elke week samen door de buurt
  en bespreken daarna wat ze hebben gezien.
aanleiding: Bewoners meldden vaker dat jongeren werden gevraagd om pakketjes weg te brengen.
doelen:
  - Signalen van ronselen eerder oppikken
werkwijze: Elke week een ronde door de buurt en een kort overleg.
partners:
  - naam: Politie Oost-Nederland
    soort: politie
lessen:
  - Spreek vooraf af wie signalen opvolgt.
werkvragen:
  - Wie lopen er bij u samen door de wijk?
  - Wie pakt bij u een signaal op, en binnen hoeveel dagen?
bijgewerkt: 2024-05-01
"""

BAD_EXAMPLE = GOOD_EXAMPLE.replace("status: lopend", "status: bezig")


def _hook() -> dict[str, object]:
    hooks = yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))
    (hook,) = [h for h in hooks if h["id"] == "workbook-check"]
    return hook


def test_manifest_declares_workbook_check() -> None:
    hook = _hook()
    assert hook["entry"] == "workbook check"
    assert hook["language"] == "python"
    assert hook.get("pass_filenames", True) is True  # `workbook check FILE...` takes files
    files = re.compile(str(hook["files"]))
    exclude = re.compile(str(hook.get("exclude", "^$")))

    def selected(path: str) -> bool:
        return bool(files.search(path)) and not exclude.search(path)

    assert selected("examples/onderwijs/kapot-sterk.yaml")
    assert selected("examples/los.yml")
    # The project skips names starting with '.', so the hook does too.
    assert not selected("examples/.concept.yaml")
    assert not selected("examples/.oud/kapot-sterk.yaml")
    assert not selected("workbook.yaml")
    assert not selected("docs/ci/gitlab-ci.yml")
    assert not selected("examples/onderwijs/img/les.svg")


def _git_env(home: Path) -> dict[str, str]:
    env = dict(os.environ)
    # Isolated from the developer's git config (core.hooksPath, signing, templates).
    env.update(
        {
            "GIT_CONFIG_GLOBAL": os.devnull,
            "GIT_CONFIG_NOSYSTEM": "1",
            "GIT_AUTHOR_NAME": "Test",
            "GIT_AUTHOR_EMAIL": "test@example.nl",
            "GIT_COMMITTER_NAME": "Test",
            "GIT_COMMITTER_EMAIL": "test@example.nl",
            "PRE_COMMIT_HOME": str(home / "pre-commit-cache"),
            "PRE_COMMIT_COLOR": "never",
            "NO_COLOR": "1",
        }
    )
    # The hook must find `workbook` in its own environment, not in ours.
    env.pop("VIRTUAL_ENV", None)
    return env


def _run(
    args: list[str], cwd: Path, env: dict[str, str], check: bool = True
) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=600)
    if check and result.returncode != 0:
        raise AssertionError(
            f"{' '.join(args)} mislukte ({result.returncode}):\n{result.stdout}\n{result.stderr}"
        )
    return result


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, dict[str, str]]:
    """A clone of this checkout whose HEAD holds the current hook manifest."""
    if shutil.which("git") is None:
        pytest.fail("git is nodig voor deze test", pytrace=False)
    base = tmp_path_factory.mktemp("precommit")
    env = _git_env(base)
    clone = base / "werkboek"
    _run(["git", "clone", "--quiet", str(ROOT), str(clone)], base, env)
    committed = clone / MANIFEST.name
    wanted = MANIFEST.read_bytes()
    if not committed.exists() or committed.read_bytes() != wanted:
        committed.write_bytes(wanted)
        _run(["git", "add", MANIFEST.name], clone, env)
        _run(["git", "commit", "--quiet", "--no-verify", "-m", "pre-commit hook"], clone, env)
    sha = _run(["git", "rev-parse", "HEAD"], clone, env).stdout.strip()
    return clone, sha, env


def _project(root: Path, hook_repo: tuple[Path, str, dict[str, str]]) -> dict[str, str]:
    clone, sha, env = hook_repo
    root.mkdir()
    _run(["git", "init", "--quiet"], root, env)
    shutil.copy(ROOT / "workbook.yaml", root / "workbook.yaml")
    (root / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {clone.as_posix()}\n    rev: {sha}\n"
        "    hooks:\n      - id: workbook-check\n",
        encoding="utf-8",
    )
    _run([sys.executable, "-m", "pre_commit", "install"], root, env)
    return env


def test_commit_with_bad_example_is_blocked(
    tmp_path: Path, hook_repo: tuple[Path, str, dict[str, str]]
) -> None:
    project = tmp_path / "project"
    env = _project(project, hook_repo)
    example = project / "examples" / "frontlijn" / "samen-door-de-wijk.yaml"
    example.parent.mkdir(parents=True)
    example.write_text(BAD_EXAMPLE, encoding="utf-8")
    # A broken file the project skips (name starts with '.') must not block the commit.
    (project / "examples" / ".concept.yaml").write_text("titel: [\n", encoding="utf-8")
    _run(["git", "add", "-A"], project, env)

    blocked = _run(["git", "commit", "-m", "voorbeeld"], project, env, check=False)
    output = blocked.stdout + blocked.stderr
    assert blocked.returncode != 0, output
    assert "workbook check" in output
    assert (
        "examples/frontlijn/samen-door-de-wijk.yaml:6:9: fout: status moet pilot, lopend, "
        "afgerond of structureel zijn, niet 'bezig' [invalid-value]"
    ) in output
    assert "hint: bedoelde u 'lopend'?" in output
    assert ".concept.yaml" not in output
    no_head = _run(["git", "rev-parse", "--verify", "--quiet", "HEAD"], project, env, check=False)
    assert no_head.returncode != 0, "de commit had tegengehouden moeten worden"

    # Fixed: the same commit now goes through.
    example.write_text(GOOD_EXAMPLE, encoding="utf-8")
    _run(["git", "add", "-A"], project, env)
    done = _run(["git", "commit", "-m", "voorbeeld"], project, env, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    assert re.search(r"praktijkvoorbeelden controleren.*Passed", done.stdout + done.stderr)

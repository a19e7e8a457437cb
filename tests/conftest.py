"""Shared fixtures: a tiny valid werkboek project, and a helper that runs the CLI.

`make_project` is a factory fixture::

    def test_x(make_project):
        root = make_project()                                   # the valid project
        root = make_project(example=VALID_EXAMPLE.replace(...)) # one broken example
        root = make_project(files={"examples/frontlijn/b.yaml": "..."})

`run_cli(*args, cwd=...)` returns (exit code, stdout, stderr). By default it runs
`workbook.cli.main.main` in-process (fast); `subprocess=True` runs `python -m workbook`.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import subprocess as _subprocess
import sys
from collections.abc import Callable
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path
from typing import Any

import pytest

from workbook.check.run import check_project
from workbook.model.book import Book

# A fixed "today" for rules that look at the calendar (future-date, ended-but-running).
TODAY = dt.date(2025, 6, 1)

WORKBOOK_YAML = """\
titel: Testwerkboek ondermijning
uitgever: Testuitgeverij
jaar: 2025
themas:
  - id: repressie-preventie
    titel: Repressie en preventie verbinden
  - id: onderwijs
    titel: Onderwijs en ondermijnende criminaliteit
  - id: frontlijn
    titel: Frontlijnprofessionals
"""

# Every required field, nothing optional. Line numbers matter: the corpus tests point at
# them (line 1 = titel, 6 = status, 8 = looptijd.start, 22 = second partner's soort ...).
VALID_EXAMPLE = """\
titel: Weerbaar op school
thema: onderwijs
benadering: preventief
gemeenten:
  - Utrecht
status: lopend
looptijd:
  start: 2021-09
samenvatting: >-
  Leerlingen van groep 7 en 8 leren in vijf lessen hoe criminelen jongeren
  benaderen en bij wie ze terechtkunnen.
aanleiding: |
  Jonge kinderen worden in de wijk benaderd voor klusjes.
doelen:
  - Leerlingen herkennen ronselen.
werkwijze: |
  Vijf lessen in de klas, samen met **politie** en jongerenwerk.
partners:
  - naam: Gemeente Utrecht
    soort: gemeente
  - naam: Politie Midden-Nederland
    soort: politie
lessen:
  - Begin klein, met twee scholen.
werkvragen:
  - Welke scholen in uw gemeente zien signalen?
  - Wie is het aanspreekpunt?
bijgewerkt: 2024-05-01
"""

EXAMPLE_PATH = "examples/onderwijs/voorbeeld.yaml"

ProjectFactory = Callable[..., Path]


def write_project(
    root: Path,
    example: str | bytes | None = VALID_EXAMPLE,
    *,
    config: str | bytes | None = WORKBOOK_YAML,
    files: dict[str, str | bytes] | None = None,
) -> Path:
    """Write a project into `root`: workbook.yaml, the example, and any extra files.

    `example=None` leaves out the example, `config=None` leaves out workbook.yaml.
    """
    root.mkdir(parents=True, exist_ok=True)
    everything: dict[str, str | bytes] = {}
    if config is not None:
        everything["workbook.yaml"] = config
    if example is not None:
        everything[EXAMPLE_PATH] = example
    everything.update(files or {})
    for name, content in everything.items():
        target = root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_bytes(content.encode("utf-8"))
    (root / "examples").mkdir(exist_ok=True)
    return root


@pytest.fixture
def make_project(tmp_path: Path) -> ProjectFactory:
    """A factory for small projects under tmp_path (each call gets a fresh folder)."""
    counter = iter(range(1_000_000))

    def build(
        example: str | bytes | None = VALID_EXAMPLE,
        *,
        config: str | bytes | None = WORKBOOK_YAML,
        files: dict[str, str | bytes] | None = None,
        name: str | None = None,
    ) -> Path:
        root = tmp_path / (name or f"project{next(counter)}")
        return write_project(root, example, config=config, files=files)

    return build


@pytest.fixture
def project(make_project: ProjectFactory) -> Path:
    """The tiny valid project, ready to check."""
    return make_project()


def run_cli(
    *args: str | os.PathLike[str], cwd: Path | str | None = None, subprocess: bool = False
) -> tuple[int, str, str]:
    """Run `workbook ARGS` in `cwd`; return (exit code, stdout, stderr)."""
    argv = [os.fspath(a) for a in args]
    if subprocess:
        env = dict(os.environ, PYTHONIOENCODING="utf-8", NO_COLOR="1", COLUMNS="100")
        done = _subprocess.run(
            [sys.executable, "-m", "workbook", *argv],
            cwd=cwd,
            capture_output=True,
            text=True,
            encoding="utf-8",
            env=env,
            timeout=60,
            check=False,
        )
        return done.returncode, done.stdout, done.stderr

    from workbook.cli.main import main

    out, err = io.StringIO(), io.StringIO()
    old = os.getcwd()
    code: int
    try:
        if cwd is not None:
            os.chdir(cwd)
        with redirect_stdout(out), redirect_stderr(err):
            try:
                main(argv)
                code = 0
            except SystemExit as exc:
                code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    finally:
        os.chdir(old)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture(name="run_cli")
def run_cli_fixture() -> Callable[..., tuple[int, str, str]]:
    return run_cli


@pytest.fixture(scope="session")
def book() -> Book:
    """The model of the bundled project, as every renderer test starts from it."""
    result = check_project(Path(__file__).resolve().parents[1])
    assert result.book is not None
    return result.book


@pytest.fixture(scope="session")
def screen_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The part cache of the bundled book's screen PDF (filled by `screen_render`)."""
    return tmp_path_factory.mktemp("pdf-cache") / "cache"


@pytest.fixture(scope="session")
def screen_render(book: Book, screen_cache: Path) -> Any:
    """The bundled book's screen PDF, laid out in this process (`-j 1`) with a fresh cache."""
    from workbook.render.pdf.book import render

    return render(book, jobs=1, cache_dir=screen_cache)


@pytest.fixture(scope="session")
def screen_pdf(screen_render: Any) -> bytes:
    """The bundled book as screen PDF, rendered once for every test module that reads it."""
    # A CSS warning from our own templates is a bug in the templates.
    assert screen_render.warnings == []
    data: bytes = screen_render.data
    return data


@pytest.fixture(scope="session")
def print_render(book: Book, tmp_path_factory: pytest.TempPathFactory) -> Any:
    """The bundled book's print edition (PDF/X-4), laid out once for all tests, in two
    processes (the screen edition is laid out in one: both ways are tested)."""
    from workbook.render.pdf.book import render

    return render(book, print_edition=True, jobs=2, cache_dir=tmp_path_factory.mktemp("druk"))


@pytest.fixture(scope="session")
def print_pdf(print_render: Any) -> bytes:
    # A CSS warning from our own templates (the CMYK palette included) is a bug in them.
    assert print_render.warnings == []
    data: bytes = print_render.data
    return data


# The test files that take longest (a minute or more of fixtures: Ace, EPUBCheck, PDF layouts,
# pip in pre-commit), started first: `make test` hands out whole files to its processes in
# collection order, so long files at the end would leave one process working alone.
LONG_FILES = (
    "test_editions.py",
    "test_whats_new.py",
    "test_epub.py",
    "test_epub_pages.py",
    "test_precommit.py",
    "test_print.py",
    "test_serve_interrupt.py",
    "test_example_pdf.py",
    "test_pdf_parts.py",
    "test_overview_media.py",
    "test_serve.py",
    "test_pdf.py",
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    def rank(item: pytest.Item) -> int:
        name = item.path.name
        return LONG_FILES.index(name) if name in LONG_FILES else len(LONG_FILES)

    items.sort(key=rank)  # stable: the order inside a file stays

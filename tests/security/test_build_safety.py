"""Builds that overlap, are interrupted or are killed never leave a broken file behind.

Each test runs real `python -m workbook build` processes on a tiny project. Timing comes
from the build's own progress output (the line "<name>.pdf: bronnen laden" is printed once
the output lock is held and rendering has begun), and a build is frozen with SIGSTOP at
that point where the test needs it to stay in the middle: no sleeps, no races.
"""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import run_cli
from pypdf import PdfReader

from workbook.base import interrupt
from workbook.base.errors import Interrupted
from workbook.base.files import atomic_tree, atomic_write
from workbook.build.run import LOCK_NAME, output_lock

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals and flock")

PDF = "testwerkboek-ondermijning.pdf"  # slug of the test project's titel
INTERRUPTED = "Afgebroken door de gebruiker (Ctrl-C); bestaande uitvoer is niet gewijzigd."
TIMEOUT = 90


class Build:
    """A `workbook build --format pdf` in a child process, its stderr read line by line."""

    def __init__(self, project: Path, freeze_at: str | None = None) -> None:
        """`freeze_at`: SIGSTOP the build as soon as a stderr line contains this text (from
        the reader thread, so that the build has as little time as possible to go on)."""
        self.freeze_at = freeze_at
        self.frozen = threading.Event()
        env = dict(os.environ, PYTHONIOENCODING="utf-8", NO_COLOR="1", PYTHONUNBUFFERED="1")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "workbook", "build", str(project), "--format", "pdf"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
            env=env,
        )
        self.lines: queue.Queue[str | None] = queue.Queue()
        self.seen: list[str] = []
        self.stdout = ""
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stderr is not None
        for line in self.process.stderr:
            if self.freeze_at is not None and self.freeze_at in line and not self.frozen.is_set():
                self.process.send_signal(signal.SIGSTOP)
                self.frozen.set()
            self.lines.put(line.rstrip("\n"))
        self.lines.put(None)

    def is_stopped(self) -> bool:
        """Is the process stopped by a signal (and not already ended)?"""
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            state = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
            if state in "tT":
                return True
            if state in "ZX":
                return False
            time.sleep(0.01)  # the signal is on its way
        return False

    def wait_for(self, text: str) -> None:
        """Block until a stderr line contains `text` (fails if the build ends first)."""
        while True:
            line = self.lines.get(timeout=TIMEOUT)
            if line is None:
                pytest.fail(f"the build ended before {text!r}; stderr: {self.seen}")
            self.seen.append(line)
            if text in line:
                return

    def finish(self) -> tuple[int, list[str]]:
        assert self.process.stdout is not None  # stderr belongs to the reader thread
        self.stdout = self.process.stdout.read()
        self.process.wait(timeout=TIMEOUT)
        while True:
            line = self.lines.get(timeout=TIMEOUT)
            if line is None:
                break
            self.seen.append(line)
        return self.process.returncode, self.seen

    def signal(self, number: int) -> None:
        self.process.send_signal(number)

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGCONT)
            self.process.kill()
        self.process.wait(timeout=TIMEOUT)


@pytest.fixture
def builds() -> Iterator[list[Build]]:
    """Every child build a test starts; none outlives the test."""
    started: list[Build] = []
    yield started
    for build in started:
        build.kill()


def start(builds: list[Build], project: Path, freeze_at: str | None = None) -> Build:
    build = Build(project, freeze_at)
    builds.append(build)
    return build


RENDERING = f"{PDF}: "  # the first progress line of the PDF step, printed under the lock


def assert_complete_pdf(path: Path) -> None:
    data = path.read_bytes()
    assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF"), path
    assert len(PdfReader(path).pages) >= 3


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith((".tmp", ".old")))


def test_two_builds_on_one_output_folder(make_project, builds: list[Build]) -> None:
    project = make_project()
    first = start(builds, project)
    first.wait_for(RENDERING)
    first.signal(signal.SIGSTOP)  # hold the first build in the middle of rendering
    try:
        second = start(builds, project)
        code, lines = second.finish()
    finally:
        first.signal(signal.SIGCONT)
    assert code == 3, lines
    assert lines[-1].startswith("fout: er draait al een build die naar ")
    assert "wacht tot die klaar is" in lines[-1]
    assert not any("Traceback" in line for line in lines)
    dist = project / "dist"
    assert not (dist / PDF).exists()  # the refused build wrote nothing
    code, lines = first.finish()
    assert code == 0, lines
    assert_complete_pdf(dist / PDF)
    assert leftovers(dist) == []


def test_a_held_lock_refuses_a_build_and_keeps_the_old_pdf(make_project) -> None:
    project = make_project()
    assert run_cli("build", project, "--format", "pdf", "-q")[0] == 0
    dist = project / "dist"
    before = (dist / PDF).read_bytes()
    with output_lock(dist):
        code, _, err = run_cli("build", project, "--format", "pdf", "-q", subprocess=True)
    assert code == 3
    assert err.strip().splitlines()[-1].startswith("fout: er draait al een build")
    assert (dist / PDF).read_bytes() == before
    assert (dist / LOCK_NAME).exists()


def test_ctrl_c_in_a_terminal_reaches_no_child_process(make_project) -> None:
    """In a terminal Ctrl-C goes to every process of the command. The worker processes,
    just starting here (they start before the check), print nothing; the build stops with
    its one Dutch line."""
    project = make_project()
    env = dict(os.environ, PYTHONIOENCODING="utf-8", NO_COLOR="1", PYTHONUNBUFFERED="1")
    command = [sys.executable, "-m", "workbook", "build", str(project), "--format", "pdf"]
    process = subprocess.Popen(
        [*command, "-j", "2", "--no-cache"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
        env=env,
        start_new_session=True,  # a process group of its own, as a terminal gives it
    )
    try:
        assert process.stderr is not None
        first = process.stderr.readline()  # the check: the workers are starting up
        os.killpg(process.pid, signal.SIGINT)
        rest = process.stderr.read()
        process.wait(timeout=TIMEOUT)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
    assert process.returncode == 130, first + rest
    assert "Traceback" not in rest, rest
    assert [line for line in rest.splitlines() if line.strip()] == [INTERRUPTED]
    assert not (project / "dist" / PDF).exists()


def test_ctrl_c_during_a_build_exits_130_and_keeps_the_previous_pdf(
    make_project, builds: list[Build]
) -> None:
    project = make_project()
    assert run_cli("build", project, "--format", "pdf", "-q")[0] == 0
    dist = project / "dist"
    before = (dist / PDF).read_bytes()
    example = project / "examples/onderwijs/voorbeeld.yaml"  # the next PDF would differ
    text = example.read_text("utf-8")
    for town in ("Amersfoort", "Zeist", "Houten"):
        example.write_text(text.replace("Utrecht", town), "utf-8")
        # Frozen mid-render, so that Ctrl-C lands there. On a loaded machine the build may
        # finish before the freeze lands: then it was a plain build; try once more.
        build = start(builds, project, freeze_at=RENDERING)
        build.frozen.wait(TIMEOUT)
        if build.is_stopped():
            break
        assert build.finish()[0] == 0
        before = (dist / PDF).read_bytes()
    else:
        pytest.fail("the build always finished before it could be frozen")
    build.signal(signal.SIGINT)
    build.signal(signal.SIGCONT)
    code, lines = build.finish()
    assert code == 130, lines
    after_start = lines[lines.index(next(x for x in lines if RENDERING in x)) :]
    # click ends the terminal's "^C" with a newline; then one Dutch line, no traceback.
    messages = [line for line in after_start if RENDERING not in line and line.strip()]
    assert messages == [INTERRUPTED]
    assert build.stdout == ""
    assert (dist / PDF).read_bytes() == before
    assert leftovers(dist) == []


def test_sigkill_mid_build_leaves_no_broken_final_file(make_project, builds: list[Build]) -> None:
    project = make_project()
    assert run_cli("build", project, "--format", "pdf", "-q")[0] == 0
    dist = project / "dist"
    before = (dist / PDF).read_bytes()
    written = {
        p.relative_to(dist).as_posix(): p.read_bytes()
        for p in dist.rglob("*")
        if p.is_file() and not p.relative_to(dist).as_posix().startswith(".")
    }
    assert PDF in written and PDF.removesuffix(".pdf") + ".uitgave.json" in written
    assert any(name.startswith("voorbeelden/") for name in written)
    example = project / "examples/onderwijs/voorbeeld.yaml"  # so that the build has work
    example.write_text(example.read_text("utf-8").replace("Utrecht", "Amersfoort"), "utf-8")

    build = start(builds, project)
    build.wait_for(RENDERING)
    build.signal(signal.SIGKILL)
    build.process.wait(timeout=TIMEOUT)
    assert build.process.returncode == -signal.SIGKILL
    for path in dist.rglob("*"):  # only hidden files may be incomplete
        name = path.relative_to(dist).as_posix()
        if path.is_file() and not name.startswith("."):
            assert path.read_bytes() == written[name], name

    # What a build killed while writing leaves: hidden temporaries beside the targets.
    (dist / f".{PDF}.k1ll3d.tmp").write_bytes(before[: len(before) // 2])
    (dist / ".site.k1ll3d.tmp").mkdir()
    (dist / ".site.k1ll3d.tmp" / "index.html").write_text("<p>half", "utf-8")
    code, _, err = run_cli("build", project, "--format", "pdf", "-q")
    assert code == 0, err  # the lock died with the killed process
    assert_complete_pdf(dist / PDF)
    assert leftovers(dist) == []  # the next build cleaned up after the killed one


def test_stale_temporaries_of_other_names_are_left_alone(make_project) -> None:
    """Cleanup is limited to this book's own outputs: other files in dist/ are not ours."""
    project = make_project()
    dist = project / "dist"
    dist.mkdir()
    foreign = dist / ".iets-anders.pdf.abc.tmp"
    foreign.write_bytes(b"not ours")
    mine = dist / "notities.txt"
    mine.write_text("van de redactie", "utf-8")
    assert run_cli("build", project, "--format", "pdf", "-q")[0] == 0
    assert foreign.exists() and mine.read_text("utf-8") == "van de redactie"


def test_a_lost_ctrl_c_still_keeps_every_output(tmp_path: Path) -> None:
    """CPython loses a KeyboardInterrupt that lands in a finalizer or a C callback; the
    recorded Ctrl-C still stops the writers before they replace anything."""
    target = tmp_path / PDF
    target.write_bytes(b"old")
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("old", "utf-8")
    interrupt._PRESSED.set()  # as the handler leaves it when its exception got lost
    try:
        with pytest.raises(Interrupted):
            atomic_write(target, b"new")
        with pytest.raises(Interrupted):
            atomic_tree(site, lambda fresh: (fresh / "index.html").write_text("new", "utf-8"))
    finally:
        interrupt.install()  # a new command starts unpressed
    assert target.read_bytes() == b"old"
    assert (site / "index.html").read_text("utf-8") == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([PDF, "site"])
    atomic_write(target, b"new")  # and the next command writes again
    assert target.read_bytes() == b"new"


def test_a_lost_ctrl_c_prints_no_traceback() -> None:
    """A KeyboardInterrupt that CPython reports as "ignored" (raised in a finalizer) adds no
    traceback to the command's output; the writers stop the build instead."""
    code = (
        "import gc, os, signal\n"
        "from workbook.base import interrupt\n"
        "interrupt.install()\n"
        "class Slow:\n"
        "    def __del__(self):\n"
        "        os.kill(os.getpid(), signal.SIGINT)\n"
        "        for _ in range(10000): pass\n"
        "Slow()\n"
        "gc.collect()\n"
        "try:\n"
        "    interrupt.check()\n"
        "except Exception as exc:\n"
        "    print(type(exc).__name__)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=TIMEOUT
    )
    assert done.stdout.strip() == "Interrupted", (done.stdout, done.stderr)
    assert "Traceback" not in done.stderr and "KeyboardInterrupt" not in done.stderr

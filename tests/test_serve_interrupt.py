"""Ctrl-C in `workbook serve`, as a terminal sends it: SIGINT to the whole process group,
at moments spread over a rebuild (the watcher's wait, the check, the site, Pagefind, the
PDF's worker processes starting and laying out, the charts' process). Every time: exit 130,
the one line `Gestopt.`, no traceback from any process, no error about the search index,
and no process of the group left running.

Each run is a fresh `python -m workbook serve` on a copy of the bundled project, in a
session of its own (as a terminal starts a command), with the PDF kept current.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from serve_support import free_port, start_serve

from workbook.base import interrupt

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = Path("examples/onderwijs/kapot-sterk.yaml")
# Seconds between saving an edit and Ctrl-C. The watcher waits 0.4 s for more changes,
# then the check, the site and Pagefind take about half a second; the PDF follows (its
# workers start, lay out, the charts are drawn in a process of their own).
# Six moments, one in each phase (more made the suite slower, and found nothing else).
DELAYS = (0.0, 0.5, 0.8, 1.3, 2.2, 3.0)
GONE_WITHIN = 5.0


def _running_in_group(pgid: int) -> list[str]:
    """The processes of group `pgid` that still run (a zombie has ended: it is only
    waiting for its new parent, init, to collect its exit status)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue  # ended meanwhile
        name, rest = stat[stat.index("(") + 1 : stat.rindex(")")], stat[stat.rindex(")") + 2 :]
        state, _parent, group = rest.split()[:3]
        if int(group) == pgid and state != "Z":
            found.append(f"{entry.name} {name} ({state})")
    return found


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("serve-ctrl-c") / "project"
    root.mkdir()
    shutil.copy2(REPO / "workbook.yaml", root / "workbook.yaml")
    shutil.copytree(REPO / "examples", root / "examples")
    return root


def _ctrl_c_during_a_rebuild(root: Path, delay: float, run: int) -> tuple[int, str, list[str]]:
    """Serve, wait for it, save an edit, wait `delay`, Ctrl-C the group; returns the exit
    code, the output and the processes of the group still running afterwards."""
    # In a group of its own, as a terminal gives a command.
    process = start_serve(root, free_port(), own_group=True)
    output: list[str] = []
    started = threading.Event()

    def pump() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            output.append(line)
            if line.startswith("Website op"):
                started.set()

    reader = threading.Thread(target=pump, daemon=True)
    reader.start()
    try:
        assert started.wait(60), "".join(output)
        original = (REPO / EXAMPLE).read_text(encoding="utf-8")
        (root / EXAMPLE).write_text(
            original.replace("Kapot Sterk", f"Kapot Sterk {run}", 1), "utf-8"
        )
        time.sleep(delay)
        os.killpg(process.pid, signal.SIGINT)
        code = process.wait(timeout=30)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)
    reader.join(timeout=10)
    deadline = time.monotonic() + GONE_WITHIN
    while (left := _running_in_group(process.pid)) and time.monotonic() < deadline:
        time.sleep(0.05)
    if left:
        os.killpg(process.pid, signal.SIGKILL)
    return code, "".join(output), left


def test_ctrl_c_to_the_whole_group_during_rebuilds_stops_cleanly(project: Path) -> None:
    for run, delay in enumerate(DELAYS):
        code, output, left = _ctrl_c_during_a_rebuild(project, delay, run)
        where = f"Ctrl-C {delay} s na het opslaan; uitvoer:\n{output}"
        assert code == 130, where
        assert "Traceback" not in output, where
        assert "zoekindex" not in output and "fout" not in output, where
        lines = output.splitlines()
        assert lines.count("Gestopt.") == 1 and lines[-1] == "Gestopt.", where
        assert "Afgebroken" not in output, where
        assert left == [], f"{left}\n{where}"


def test_awaited_hands_ctrl_c_to_the_main_thread_and_every_child_ignores_it() -> None:
    """The mechanism on its own: a child started by another thread ignores SIGINT from
    birth; the Ctrl-C waits, pending, for `pressed`; afterwards the old handler is back."""
    if threading.current_thread() is not threading.main_thread():
        pytest.skip("only the main thread can set signal handlers")
    before = signal.getsignal(signal.SIGINT)
    children: list[subprocess.Popen[str]] = []
    report = "import signal; print(signal.getsignal(signal.SIGINT).name)"
    with interrupt.awaited() as pressed:

        def start() -> None:
            children.append(
                subprocess.Popen([sys.executable, "-c", report], stdout=subprocess.PIPE, text=True)
            )

        starter = threading.Thread(target=start)
        starter.start()
        starter.join()
        assert not pressed(0.01)
        # To the main thread itself (pytest-xdist has threads of its own, which a signal to
        # the process could pick); the end-to-end test above sends it to the whole group.
        signal.pthread_kill(threading.main_thread().ident or 0, signal.SIGINT)
        assert pressed(5)
        assert children[0].communicate(timeout=30)[0].strip() == "SIG_IGN"
    assert signal.getsignal(signal.SIGINT) is before

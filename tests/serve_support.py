"""Starting `workbook serve` as a command, for the tests that talk to it over HTTP and
the ones that stop it with Ctrl-C."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_serve(
    root: Path, port: int, *options: str, own_group: bool = False
) -> subprocess.Popen[str]:
    """`workbook serve` for the project `root` on `port`, its output (stdout and stderr)
    unbuffered in the pipe; `own_group`: in a process group of its own, as a terminal
    starts a command."""
    env = dict(os.environ, PYTHONIOENCODING="utf-8", PYTHONUNBUFFERED="1", NO_COLOR="1")
    return subprocess.Popen(
        [sys.executable, "-m", "workbook", "serve", str(root), "--port", str(port), *options],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        encoding="utf-8",
        env=env,
        cwd=root,
        start_new_session=own_group,
    )

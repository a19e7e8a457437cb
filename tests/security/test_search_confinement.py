"""Confinement of the search indexer: Pagefind (a binary of its own) reads only the site
folder it indexes, opens no network connection, and ignores PAGEFIND_* settings from the
environment. Watched with strace, the only way to see what another program opens."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
from conftest import VALID_EXAMPLE

from workbook.check.run import check_project
from workbook.render.site import search
from workbook.render.site.pages import write_site

# What the Rust runtime of the binary reads about the machine: CPU quota, memory settings,
# the allocator's optional configuration. Nothing of a user's.
RUNTIME_FILES = ("/proc/", "/sys/", "/dev/", "/etc/_rjem_malloc.conf")
PATH_CALL = re.compile(
    r"\b(open|openat|openat2|stat|lstat|newfstatat|statx|access|faccessat2?|readlink|readlinkat|"
    r'execve|mkdir|mkdirat|unlink|unlinkat|rename|renameat2?|chdir)\((?:AT_FDCWD, )?"([^"]*)"'
)
NETWORK_CALL = re.compile(r"\b(connect|sendto|sendmsg|bind)\(\d+, \{sa_family=AF_INET6?\b")


@pytest.fixture
def traced(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    """Run Pagefind under strace; returns the trace it writes and the real binary."""
    strace = shutil.which("strace")
    if strace is None:
        pytest.skip("strace ontbreekt: installeer het met 'apt-get install -y strace'")
    real = search.pagefind_executable()
    trace = tmp_path / "pagefind.strace"
    wrapper = tmp_path / "pagefind-traced"
    wrapper.write_text(
        f'#!/bin/sh\nexec "{strace}" -f -qq -o "{trace}" -e trace=%file,%network '
        f'-- "{real}" "$@"\n',
        encoding="utf-8",
    )
    wrapper.chmod(0o755)
    monkeypatch.setattr(search, "pagefind_executable", lambda: wrapper)
    return trace, real


def test_pagefind_reads_only_the_site_and_opens_no_connection(
    make_project, traced: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    trace, binary = traced
    # Settings that would send the index elsewhere must not reach Pagefind.
    elsewhere = tmp_path / "elders"
    monkeypatch.setenv("PAGEFIND_OUTPUT_PATH", str(elsewhere))
    monkeypatch.setenv("PAGEFIND_SITE", str(tmp_path))
    root = make_project(VALID_EXAMPLE)
    book = check_project(root).book
    assert book is not None
    site = (tmp_path / "out" / "site").resolve()
    write_site(book, site)
    search.index_site(site)
    assert (site / search.BUNDLE / "pagefind.js").is_file()
    assert not elsewhere.exists()

    text = trace.read_text(encoding="utf-8")
    assert NETWORK_CALL.search(text) is None, NETWORK_CALL.search(text)
    paths = [path for _, path in PATH_CALL.findall(text)]
    assert any(path.endswith("index.html") for path in paths), "the trace saw no page"
    outside = set()
    for path in paths:
        absolute = os.path.normpath(os.path.join(site, path))  # Pagefind runs in the site
        if absolute == str(binary) or absolute.startswith(RUNTIME_FILES):
            continue
        if absolute != str(site) and not absolute.startswith(f"{site}/"):
            outside.add(absolute)
    assert outside == set()

"""Ace by DAISY (EPUB accessibility), run through Debian's Chromium.

    from ace import ace_report, findings   # tests/ is on sys.path (rootdir conftest)

Ace runs for about half a minute per book, so a report is kept per EPUB (by the hash of
its bytes) for the whole test session: every test module that checks the same book reads
the one report. `make test` installs Ace in tools/ (npm ci --ignore-scripts); the plain
`ace` command wants Electron, so the puppeteer one is used.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

import pytest
from browser import chromium_path

REPO = Path(__file__).resolve().parents[1]
ACE = REPO / "tools" / "node_modules" / ".bin" / "ace-puppeteer"
IMPACTS = ("critical", "serious", "moderate", "minor")
_REPORTS: dict[str, dict[str, Any]] = {}


def ace() -> Path:
    """The Ace command; a skip when npm/Node.js is missing, a failure when Ace is."""
    if shutil.which("node") is None or shutil.which("npm") is None:
        pytest.skip(
            "npm/Node.js ontbreekt: Ace by DAISY kan het e-book niet controleren "
            "(installeer npm; make test haalt Ace dan op)"
        )
    if not ACE.is_file():
        pytest.fail(
            "Ace by DAISY is niet geïnstalleerd: draai 'npm ci --prefix tools "
            "--ignore-scripts' (make test doet dit)",
            pytrace=False,
        )
    return ACE


def ace_report(epub: bytes) -> dict[str, Any]:
    """Ace's report (report.json) of the EPUB with these bytes, made once per session."""
    key = hashlib.sha256(epub).hexdigest()
    if key not in _REPORTS:
        command = ace()
        env = dict(os.environ, PUPPETEER_EXECUTABLE_PATH=chromium_path())
        with tempfile.TemporaryDirectory(prefix="ace-") as tmp:
            book = Path(tmp) / "boek.epub"
            book.write_bytes(epub)
            out = Path(tmp) / "out"
            done = subprocess.run(
                [
                    str(command),
                    "--silent",
                    "--force",
                    "--outdir",
                    str(out),
                    str(book),
                ],
                env=env,
                capture_output=True,
                text=True,
                timeout=600,
                check=False,
            )
            report = out / "report.json"
            assert done.returncode == 0 and report.is_file(), done.stdout + done.stderr
            _REPORTS[key] = json.loads(report.read_text("utf-8"))
    return _REPORTS[key]


def findings(report: dict[str, Any]) -> dict[str, list[str]]:
    """Ace's failed assertions by impact: 'rule (document)'."""
    found: dict[str, list[str]] = {impact: [] for impact in IMPACTS}
    for document in report["assertions"]:
        for assertion in document["assertions"]:
            if assertion["earl:result"]["earl:outcome"] == "fail":
                test = assertion["earl:test"]
                where = document["earl:testSubject"]["url"]
                found[test["earl:impact"]].append(f"{test['dct:title']} ({where})")
    return found

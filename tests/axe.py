"""axe-core in a Playwright page: the accessibility violations of what the page shows now.

axe-core is pinned in tools/package.json and installed by `make test` (`npm ci --prefix
tools --ignore-scripts`); its script is injected into the page from tools/node_modules, so
nothing is fetched from the network.

    from axe import axe_violations, describe   # tests/ is on sys.path (rootdir conftest)

    violations = axe_violations(page)
    assert violations == [], describe(violations)

Without npm the tools cannot be installed and the test is skipped, naming npm; with npm but
without the installed tools the test fails and says how to install them.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[1]
AXE_SCRIPT = REPO / "tools" / "node_modules" / "axe-core" / "axe.min.js"
# WCAG 2.1 A and AA plus axe's best practices (landmarks, heading order, …).
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]


def axe_script() -> Path:
    """The installed axe-core script, or a skipped (no npm) or failed (not installed) test."""
    if AXE_SCRIPT.is_file():
        return AXE_SCRIPT
    if shutil.which("npm") is None:
        pytest.skip("npm ontbreekt: axe-core (tools/) kan niet worden geïnstalleerd")
    pytest.fail(
        "axe-core ontbreekt in tools/node_modules: installeer het met "
        "'npm ci --prefix tools --ignore-scripts' (make test doet dit)",
        pytrace=False,
    )


def axe_violations(page: Any, selector: str | None = None) -> list[dict[str, Any]]:
    """Run axe-core on the page (or on the element matching `selector`); its violations."""
    script = axe_script()
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.add_script_tag(path=str(script))
    result = page.evaluate(
        """async ([selector, tags]) => {
             const context = selector ? document.querySelector(selector) : document;
             return await window.axe.run(context, {
               runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] });
           }""",
        [selector, TAGS],
    )
    violations: list[dict[str, Any]] = result["violations"]
    return violations


def describe(violations: list[dict[str, Any]]) -> str:
    """One line per violation and node, for an assertion message."""
    lines = []
    for violation in violations:
        for node in violation["nodes"]:
            lines.append(f"{violation['id']} ({violation['impact']}): {node['target']}")
    return "\n".join(lines) or "geen"

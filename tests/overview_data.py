"""The expected numbers of "De voorbeelden in beeld", read straight from the bundled
example files with plain PyYAML, independently of workbook.model.overview."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parents[1]


def published_yaml() -> list[dict[str, Any]]:
    """Every bundled example file that is not a draft, read with plain PyYAML."""
    found = []
    for path in sorted((REPO / "examples").rglob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if data.get("concept") is not True:
            found.append(data)
    return found


def expected_provinces() -> Counter[str]:
    return Counter(d["provincie"] for d in published_yaml() if d.get("provincie"))


def expected_themes() -> Counter[str]:
    return Counter(d["thema"] for d in published_yaml())

"""Regenerate the CLI reference in README.md from `workbook … --help` (docs cannot drift).

`python scripts/gen_readme.py` rewrites the section between the markers;
`--check` exits 1 when README.md is out of date.
"""

from __future__ import annotations

import sys
from pathlib import Path

from click.testing import CliRunner

from workbook.cli import click_dutch as i18n
from workbook.cli.main import cli

README = Path(__file__).resolve().parents[1] / "README.md"
BEGIN = "<!-- BEGIN CLI-REFERENTIE (gegenereerd: make readme) -->"
END = "<!-- END CLI-REFERENTIE -->"
COMMANDS = ["", "init", "check", "build", "new", "schema", "serve"]


def reference() -> str:
    i18n.install()
    runner = CliRunner()
    parts = []
    for command in COMMANDS:
        args = [command, "--help"] if command else ["--help"]
        result = runner.invoke(cli, args, prog_name="workbook", terminal_width=100)
        title = f"workbook {command}".strip()
        parts.append(f"### `{title}`\n\n```text\n{result.output.rstrip()}\n```\n")
    return "\n".join(parts)


def render(text: str) -> str:
    head, rest = text.split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    return f"{head}{BEGIN}\n\n{reference()}\n{END}{tail}"


def main() -> int:
    current = README.read_text(encoding="utf-8")
    wanted = render(current)
    if "--check" in sys.argv:
        if current != wanted:
            print("README.md: de CLI-referentie is verouderd; draai 'make readme'", file=sys.stderr)
            return 1
        return 0
    README.write_text(wanted, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
